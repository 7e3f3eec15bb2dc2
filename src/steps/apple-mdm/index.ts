import {
  IntegrationStep,
  IntegrationStepExecutionContext,
  IntegrationWarnEventName,
} from '@jupiterone/integration-sdk-core';

import { IntegrationConfig } from '../../config';
import { getOrCreateClient } from '../../jumpcloud';
import { OptionalFeature, readUnlessDeleted } from '../shared/optional-data';
import { JumpCloudAppleMdm, JumpCloudAppleMdmDevice } from '../../jumpcloud/types';
import { Entities, IngestionSources, Relationships, Steps } from '../constants';
import {
  CollectedSource,
  collectedIndex,
  getCollectedOrganizations,
  rememberedAppleMdm,
} from '../shared/collected';
import { ReadList, replayList } from '../shared/read-list';
import { createProgress } from '../shared/progress';
import { writeStep } from '../shared/step-writer';
import {
  createAccountHasAppleMdmRelationship,
  createAppleDeviceEntity,
  createAppleDeviceHasAppleMdmRelationship,
  createAppleMdmEntity,
  createDeviceIsAppleDeviceRelationship,
  normalizeSerial,
} from './converter';
import { readAppleMdm } from './read';

/** Every MDM step type: what JupiterOne must keep when the step could not read them. */
export const APPLE_MDM_TYPES = [
  Entities.APPLE_MDM._type,
  Entities.APPLE_DEVICE._type,
  Relationships.ACCOUNT_HAS_APPLE_MDM._type,
  Relationships.APPLE_DEVICE_HAS_APPLE_MDM._type,
  Relationships.DEVICE_IS_APPLE_DEVICE._type,
];

/** Serial number -> keys of the systems with it (a reinstalled Mac can appear twice). */
export async function loadDeviceKeysBySerial(
  source: CollectedSource,
): Promise<Map<string, string[]>> {
  const bySerial = new Map<string, string[]>();
  for (const device of await collectedIndex(source, Entities.DEVICE._type)) {
    const serial = normalizeSerial(device.serial);
    if (!serial) continue;
    const keys = bySerial.get(serial);
    if (keys) keys.push(device._key);
    else bySerial.set(serial, [device._key]);
  }
  return bySerial;
}

/**
 * Apple MDM configuration of every collected organization, its devices, and the systems
 * they are (same serial number). An organization without Apple MDM gives a warning. A key
 * that may not read MDM gives a warning too, the other organizations are still collected,
 * and the step then ends as failed so that the runtime reports every MDM type as partial:
 * SDK 8.41.0 has no other way to mark types partial at run time, and without it
 * JupiterOne would delete the MDM data of earlier runs.
 */
export async function fetchAppleMdm({
  instance,
  jobState,
  logger,
}: IntegrationStepExecutionContext<IntegrationConfig>): Promise<void> {
  const { config } = instance;
  const client = getOrCreateClient(config, logger);
  const organizations = await getCollectedOrganizations({ jobState, instance });
  const accountKeys = new Set(organizations.map((org) => org.accountKey));
  const devicesBySerial = await loadDeviceKeysBySerial({ jobState, instance });
  const progress = createProgress(logger, 'Apple devices');
  const appleMdm = new OptionalFeature(logger, {
    name: 'Apple MDM',
    collects: 'Apple MDM and Apple devices',
    howToGetIt: 'Give the administrator a role that can read MDM (for example Read Only).',
    partialTypes: APPLE_MDM_TYPES,
  });
  let matched = 0;
  const remembered = rememberedAppleMdm(instance);
  const iterateDevices = (
    read: ReadList<JumpCloudAppleMdmDevice> | undefined,
    orgId: string,
    mdmId: string,
    iteratee: (device: JumpCloudAppleMdmDevice) => Promise<void>,
  ) => (read ? replayList(read, iteratee) : client.iterateAppleMdmDevices(orgId, mdmId, iteratee));

  await writeStep({ jobState, logger }, async (writer) => {
    for (const { orgId, accountKey } of organizations) {
      // What `read-apple-mdm` read before the devices step; read here when it did not run
      // (this step run alone from the CLI's step cache).
      const read = remembered?.get(orgId);
      const mdms: JumpCloudAppleMdm[] = [];
      const onMdm = async (mdm: JumpCloudAppleMdm): Promise<void> => {
        const entity = await writer.addRecord({ what: 'Apple MDM', id: mdm.id, orgId }, () =>
          createAppleMdmEntity(mdm, config.baseUrl, orgId),
        );
        if (!entity) return;
        // The MDM's own `organization` names its account; the listing org is the fallback.
        const owner =
          mdm.organization && accountKeys.has(mdm.organization) ? mdm.organization : accountKey;
        await writer.addRelationship(createAccountHasAppleMdmRelationship(owner, entity._key));
        mdms.push(mdm);
      };
      const listed = await appleMdm.read(orgId, () =>
        read ? replayList(read.mdms, onMdm) : client.iterateAppleMdms(orgId, onMdm),
      );
      if (!listed) continue;

      if (mdms.length === 0) {
        logger.publishWarnEvent({
          name: IntegrationWarnEventName.MissingEntity,
          description:
            `Organization ${orgId} has no Apple MDM configured in JumpCloud; no Apple MDM or ` +
            `Apple devices were collected for it.`,
        });
        continue;
      }

      for (const mdm of mdms) {
        // A 404 here: the MDM was deleted after it was listed (a warning); a 403 is the feature's.
        await appleMdm.read(orgId, () =>
          readUnlessDeleted(logger, { kind: 'Apple MDM', id: mdm.id, orgId }, () =>
            iterateDevices(read?.devices.get(mdm.id), orgId, mdm.id, async (device) => {
              // Undefined when listed twice (the first is kept) or skipped with a warning.
              const entity = await writer.addRecord(
                { what: 'Apple device', id: device.id, orgId },
                () => createAppleDeviceEntity(device, config.baseUrl, orgId),
              );
              if (!entity) return;
              const relationships = [createAppleDeviceHasAppleMdmRelationship(entity._key, mdm.id)];
              const serial = normalizeSerial(device.serialNumber) ?? '';
              for (const deviceKey of devicesBySerial.get(serial) ?? []) {
                relationships.push(createDeviceIsAppleDeviceRelationship(deviceKey, entity._key));
                matched += 1;
              }
              await writer.addRelationships(relationships);
              progress.tick();
            }),
          ),
        );
      }
    }
    progress.done({ matchedSystems: matched, skipped: writer.skippedCount });
    appleMdm.finish();
  });
}

export const appleMdmSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: Steps.READ_APPLE_MDM.id,
    name: Steps.READ_APPLE_MDM.name,
    entities: [],
    relationships: [],
    dependsOn: [Steps.ACCOUNT.id],
    executionHandler: readAppleMdm,
  },
  {
    id: Steps.APPLE_MDM.id,
    name: Steps.APPLE_MDM.name,
    entities: [Entities.APPLE_MDM, Entities.APPLE_DEVICE],
    relationships: [
      Relationships.ACCOUNT_HAS_APPLE_MDM,
      Relationships.APPLE_DEVICE_HAS_APPLE_MDM,
      Relationships.DEVICE_IS_APPLE_DEVICE,
    ],
    // read-apple-mdm: the lists it read, which this step writes (and which are dropped once
    // the steps that depend on it are done: ../shared/collected.ts).
    dependsOn: [Steps.ACCOUNT.id, Steps.READ_APPLE_MDM.id, Steps.DEVICES.id],
    ingestionSourceId: IngestionSources.APPLE_MDM,
    executionHandler: fetchAppleMdm,
  },
];
