import fetch from 'node-fetch';
import { startSimulator, type RunningSimulator } from './server';
import { get, getAll } from '../test-helpers';
import type { SystemUser, UserGroup, V1List } from '../shared/types';

describe('simulator: lists, paging, sorting and single records', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ quiet: true, seed: 5, users: 230, systems: 40, groups: 14 });
  });
  afterAll(() => sim.stop());

  const org = () => sim.data.orgs[0];

  it('v1 lists are {totalCount, results} with _id and id, 10 per page by default', async () => {
    const res = await get<V1List<SystemUser>>(sim, '/api/systemusers');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('link')).toBeNull();
    expect(res.headers.get('x-total-count')).toBeNull();
    expect(Object.keys(res.json)).toEqual(['totalCount', 'results']);
    expect(res.json.totalCount).toBe(230);
    expect(res.json.results).toHaveLength(10);
    expect(res.json.results[0]._id).toBe(res.json.results[0].id);
    expect(res.json.results).toEqual(org().users.slice(0, 10));
  });

  it('v2 lists are bare arrays with x-total-count, 10 per page by default', async () => {
    const res = await get<UserGroup[]>(sim, '/api/v2/usergroups');
    expect(Array.isArray(res.json)).toBe(true);
    expect(res.json).toHaveLength(10);
    expect(res.headers.get('x-total-count')).toBe('14');
    expect(res.json[0]).not.toHaveProperty('_id');
    const rest = await get<UserGroup[]>(sim, '/api/v2/usergroups?skip=10');
    expect(rest.json.map((g) => g.id)).toEqual(
      org()
        .userGroups.slice(10)
        .map((g) => g.id),
    );
  });

  it('/applemdms returns one per page by default', async () => {
    const res = await get<unknown[]>(sim, '/api/v2/applemdms');
    expect(res.json).toHaveLength(1);
    expect(res.headers.get('x-total-count')).toBe('1');
  });

  it('pages with limit and skip cover every record exactly once', async () => {
    const all = await getAll<SystemUser>(sim, '/api/systemusers');
    expect(all.map((u) => u.id)).toEqual(org().users.map((u) => u.id));
    const page = await get<V1List<SystemUser>>(sim, '/api/systemusers?limit=7&skip=221');
    expect(page.json.totalCount).toBe(230);
    expect(page.json.results.map((u) => u.id)).toEqual(
      org()
        .users.slice(221, 228)
        .map((u) => u.id),
    );
    const last = await get<V1List<SystemUser>>(sim, '/api/systemusers?limit=100&skip=200');
    expect(last.json.results).toHaveLength(30);
  });

  it('skip past the end is 200 with an empty page and the true total', async () => {
    const v1 = await get<V1List<unknown>>(sim, '/api/systems?skip=5000');
    expect(v1.status).toBe(200);
    expect(v1.json).toEqual({ totalCount: 40, results: [] });
    const v2 = await get<unknown[]>(sim, '/api/v2/usergroups?skip=14');
    expect(v2.status).toBe(200);
    expect(v2.json).toEqual([]);
    expect(v2.headers.get('x-total-count')).toBe('14');
  });

  it('limit above 100 is a 400 with JumpCloud’s message, on v1 and v2', async () => {
    for (const path of [
      '/api/systemusers?limit=101',
      '/api/systems?limit=1000',
      '/api/v2/usergroups?limit=101',
      `/api/v2/systems/${org().systems[0].id}/users?limit=500`,
    ]) {
      const res = await get(sim, path);
      expect({ path, status: res.status }).toEqual({ path, status: 400 });
      expect(res.text).toBe(
        '{"message":"Bad Request: request parameter \\"limit\\" exceeds maximum value of 100"}',
      );
    }
    expect((await get(sim, '/api/systemusers?limit=100')).status).toBe(200);
  });

  it('negative or non-numeric limit and skip are 400', async () => {
    for (const q of ['limit=-1', 'limit=abc', 'limit=1.5', 'skip=-3', 'skip=x']) {
      const res = await get<{ message: string }>(sim, `/api/systemusers?${q}`);
      expect({ q, status: res.status }).toEqual({ q, status: 400 });
      expect(res.json.message).toMatch(/^Bad Request: /);
    }
  });

  it('sorts by _id ascending and descending; id order is the default', async () => {
    const ids = org().users.map((u) => u.id);
    const asc = await get<V1List<SystemUser>>(sim, '/api/systemusers?sort=_id&limit=5');
    expect(asc.json.results.map((u) => u.id)).toEqual(ids.slice(0, 5));
    const desc = await get<V1List<SystemUser>>(sim, '/api/systemusers?sort=-_id&limit=5&skip=2');
    expect(desc.json.results.map((u) => u.id)).toEqual([...ids].reverse().slice(2, 7));
    const v2desc = await getAll<UserGroup>(sim, '/api/v2/usergroups?sort=-id');
    expect(v2desc.map((g) => g.id)).toEqual(
      org()
        .userGroups.map((g) => g.id)
        .reverse(),
    );
    const byName = await getAll<SystemUser>(sim, '/api/systemusers?sort=username');
    expect(byName.map((u) => u.username)).toEqual(
      org()
        .users.map((u) => u.username)
        .sort(),
    );
  });

  it('applications are sorted by name by default (v1.json default), ties by id', async () => {
    const apps = await getAll<{ name: string; id: string }>(sim, '/api/applications');
    const expected = [...org().applications].sort((a, b) =>
      a.name === b.name ? (a.id < b.id ? -1 : 1) : a.name < b.name ? -1 : 1,
    );
    expect(apps.map((a) => a.id)).toEqual(expected.map((a) => a.id));
  });

  it('single records by id; unknown ids are 404', async () => {
    const user = org().users[17];
    expect((await get(sim, `/api/systemusers/${user.id}`)).json).toEqual(user);
    const system = org().systems[3];
    expect((await get(sim, `/api/systems/${system.id}`)).json).toEqual(system);
    const app = org().applications[1];
    expect((await get(sim, `/api/applications/${app.id}`)).json).toEqual(app);
    expect((await get(sim, `/api/v2/usergroups/${org().userGroups[2].id}`)).json).toEqual(
      org().userGroups[2],
    );
    for (const path of [
      '/api/systemusers/000000000000000000000000',
      '/api/systems/nope',
      `/api/v2/systems/${org().users[0].id}/users`,
      '/api/v2/usergroups/0123456789abcdef01234567/members',
      '/api/v2/applemdms/0123456789abcdef01234567/devices',
    ]) {
      const res = await get(sim, path);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
    }
  });

  it('unknown paths are 404 and other methods 405', async () => {
    expect((await get(sim, '/api/v2/nothing-here')).status).toBe(404);
    expect((await get(sim, '/')).status).toBe(404);
    const post = await fetch(`${sim.url}/api/systemusers`, {
      method: 'POST',
      headers: { 'x-api-key': sim.apiKey },
      body: '{}',
    });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET');
  });

  it('filter and search are refused loudly rather than ignored', async () => {
    const res = await get<{ message: string }>(sim, '/api/systemusers?filter=username:$eq:x');
    expect(res.status).toBe(400);
    expect(res.json.message).toContain('simulator does not implement');
  });

  it('never serves FDE recovery keys, and counts every attempt', async () => {
    sim.resetStats();
    const res = await get(sim, `/api/v2/systems/${org().systems[0].id}/fdekey`);
    expect(res.status).toBe(403);
    expect(res.text).not.toContain('key":');
    const stats = (
      await get<{ fdekeyRequests: number; requests: { byEndpoint: Record<string, number> } }>(
        sim,
        '/__simulator/stats',
        { 'x-api-key': '' },
      )
    ).json;
    expect(stats.fdekeyRequests).toBe(1);
    expect(stats.requests.byEndpoint['GET /api/v2/systems/{id}/fdekey']).toBe(1);
  });

  it('reports request counts per route template at /__simulator/stats without a key', async () => {
    sim.resetStats();
    await get(sim, `/api/v2/systems/${org().systems[0].id}/users`);
    await get(sim, `/api/v2/systems/${org().systems[1].id}/users`);
    await get(sim, '/api/systemusers?limit=101');
    await get(sim, '/api/v2/unknown');
    const res = await fetch(`${sim.url}/__simulator/stats`);
    expect(res.status).toBe(200);
    const stats = (await res.json()) as ReturnType<RunningSimulator['stats']>;
    expect(stats.requests.total).toBe(4);
    expect(stats.requests.byEndpoint).toEqual({
      'GET (unmatched)': 1,
      'GET /api/systemusers': 1,
      'GET /api/v2/systems/{id}/users': 2,
    });
    expect(stats.requests.byStatus).toEqual({ '200': 2, '400': 1, '404': 1 });
    expect(stats.rateLimited).toBe(0);
    expect(stats.maxInFlightSeen).toBeGreaterThanOrEqual(1);
    expect(stats).toEqual(sim.stats());
    const reset = await fetch(`${sim.url}/__simulator/stats/reset`, { method: 'POST' });
    expect(reset.status).toBe(200);
    expect(sim.stats().requests.total).toBe(0);
  });
});

