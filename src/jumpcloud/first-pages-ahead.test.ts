/**
 * First pages read ahead into idle slots (./first-pages-ahead.ts), against the simulator: the
 * read of the list is handed the page and requests nothing for it; a page that may only be
 * handed over whole is not, for a longer list; an error is handed over as the read's own; a
 * page never goes into a slot a request waits for, and one not sent when its list is read is
 * never sent.
 */
import { IntegrationProviderAPIError } from '@jupiterone/integration-sdk-core';

import { startSimulator, type RunningSimulator } from '../../simulator';
import { JumpCloudClient } from './client';
import { NotSentError } from './first-pages-ahead';

const none = () => undefined;
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

let sim: RunningSimulator;
afterEach(() => sim?.stop());

async function simulate(options: Parameters<typeof startSimulator>[0] = {}) {
  sim = await startSimulator({
    seed: 5,
    users: 230,
    groups: 12,
    apps: 3,
    systems: 4,
    systemGroups: 2,
    quiet: true,
    ...options,
  });
  const org = sim.data.orgs[0];
  return { org, requests: (endpoint: string) => sim.stats().requests.byEndpoint[endpoint] ?? 0 };
}

/** The client's counts of pages read ahead, without the per-endpoint ones. */
function counts(client: JumpCloudClient) {
  const { sent, taken, waiting } = client.stats.firstPagesAhead;
  return { sent, taken, waiting };
}

async function ids<T extends { id?: string; _id?: string }>(
  read: (onRecord: (record: T) => void) => Promise<unknown>,
): Promise<string[]> {
  const seen: string[] = [];
  await read((record) => void seen.push(String(record.id ?? record._id)));
  return seen;
}

test('a page read ahead is handed to the first read of its list: the same records, one request', async () => {
  const { org, requests } = await simulate();
  const client = new JumpCloudClient({ apiKey: sim.apiKey, baseUrl: sim.url });
  void client.firstPagesAhead({ whole: true }).iterateUserGroups(org.id, none);
  // Sent a microtask after it was queued; answered before it is read.
  await turn();
  expect(counts(client)).toEqual({ sent: 0, taken: 0, waiting: 0 });
  const read = await ids((onGroup) => client.iterateUserGroups(org.id, onGroup));
  expect(read).toEqual(org.userGroups.map((group) => group.id));
  expect(requests('GET /api/v2/usergroups')).toBe(1);
  expect(counts(client)).toEqual({ sent: 1, taken: 1, waiting: 0 });
  expect(client.stats.requests).toBe(1);
  // Taken once: a second read requests the list itself.
  await client.iterateUserGroups(org.id, none);
  expect(requests('GET /api/v2/usergroups')).toBe(2);
}, 60_000);

test('a longer list: a page that may only be handed over whole is not; read from the start, one request more', async () => {
  const { org, requests } = await simulate();
  const client = new JumpCloudClient({ apiKey: sim.apiKey, baseUrl: sim.url });
  void client.firstPagesAhead({ whole: true }).iterateUsers(org.id, none);
  await turn();
  const read = await ids((onUser) => client.iterateUsers(org.id, onUser));
  expect(read).toEqual(org.users.map((user) => user._id));
  // ceil(230 / 100) = 3 pages, and the page read ahead.
  expect(requests('GET /api/systemusers')).toBe(3 + 1);
  expect(counts(client)).toEqual({ sent: 1, taken: 0, waiting: 0 });
  // The request more, counted where the run's counts show it.
  expect(client.stats.firstPagesAhead.untakenByEndpoint).toEqual({ 'GET /api/systemusers': 1 });
}, 60_000);

test('a longer list read soon: its first page is handed over, the next pages follow', async () => {
  const { org, requests } = await simulate();
  const client = new JumpCloudClient({ apiKey: sim.apiKey, baseUrl: sim.url });
  void client.firstPagesAhead({ whole: false }).iterateUsers(org.id, none);
  await turn();
  const totals: Array<number | undefined> = [];
  const read = await ids((onUser) =>
    client.iterateUsers(org.id, onUser, (total) => totals.push(total)),
  );
  expect(read).toEqual(org.users.map((user) => user._id));
  expect(totals).toEqual([230]);
  expect(requests('GET /api/systemusers')).toBe(3);
  expect(counts(client)).toEqual({ sent: 1, taken: 1, waiting: 0 });
}, 60_000);

