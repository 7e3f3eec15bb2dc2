/**
 * The simulator's Directory Insights: paging by `search_after` as the guide describes it,
 * `/events/count` and `/events/distinct`, the modes and faults, the consistency of events with
 * the directory, and the contract: request bodies against `EventQuery` /
 * `EventDistinctQuery` and 200 bodies against the response schemas of
 * directory-insights.json (Swagger 2.0, validated with ajv).
 */
import fs from 'fs';
import Ajv from 'ajv';
import fetch from 'node-fetch';

import { startSimulator, type RunningSimulator, type SimulatorOptions } from '..';
import { DAY_MS } from '../shared/random';
import { expectedUserApplicationAccess, expectedUserSystemAccess } from '../directory/expected';
import { EVENT_KINDS, INSIGHTS_NOW_MS, KIND, isoTime, orgEvents, RETENTION_DAYS } from './events';
import { expectedActivity } from './expected';
import { INSIGHTS_BASE } from './routes';

const SPEC_PATH = `${__dirname}/../contract/specs/directory-insights.json`;
const spec = JSON.parse(fs.readFileSync(SPEC_PATH, 'utf8')) as {
  definitions: Record<string, unknown>;
  paths: Record<string, { post: { responses: { 200: { schema: unknown } } } }>;
};
const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addSchema({ definitions: spec.definitions }, 'di');
const validateQuery = ajv.compile({ $ref: 'di#/definitions/EventQuery' });
const validateDistinctQuery = ajv.compile({ $ref: 'di#/definitions/EventDistinctQuery' });
const responseValidator = (path: string) => {
  const schema = JSON.stringify(spec.paths[path].post.responses[200].schema).replace(
    /"#\/definitions\//g,
    '"di#/definitions/',
  );
  return ajv.compile(JSON.parse(schema) as object);
};
const validateEvents = responseValidator('/events');
const validateCount = responseValidator('/events/count');
const validateDistinct = responseValidator('/events/distinct');

const START = new Date(INSIGHTS_NOW_MS - RETENTION_DAYS * DAY_MS).toISOString();
const END = new Date(INSIGHTS_NOW_MS).toISOString();

/**
 * The request body against the specification, except two members where the guide and the
 * schema disagree and the guide's examples are followed: `search_after` (the schema says
 * strings; the guide's header and request examples send `[1576181718000, "DZrP..."]`, a
 * number then a string) and `search_term` (the schema's TermConjunction is an object; every
 * example of the guide gives `and`/`or` a list of terms).
 */
function validBody(path: string, body: Record<string, unknown>): boolean {
  const { search_after: _after, search_term: _term, ...checked } = body;
  return path === '/events/distinct' ? validateDistinctQuery(checked) : validateQuery(checked);
}

