import {
  IntegrationLogger,
  IntegrationStep,
  IntegrationStepExecutionContext,
  Relationship,
} from '@jupiterone/integration-sdk-core';

import { IntegrationConfig } from '../../config';
import { getOrCreateClient } from '../../jumpcloud';
import { JumpCloudSystem } from '../../jumpcloud/types';
import { Entities, IngestionSources, Relationships, Steps } from '../constants';
import {
  Collected,
  CollectedIndex,
  collectedIndex,
  digestOf,
  getCollectedOrganizations,
  rememberCollected,
  rememberSystemBindings,
} from '../shared/collected';
import { isIngestionSourceEnabled } from '../shared/ingestion';
import { createProgress } from '../shared/progress';
import { StepWriter, writeStep } from '../shared/step-writer';
import { forEachInOrder, subCallConcurrency } from '../shared/sub-calls';
import {
  recordSystemInsightsUnavailable,
  systemInsightsFeatureFor,
} from '../shared/system-insights';
import {
  chooseAccessStrategy,
  readBindingsPerUser,
  readSystemAccess,
  SystemAccessMap,
} from './access';
import {
  createAccountHasDeviceRelationship,
  createDeviceEntity,
  createUserAssignedDeviceRelationship,
  createUserHasDeviceRelationship,
  DeviceHardware,
  systemId,
} from './converter';
import { DevicePosture, devicePostureProperties } from './posture';
import {
  DEVICE_SYSTEM_INSIGHTS,
  iterateListedSystems,
  ListedSystem,
  readSystemInsights,
  readSystems,
  takeSystemsRead,
} from './read';
import { activityOf, deviceLastLoginOn, releaseActivity, RunActivity } from '../activity/window';
import { normalizeSerial } from '../apple-mdm/converter';
import { macFileVaultBySerial } from '../apple-mdm/read';

/*
 * The devices step: the systems of every organization, written with their hardware
 * (./hardware.ts), their verified protection (./posture.ts) and who can log into them
 * (./access.ts). Those modules read; this one writes.
 */

interface DeviceGraphContext {
  writer: StepWriter;
  /** What later steps read back of each device added (see `rememberCollected`). */
  digests: Collected[];
  /** The `_key`s of the users each device added is ASSIGNED to (`rememberSystemBindings`). */
  bindings: Map<string, string[]>;
  logger: IntegrationLogger;
  baseUrl: string | undefined;
  orgId: string;
  accountKey: string;
  users: CollectedIndex;
  hardware: Map<string, DeviceHardware>;
  /** Verified encryption and protection (System Insights), when the source is on. */
  posture: Map<string, DevicePosture>;
  /** Sign-in activity read before this step (issue 25), when it was read. */
  activity: RunActivity | undefined;
  /** Apple MDM's FileVault status of enrolled Macs by serial (../apple-mdm/read.ts). */
  macFileVault: Map<string, boolean>;
  /** Macs whose agent and Apple MDM disagree on FileVault (the agent decided). */
  fileVaultDisagreements: string[];
}

