import {
  IntegrationInstance,
  IntegrationLogger,
  IntegrationStepExecutionContext,
} from '@jupiterone/integration-sdk-core';

import { IntegrationConfig } from '../../config';
import { getOrCreateClient, JumpCloudClient } from '../../jumpcloud';
import { JumpCloudSystem } from '../../jumpcloud/types';
import { IngestionSources } from '../constants';
import { getCollectedOrganizations } from '../shared/collected';
import { isIngestionSourceEnabled } from '../shared/ingestion';
import { OptionalFeature } from '../shared/optional-data';
import { readAheadOr, startReadAhead } from '../shared/read-ahead';
import { Slots } from '../shared/slots';
import { forEachInOrder, subCallConcurrency } from '../shared/sub-calls';
import { systemInsightsFeatureFor } from '../shared/system-insights';
import { usersTotalWhenListed } from '../users/total';
import { activityReadDone } from '../activity/window';
import { chooseAccessStrategy, readSystemAccess, SystemAccessMap } from './access';
import { DeviceHardware, systemId } from './converter';
import { readHardware } from './hardware';
import { DevicePosture, readDevicePosture } from './posture';

/*
 * `read-systems`: the devices step's reads, started while the activity is read.
 *
 * The devices step waits for the users step (a device carries its users' emails, its edges
 * their keys) and so for the sign-in activity (Directory Insights, read and folded first:
 * at the bench's size M 1.47 million events, CPU-bound). Its reads wait for neither: the
 * systems, their System Insights hardware and posture, and who can log into each
 * (`/systems/{id}/users`, one request per system: the run's latency-bound middle). This step,
 * on the account step alone, starts them as it starts; the devices step takes them
 * (`takeSystemsRead`) and gets the same answers in the same order, then the same errors, as if
 * it had made the requests itself: the same requests, made while the activity is read instead
 * of after it. It writes nothing, never fails, and returns at once: the reads go on until the
 * devices step takes them.
 *
 * While the activity is read, the access reads give way to its pages (`accessReadsBesideActivity`):
 * those are the run's critical path at sizes M and L.
 *
 * What those reads warn of (System Insights unavailable, a system deleted meanwhile) is
 * published by this step's logger, once, as the devices step did; their errors fail the
 * devices step, where they are met.
 *
 * Held meanwhile: each organization's System Insights maps (as the devices step held them),
 * and at most READ_AHEAD_MAX_RECORDS listed systems with their access (user id, `direct`,
 * `sudo` of the routes: ./access.ts) per organization; beyond that the list pauses until the
 * devices step takes it (../shared/read-ahead.ts).
 *
 * Access is read ahead only per system, and only when the users' list of the organization
 * has told its total (../users/total.ts) and the systems are no more: read per user, it needs
 * the users' ids, so the devices step reads it after the users, as before. The devices step
 * does not name this one in `dependsOn`: it starts in the same pass as the users step, long
 * before the devices step, and a devices step run without it (a step test, `collect --step`)
 * reads everything itself. Nothing then waits for the reads to end, so `collect --step
 * read-systems` alone reads ahead up to the pause and no further.
 */

/** One listed system and, when it was read ahead per system, who can log into it. */
export interface ListedSystem {
  system: JumpCloudSystem;
  /** Undefined when access was not read ahead: the devices step reads it. */
  access?: SystemAccessMap;
}

export type SystemInsightsRead = readonly [Map<string, DeviceHardware>, Map<string, DevicePosture>];

/** What the devices step reads of one organization before it lists the systems. */
export interface OrgSystemsRead {
  /** `countSystems`: how many systems the organization has. */
  count: Promise<number | undefined>;
  insights: Promise<SystemInsightsRead>;
  /** Whether each listed system comes with its access (read per system, ahead). */
  accessAhead: Promise<boolean>;
}

/** What `read-systems` started for a run. */
export interface SystemsRead {
  /** The System Insights feature those reads reported to (its warnings, what was missing). */
  systemInsights: OptionalFeature;
  organizations: Map<string, OrgSystemsRead>;
}

/** Why the devices step reads System Insights (its warning names what goes missing). */
export const DEVICE_SYSTEM_INSIGHTS = {
  collects:
    'hardware details (model, CPU, memory) and verified encryption and protection of its systems',
  partialTypes: [],
};

/** The key of an organization's systems' list, read ahead (../shared/read-ahead.ts). */
function systemsKey(orgId: string): string {
  return `systems:${orgId}`;
}

/**
 * System Insights hardware, then posture: an organization without System Insights then costs
 * one request and one warning, not eight. An ingestion source turned off reads nothing.
 */
