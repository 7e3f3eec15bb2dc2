import { JumpCloudClient } from '../src/jumpcloud/client';
import { resetClient } from '../src/jumpcloud';
import * as insights from '../src/jumpcloud/insights';
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
  const requests: Array<Record<string, number>> = [];
  // In the second run the sign-in events are read only once every group's members and every
  // application's user groups and users were asked for: those lists go out while the users
  // step waits for the activity (src/steps/shared/read-ahead.ts), or the run never ends.
  const org = small.data.orgs[0];
  const asked = { members: new Set<string>(), applications: new Set<string>() };
  let everyListAsked!: () => void;
  const listsAsked = new Promise<void>((resolve) => (everyListAsked = resolve));
  const ask = (into: Set<string>, id: string) => {
    into.add(id);
    if (
      asked.members.size === org.userGroups.length &&
      asked.applications.size === org.applications.length
    )
      everyListAsked();
  };
  try {
    for (const concurrency of [1, 10]) {
      resetClient();
      small.resetStats();
      if (concurrency === 10) {
        const members = JumpCloudClient.prototype.iterateUserGroupMembers;
        jest
          .spyOn(JumpCloudClient.prototype, 'iterateUserGroupMembers')
          .mockImplementation(function (this: JumpCloudClient, orgId, groupId, iteratee) {
            ask(asked.members, groupId);
            return members.call(this, orgId, groupId, iteratee);
          });
        const users = JumpCloudClient.prototype.iterateApplicationUsers;
        jest
          .spyOn(JumpCloudClient.prototype, 'iterateApplicationUsers')
          .mockImplementation(function (this: JumpCloudClient, orgId, applicationId, iteratee) {
            ask(asked.applications, applicationId);
            return users.call(this, orgId, applicationId, iteratee);
          });
        const events = insights.iterateAuthEvents;
        jest.spyOn(insights, 'iterateAuthEvents').mockImplementation(async (...args) => {
          await listsAsked;
          return events(...args);
        });
      }
      const run = await runIntegration({ apiKey: small.apiKey, baseUrl: small.url, concurrency });
      runs.push(run);
      // Less the first pages read ahead that no step could take (a list longer than a page,
      // read by a later step: src/steps/first-pages.ts): how many depends on the idle slots.
      const untaken = run.clientStats?.firstPagesAhead.untakenByEndpoint ?? {};
      requests.push(
        Object.fromEntries(
          Object.entries(small.stats().requests.byEndpoint).map(([endpoint, made]) => [
            endpoint,
            made - (untaken[endpoint] ?? 0),
          ]),
        ),
      );
    }
  } finally {
    jest.restoreAllMocks();
    await small.stop();
  }
  for (const run of runs) {
    expect(run.stepResults.filter((s) => s.status !== 'success')).toEqual([]);
  }
  expect(asked.members.size).toBe(org.userGroups.length);
  expect(asked.applications.size).toBe(org.applications.length);
  // The same requests: lists read ahead are not read again by the steps that take them.
  expect(requests[1]).toEqual(requests[0]);
  const [one, ten] = runs.map(graphKeys);
  expect(ten.entities).toEqual(one.entities);
  expect(ten.relationships).toEqual(one.relationships);
  // And the same properties on the edges built from lists read ahead (`direct`, `lastUsedOn`).
  const readAhead = (run: IntegrationRun) =>
    run.relationships
      .filter((r) =>
        ['jumpcloud_group_has_user', 'jumpcloud_user_assigned_application'].includes(r._type),
      )
      .sort((a, b) => (a._key < b._key ? -1 : 1));
  expect(readAhead(runs[1])).toEqual(readAhead(runs[0]));
  expect(
    readAhead(runs[0]).filter((r) => r._type === 'jumpcloud_user_assigned_application').length,
  ).toBeGreaterThan(0);
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
