import { DEFAULT_SIMULATOR_API_KEY, startSimulator, type RunningSimulator } from './server';
import { get, getAll } from '../test-helpers';
import type { OrganizationListItem, SystemUser, V1List } from '../shared/types';

const UNAUTHORIZED = '{"error":"Unauthorized","message":"Unauthorized: api key user not found"}';
const NO_ORG = '{"message":"Unauthorized: no organization selected"}';
const ORG_HEADER_FORBIDDEN =
  '{"message":"Forbidden: organization selection not allowed via header","error":"Forbidden: organization selection not allowed via header"}';

describe('simulator: authentication', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ quiet: true });
  });
  afterAll(() => sim.stop());

  it('uses a 40-character default key', () => {
    expect(sim.apiKey).toBe(DEFAULT_SIMULATOR_API_KEY);
    expect(DEFAULT_SIMULATOR_API_KEY).toHaveLength(40);
  });

  it('a missing, empty or wrong x-api-key is 401 with JumpCloud’s body, on every route', async () => {
    for (const path of [
      '/api/organizations',
      '/api/systemusers',
      '/api/v2/usergroups',
      `/api/v2/systems/${sim.data.orgs[0].systems[0].id}/users`,
      '/api/v2/nowhere',
    ]) {
      for (const key of ['', 'wrong-key', `${sim.apiKey}x`]) {
        const res = await get(sim, path, { 'x-api-key': key });
        expect({ path, key, status: res.status, body: res.text }).toEqual({
          path,
          key,
          status: 401,
          body: UNAUTHORIZED,
        });
        expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
      }
    }
  });

  it('honours a custom key', async () => {
    const custom = await startSimulator({
      quiet: true,
      apiKey: 'jca_custom0123456789abcdef0123456789abcd',
    });
    try {
      expect((await get(custom, '/api/systemusers')).status).toBe(200);
      expect(
        (await get(custom, '/api/systemusers', { 'x-api-key': DEFAULT_SIMULATOR_API_KEY })).status,
      ).toBe(401);
    } finally {
      await custom.stop();
    }
  });
});

describe('simulator: single-tenant key', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ quiet: true, seed: 4 });
  });
  afterAll(() => sim.stop());

  it('lists its one organization with the recorded default projection', async () => {
    const res = await get<V1List<OrganizationListItem>>(sim, '/api/organizations');
    expect(res.json.totalCount).toBe(1);
    expect(Object.keys(res.json.results[0])).toEqual([
      '_id',
      'id',
      'displayName',
      'logoUrl',
      'created',
    ]);
    expect(res.json.results[0].id).toBe(sim.orgIds[0]);
  });

  it('does not need x-org-id; an empty one counts as absent; its own id is accepted', async () => {
    for (const headers of [{}, { 'x-org-id': '' }, { 'x-org-id': sim.orgIds[0] }] as Array<
      Record<string, string>
    >) {
      const res = await get<V1List<SystemUser>>(sim, '/api/systemusers', headers);
      expect(res.status).toBe(200);
      expect(res.json.totalCount).toBe(25);
    }
  });

  it('another well-formed org id is 404; a malformed one is 400', async () => {
    expect(
      (await get(sim, '/api/systemusers', { 'x-org-id': '0123456789abcdef01234567' })).status,
    ).toBe(404);
    expect((await get(sim, '/api/systemusers', { 'x-org-id': 'not-an-id' })).status).toBe(400);
  });

  it('x-org-id on /api/organizations is 403 with JumpCloud’s body, unless empty', async () => {
    const res = await get(sim, '/api/organizations', { 'x-org-id': sim.orgIds[0] });
    expect(res.status).toBe(403);
    expect(res.text).toBe(ORG_HEADER_FORBIDDEN);
    expect(
      (await get(sim, `/api/organizations/${sim.orgIds[0]}`, { 'x-org-id': sim.orgIds[0] })).status,
    ).toBe(403);
    expect((await get(sim, '/api/organizations', { 'x-org-id': '' })).status).toBe(200);
  });
});

describe('simulator: multi-tenant (MSP) key', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ quiet: true, seed: 4, orgs: 3, users: 12 });
  });
  afterAll(() => sim.stop());

  it('lists every organization without x-org-id', async () => {
    const orgs = await getAll<OrganizationListItem>(sim, '/api/organizations');
    expect(orgs.map((o) => o.id)).toEqual(sim.orgIds);
    expect(sim.orgIds).toHaveLength(3);
    expect(orgs[0].logoUrl).toBeNull();
    const page = await get<V1List<OrganizationListItem>>(sim, '/api/organizations?limit=1&skip=2');
    expect(page.json.totalCount).toBe(3);
    expect(page.json.results.map((o) => o.id)).toEqual([sim.orgIds[2]]);
  });

  it('tenant routes without x-org-id (or with an empty one) are 401 "no organization selected"', async () => {
    for (const headers of [{}, { 'x-org-id': '' }, { 'x-org-id': '   ' }] as Array<
      Record<string, string>
    >) {
      for (const path of ['/api/systemusers', '/api/v2/usergroups', '/api/v2/applemdms']) {
        const res = await get(sim, path, headers);
        expect({ path, status: res.status, body: res.text }).toEqual({
          path,
          status: 401,
          body: NO_ORG,
        });
      }
    }
  });

  it('x-org-id selects the tenant; objects of another tenant are 404', async () => {
    for (const [i, orgId] of sim.orgIds.entries()) {
      const users = await getAll<SystemUser>(sim, '/api/systemusers', { 'x-org-id': orgId });
      expect(users.map((u) => u.id)).toEqual(sim.data.orgs[i].users.map((u) => u.id));
      expect(users.every((u) => u.organization === orgId)).toBe(true);
    }
    const otherUser = sim.data.orgs[1].users[0].id;
    expect(
      (await get(sim, `/api/systemusers/${otherUser}`, { 'x-org-id': sim.orgIds[1] })).status,
    ).toBe(200);
    expect(
      (await get(sim, `/api/systemusers/${otherUser}`, { 'x-org-id': sim.orgIds[0] })).status,
    ).toBe(404);
  });

  it('x-org-id on /api/organizations is 403', async () => {
    const res = await get(sim, '/api/organizations', { 'x-org-id': sim.orgIds[1] });
    expect(res.status).toBe(403);
    expect(res.text).toBe(ORG_HEADER_FORBIDDEN);
  });

  it('an unknown org id is 404, a malformed one 400', async () => {
    expect(
      (await get(sim, '/api/systemusers', { 'x-org-id': 'ffffffffffffffffffffffff' })).status,
    ).toBe(404);
    expect((await get(sim, '/api/systemusers', { 'x-org-id': 'xyz' })).status).toBe(400);
  });
});