test('an organization without the feature: the read meets the 404 it would have, after one request', async () => {
  const { org, requests } = await simulate({ access: { commands: 'absent' } });
  const direct = new JumpCloudClient({ apiKey: sim.apiKey, baseUrl: sim.url });
  const alone = await direct.iterateCommands(org.id, none).catch((error: unknown) => error);
  expect(alone).toBeInstanceOf(IntegrationProviderAPIError);

  const client = new JumpCloudClient({ apiKey: sim.apiKey, baseUrl: sim.url });
  void client.firstPagesAhead({ whole: true }).iterateCommands(org.id, none);
  await turn();
  const ahead = await client.iterateCommands(org.id, none).catch((error: unknown) => error);
  expect(ahead).toBeInstanceOf(IntegrationProviderAPIError);
  expect((ahead as IntegrationProviderAPIError).message).toBe(
    (alone as IntegrationProviderAPIError).message,
  );
  expect(requests('GET /api/commands')).toBe(2);
  expect(client.stats.requests).toBe(1);
}, 60_000);

test('never into a slot a request holds; a page not sent when its list is read is never sent', async () => {
  // Every answer 200 ms late: the users' first page holds the one slot that long.
  const { org, requests } = await simulate({ latencyMs: 200 });
  const client = new JumpCloudClient({ apiKey: sim.apiKey, baseUrl: sim.url, concurrency: 1 });
  const users = client.iterateUsers(org.id, none);
  await turn();
  await expect(client.request('/api/organizations', { onlyIfIdle: true })).rejects.toBeInstanceOf(
    NotSentError,
  );
  void client.firstPagesAhead({ whole: true }).iterateApplications(org.id, none);
  await turn();
  expect(counts(client)).toEqual({ sent: 0, taken: 0, waiting: 1 });
  // Read before its page went out: the reader requests it, once, and the page never goes.
  await Promise.all([users, client.iterateApplications(org.id, none)]);
  await turn();
  expect(requests('GET /api/applications')).toBe(1);
  expect(requests('GET /api/organizations')).toBe(0);
  expect(counts(client)).toEqual({ sent: 0, taken: 0, waiting: 0 });
  // Nothing held: a page queued now goes at once.
  void client.firstPagesAhead({ whole: true }).iterateUserGroups(org.id, none);
  await turn();
  await client.iterateUserGroups(org.id, none);
  expect(requests('GET /api/v2/usergroups')).toBe(1);
  expect(counts(client)).toEqual({ sent: 1, taken: 1, waiting: 0 });
}, 60_000);

test("what a page's `then` reads ahead is queued before the page's reader has it: never read twice", async () => {
  const { org, requests } = await simulate();
  const client = new JumpCloudClient({ apiKey: sim.apiKey, baseUrl: sim.url });
  const then = jest.fn((total: number | undefined) => {
    expect(total).toBe(org.userGroups.length);
    void client.firstPagesAhead({ whole: true }).iterateApplications(org.id, none);
  });
  void client.firstPagesAhead({ whole: true, then }).iterateUserGroups(org.id, none);
  await turn();
  // On the wire: the reader of the groups waits for it, then reads the applications at once.
  await client.iterateUserGroups(org.id, none);
  await client.iterateApplications(org.id, none);
  await turn();
  expect(then).toHaveBeenCalledTimes(1);
  expect(requests('GET /api/v2/usergroups')).toBe(1);
  expect(requests('GET /api/applications')).toBe(1);
  const { sent, taken, waiting } = client.stats.firstPagesAhead;
  expect([taken, waiting]).toEqual([sent, 0]);
}, 60_000);

test('a page that fails is handed over as its error and reads nothing after it', async () => {
  const { org, requests } = await simulate({ access: { authPolicies: 'absent' } });
  const client = new JumpCloudClient({ apiKey: sim.apiKey, baseUrl: sim.url });
  const then = jest.fn();
  void client.firstPagesAhead({ whole: true, then }).iterateIpLists(org.id, none);
  await turn();
  await expect(client.iterateIpLists(org.id, none)).rejects.toBeInstanceOf(
    IntegrationProviderAPIError,
  );
  expect(then).not.toHaveBeenCalled();
  expect(requests('GET /api/v2/iplists')).toBe(1);
}, 60_000);
