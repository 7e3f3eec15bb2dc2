import { Entity, Relationship } from '@jupiterone/integration-sdk-core';

import { getCurrentClient, JumpCloudClient } from '../../jumpcloud';
import {
  featureStepContext,
  outcomeOf,
  SMALL_SYSTEMS_ORG,
  withFeatureSimulator,
} from '../../../test/optional-feature';
import { expectedUserSystemAccess } from '../../../simulator/directory/expected';
import type { RunningSimulator } from '../../../simulator';
import { Relationships } from '../constants';
import { beginActivityRead } from '../activity/window';
import { fetchUsers } from '../users';
import { chooseAccessStrategy } from './access';
import { accessReadsBesideActivity, readSystems } from './read';
import { fetchDevices } from '.';

/*
 * read-systems reads the systems, their System Insights and who can log into each while the
 * activity is read; the devices step takes those reads instead of making them. Here the steps
 * run on one instance as in a run (read-systems and the users step started together, as the
 * runtime starts them), against a simulator; the same devices step without read-systems (as a
 * step test or `collect --step` runs it) gives the graph to compare with.
 */

const SYSTEM_USERS = 'GET /api/v2/systems/{id}/users';
const USER_SYSTEMS = 'GET /api/v2/users/{id}/systems';

function requests(): Record<string, number> {
  return { ...getCurrentClient()!.stats.byEndpoint };
}

function delta(after: Record<string, number>, before: Record<string, number>) {
  const changed: Record<string, number> = {};
  for (const [endpoint, n] of Object.entries(after)) {
    if (n !== (before[endpoint] ?? 0)) changed[endpoint] = n - (before[endpoint] ?? 0);
  }
  return changed;
}

function byKey<T extends Entity | Relationship>(objects: T[]): T[] {
  return [...objects].sort((a, b) => (a._key < b._key ? -1 : a._key > b._key ? 1 : 0));
}

/** The ASSIGNED pairs the simulator holds, with sudo from a route or the user's own flag. */
function expectedAssigned(simulator: RunningSimulator): string[] {
  const org = simulator.data.orgs[0];
  const globalSudo = new Set(org.users.filter((u) => u.sudo).map((u) => u.id));
  return expectedUserSystemAccess(org)
    .map(
      (a) =>
        `${a.userId}>${a.systemId} direct=${a.direct} sudo=${a.sudo || globalSudo.has(a.userId)}`,
    )
    .sort();
}

function assigned(relationships: Relationship[]): string[] {
  return relationships
    .filter((r) => r._type === Relationships.USER_ASSIGNED_DEVICE._type)
    .map((r) => `${r._fromEntityKey}>${r._toEntityKey} direct=${r.direct} sudo=${r.sudo}`)
    .sort();
}