async function post(
  sim: RunningSimulator,
  path: string,
  body: Record<string, unknown>,
  orgId?: string,
) {
  expect(validBody(path, body)).toBe(true);
  const res = await fetch(`${sim.url}${INSIGHTS_BASE}${path}`, {
    method: 'POST',
    headers: {
      'x-api-key': sim.apiKey,
      'content-type': 'application/json',
      ...(orgId ? { 'x-org-id': orgId } : {}),
    },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: JSON.parse(text) as unknown };
}

async function withSim(options: SimulatorOptions, run: (sim: RunningSimulator) => Promise<void>) {
  const sim = await startSimulator({
    seed: 5,
    users: 40,
    systems: 12,
    apps: 4,
    quiet: true,
    ...options,
  });
  try {
    await run(sim);
  } finally {
    await sim.stop();
  }
}

const QUERY = { service: ['all'], start_time: START, end_time: END };

describe('Directory Insights on the simulator', () => {
  it('pages every event once by search_after, in time order, agreeing with count and the truth', async () => {
    await withSim({}, async (sim) => {
      const org = sim.data.orgs[0];
      const truth = expectedActivity(org, Date.parse(START), Date.parse(END));
      const ids = new Set<string>();
      let searchAfter: unknown;
      let pages = 0;
      let previous = '';
      for (;;) {
        const body = {
          ...QUERY,
          limit: 100,
          ...(searchAfter ? { search_after: searchAfter } : {}),
        };
        const page = await post(sim, '/events', body);
        expect(page.status).toBe(200);
        expect(validateEvents(page.json)).toBe(true);
        const rows = page.json as Array<{ id: string; timestamp: string }>;
        pages += 1;
        expect(Number(page.headers.get('x-result-count'))).toBe(rows.length);
        expect(page.headers.get('x-limit')).toBe('100');
        expect(page.headers.get('x-sort')).toBe('ASC');
        for (const row of rows) {
          expect(ids.has(row.id)).toBe(false);
          ids.add(row.id);
          expect(row.timestamp >= previous).toBe(true);
          previous = row.timestamp;
        }
        const header = page.headers.get('x-search_after');
        expect(header).not.toBeNull();
        searchAfter = JSON.parse(header as string);
        if (rows.length < 100) break;
      }
      expect(ids.size).toBe(truth.eventsInWindow);
      expect(pages).toBe(Math.floor(truth.eventsInWindow / 100) + 1);
      const count = await post(sim, '/events/count', QUERY);
      expect(validateCount(count.json)).toBe(true);
      expect(count.json).toEqual({ count: truth.eventsInWindow });
    });
  });

  it('answers a limit above 10,000 with the default page of 1,000 and projects fields', async () => {
    await withSim({ insights: { perPairPerWeek: 6 } }, async (sim) => {
      const page = await post(sim, '/events', {
        ...QUERY,
        limit: 20_000,
        fields: ['timestamp', 'event_type', 'initiated_by.id'],
      });
      expect(page.headers.get('x-limit')).toBe('1000');
      const rows = page.json as Array<Record<string, unknown>>;
      expect(rows.length).toBe(1000);
      for (const row of rows) {
        expect(
          Object.keys(row).every((k) => ['timestamp', 'event_type', 'initiated_by'].includes(k)),
        ).toBe(true);
        if (row.initiated_by) expect(Object.keys(row.initiated_by as object)).toEqual(['id']);
      }
      expect((await post(sim, '/events', { ...QUERY, fields: [] })).status).toBe(400);
    });
  });

  it('filters by event_type and serves no IP, user agent or geolocation', async () => {
    await withSim({}, async (sim) => {
      const page = await post(sim, '/events', {
        ...QUERY,
        limit: 10_000,
        search_term: { or: [{ event_type: ['sso_auth', 'login_attempt'] }] },
      });
      const rows = page.json as Array<Record<string, unknown>>;
      expect(rows.length).toBeGreaterThan(0);
      expect(new Set(rows.map((r) => r.event_type))).toEqual(
        new Set(['sso_auth', 'login_attempt']),
      );
      const text = JSON.stringify(rows);
      for (const banned of ['client_ip', 'useragent', 'geoip', 'src_ip'])
        expect(text).not.toContain(banned);
    });
  });

  it('counts distinct values in terms buckets', async () => {
    await withSim({}, async (sim) => {
      const body = { ...QUERY, field: 'event_type' };
      const answer = await post(sim, '/events/distinct', body);
      expect(validateDistinct(answer.json)).toBe(true);
      const { buckets, sum_other_doc_count } = answer.json as {
        buckets: Array<{ key: string; doc_count: number }>;
        sum_other_doc_count: number;
      };
      expect(sum_other_doc_count).toBe(0);
      const events = orgEvents(sim.data.orgs[0]);
      const byKind = new Map<string, number>();
      for (let i = 0; i < events.count; i++) {
        const type = EVENT_KINDS[events.kind[i]].eventType;
        byKind.set(type, (byKind.get(type) ?? 0) + 1);
      }
      expect(new Map(buckets.map((b) => [b.key, b.doc_count]))).toEqual(byKind);
    });
  });

  it.each([
    ['forbidden', 403],
    ['absent', 404],
    ['unlicensed', 402],
  ] as const)('mode %s answers %i', async (mode, status) => {
    await withSim({ insights: { mode } }, async (sim) => {
      expect((await post(sim, '/events', QUERY)).status).toBe(status);
      expect((await post(sim, '/events/count', QUERY)).status).toBe(status);
    });
  });

  it('faults: search_after ignored, a full page without the header, distinct truncated', async () => {
    await withSim({ insights: { fault: 'repeat-search-after' } }, async (sim) => {
      const first = await post(sim, '/events', { ...QUERY, limit: 10 });
      const token = JSON.parse(first.headers.get('x-search_after') as string) as unknown;
      const second = await post(sim, '/events', { ...QUERY, limit: 10, search_after: token });
      expect(second.json).toEqual(first.json);
    });
    await withSim({ insights: { fault: 'no-search-after-header' } }, async (sim) => {
      const full = await post(sim, '/events', { ...QUERY, limit: 10 });
      expect((full.json as unknown[]).length).toBe(10);
      expect(full.headers.get('x-search_after')).toBeNull();
    });
    await withSim({ insights: { fault: 'distinct-truncated' } }, async (sim) => {
      const answer = await post(sim, '/events/distinct', { ...QUERY, field: 'event_type' });
      const body = answer.json as { buckets: unknown[]; sum_other_doc_count: number };
      expect(body.buckets).toHaveLength(3);
      expect(body.sum_other_doc_count).toBeGreaterThan(0);
    });
  });

  it('needs x-org-id for a multi-tenant key and serves each org its own events', async () => {
    await withSim({ orgs: 2, users: 10 }, async (sim) => {
      expect((await post(sim, '/events', QUERY)).status).toBe(401);
      for (const org of sim.data.orgs) {
        const rows = (await post(sim, '/events', { ...QUERY, limit: 10_000 }, org.id))
          .json as Array<{
          organization: string;
        }>;
        expect(rows.length).toBe(orgEvents(org).count);
        expect(rows.every((r) => r.organization === org.id)).toBe(true);
      }
    });
  });
});

describe('events agree with the directory', () => {
  it('users sign in only to what they can reach; suspended users only long ago', async () => {
    await withSim({}, async (sim) => {
      const org = sim.data.orgs[0];
      const events = orgEvents(org);
      const apps = new Set(
        expectedUserApplicationAccess(org).map((a) => `${a.userId}|${a.applicationId}`),
      );
      const systems = new Set(
        expectedUserSystemAccess(org).map((a) => `${a.userId}|${a.systemId}`),
      );
      let sso = 0;
      let logins = 0;
      for (let i = 0; i < events.count; i++) {
        const kind = events.kind[i];
        const user = org.users[events.actor[i]];
        if (kind === KIND.sso) {
          sso += 1;
          expect(apps.has(`${user.id}|${org.applications[events.target[i]].id}`)).toBe(true);
        }
        if (kind === KIND.system) {
          logins += 1;
          expect(systems.has(`${user.id}|${org.systems[events.target[i]].id}`)).toBe(true);
        }
        if (kind !== KIND.admin && kind !== KIND.userUpdate && user.suspended)
          expect(events.timestamp[i]).toBeLessThanOrEqual(INSIGHTS_NOW_MS - 60 * DAY_MS);
        expect(events.timestamp[i]).toBeGreaterThanOrEqual(
          INSIGHTS_NOW_MS - RETENTION_DAYS * DAY_MS,
        );
      }
      expect(sso).toBeGreaterThan(0);
      expect(logins).toBeGreaterThan(0);
      const truth = expectedActivity(org, INSIGHTS_NOW_MS - 30 * DAY_MS, INSIGHTS_NOW_MS);
      const admins = [...truth.administrators.values()];
      expect(admins.some((a) => a.loggedInWithoutMfa)).toBe(true);
      expect(admins.some((a) => !a.loggedInWithoutMfa && a.successfulLogins > 0)).toBe(true);
      // Some active users and some assignments are never used.
      expect(truth.users.size).toBeLessThan(org.users.length);
      expect(truth.applications.size).toBeLessThan(apps.size);
    });
  });
});

describe('isoTime', () => {
  it("writes every event's time as Date's toISOString does, and the edges of days", async () => {
    await withSim({}, async (sim) => {
      const events = orgEvents(sim.data.orgs[0]);
      expect(events.count).toBeGreaterThan(1000);
      for (let i = 0; i < events.count; i++) {
        const t = events.timestamp[i];
        expect(isoTime(t)).toBe(new Date(t).toISOString());
      }
    });
    for (const t of [0, 1, 9, 99, 999, 1000, DAY_MS - 1, DAY_MS, 951_782_400_000, 253402300799999])
      expect(isoTime(t)).toBe(new Date(t).toISOString());
    expect(isoTime(1.5)).toBe(new Date(1.5).toISOString());
  });
});