export function readSystemInsights(
  client: JumpCloudClient,
  systemInsights: OptionalFeature,
  orgId: string,
  instance: Pick<IntegrationInstance, 'disabledSources'>,
): Promise<SystemInsightsRead> {
  const readsHardware = isIngestionSourceEnabled(
    instance,
    IngestionSources.SYSTEM_INSIGHTS_HARDWARE,
  );
  const readsPosture = isIngestionSourceEnabled(instance, IngestionSources.ENDPOINT_POSTURE);
  return (
    readsHardware
      ? readHardware(client, systemInsights, orgId)
      : Promise.resolve(new Map<string, DeviceHardware>())
  ).then(
    async (found) =>
      [
        found,
        readsPosture
          ? await readDevicePosture(client, systemInsights, orgId)
          : new Map<string, DevicePosture>(),
      ] as const,
  );
}

/**
 * How many of the access reads may be in flight or waiting for the client while the activity
 * is read. Its pages are a chain (each `search_after` page needs the one before it) in 8
 * slices that take most of the client's default 10, and the client serves in turn, so reads
 * queued ahead of a page lengthen that chain: at the bench's size M, with 20 queued, the 151
 * pages took 21 s against 11 before (docs/performance.md). The reads go on at full width once
 * the activity is read, or once the devices step takes them.
 */
export function accessReadsBesideActivity(client: Pick<JumpCloudClient, 'concurrency'>): number {
  return Math.max(1, Math.floor(client.concurrency / 5));
}

const started = new WeakMap<object, Promise<SystemsRead | undefined>>();
const gates = new WeakMap<object, Slots>();

export async function readSystems({
  instance,
  jobState,
  logger,
}: IntegrationStepExecutionContext<IntegrationConfig>): Promise<void> {
  let announce!: (read: SystemsRead | undefined) => void;
  started.set(instance, new Promise((resolve) => (announce = resolve)));
  try {
    const client = getOrCreateClient(instance.config, logger);
    const gate = new Slots(accessReadsBesideActivity(client));
    gates.set(instance, gate);
    // At once when no activity step started with this one.
    void activityReadDone(instance).then(() => gate.lift());
    const systemInsights = systemInsightsFeatureFor(logger, instance, DEVICE_SYSTEM_INSIGHTS);
    const organizations = new Map<string, OrgSystemsRead>();
    for (const { orgId } of await getCollectedOrganizations({ jobState, instance })) {
      organizations.set(
        orgId,
        startOrganization(client, logger, instance, systemInsights, gate, orgId),
      );
    }
    announce({ systemInsights, organizations });
  } finally {
    // Had it failed before it started anything, the devices step reads everything itself.
    announce(undefined);
  }
}

function startOrganization(
  client: JumpCloudClient,
  logger: IntegrationLogger,
  instance: IntegrationInstance<IntegrationConfig>,
  systemInsights: OptionalFeature,
  gate: Slots,
  orgId: string,
): OrgSystemsRead {
  // The count, System Insights and the list wait for none of each other; a system's access
  // waits for the count and the users' total, which decide how access is read.
  const count = client.countSystems(orgId);
  const insights = readSystemInsights(client, systemInsights, orgId, instance);
  const accessAhead = Promise.all([count, usersTotalWhenListed(instance, orgId)]).then(
    ([systems, users]) => {
      const perSystem =
        systems !== undefined &&
        users !== undefined &&
        chooseAccessStrategy(systems, users) === 'per-system';
      if (perSystem) {
        logger.info({ orgId, systems, users }, 'Reading system access per system, ahead');
      }
      return perSystem;
    },
  );
  // Each is awaited by the devices step, which meets their errors; none goes unhandled here.
  for (const read of [count, insights, accessAhead]) read.catch(() => undefined);
  startReadAhead<ListedSystem>(instance, systemsKey(orgId), (onListed) =>
    forEachInOrder<JumpCloudSystem, SystemAccessMap | undefined>(
      (onSystem) => client.iterateSystems(orgId, onSystem),
      async (system) =>
        (await accessAhead)
          ? gate.run(() => readSystemAccess(client, logger, orgId, systemId(system)))
          : undefined,
      async (system, access) => onListed({ system, access }),
      subCallConcurrency(client),
    ),
  );
  return { count, insights, accessAhead };
}

/**
 * What `read-systems` started for this run, for the devices step; undefined when it did not
 * run in this process. Each organization's reads are handed out once.
 */
export async function takeSystemsRead(run: object): Promise<SystemsRead | undefined> {
  // Had both started in one pass (`collect --step` with the users cached), read-systems has
  // announced itself by the next turn of the event loop.
  await new Promise<void>((resolve) => setImmediate(resolve));
  const read = await started.get(run);
  started.delete(run);
  // The devices step waits for what is left: nothing to give way to any more.
  gates.get(run)?.lift();
  return read;
}

/**
 * An organization's systems in list order, each with its access when it was read ahead: from
 * `read-systems` when it started the list, else read now.
 */
export function iterateListedSystems(
  run: object,
  client: JumpCloudClient,
  orgId: string,
  onListed: (listed: ListedSystem) => Promise<void>,
): Promise<unknown> {
  return readAheadOr<ListedSystem>(
    run,
    systemsKey(orgId),
    (onRecord) => client.iterateSystems(orgId, (system) => onRecord({ system })),
    onListed,
  );
}
