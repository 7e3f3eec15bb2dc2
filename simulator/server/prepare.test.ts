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

const daysAgo = (days: number) => new Date(INSIGHTS_NOW_MS - days * 24 * 3600 * 1000).toISOString();

/** A Directory Insights events page of every service: its status and body. */
async function eventsPage(sim: RunningSimulator, query: Record<string, unknown>): Promise<string> {
  const res = await fetch(`${sim.url}/insights/directory/v1/events`, {
    method: 'POST',
    headers: { 'x-api-key': sim.apiKey, 'content-type': 'application/json' },
    body: JSON.stringify({ service: ['all'], ...query }),
  });
  return `${res.status} ${await res.text()}`;
}

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
  bodies.push(await eventsPage(sim, { start_time: daysAgo(7), limit: 100 }));
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

test('prepared for a projection, events pages are the same bytes and the run makes no event JSON', async () => {
  const fields = ['timestamp', 'event_type', 'success', 'initiated_by.id', 'resource.id'];
  const lazy = await startSimulator(ORG);
  const prepared = await startSimulator({ ...ORG, prepare: true, prepareEventFields: fields });
  const page = (sim: RunningSimulator, limit: number, projection = fields) =>
    eventsPage(sim, { start_time: daysAgo(30), limit, fields: projection });
  try {
    const [fromLazy, fromPrepared] = [await page(lazy, 1000), await page(prepared, 1000)];
    const rows = JSON.parse(fromLazy.slice(4)) as Array<Record<string, unknown>>;
    expect(rows.length).toBeGreaterThan(100);
    const projected = ['event_type', 'initiated_by', 'resource', 'success', 'timestamp'];
    for (const key of Object.keys(rows[0])) expect(projected).toContain(key);
    expect(fromPrepared).toEqual(fromLazy);
    // The lazy one made an event's JSON per signature it served; the prepared one none.
    expect(lazy.stats().eventTemplatesMade).toBeGreaterThan(10);
    expect(prepared.stats().eventTemplatesMade).toBe(0);
    // Another projection is made on first use, as before.
    expect((await page(prepared, 10, ['timestamp'])).startsWith('200 ')).toBe(true);
    expect(prepared.stats().eventTemplatesMade).toBeGreaterThan(0);
  } finally {
    await Promise.all([lazy.stop(), prepared.stop()]);
  }
});