/** The device, its account, owner and access edges; skips what was not collected. */
async function addDevice(
  context: DeviceGraphContext,
  system: JumpCloudSystem,
  accessMap: SystemAccessMap | undefined,
): Promise<{ assigned: number }> {
  const { writer, logger, users } = context;
  const id = systemId(system);

  const bound = [...(accessMap?.values() ?? [])].filter(
    (access) => users.byId(access.userId) !== undefined,
  );
  const ownerId = system.primarySystemUser?.id ?? undefined;
  const owner = ownerId ? users.byId(ownerId) : undefined;

  const device = await writer.addRecord({ what: 'system', id, orgId: context.orgId }, () => {
    const entity = createDeviceEntity(
      system,
      context.baseUrl,
      context.orgId,
      {
        ownerEmail: owner?.email,
        userEmails: bound
          .map((access) => users.byId(access.userId)?.email)
          .filter((email): email is string => typeof email === 'string'),
      },
      context.hardware.get(id),
    );
    const serial = normalizeSerial(entity.serial);
    const mdmFileVault = serial === undefined ? undefined : context.macFileVault.get(serial);
    const posture = devicePostureProperties(context.posture.get(id), {
      platform: entity.platform,
      fde: system.fde,
      mdmFileVault,
    });
    if (
      mdmFileVault !== undefined &&
      posture.encryptionSource === 'fde' &&
      posture.encrypted !== mdmFileVault
    ) {
      context.fileVaultDisagreements.push(id);
    }
    return Object.assign(entity, posture);
  });
  // Undefined when listed twice (the first is kept) or skipped with a warning.
  if (!device) return { assigned: 0 };
  context.digests.push(digestOf(device));

  const relationships: Relationship[] = [
    createAccountHasDeviceRelationship(context.accountKey, device._key),
  ];
  if (owner) {
    relationships.push(createUserHasDeviceRelationship(owner._key, device._key));
  } else if (ownerId) {
    logger.debug(
      { systemId: id, userId: ownerId },
      'Primary user of the system was not collected; owner relationship skipped',
    );
  }
  const boundKeys: string[] = [];
  for (const access of bound) {
    const user = users.byId(access.userId)!;
    // Sudo by a route (./access.ts) or by the user's own flag, which grants it everywhere.
    const assigned = createUserAssignedDeviceRelationship(user._key, device._key, {
      direct: access.direct,
      sudo: access.sudo || user.sudo === true,
    });
    // Issue 25: when the user last logged in to this device (../activity).
    const lastLoginOn = deviceLastLoginOn(context.activity, context.orgId, access.userId, id);
    if (lastLoginOn !== undefined) assigned.lastLoginOn = lastLoginOn;
    relationships.push(assigned);
    boundKeys.push(user._key);
  }
  if (boundKeys.length > 0) context.bindings.set(device._key, boundKeys);
  const skipped = (accessMap?.size ?? 0) - bound.length;
  if (skipped > 0) {
    logger.debug(
      { systemId: id, skipped },
      'Users bound to the system were not collected; their access relationships were skipped',
    );
  }

  await writer.addRelationships(relationships);
  return { assigned: bound.length };
}

/**
 * Systems of every collected organization, with their hardware (System Insights), their
 * owner (primary user) and everyone who can log into them, by any route, with `direct` and
 * `sudo` on each ASSIGNED edge.
 */