describe('simulator: determinism over HTTP', () => {
  it('two servers with the same seed answer byte for byte the same', async () => {
    const a = await startSimulator({ quiet: true, seed: 21 });
    const b = await startSimulator({ quiet: true, seed: 21 });
    const c = await startSimulator({ quiet: true, seed: 22 });
    try {
      const org = a.data.orgs[0];
      const paths = [
        '/api/organizations',
        '/api/systemusers?limit=100',
        '/api/systems?limit=100',
        '/api/applications?limit=100',
        '/api/v2/usergroups?limit=100',
        `/api/v2/systems/${org.systems[0].id}/users?limit=100`,
        `/api/v2/applications/${org.applications[0].id}/users?limit=100`,
        `/api/v2/applemdms/${org.appleMdm?.id}/devices?limit=100`,
      ];
      for (const path of paths) {
        const [x, y, z] = await Promise.all([get(a, path), get(b, path), get(c, path)]);
        expect(x.status).toBe(200);
        expect(y.text).toBe(x.text);
        expect(z.text).not.toBe(x.text);
      }
    } finally {
      await Promise.all([a.stop(), b.stop(), c.stop()]);
    }
  });
});

describe('simulator: Apple MDM modes', () => {
  it('absent: /applemdms is an empty list', async () => {
    const sim = await startSimulator({ quiet: true, appleMdm: 'absent' });
    try {
      const res = await get<unknown[]>(sim, '/api/v2/applemdms');
      expect(res.status).toBe(200);
      expect(res.json).toEqual([]);
      expect(res.headers.get('x-total-count')).toBe('0');
    } finally {
      await sim.stop();
    }
  });

  it('forbidden: 403 on /applemdms and on its devices', async () => {
    const sim = await startSimulator({ quiet: true, appleMdm: 'forbidden' });
    try {
      expect((await get(sim, '/api/v2/applemdms')).status).toBe(403);
      const mdmId = sim.data.orgs[0].appleMdm?.id;
      expect((await get(sim, `/api/v2/applemdms/${mdmId}/devices`)).status).toBe(403);
      expect((await get(sim, '/api/systemusers')).status).toBe(200);
    } finally {
      await sim.stop();
    }
  });
});
