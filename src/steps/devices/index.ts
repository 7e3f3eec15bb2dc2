import {
  IntegrationLogger,
  IntegrationStep,
  IntegrationStepExecutionContext,
  JobState,
  Relationship,
} from '@jupiterone/integration-sdk-core';
import pMap from 'p-map';

import { IntegrationConfig } from '../../config';
import { getOrCreateClient, JumpCloudClient, readUnlessDeleted } from '../../jumpcloud';
import { JumpCloudSystem } from '../../jumpcloud/types';
import { Entities, IngestionSources, Relationships, Steps } from '../constants';
import { isIngestionSourceEnabled } from '../shared/ingestion';
import { OptionalFeature } from '../../jumpcloud';
import {
  CollectedDigest,
  digestOf,
  getCollectedOrganizations,
  KnownUser,
  loadKnownUsers,
  rememberCollected,
  rememberSystemBindings,
} from '../shared/collected';
import { addNewRelationships, forEachInOrder, subCallConcurrency } from '../shared/sub-calls';
import { createProgress } from '../shared/progress';
import { SkippedRecords } from '../shared/skipped-records';
import { recordSystemInsightsUnavailable } from '../shared/system-insights';
import { DevicePosture, devicePostureProperties, readDevicePosture } from './posture';
import {
  createAccountHasDeviceRelationship,
  createDeviceEntity,
  createUserAssignedDeviceRelationship,
  createUserHasDeviceRelationship,
  DeviceHardware,
  readSystemInfo,
  readTraversal,
  SystemAccess,
  systemId,
} from './converter';

/**
 * How the user-to-system bindings of an organization are read.
 *
 * - `per-system`: `GET /api/v2/systems/{id}/users` once per system.
 * - `per-user`: `GET /api/v2/users/{id}/systems` once per user.
 *
 * Both are traversals: one answer lists everyone bound by any route (direct, through a
 * user group, a system group, or both), with the routes in `paths`. Each costs one request
 * per object plus one per further 100 bindings of that object, so the cheaper one walks
 * the smaller side. Walking groups instead cannot beat this: direct user-to-system
 * bindings have no bulk endpoint, so they still need one call per system or per user, on
 * top of the group calls.
 */
export type AccessStrategy = 'per-system' | 'per-user';

export function chooseAccessStrategy(systems: number, users: number): AccessStrategy {
  return systems <= users ? 'per-system' : 'per-user';
}

/**
 * System Insights hardware of an organization's systems, by system id: one bulk read
 * (pages of 10,000) before the systems are listed, kept as small trimmed records. A key or
 * an organization without System Insights gives a warning and an empty map: the devices then
 * keep what `/api/systems` tells, and the step goes on.
 */
export async function readHardware(
  client: JumpCloudClient,
  systemInsights: OptionalFeature,
  orgId: string,
): Promise<Map<string, DeviceHardware>> {
  const hardware = new Map<string, DeviceHardware>();
  const read = await systemInsights.read(orgId, () =>
    client.iterateSystemInfo(orgId, (row) => {
      const id = nonBlankId(row.system_id);
      if (!id || hardware.has(id)) return;
      const found = readSystemInfo(row);
      if (found) hardware.set(id, found);
    }),
  );
  if (!read) hardware.clear();
  return hardware;
}

/** System Insights only adds properties: without it the devices are still complete. */
export function systemInsightsFeature(logger: IntegrationLogger): OptionalFeature {
  return new OptionalFeature(logger, {
    name: 'System Insights',
    collects:
      'hardware details (model, CPU, memory) and verified encryption and protection of its systems',
    howToGetIt:
      'Give the administrator a role that can read System Insights, or turn System Insights on.',
    partialTypes: [],
  });
}