export async function fetchDevices({
  instance,
  jobState,
  logger,
}: IntegrationStepExecutionContext<IntegrationConfig>): Promise<void> {
  const { config } = instance;
  const client = getOrCreateClient(config, logger);
  const users = await collectedIndex({ jobState, instance }, Entities.USER._type);
  const progress = createProgress(logger, 'systems');
  let assigned = 0;
  let withHardware = 0;

  // What read-systems started while the activity was read (./read.ts), else nothing.
  const ahead = await takeSystemsRead(instance);
  // System Insights only adds properties: without it the devices are still complete.
  const systemInsights =
    ahead?.systemInsights ?? systemInsightsFeatureFor(logger, instance, DEVICE_SYSTEM_INSIGHTS);
  const digests: Collected[] = [];
  const systemBindings = new Map<string, string[]>();
  if (!isIngestionSourceEnabled(instance, IngestionSources.SYSTEM_INSIGHTS_HARDWARE)) {
    logger.info(
      { ingestionSourceId: IngestionSources.SYSTEM_INSIGHTS_HARDWARE },
      'System Insights hardware is turned off for this instance: devices are collected without it',
    );
  }
  const organizations = await getCollectedOrganizations({ jobState, instance });
  const macFileVault = macFileVaultBySerial(instance);
  const fileVaultDisagreements: string[] = [];
  await writeStep({ jobState, logger }, async (writer) => {
    for (const { orgId, accountKey } of organizations) {
      const orgUsers = users.records.filter((user) => user.orgId === orgId).length;
      const orgAhead = ahead?.organizations.get(orgId);
      ahead?.organizations.delete(orgId);
      // The count (which decides how access is read), System Insights and the list of
      // systems wait for none of each other: they go out together (in read-systems, while
      // the activity is read, when it ran). A system's access waits only for the count, and
      // a device is written once its hardware and posture are read.
      const insights =
        orgAhead?.insights ?? readSystemInsights(client, systemInsights, orgId, instance);
      const access = (orgAhead?.count ?? client.countSystems(orgId)).then(async (systemsTotal) => {
        // Read per system ahead: every listed system comes with its access.
        if (orgAhead && (await orgAhead.accessAhead)) return undefined;
        const strategy = chooseAccessStrategy(systemsTotal ?? Number.MAX_SAFE_INTEGER, orgUsers);
        logger.info(
          { orgId, systems: systemsTotal, users: orgUsers, strategy },
          `Reading system access ${strategy === 'per-system' ? 'per system' : 'per user'}`,
        );
        return strategy === 'per-user'
          ? await readBindingsPerUser(client, logger, orgId, users)
          : undefined;
      });
      // Each is awaited below; a failure of one must not go unhandled while another is read.
      insights.catch(() => undefined);
      access.catch(() => undefined);
      let insightsRead = false;

      const context: DeviceGraphContext = {
        writer,
        digests,
        bindings: systemBindings,
        logger,
        baseUrl: config.baseUrl,
        orgId,
        accountKey,
        users,
        hardware: new Map(),
        posture: new Map(),
        activity: activityOf(instance),
        macFileVault,
        fileVaultDisagreements,
      };
      // Per system: each system's traversal starts as the list streams in, a window of them
      // at a time (or came with it, read ahead); devices are added in list order. Per user:
      // the bindings are already known.
      try {
        await forEachInOrder<ListedSystem, SystemAccessMap | undefined>(
          (onListed) => iterateListedSystems(instance, client, orgId, onListed),
          async ({ system, access: readAhead }) => {
            if (readAhead) return readAhead;
            const bindings = await access;
            return bindings
              ? bindings.get(systemId(system))
              : readSystemAccess(client, logger, orgId, systemId(system));
          },
          async ({ system }, accessMap) => {
            if (!insightsRead) {
              [context.hardware, context.posture] = await insights;
              insightsRead = true;
            }
            const added = await addDevice(context, system, accessMap);
            assigned += added.assigned;
            // A device is written once (a copy listed again is passed over): its hardware and
            // posture are not read again, and the maps shrink as the list goes (50,000
            // systems at size L) instead of living to the step's end.
            const id = systemId(system);
            if (context.hardware.delete(id)) withHardware += 1;
            context.posture.delete(id);
            progress.tick();
          },
          subCallConcurrency(client),
        );
        // Awaited also where no system was listed: a failure there fails the step, as ever.
        await Promise.all([insights, access]);
      } finally {
        // Nothing of this organization is left running when the step moves on or fails.
        await Promise.allSettled([insights, access]);
      }
    }
    progress.done({ assignedEdges: assigned, withHardware, skipped: writer.skippedCount });
    if (fileVaultDisagreements.length > 0) {
      logger.warn(
        { systems: fileVaultDisagreements.slice(0, 10), count: fileVaultDisagreements.length },
        `${fileVaultDisagreements.length} Mac(s): the JumpCloud agent and Apple MDM disagree ` +
          `on FileVault; their encrypted is the agent's (the Apple device keeps MDM's)`,
      );
    }
    recordSystemInsightsUnavailable(instance, systemInsights);
  });
  // The device pairs' activity is read by this step alone.
  releaseActivity(instance, 'devices');
  // Every device is written: later steps read them back from memory.
  rememberCollected(instance, Entities.DEVICE._type, digests);
  rememberSystemBindings(instance, systemBindings);
}

export const deviceSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: Steps.READ_SYSTEMS.id,
    name: Steps.READ_SYSTEMS.name,
    entities: [],
    relationships: [],
    dependsOn: [Steps.ACCOUNT.id],
    executionHandler: readSystems,
  },
  {
    id: Steps.DEVICES.id,
    name: Steps.DEVICES.name,
    entities: [Entities.DEVICE],
    relationships: [
      Relationships.ACCOUNT_HAS_DEVICE,
      Relationships.USER_HAS_DEVICE,
      Relationships.USER_ASSIGNED_DEVICE,
    ],
    // read-apple-mdm: Apple MDM's FileVault status, for Macs the agent does not report; the
    // activity step: the device pairs' activity (the users step no longer orders it first).
    // Not on read-systems: it starts with the users step and this step takes its reads when
    // it ran (./read.ts); a devices step run without it makes them itself.
    dependsOn: [Steps.ACCOUNT.id, Steps.USERS.id, Steps.READ_APPLE_MDM.id, Steps.ACTIVITY.id],
    executionHandler: fetchDevices,
  },
];
