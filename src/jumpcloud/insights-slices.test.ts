/**
 * Directory Insights read in time slices at once (./insights.ts): every row once whatever the
 * API does with a row exactly on a slice's edge, the count as the guard, and the same rows as
 * one list of pages read one after another.
 */
import { startSimulator } from '../../simulator';
import { JumpCloudHttp } from './http';
import { InsightsAuthEvent, InsightsWindow, iterateAuthEvents, sliceBoundaries } from './insights';
import { IncompleteListError } from './paginate';

// ---- a Directory Insights of rows held in memory --------------------------------------------

const T0 = Date.parse('2026-03-01T00:00:00.000Z');
const WINDOW: InsightsWindow = {
  start: new Date(T0).toISOString(),
  end: new Date(T0 + 2_500).toISOString(),
};

interface Row {
  id: string;
  ms: number;
}

/** Ten rows on every millisecond of the window: every slice edge falls on rows. */
const ROWS: Row[] = Array.from({ length: 25_000 }, (_, i) => ({
  id: `e${String(i).padStart(6, '0')}`,
  ms: T0 + Math.floor(i / 10),
}));

interface EdgeRules {
  /** Whether a row at `end_time` exactly is in the answer. */
  endInclusive: boolean;
  /** Whether a row at `start_time` exactly is in the answer (the guide's reading: yes). */
  startInclusive: boolean;
}

/** A JumpCloudHttp stand-in answering `/events` and `/events/count` as the guide describes. */
function inMemoryInsights(rules: EdgeRules) {
  const requests: Array<{ path: string; body: Record<string, unknown> }> = [];
  const inRange = (row: Row, body: Record<string, unknown>) => {
    const start = Date.parse(String(body.start_time));
    const end = Date.parse(String(body.end_time));
    const afterStart = rules.startInclusive ? row.ms >= start : row.ms > start;
    const beforeEnd = rules.endInclusive ? row.ms <= end : row.ms < end;
    return afterStart && beforeEnd;
  };
  const http = {
    baseUrl: 'http://insights.test',
    async request(path: string, options: { body: Record<string, unknown> }) {
      const body = options.body;
      requests.push({ path, body });
      const matching = ROWS.filter((row) => inRange(row, body));
      if (path.endsWith('/count')) {
        return { body: { count: matching.length }, headers: new Map<string, string>() };
      }
      const after = body.search_after as [number, string] | undefined;
      const from = after
        ? matching.findIndex(
            (row) => row.ms > after[0] || (row.ms === after[0] && row.id > after[1]),
          )
        : 0;
      const limit = Number(body.limit);
      const page = from < 0 ? [] : matching.slice(from, from + limit);
      const last = page[page.length - 1];
      const headers = new Map<string, string>([
        ['x-result-count', String(page.length)],
        ['x-limit', String(limit)],
      ]);
      if (last) headers.set('x-search_after', JSON.stringify([last.ms, last.id]));
      const events: InsightsAuthEvent[] = page.map((row) => ({
        id: row.id,
        timestamp: new Date(row.ms).toISOString(),
        event_type: 'user_login_attempt',
        success: true,
      }));
      return { body: events, headers };
    },
  };
  return { http: http as unknown as JumpCloudHttp, requests };
}

async function readAll(http: JumpCloudHttp, maxSlices?: number) {
  const ids: string[] = [];
  const result = await iterateAuthEvents(
    http,
    'org',
    WINDOW,
    (event) => {
      ids.push(String(event.id));
    },
    maxSlices,
  );
  return { ids, result };
}

