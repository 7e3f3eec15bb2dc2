/**
 * Events pages served as text, built in slices (routes.ts `serve`), against the rows of the
 * generic path (`handle`: `project` of `renderEvent`, the code that served them before): for
 * generated organizations of several seeds, every event kind, with and without `fields`,
 * ascending and descending, paged by `search_after`, the served bytes are exactly
 * `JSON.stringify` of those rows, and the headers the same.
 */
import fetch from 'node-fetch';

import { startSimulator, type RunningSimulator } from '..';
import { DAY_MS } from '../shared/random';
import { EVENT_KINDS, INSIGHTS_NOW_MS, RETENTION_DAYS, orgEvents, renderEvent } from './events';
import { INSIGHTS_BASE, InsightsApi, type InsightsRequest } from './routes';
import { EventTexts, PageWriter } from './texts';

const START = new Date(INSIGHTS_NOW_MS - RETENTION_DAYS * DAY_MS).toISOString();

/** The integration's projection (src/jumpcloud/insights.ts AUTH_EVENT_FIELDS), as sent. */
const AUTH_FIELDS = [
  'timestamp',
  'event_type',
  'success',
  'sso_token_success',
  'mfa',
  'initiated_by.id',
  'initiated_by.type',
  'initiated_by.username',
  'initiated_by.email',
  'resource.id',
  'resource.email',
  'username',
  'application.id',
  'system.id',
];

/**
 * Projections: none, the integration's, whole objects, unknown fields, a prefix of another
 * field, a field twice, the fields under one prefix apart, a key that looks like an array index.
 */
const FIELD_SETS: Array<string[] | undefined> = [
  undefined,
  AUTH_FIELDS,
  ['initiated_by', 'application', '@version', 'id', 'nothing.here', 'system.hostname'],
  ['initiated_by.username', 'timestamp', 'initiated_by.id.deeper', 'initiated_by.type'],
  ['initiated_by', 'initiated_by.id'],
  ['success', 'success', 'mfa'],
  ['initiated_by.id', 'event_type', 'initiated_by.email', 'resource.id'],
  ['1', 'event_type', 'a.0'],
];

function request(apiKey: string, body: Record<string, unknown>): InsightsRequest {
  return {
    method: 'POST',
    pathname: `${INSIGHTS_BASE}/events`,
    headers: { 'x-api-key': apiKey },
    body: JSON.stringify(body),
  };
}

/** Headers but the request id, which counts requests per server. */
function comparable(headers: Record<string, string> | undefined) {
  const { 'X-Request-Id': _id, ...rest } = headers ?? {};
  return rest;
}

/** Every page of a query, `serve`d and `handle`d by two servers on the same data. */
async function comparePages(
  served: InsightsApi,
  reference: InsightsApi,
  apiKey: string,
  query: Record<string, unknown>,
  kinds: Set<string>,
): Promise<number> {
  let searchAfter: unknown;
  let rows = 0;
  for (let page = 0; page < 50; page++) {
    const body = searchAfter === undefined ? query : { ...query, search_after: searchAfter };
    const fast = await served.serve(request(apiKey, body));
    const old = reference.handle(request(apiKey, body));
    expect(fast.status).toBe(200);
    expect(fast.bytes?.toString('utf8')).toBe(JSON.stringify(old.body));
    expect(comparable(fast.headers)).toEqual(comparable(old.headers));
    const list = old.body as Array<Record<string, unknown>>;
    for (const row of list) if (typeof row.event_type === 'string') kinds.add(row.event_type);
    rows += list.length;
    if (list.length < Number(fast.headers?.['X-Limit'])) break;
    searchAfter = JSON.parse(String(fast.headers?.['X-Search_after']));
  }
  return rows;
}