function nonBlankId(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** Access of every bound user to one system, by user id. */
type SystemAccessMap = Map<string, SystemAccess>;

function recordAccess(
  accessMap: SystemAccessMap,
  userId: string,
  found: { direct: boolean; sudo: boolean },
  users: Map<string, KnownUser>,
): void {
  const previous = accessMap.get(userId);
  accessMap.set(userId, {
    userId,
    direct: found.direct || previous?.direct === true,
    sudo: found.sudo || previous?.sudo === true || users.get(userId)?.sudo === true,
  });
}

/** Per-user strategy: every binding of the organization, by system id. */
async function readBindingsPerUser(
  client: JumpCloudClient,
  logger: IntegrationLogger,
  orgId: string,
  users: Map<string, KnownUser>,
): Promise<Map<string, SystemAccessMap>> {
  const bindings = new Map<string, SystemAccessMap>();
  const orgUserIds = [...users].filter(([, user]) => user.orgId === orgId).map(([id]) => id);
  const progress = createProgress(logger, 'users walked for system access');
  await pMap(
    orgUserIds,
    async (userId) => {
      const found: Array<{ systemId: string; direct: boolean; sudo: boolean }> = [];
      const read = await readUnlessDeleted(logger, { kind: 'user', id: userId, orgId }, () =>
        client.iterateUserSystems(orgId, userId, (result) => {
          if (result.type && result.type !== 'system') return;
          found.push({ systemId: result.id, ...readTraversal(result) });
        }),
      );
      if (read) {
        for (const binding of found) {
          let accessMap = bindings.get(binding.systemId);
          if (!accessMap) {
            accessMap = new Map();
            bindings.set(binding.systemId, accessMap);
          }
          recordAccess(accessMap, userId, binding, users);
        }
      }
      progress.tick();
    },
    { concurrency: subCallConcurrency(client) },
  );
  progress.done({ orgId, systemsWithUsers: bindings.size });
  return bindings;
}

/** Per-system strategy: the users bound to one system. */
async function readSystemAccess(
  client: JumpCloudClient,
  logger: IntegrationLogger,
  orgId: string,
  id: string,
  users: Map<string, KnownUser>,
): Promise<SystemAccessMap> {
  const accessMap: SystemAccessMap = new Map();
  await readUnlessDeleted(logger, { kind: 'system', id, orgId }, () =>
    client.iterateSystemUsers(orgId, id, (result) => {
      if (result.type && result.type !== 'user') return;
      recordAccess(accessMap, result.id, readTraversal(result), users);
    }),
  );
  return accessMap;
}

interface DeviceGraphContext {
  jobState: JobState;
  skipped: SkippedRecords;
  /** Keys of the devices this step added. */
  deviceKeys: Set<string>;
  /** What later steps read back of each device added (see `rememberCollected`). */
  digests: CollectedDigest[];
  /** The `_key`s of the users each device added is ASSIGNED to (`rememberSystemBindings`). */
  bindings: Map<string, string[]>;
  logger: IntegrationLogger;
  baseUrl: string | undefined;
  orgId: string;
  accountKey: string;
  users: Map<string, KnownUser>;
  hardware: Map<string, DeviceHardware>;
  /** Verified encryption and protection (System Insights), when the source is on. */
  posture: Map<string, DevicePosture>;
}

/** The device, its account, owner and access edges; skips what was not collected. */
async function addDevice(
  context: DeviceGraphContext,
  system: JumpCloudSystem,
  accessMap: SystemAccessMap | undefined,
): Promise<{ assigned: number }> {
  const { jobState, logger, users, deviceKeys } = context;
  const id = systemId(system);
  if (deviceKeys.has(id)) {
    logger.debug({ systemId: id }, 'System listed twice; keeping the first');
    return { assigned: 0 };
  }

  const bound = [...(accessMap?.values() ?? [])].filter((access) => users.has(access.userId));
  const ownerId = system.primarySystemUser?.id ?? undefined;
  const owner = ownerId ? users.get(ownerId) : undefined;

  const device = context.skipped.convert(
    id,
    context.orgId,
    () =>
      createDeviceEntity(
        system,
        context.baseUrl,
        context.orgId,
        {
          ownerEmail: owner?.email,
          userEmails: bound
            .map((access) => users.get(access.userId)?.email)
            .filter((email): email is string => typeof email === 'string'),
        },
        context.hardware.get(id),
      ),
    (key) => jobState.hasKey(key) && !deviceKeys.has(key),
  );
  if (!device) return { assigned: 0 };
  deviceKeys.add(device._key);
  Object.assign(
    device,
    devicePostureProperties(context.posture.get(id), {
      platform: device.platform,
      fde: system.fde,
    }),
  );
  await jobState.addEntity(device);
  context.digests.push(digestOf(device));

  const relationships: Relationship[] = [
    createAccountHasDeviceRelationship(context.accountKey, device._key),
  ];
  if (owner) {
    relationships.push(createUserHasDeviceRelationship(owner.key, device._key));
  } else if (ownerId) {
    logger.debug(
      { systemId: id, userId: ownerId },
      'Primary user of the system was not collected; owner relationship skipped',
    );
  }
  const boundKeys: string[] = [];
  for (const access of bound) {
    const user = users.get(access.userId)!;
    relationships.push(createUserAssignedDeviceRelationship(user.key, device._key, access));
    boundKeys.push(user.key);
  }
  if (boundKeys.length > 0) context.bindings.set(device._key, boundKeys);
  const skipped = (accessMap?.size ?? 0) - bound.length;
  if (skipped > 0) {
    logger.debug(
      { systemId: id, skipped },
      'Users bound to the system were not collected; their access relationships were skipped',
    );
  }

  await addNewRelationships(jobState, relationships);
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
  const users = await loadKnownUsers({ jobState, instance });
  const progress = createProgress(logger, 'systems');
  let assigned = 0;
  let withHardware = 0;

  const systemInsights = systemInsightsFeature(logger);
  const skipped = new SkippedRecords(logger, 'system');
  const deviceKeys = new Set<string>();
  const digests: CollectedDigest[] = [];
  const systemBindings = new Map<string, string[]>();
  const readsHardware = isIngestionSourceEnabled(
    instance,
    IngestionSources.SYSTEM_INSIGHTS_HARDWARE,
  );
  if (!readsHardware) {
    logger.info(
      { ingestionSourceId: IngestionSources.SYSTEM_INSIGHTS_HARDWARE },
      'System Insights hardware is turned off for this instance: devices are collected without it',
    );
  }
  const readPosture = isIngestionSourceEnabled(instance, IngestionSources.ENDPOINT_POSTURE);
  for (const { orgId, accountKey } of await getCollectedOrganizations(jobState)) {
    const orgUsers = [...users.values()].filter((user) => user.orgId === orgId).length;
    // Posture tables after the hardware: an organization without System Insights then
    // costs one request and one warning, not eight.
    const [systemsTotal, [hardware, posture]] = await Promise.all([
      client.countSystems(orgId),
      (readsHardware
        ? readHardware(client, systemInsights, orgId)
        : Promise.resolve(new Map<string, DeviceHardware>())
      ).then(
        async (found) =>
          [
            found,
            readPosture
              ? await readDevicePosture(client, systemInsights, orgId)
              : new Map<string, DevicePosture>(),
          ] as const,
      ),
    ]);
    const strategy = chooseAccessStrategy(systemsTotal ?? Number.MAX_SAFE_INTEGER, orgUsers);
    logger.info(
      { orgId, systems: systemsTotal, users: orgUsers, strategy },
      `Reading system access ${strategy === 'per-system' ? 'per system' : 'per user'}`,
    );

    const bindings =
      strategy === 'per-user' ? await readBindingsPerUser(client, logger, orgId, users) : undefined;

    const context: DeviceGraphContext = {
      jobState,
      skipped,
      deviceKeys,
      digests,
      bindings: systemBindings,
      logger,
      baseUrl: config.baseUrl,
      orgId,
      accountKey,
      users,
      hardware,
      posture,
    };
    // Per system: each system's traversal starts as the list streams in, a window of them
    // at a time; devices are added in list order. Per user: the bindings are already known.
    await forEachInOrder<JumpCloudSystem, SystemAccessMap | undefined>(
      (onSystem) => client.iterateSystems(orgId, onSystem),
      async (system) =>
        bindings
          ? bindings.get(systemId(system))
          : readSystemAccess(client, logger, orgId, systemId(system), users),
      async (system, accessMap) => {
        const added = await addDevice(context, system, accessMap);
        assigned += added.assigned;
        if (hardware.has(systemId(system))) withHardware += 1;
        progress.tick();
      },
      subCallConcurrency(client),
    );
  }
  progress.done({ assignedEdges: assigned, withHardware, skipped: skipped.count });
  await recordSystemInsightsUnavailable(jobState, systemInsights);
  skipped.finish();
  // Every device is written: later steps read them back from memory.
  rememberCollected(instance, Entities.DEVICE._type, digests);
  rememberSystemBindings(instance, systemBindings);
}

export const deviceSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: Steps.DEVICES.id,
    name: Steps.DEVICES.name,
    entities: [Entities.DEVICE],
    relationships: [
      Relationships.ACCOUNT_HAS_DEVICE,
      Relationships.USER_HAS_DEVICE,
      Relationships.USER_ASSIGNED_DEVICE,
    ],
    dependsOn: [Steps.ACCOUNT.id, Steps.USERS.id],
    executionHandler: fetchDevices,
  },
];
