/**
 * `prepare` (the bench's `--prepare`) generates every body of data before listening instead of
 * on first use: what is served must not change. The bench's M run replayed against both gave
 * the same 13,406 responses byte for byte (scripts/dev/simulator-replay.js, REPLAY_PREPARE=1);
 * here a small organization, one request of each body of data, in an order that is not the
 * order `prepare` generates them in.
 */
import fetch from 'node-fetch';

import { startSimulator, type RunningSimulator } from './server';
import { INSIGHTS_NOW_MS } from '../insights/events';

const ORG = { seed: 9, users: 60, groups: 6, apps: 5, systems: 40, systemGroups: 4, quiet: true };

async function responses(sim: RunningSimulator): Promise<string[]> {
  const org = sim.data.orgs[0];
  const paths = [
    '/api/v2/systeminsights/linux_packages?limit=50',
    '/api/v2/systeminsights/users?limit=50',
    '/api/v2/policies?limit=100',
    '/api/v2/assets/devices?limit=100',
    '/api/commands?limit=100',
    '/api/v2/systeminsights/system_info?limit=100',
    '/api/v2/systeminsights/apps?limit=50',
  ];
  const bodies: string[] = [];
  const events = await fetch(`${sim.url}/insights/directory/v1/events`, {
    method: 'POST',
    headers: { 'x-api-key': sim.apiKey, 'content-type': 'application/json' },
    body: JSON.stringify({
      service: ['all'],
      start_time: new Date(INSIGHTS_NOW_MS - 7 * 24 * 3600 * 1000).toISOString(),
      limit: 100,
    }),
  });
  bodies.push(`${events.status} ${await events.text()}`);
  for (const path of paths) {
    const res = await fetch(`${sim.url}${path}`, { headers: { 'x-api-key': sim.apiKey } });
    bodies.push(`${res.status} ${path} ${await res.text()}`);
  }
  const policies = JSON.parse(bodies[3].slice(bodies[3].indexOf('['))) as Array<{ id: string }>;
  for (const { id } of policies.slice(0, 2)) {
    for (const list of ['policystatuses', 'systems']) {
      const res = await fetch(`${sim.url}/api/v2/policies/${id}/${list}?limit=100`, {
        headers: { 'x-api-key': sim.apiKey },
      });
      bodies.push(`${res.status} ${id} ${list} ${await res.text()}`);
    }
  }
  expect(org.systems.length).toBe(ORG.systems);
  return bodies;
}

test('a prepared simulator serves exactly what one generating on first use serves', async () => {
  const lazy = await startSimulator(ORG);
  const prepared = await startSimulator({ ...ORG, prepare: true });
  try {
    const [fromLazy, fromPrepared] = [await responses(lazy), await responses(prepared)];
    expect(fromLazy).toHaveLength(12);
    for (const body of fromLazy) expect(body.startsWith('200 ')).toBe(true);
    expect(fromPrepared).toEqual(fromLazy);
  } finally {
    await Promise.all([lazy.stop(), prepared.stop()]);
  }
});