async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 10) {
    if (waited > 10_000) throw new Error('not reached in 10 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Until the simulator serves nothing (its counters are read without a key). */
async function settled(simulator: RunningSimulator): Promise<void> {
  for (let waited = 0; waited < 10_000; waited += 20) {
    const stats = (await (await fetch(`${simulator.url}/__simulator/stats`)).json()) as {
      inFlight: number;
    };
    if (stats.inFlight === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The users and devices steps without read-systems: the graph, and the requests made. */
async function withoutReadAhead(simulator: RunningSimulator) {
  const { context } = featureStepContext(simulator);
  await fetchUsers(context);
  const before = requests();
  await fetchDevices(context);
  return {
    entities: byKey(context.jobState.collectedEntities),
    relationships: byKey(context.jobState.collectedRelationships),
    devicesRequests: delta(requests(), before),
  };
}

describe('read-systems', () => {
  test('per system: every access is read before the devices step starts, each once; the same graph', async () => {
    await withFeatureSimulator(
      { ...SMALL_SYSTEMS_ORG, users: 14, groups: 3, systems: 9, systemGroups: 2 },
      async (simulator) => {
        const org = simulator.data.orgs[0];
        expect(chooseAccessStrategy(org.systems.length, org.users.length)).toBe('per-system');
        const alone = await withoutReadAhead(simulator);
        expect(alone.devicesRequests[SYSTEM_USERS]).toBe(org.systems.length);

        const { context } = featureStepContext(simulator);
        const before = requests();
        // Started together, as the runtime starts the steps that depend on the account only.
        await Promise.all([readSystems(context), fetchUsers(context)]);
        // The devices step has not started: the access is read all the same.
        await until(() => (requests()[SYSTEM_USERS] ?? 0) - (before[SYSTEM_USERS] ?? 0) === 9);
        const beforeDevices = requests();
        await fetchDevices(context);

        // The devices step made none of its requests itself; the run made each once, as many
        // as the devices step alone.
        expect(delta(requests(), beforeDevices)).toEqual({});
        const { ['GET /api/systemusers']: usersPages, ...readAhead } = delta(beforeDevices, before);
        expect(usersPages).toBeGreaterThan(0);
        expect(readAhead).toEqual(alone.devicesRequests);

        // The same graph, property by property, and the edges the simulator holds.
        expect(byKey(context.jobState.collectedEntities)).toEqual(alone.entities);
        expect(byKey(context.jobState.collectedRelationships)).toEqual(alone.relationships);
        expect(assigned(alone.relationships)).toEqual(expectedAssigned(simulator));
      },
    );
  });

  test('per user (more systems than users): the devices step reads access after the users, as before', async () => {
    await withFeatureSimulator(SMALL_SYSTEMS_ORG, async (simulator) => {
      const org = simulator.data.orgs[0];
      expect(chooseAccessStrategy(org.systems.length, org.users.length)).toBe('per-user');
      const alone = await withoutReadAhead(simulator);

      const { context } = featureStepContext(simulator);
      const before = requests();
      await Promise.all([readSystems(context), fetchUsers(context)]);
      await fetchDevices(context);
      const made = delta(requests(), before);
      expect(made[SYSTEM_USERS]).toBeUndefined();
      expect(made[USER_SYSTEMS]).toBe(org.users.length);
      const { ['GET /api/systemusers']: usersPages, ...devices } = made;
      expect(usersPages).toBeGreaterThan(0);
      expect(devices).toEqual(alone.devicesRequests);

      expect(byKey(context.jobState.collectedEntities)).toEqual(alone.entities);
      expect(byKey(context.jobState.collectedRelationships)).toEqual(alone.relationships);
      expect(assigned(alone.relationships)).toEqual(expectedAssigned(simulator));
    });
  });

  test('while the activity is read, access reads give way to it; then they go at full width', async () => {
    await withFeatureSimulator(
      { ...SMALL_SYSTEMS_ORG, users: 30, systems: 24, latencyMs: 20 },
      async (simulator) => {
        const { context } = featureStepContext(simulator);
        // Access reads under way at once, before and after the activity is read.
        let reading = 0;
        let most = 0;
        const original = JumpCloudClient.prototype.iterateSystemUsers;
        const spy = jest
          .spyOn(JumpCloudClient.prototype, 'iterateSystemUsers')
          .mockImplementation(async function (this: JumpCloudClient, ...args) {
            reading += 1;
            most = Math.max(most, reading);
            try {
              return await original.apply(this, args);
            } finally {
              reading -= 1;
            }
          });
        try {
          // As the activity step does first thing; done when its events are read and folded.
          const activityDone = beginActivityRead(context.instance);
          const users = fetchUsers(context);
          await readSystems(context);
          await until(() => spy.mock.calls.length >= 8);
          const beside = accessReadsBesideActivity(getCurrentClient()!);
          expect([beside, most]).toEqual([1, 1]);

          activityDone();
          await users;
          await fetchDevices(context);
          expect(spy).toHaveBeenCalledTimes(24);
          expect(most).toBeGreaterThan(1);
        } finally {
          spy.mockRestore();
        }
      },
    );
  });

  test('a read ahead that fails fails the devices step as when the step made it', async () => {
    await withFeatureSimulator(
      {
        ...SMALL_SYSTEMS_ORG,
        users: 14,
        systems: 9,
        // Every system's users refused (403): not a deleted system, so the step fails.
        forbiddenPathPattern: '^/api/v2/systems/[^/]+/users$',
      },
      async (simulator) => {
        const alone = featureStepContext(simulator).context;
        await fetchUsers(alone);
        const expected = (await outcomeOf(fetchDevices(alone))) as Error;
        expect(expected).toBeInstanceOf(Error);

        const { context } = featureStepContext(simulator);
        await Promise.all([readSystems(context), fetchUsers(context)]);
        const failure = (await outcomeOf(fetchDevices(context))) as Error;
        expect([failure?.constructor, failure?.message]).toEqual([
          expected.constructor,
          expected.message,
        ]);
        // A failed step leaves the reads of its window to end on their own, as it did: let
        // them, before the simulator stops under them.
        await settled(simulator);
      },
    );
  });
});
