import {
  IntegrationLogger,
  IntegrationProviderAuthorizationError,
  IntegrationStep,
  IntegrationStepExecutionContext,
  IntegrationWarnEventName,
  JobState,
  Relationship,
} from '@jupiterone/integration-sdk-core';

import { IntegrationConfig } from '../../config';
import { getOrCreateClient, isAuthorizationError, isNotFoundError } from '../../jumpcloud';
import { JumpCloudAppleMdm } from '../../jumpcloud/types';
import { Entities, Relationships, Steps } from '../constants';
import { getCollectedOrganizations } from '../organizations';
import { createProgress } from '../progress';
import {
  createAccountHasAppleMdmRelationship,
  createAppleDeviceEntity,
  createAppleDeviceHasAppleMdmRelationship,
  createAppleMdmEntity,
  createDeviceIsAppleDeviceRelationship,
  normalizeSerial,
} from './converter';

/** Every MDM step type: what JupiterOne must keep when the step could not read them. */
export const APPLE_MDM_TYPES = [
  Entities.APPLE_MDM._type,
  Entities.APPLE_DEVICE._type,
  Relationships.ACCOUNT_HAS_APPLE_MDM._type,
  Relationships.APPLE_DEVICE_HAS_APPLE_MDM._type,
  Relationships.DEVICE_IS_APPLE_DEVICE._type,
];

/** Serial number -> keys of the systems with it (a reinstalled Mac can appear twice). */
export async function loadDeviceKeysBySerial(jobState: JobState): Promise<Map<string, string[]>> {
  const bySerial = new Map<string, string[]>();
  await jobState.iterateEntities({ _type: Entities.DEVICE._type }, (device) => {
    const serial = normalizeSerial(device.serial);
    if (!serial) return;
    const keys = bySerial.get(serial);
    if (keys) keys.push(device._key);
    else bySerial.set(serial, [device._key]);
  });
  return bySerial;
}

async function addNewRelationships(
  jobState: JobState,
  relationships: Relationship[],
): Promise<void> {
  const fresh = relationships.filter((relationship) => !jobState.hasKey(relationship._key));
  if (fresh.length > 0) await jobState.addRelationships(fresh);
}

function warnForbidden(logger: IntegrationLogger, orgId: string, error: unknown): void {
  logger.publishWarnEvent({
    name: IntegrationWarnEventName.MissingPermission,
    description:
      `The API key may not read Apple MDM of organization ${orgId} (403 Forbidden). Apple MDM ` +
      `and Apple devices were not collected for it; JupiterOne keeps the data of earlier runs. ` +
      `Give the administrator a role that can read MDM (for example Read Only) to collect them. ` +
      `(${(error as Error).message})`,
  });
}

/** Why a part of the step could not be read. */
interface Forbidden {
  orgId: string;
  error: IntegrationProviderAuthorizationError;
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
  const organizations = await getCollectedOrganizations(jobState);
  const accountKeys = new Set(organizations.map((org) => org.accountKey));
  const devicesBySerial = await loadDeviceKeysBySerial(jobState);
  const progress = createProgress(logger, 'Apple devices');
  const forbidden: Forbidden[] = [];
  let matched = 0;

  for (const { orgId, accountKey } of organizations) {
    const mdms: JumpCloudAppleMdm[] = [];
    try {
      await client.iterateAppleMdms(orgId, async (mdm) => {
        if (jobState.hasKey(mdm.id)) return;
        const entity = createAppleMdmEntity(mdm, config.baseUrl, orgId);
        await jobState.addEntity(entity);
        // The MDM's own `organization` names its account; the listing org is the fallback.
        const owner =
          mdm.organization && accountKeys.has(mdm.organization) ? mdm.organization : accountKey;
        await addNewRelationships(jobState, [
          createAccountHasAppleMdmRelationship(owner, entity._key),
        ]);
        mdms.push(mdm);
      });
    } catch (error) {
      if (!isAuthorizationError(error)) throw error;
      warnForbidden(logger, orgId, error);
      forbidden.push({ orgId, error: error as IntegrationProviderAuthorizationError });
      continue;
    }

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
      try {
        await client.iterateAppleMdmDevices(orgId, mdm.id, async (device) => {
          if (jobState.hasKey(device.id)) {
            logger.debug(
              { appleDeviceId: device.id },
              'Apple device listed twice; keeping the first',
            );
            return;
          }
          const entity = createAppleDeviceEntity(device, config.baseUrl, orgId);
          await jobState.addEntity(entity);
          const relationships = [createAppleDeviceHasAppleMdmRelationship(entity._key, mdm.id)];
          for (const deviceKey of devicesBySerial.get(normalizeSerial(device.serialNumber) ?? '') ??
            []) {
            relationships.push(createDeviceIsAppleDeviceRelationship(deviceKey, entity._key));
            matched += 1;
          }
          await addNewRelationships(jobState, relationships);
          progress.tick();
        });
      } catch (error) {
        if (isAuthorizationError(error)) {
          warnForbidden(logger, orgId, error);
          forbidden.push({ orgId, error: error as IntegrationProviderAuthorizationError });
        } else if (isNotFoundError(error)) {
          logger.publishWarnEvent({
            name: IntegrationWarnEventName.MissingEntity,
            description:
              `JumpCloud Apple MDM ${mdm.id} (organization ${orgId}) was deleted while the ` +
              `integration was reading its devices; they were skipped in this run.`,
          });
        } else {
          throw error;
        }
      }
    }
  }
  progress.done({ matchedSystems: matched });

  if (forbidden.length > 0) {
    const first = forbidden[0].error;
    throw new IntegrationProviderAuthorizationError({
      cause: first,
      resourceType: APPLE_MDM_TYPES,
      endpoint: first.endpoint,
      status: first.status,
      statusText:
        `Apple MDM could not be read for ${forbidden.length} organization(s) ` +
        `(${[...new Set(forbidden.map((entry) => entry.orgId))].join(', ')}); ` +
        `the other organizations were collected, and ${APPLE_MDM_TYPES.join(', ')} are ` +
        `reported as partial so JupiterOne keeps their earlier data`,
    });
  }
}

export const appleMdmSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: Steps.APPLE_MDM.id,
    name: Steps.APPLE_MDM.name,
    entities: [Entities.APPLE_MDM, Entities.APPLE_DEVICE],
    relationships: [
      Relationships.ACCOUNT_HAS_APPLE_MDM,
      Relationships.APPLE_DEVICE_HAS_APPLE_MDM,
      Relationships.DEVICE_IS_APPLE_DEVICE,
    ],
    dependsOn: [Steps.ACCOUNT.id, Steps.DEVICES.id],
    executionHandler: fetchAppleMdm,
  },
];