describe('events pages served as text', () => {
  it.each([3, 11, 29])('are JSON.stringify of the rows, seed %i', async (seed) => {
    const sim = await startSimulator({ seed, users: 30, systems: 8, apps: 4, quiet: true });
    try {
      const served = new InsightsApi(sim.data, sim.apiKey);
      const reference = new InsightsApi(sim.data, sim.apiKey);
      const kinds = new Set<string>();
      let rows = 0;
      for (const fields of FIELD_SETS) {
        for (const sort of ['ASC', 'DESC']) {
          rows += await comparePages(
            served,
            reference,
            sim.apiKey,
            { service: ['all'], start_time: START, sort, limit: 700, fields },
            kinds,
          );
        }
      }
      // Narrower queries: one service, a search term on a rendered field, a time range.
      for (const query of [
        { service: ['sso'], start_time: START, limit: 50, fields: AUTH_FIELDS },
        {
          service: ['all'],
          start_time: START,
          limit: 100,
          search_term: { or: [{ 'initiated_by.type': 'admin' }, { success: false }] },
        },
        {
          service: ['directory', 'systems'],
          start_time: START,
          end_time: new Date(INSIGHTS_NOW_MS - 10 * DAY_MS).toISOString(),
          sort: 'DESC',
          limit: 1000,
          fields: ['system', 'initiated_by.username', 'event_type'],
        },
      ])
        rows += await comparePages(served, reference, sim.apiKey, query, kinds);
      expect(rows).toBeGreaterThan(0);
      expect([...kinds].sort()).toEqual([...new Set(EVENT_KINDS.map((k) => k.eventType))].sort());
    } finally {
      await sim.stop();
    }
  });

  it('are written from one template per signature', async () => {
    const sim = await startSimulator({ seed: 5, users: 60, systems: 12, apps: 6, quiet: true });
    try {
      const org = sim.data.orgs[0];
      const events = orgEvents(org);
      const texts = new EventTexts(org, events, (event) => event);
      const signatures = new Set<string>();
      for (let i = 0; i < events.count; i++) {
        const page = new PageWriter();
        texts.write(i, page);
        expect(page.done().toString('utf8')).toBe(JSON.stringify(renderEvent(org, events, i)));
        signatures.add(
          [events.kind[i], events.flags[i], events.actor[i], events.target[i]].join(' '),
        );
      }
      // The signatures counted here from the stored events, and several events each.
      expect(texts.templates).toBe(signatures.size);
      expect(events.count).toBeGreaterThan(3 * signatures.size);
    } finally {
      await sim.stop();
    }
  });

  it('are the bytes the server sends', async () => {
    const sim: RunningSimulator = await startSimulator({
      seed: 7,
      users: 40,
      systems: 10,
      apps: 5,
      quiet: true,
    });
    try {
      const reference = new InsightsApi(sim.data, sim.apiKey);
      for (const fields of [undefined, AUTH_FIELDS]) {
        const body = { service: ['all'], start_time: START, sort: 'DESC', limit: 10_000, fields };
        const res = await fetch(`${sim.url}${INSIGHTS_BASE}/events`, {
          method: 'POST',
          headers: { 'x-api-key': sim.apiKey, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        const text = await res.text();
        const old = reference.handle(request(sim.apiKey, body));
        expect(res.status).toBe(200);
        expect((old.body as unknown[]).length).toBeGreaterThan(1000);
        expect(text).toBe(JSON.stringify(old.body));
        expect(res.headers.get('x-result-count')).toBe(old.headers?.['X-Result-Count']);
        expect(res.headers.get('x-search_after')).toBe(old.headers?.['X-Search_after']);
      }
    } finally {
      await sim.stop();
    }
  });

  it('are parsed back when a paging knob alters the list', async () => {
    const sim = await startSimulator({
      seed: 7,
      users: 20,
      systems: 4,
      apps: 2,
      quiet: true,
      duplicatePathPattern: '^/insights/directory/v1/events$',
    });
    try {
      const reference = new InsightsApi(sim.data, sim.apiKey);
      // The knob pads a page shorter than the URL's `limit` (absent: 10): the first hour-long
      // window with 1 to 9 events.
      let body: Record<string, unknown> = {};
      let rows: unknown[] = [];
      for (let hour = 0; rows.length === 0 || rows.length >= 10; hour++) {
        const from = Date.parse(START) + hour * 3_600_000;
        body = {
          service: ['all'],
          start_time: new Date(from).toISOString(),
          end_time: new Date(from + 3_600_000).toISOString(),
          fields: AUTH_FIELDS,
        };
        rows = reference.handle(request(sim.apiKey, body)).body as unknown[];
      }
      const res = await fetch(`${sim.url}${INSIGHTS_BASE}/events`, {
        method: 'POST',
        headers: { 'x-api-key': sim.apiKey, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      // A short page: its first record again at its end (server.ts `duplicating`).
      expect(await res.text()).toBe(JSON.stringify([...rows, rows[0]]));
    } finally {
      await sim.stop();
    }
  });

  it('let the event loop turn while a page is built', async () => {
    const sim = await startSimulator({ seed: 7, users: 40, systems: 10, apps: 5, quiet: true });
    try {
      const api = new InsightsApi(sim.data, sim.apiKey);
      let turns = 0;
      let done = false;
      const tick = () => {
        if (done) return;
        turns += 1;
        setImmediate(tick);
      };
      setImmediate(tick);
      const reply = await api.serve(
        request(sim.apiKey, { service: ['all'], start_time: START, limit: 10_000 }),
      );
      done = true;
      const rows = Number(reply.headers?.['X-Result-Count']);
      expect(rows).toBeGreaterThan(2000);
      // One turn at least per 1,000 events rendered.
      expect(turns).toBeGreaterThanOrEqual(Math.floor((rows - 1) / 1000));
    } finally {
      await sim.stop();
    }
  });
});
