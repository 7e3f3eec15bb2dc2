import { resetClient } from '../src/jumpcloud';
import { runIntegration } from '../scripts/lib/run-integration';
import { startSimulator, type SimulatorStats } from '../simulator';

/**
 * The request count of a whole run against the fewest the API allows for what it read
 * (the simulator's `fewestRequests`: each distinct list at the largest page size its
 * specification allows). More than 100 users and systems, so the lists that matter take
 * several pages and a paginator reading less than the largest page would show.
 */
const ORG = {
  seed: 17,
  users: 230,
  groups: 12,
  apps: 6,
  systems: 130,
  systemGroups: 4,
  appleDevices: 30,
};

let stats: SimulatorStats;
beforeAll(async () => {
  const simulator = await startSimulator({ ...ORG, quiet: true });
  try {
    const run = await runIntegration({ apiKey: simulator.apiKey, baseUrl: simulator.url });
    expect(run.stepResults.filter((s) => s.status !== 'success')).toEqual([]);
    stats = simulator.stats();
  } finally {
    await simulator.stop();
    resetClient();
  }
});

test('a whole run makes at most 10% more requests than the fewest the API allows', () => {
  const { requests, fewestRequests } = stats;
  // Every endpoint the run called has its floor (a single object or an empty list is one).
  expect(Object.keys(fewestRequests.byEndpoint)).toEqual(Object.keys(requests.byEndpoint));
  // Requests above the floor, per endpoint: shown when the bound below fails.
  const over = Object.fromEntries(
    Object.entries(requests.byEndpoint)
      .map(([endpoint, made]) => [endpoint, made - fewestRequests.byEndpoint[endpoint]])
      .filter(([, extra]) => extra !== 0),
  );
  const summary = `${requests.total} requests, fewest ${fewestRequests.total}`;
  expect(
    requests.total <= fewestRequests.total * 1.1
      ? 'within 10%'
      : `${summary}; above the floor: ${JSON.stringify(over)}`,
  ).toBe('within 10%');
  // The floor itself is no empty measure.
  expect(fewestRequests.total).toBeGreaterThan(ORG.users / 100 + ORG.systems);
});
