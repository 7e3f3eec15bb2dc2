import { JumpCloudClient } from '../src/jumpcloud/client';
import { resetClient } from '../src/jumpcloud';
import { IntegrationRun, runIntegration } from '../scripts/lib/run-integration';
import { startSimulator, type RunningSimulator } from '../simulator';
import { getAll } from '../simulator/test-helpers';

/**
 * The paginator requests pages ahead while it converts the one in hand, and answers arrive
 * out of order (random latency). What it hands on must be exactly what reading page after
 * page gives: the same records, in the same order, each once; and a whole run must give the
 * same keys whether its requests overlap or not.
 *
 * 1,000 users: ten full pages, so the list ends with an empty page fetched ahead; 250
 * systems: a short last page.
 */
const ORG = {
  seed: 5,
  users: 1_000,
  groups: 12,
  apps: 4,
  systems: 250,
  systemGroups: 3,
  appleDevices: 120,
};

let simulator: RunningSimulator;
beforeAll(async () => {
  simulator = await startSimulator({ ...ORG, latencyJitterMs: 15, quiet: true });
});
afterAll(async () => {
  await simulator.stop();
  resetClient();
});

function client(concurrency: number): JumpCloudClient {
  return new JumpCloudClient({ apiKey: simulator.apiKey, baseUrl: simulator.url, concurrency });
}

/** Reads a list through the client's paginator. */
async function overlapped<T>(
  iterate: (c: JumpCloudClient, orgId: string, onItem: (item: T) => void) => Promise<unknown>,
): Promise<T[]> {
  const items: T[] = [];
  await iterate(client(10), simulator.orgIds[0], (item) => {
    items.push(item);
  });
  return items;
}

test('lists read with pages ahead give the records of page-after-page reading, in order', async () => {
  const org = simulator.data.orgs[0];
  const users = await overlapped((c, orgId, on) => c.iterateUsers(orgId, on));
  expect(users).toEqual(await getAll(simulator, '/api/systemusers'));
  expect(users).toHaveLength(ORG.users);

  const systems = await overlapped((c, orgId, on) => c.iterateSystems(orgId, on));
  expect(systems).toEqual(await getAll(simulator, '/api/systems'));
  expect(systems).toHaveLength(ORG.systems);

  const devices = await overlapped((c, orgId, on) =>
    c.iterateAppleMdmDevices(orgId, org.appleMdm?.id as string, on),
  );
  expect(devices).toEqual(
    await getAll(simulator, `/api/v2/applemdms/${org.appleMdm?.id}/devices?sort=_id`),
  );
  expect(devices).toHaveLength(ORG.appleDevices);

  for (const group of org.userGroups.slice(0, 4)) {
    const members = await overlapped((c, orgId, on) =>
      c.iterateUserGroupMembers(orgId, group.id, on),
    );
    expect(members).toEqual(await getAll(simulator, `/api/v2/usergroups/${group.id}/members`));
  }
});

/** Entity keys, and each edge by its ends and kind. */
function graphKeys(run: IntegrationRun) {
  return {
    entities: run.entities.map((e) => e._key).sort(),
    relationships: run.relationships
      .map((r) => `${r._fromEntityKey}|${r._type}|${r._toEntityKey}`)
      .sort(),
  };
}

test('a whole run gives the same keys with one request at a time and with ten', async () => {
  // Smaller, so that one request at a time stays quick; still several pages per long list.
  const small = await startSimulator({
    ...ORG,
    users: 300,
    systems: 120,
    appleDevices: 30,
    latencyJitterMs: 5,
    quiet: true,
  });
  const runs: IntegrationRun[] = [];
  try {
    for (const concurrency of [1, 10]) {
      resetClient();
      runs.push(await runIntegration({ apiKey: small.apiKey, baseUrl: small.url, concurrency }));
    }
  } finally {
    await small.stop();
  }
  for (const run of runs) {
    expect(run.stepResults.filter((s) => s.status !== 'success')).toEqual([]);
  }
  const [one, ten] = runs.map(graphKeys);
  expect(ten.entities).toEqual(one.entities);
  expect(ten.relationships).toEqual(one.relationships);
  // The users' list is read while the activity step reads the events (src/steps/users): each
  // user is written with the same sign-in activity whichever answers first.
  const users = (run: IntegrationRun) =>
    run.entities
      .filter((e) => e._type === 'jumpcloud_user')
      .sort((a, b) => (a._key < b._key ? -1 : 1));
  expect(users(runs[1])).toEqual(users(runs[0]));
  expect(users(runs[0]).filter((u) => u.activityWindowStartOn !== undefined)).toHaveLength(300);
  // Not an empty comparison: every kind of record is there.
  expect(one.entities.length).toBeGreaterThan(300 + 120 + 30);
});