describe('a window of more rows than a page: slices read at once', () => {
  test.each([
    ['end_time exclusive', { startInclusive: true, endInclusive: false }],
    [
      'end_time inclusive (rows on an edge come twice)',
      { startInclusive: true, endInclusive: true },
    ],
  ])('%s: every row exactly once, the count matched', async (_name, rules) => {
    const { http, requests } = inMemoryInsights(rules);
    const { ids, result } = await readAll(http);
    expect(ids.length).toBe(ROWS.length);
    expect(new Set(ids).size).toBe(ROWS.length);
    expect(result).toMatchObject({ count: ROWS.length, total: ROWS.length });
    // One count; the first page (ms 0-999); then two slices for the 15,000 rows left (pages
    // of 10,000): ms 1,000-1,748 and 1,749-2,499, a short page each.
    expect(requests.filter((r) => r.path.endsWith('/count'))).toHaveLength(1);
    expect(result.pages).toBe(3);
    const starts = new Set(requests.map((r) => r.body.start_time));
    expect(starts.size).toBe(2);
  });

  test('a row lost on an edge (start_time exclusive) fails the list: never short', async () => {
    const { http } = inMemoryInsights({ startInclusive: false, endInclusive: false });
    const failure = await readAll(http).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(IncompleteListError);
    expect((failure as IncompleteListError).reason).toBe('ended-short');
    expect((failure as IncompleteListError).total).toBe(ROWS.length - 10);
  });

  test('one list when asked for one slice: the same rows, page after page', async () => {
    const { http, requests } = inMemoryInsights({ startInclusive: true, endInclusive: false });
    const { ids, result } = await readAll(http, 1);
    expect(ids).toEqual(ROWS.map((row) => row.id));
    expect(result.pages).toBe(3);
    expect(new Set(requests.map((r) => r.body.start_time)).size).toBe(1);
  });
});

describe('sliceBoundaries', () => {
  const page = (lastMs: number, rows = 10_000) => ({
    items: Array.from({ length: rows }, () => ({ timestamp: new Date(lastMs).toISOString() })),
    limit: rows,
  });

  test('no slices when the first page was not full, or one page is left', () => {
    expect(sliceBoundaries({ items: [], limit: 10_000 }, 0, WINDOW, 8)).toBeUndefined();
    expect(sliceBoundaries(page(T0 + 100), 15_000, WINDOW, 8)).toBeUndefined();
  });

  test('at most one slice per page left and maxSlices, edges rising on whole ms to the end', () => {
    const slices = sliceBoundaries(page(T0 + 99), 100_000, WINDOW, 8)!;
    expect(slices).toHaveLength(8);
    expect(slices[0].start).toBe(T0 + 99);
    expect(slices[slices.length - 1].end).toBe(T0 + 2_500);
    for (let k = 1; k < slices.length; k++) {
      expect(slices[k].start).toBe(slices[k - 1].end);
      expect(slices[k].end).toBeGreaterThan(slices[k].start);
      expect(Number.isInteger(slices[k].start)).toBe(true);
    }
    expect(sliceBoundaries(page(T0 + 99), 40_000, WINDOW, 8)).toHaveLength(3);
  });
});

// ---- against the simulator --------------------------------------------------------------------

test('the simulator: sliced and page-after-page reads give the same rows; the slices overlap', async () => {
  const simulator = await startSimulator({
    seed: 3,
    users: 60,
    groups: 2,
    apps: 6,
    systems: 30,
    quiet: true,
    // A latency, so that requests sent together are in flight together (the chain counts
    // requests that waited for one another).
    latencyMs: 20,
    insights: { perPairPerWeek: 40 },
  });
  try {
    const http = new JumpCloudHttp({ apiKey: simulator.apiKey, baseUrl: simulator.url });
    const orgId = simulator.orgIds[0];
    const info = (await (await fetch(`${simulator.url}/__simulator/info`)).json()) as {
      asOf: string;
    };
    const end = Date.parse(info.asOf);
    const window = { start: new Date(end - 90 * 86_400_000).toISOString(), end: info.asOf };
    const read = async (maxSlices: number) => {
      await fetch(`${simulator.url}/__simulator/stats/reset`, { method: 'POST' });
      const rows: string[] = [];
      const result = await iterateAuthEvents(
        http,
        orgId,
        window,
        (event) => {
          rows.push(JSON.stringify(event));
        },
        maxSlices,
      );
      const stats = simulator.stats();
      return { rows: rows.sort(), result, chain: stats.longestChain };
    };
    const one = await read(1);
    const sliced = await read(8);
    expect(one.result.pages).toBeGreaterThanOrEqual(4);
    expect(sliced.rows).toEqual(one.rows);
    expect(sliced.result.count).toBe(one.result.total);
    // Pages of the slices went out together: fewer requests waited for the one before.
    expect(sliced.chain).toBeLessThan(one.chain);
    // At most one partial page per slice more than one list needs.
    expect(sliced.result.pages).toBeLessThanOrEqual(one.result.pages + 7);
  } finally {
    await simulator.stop();
  }
}, 120_000);
