import fetch from 'node-fetch';
import { fewestPages, listKey } from './fewest';
import { startSimulator, type RunningSimulator, type SimulatorStats } from './server';
import { get } from '../test-helpers';
import { INSIGHTS_NOW_MS } from '../insights/events';

describe('fewestPages', () => {
  it('is the pages at the largest page size, at least one', () => {
    expect(fewestPages(0, 100)).toBe(1);
    expect(fewestPages(1, 100)).toBe(1);
    expect(fewestPages(100, 100)).toBe(1);
    expect(fewestPages(101, 100)).toBe(2);
    expect(fewestPages(230, 100)).toBe(3);
    expect(fewestPages(20_001, 10_000)).toBe(3);
  });
});

describe('listKey', () => {
  it('ignores paging, sort and parameter order, keeps the rest of the query and the org', () => {
    const key = (query: string, org = '') =>
      listKey('GET', '/api/systemusers', new URLSearchParams(query), org);
    expect(key('limit=1')).toBe(key('skip=200&limit=100'));
    expect(key('sort=_id&fields=a b')).toBe(key('fields=a b&limit=5&sort=_id'));
    expect(key('sort=_id')).toBe(key('limit=1'));
    expect(key('fields=a')).not.toBe(key('fields=b'));
    expect(key('filter=x')).not.toBe(key(''));
    expect(key('')).not.toBe(key('', '5f0000000000000000000001'));
  });
});

describe('simulator stats: fewestRequests', () => {
  let sim: RunningSimulator;
  // 230 users: three pages of 100. 100 systems: exactly one full page. 14 user groups.
  beforeAll(async () => {
    sim = await startSimulator({ quiet: true, seed: 5, users: 230, systems: 100, groups: 14 });
  });
  afterAll(() => sim.stop());
  beforeEach(() => sim.resetStats());

  it('counts a list over several pages once, at the largest page size', async () => {
    // Read at 10 per page: 23 requests, the floor is still 3.
    for (let skip = 0; skip < 230; skip += 10) {
      await get(sim, `/api/systemusers?limit=10&skip=${skip}`);
    }
    await get(sim, '/api/systemusers?limit=1');
    const stats = sim.stats();
    expect(stats.requests.byEndpoint['GET /api/systemusers']).toBe(24);
    expect(stats.fewestRequests).toEqual({
      total: 3,
      byEndpoint: { 'GET /api/systemusers': 3 },
    });
  });

  it('a list whose total is exactly a page is one request; the empty page after it is extra', async () => {
    await get(sim, '/api/systems?limit=100');
    await get(sim, '/api/systems?limit=100&skip=100');
    const stats = sim.stats();
    expect(stats.requests.byEndpoint['GET /api/systems']).toBe(2);
    expect(stats.fewestRequests.byEndpoint).toEqual({ 'GET /api/systems': 1 });
  });

  it('each distinct list counts once, whatever its order; a single object is one', async () => {
    const [user] = sim.data.orgs[0].users;
    await get(sim, '/api/v2/usergroups?limit=100');
    await get(sim, '/api/v2/usergroups?limit=100&sort=-id');
    await get(sim, '/api/v2/usergroups?limit=1');
    await get(sim, `/api/systemusers/${user.id}`);
    await get(sim, `/api/systemusers/${user.id}`);
    const memberships = sim.data.orgs[0].userGroups.slice(0, 2);
    for (const group of memberships) await get(sim, `/api/v2/usergroups/${group.id}/members`);
    expect(sim.stats().fewestRequests).toEqual({
      total: 4,
      byEndpoint: {
        'GET /api/systemusers/{id}': 1,
        'GET /api/v2/usergroups': 1,
        'GET /api/v2/usergroups/{id}/members': 2,
      },
    });
  });

  it('Directory Insights: time slices within a window read are that list, not lists of their own', async () => {
    const events = async (start: number, end: number, limit = 10_000) => {
      const res = await fetch(`${sim.url}/insights/directory/v1/events`, {
        method: 'POST',
        headers: { 'x-api-key': sim.apiKey, 'content-type': 'application/json' },
        body: JSON.stringify({
          service: ['all'],
          start_time: new Date(start).toISOString(),
          end_time: new Date(end).toISOString(),
          limit,
        }),
      });
      expect(res.status).toBe(200);
      return (await res.json()) as unknown[];
    };
    const day = 24 * 3600 * 1000;
    const end = INSIGHTS_NOW_MS;
    const start = end - 2 * day;
    // The window as one list (one page), then the first page of each of its halves.
    const whole = await events(start, end);
    expect(whole.length).toBeGreaterThan(200);
    expect(whole.length).toBeLessThan(10_000);
    expect(await events(start, start + day, 100)).toHaveLength(100);
    expect(await events(start + day, end, 100)).toHaveLength(100);
    expect(sim.stats().fewestRequests.byEndpoint).toEqual({
      'POST /insights/directory/v1/events': 1,
    });
    // A window not within the first is a list of its own.
    await events(start - day, start);
    expect(sim.stats().fewestRequests.byEndpoint).toEqual({
      'POST /insights/directory/v1/events': 2,
    });
  });

  it('System Insights tables page by 10000; an unpaged list is one request', async () => {
    const rows = sim.data.orgs[0].systems.length;
    await get(sim, '/api/v2/systeminsights/system_info?limit=10');
    await get(sim, '/api/v2/assets/field-configurations');
    // Over HTTP, as the benchmark reads it.
    const stats = (await (await fetch(`${sim.url}/__simulator/stats`)).json()) as SimulatorStats;
    expect(rows).toBeLessThan(10_000);
    expect(stats.fewestRequests).toEqual({
      total: 2,
      byEndpoint: {
        'GET /api/v2/assets/field-configurations': 1,
        'GET /api/v2/systeminsights/system_info': 1,
      },
    });
  });
});
