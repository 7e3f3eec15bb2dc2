/**
 * A whole run reads the first page of each step's first list ahead, once it knows the
 * organizations (src/steps/first-pages.ts): every page it sends is taken by its step, no list
 * is requested twice for it, and a step whose ingestion source is off has none read.
 */
import { resetClient } from '../src/jumpcloud';
import { runIntegration } from '../scripts/lib/run-integration';
import { startSimulator } from '../simulator';
import { IngestionSources } from '../src/steps/constants';
import { SMALL_FLEET } from '../src/steps/first-pages';
import { STARTUP_ORG } from '../scripts/bench';

// The bench's startup organization (its shapes' startup, `scripts/dev/start-run.sh`): every
// list one page.
const { policies, policyGroups, ...COUNTS } = STARTUP_ORG;
const ORG = { seed: 1, ...COUNTS, policies: { policies, policyGroups } };

/** The lists read ahead (src/steps/first-pages.ts), as the simulator counts their endpoints. */
const FIRST_LIST_ENDPOINTS = [
  'GET /api/v2/usergroups',
  'GET /api/systemusers',
  'GET /api/applications',
  'GET /api/systems',
  'GET /api/v2/applemdms',
  'GET /api/v2/systemgroups',
  'GET /api/v2/directories',
  'GET /api/radiusservers',
  'GET /api/v2/iplists',
  'GET /api/v2/assets/locations',
  'GET /api/commands',
  'GET /api/v2/policies',
  'GET /api/v2/systeminsights/authorized_keys',
  'GET /api/v2/systeminsights/apps',
  // Read once the step's first list came (`after`).
  'GET /api/v2/authn/policies',
  'GET /api/v2/assets/devices',
  'GET /api/v2/assets/accessories',
  'GET /api/v2/policygroups',
  'GET /api/v2/systeminsights/user_groups',
  'GET /api/v2/systeminsights/users',
  'GET /api/v2/systeminsights/programs',
  'GET /api/v2/systeminsights/linux_packages',
];

async function run(disabledSources: string[] = [], org: { systems?: number } = {}) {
  const simulator = await startSimulator({ ...ORG, ...org, quiet: true });
  try {
    const result = await runIntegration({
      apiKey: simulator.apiKey,
      baseUrl: simulator.url,
      disabledSources,
    });
    // Steps of a source turned off are disabled, not failed.
    expect(
      result.stepResults.filter((s) => s.status !== 'success' && s.status !== 'disabled'),
    ).toEqual([]);
    return { result, stats: simulator.stats() };
  } finally {
    await simulator.stop();
    resetClient();
  }
}

test('every first page read ahead is taken by its step, and no first list is requested twice', async () => {
  const { result, stats } = await run();
  const ahead = result.clientStats?.firstPagesAhead;
  // Each sent page was handed to its step; none was left queued.
  expect(ahead?.waiting).toBe(0);
  expect(ahead?.taken).toBe(ahead?.sent);
  expect(ahead?.sent).toBeGreaterThan(0);
  expect(ahead?.untakenByEndpoint).toEqual({});
  // A fleet of 20: its System Insights pages too.
  expect(ahead?.sentByEndpoint['GET /api/v2/systeminsights/apps']).toBe(1);
  // Each list read once: as many requests as the fewest the API allows for it (the
  // simulator's count: one page each here; the systems' count is a request of its own,
  // `limit=1`).
  const { requests, fewestRequests } = stats;
  expect(FIRST_LIST_ENDPOINTS.map((endpoint) => [endpoint, requests.byEndpoint[endpoint]])).toEqual(
    FIRST_LIST_ENDPOINTS.map((endpoint) => [
      endpoint,
      fewestRequests.byEndpoint[endpoint] + (endpoint === 'GET /api/systems' ? 1 : 0),
    ]),
  );
}, 120_000);

test('a step whose ingestion source is off has no page read ahead', async () => {
  const { result, stats } = await run([IngestionSources.COMMANDS, IngestionSources.APPLE_MDM]);
  expect(stats.requests.byEndpoint['GET /api/commands']).toBeUndefined();
  expect(stats.requests.byEndpoint['GET /api/v2/applemdms']).toBeUndefined();
  expect(result.clientStats?.firstPagesAhead.taken).toBe(result.clientStats?.firstPagesAhead.sent);
}, 120_000);

test('a fleet of more than SMALL_FLEET systems has no System Insights page read ahead', async () => {
  const { result, stats } = await run([], { systems: SMALL_FLEET + 1 });
  const ahead = result.clientStats?.firstPagesAhead;
  const systemInsights = Object.keys(stats.requests.byEndpoint).filter((endpoint) =>
    endpoint.includes('/systeminsights/'),
  );
  expect(systemInsights.length).toBeGreaterThan(0);
  // Each table read once, by its step (none read ahead, so none read twice).
  for (const endpoint of systemInsights) {
    expect([endpoint, stats.requests.byEndpoint[endpoint]]).toEqual([
      endpoint,
      stats.fewestRequests.byEndpoint[endpoint],
    ]);
  }
  const sentInsights = Object.keys(ahead?.sentByEndpoint ?? {}).filter((e) =>
    e.includes('/systeminsights/'),
  );
  expect(sentInsights).toEqual([]);
  expect(ahead?.sent).toBeGreaterThan(0);
  // (A list longer than a page for a later step may be: here the asset devices, two pages.)
  expect(
    Object.keys(ahead?.untakenByEndpoint ?? {}).filter((e) => e.includes('/systeminsights/')),
  ).toEqual([]);
}, 120_000);
