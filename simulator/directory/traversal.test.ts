import {
  expectedUserApplicationAccess,
  expectedUserSystemAccess,
  type UserSystemRoute,
} from './expected';
import { startSimulator, type RunningSimulator } from '../server/server';
import { get, getAll } from '../test-helpers';
import type { GraphConnection, GraphObjectWithPaths } from '../shared/types';

function routeOf(path: GraphConnection[]): UserSystemRoute {
  if (path.length === 1) return 'direct';
  if (path.length === 3) return 'userGroupSystemGroup';
  return path.some((hop) => hop.to.type === 'user_group') ? 'userGroup' : 'systemGroup';
}

function sortedIds(ids: string[]): string[] {
  return [...ids].sort();
}

describe('simulator: traversals versus direct links', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({
      quiet: true,
      seed: 9,
      users: 120,
      systems: 60,
      groups: 8,
      systemGroups: 6,
      apps: 6,
    });
  });
  afterAll(() => sim.stop());
  const org = () => sim.data.orgs[0];

  it('a user reached only through a group is in /applications/{id}/users with a 2-hop path, not in /associations?targets=user', async () => {
    const app = org().applications[0];
    const viaGroupOnly = expectedUserApplicationAccess(org()).filter(
      (a) => a.applicationId === app.id && !a.direct,
    );
    expect(viaGroupOnly.length).toBeGreaterThan(0);
    const target = viaGroupOnly[0];

    const users = await getAll<GraphObjectWithPaths>(sim, `/api/v2/applications/${app.id}/users`);
    const entry = users.find((u) => u.id === target.userId);
    expect(entry).toBeDefined();
    expect(entry?.type).toBe('user');
    expect(entry?.paths).toHaveLength(target.viaUserGroupIds.length);
    const [path] = entry?.paths ?? [];
    expect(path).toHaveLength(2);
    expect(path[0].to.type).toBe('user_group');
    expect(path[0].to.id).toBe(target.viaUserGroupIds[0]);
    expect(path[1]).toEqual({
      attributes: null,
      to: { id: target.userId, type: 'user', attributes: null },
    });

    const direct = await getAll<GraphConnection>(
      sim,
      `/api/v2/applications/${app.id}/associations?targets=user`,
    );
    expect(direct.map((c) => c.to.id)).not.toContain(target.userId);
    expect(sortedIds(direct.map((c) => c.to.id))).toEqual(
      sortedIds(
        org()
          .links.applicationUsers.filter((b) => b.applicationId === app.id)
          .map((b) => b.userId),
      ),
    );
    const groups = await getAll<GraphConnection>(
      sim,
      `/api/v2/applications/${app.id}/associations?targets=user_group`,
    );
    expect(groups.map((c) => c.to.id)).toContain(target.viaUserGroupIds[0]);
    for (const c of [...direct, ...groups]) expect(Object.keys(c)).toEqual(['attributes', 'to']);
  });

  it('/associations needs a valid targets parameter', async () => {
    const app = org().applications[0];
    const missing = await get<{ message: string }>(
      sim,
      `/api/v2/applications/${app.id}/associations`,
    );
    expect(missing.status).toBe(400);
    expect(missing.json.message).toContain('targets');
    expect((await get(sim, `/api/v2/applications/${app.id}/associations?targets=`)).status).toBe(
      400,
    );
    expect(
      (await get(sim, `/api/v2/applications/${app.id}/associations?targets=system`)).status,
    ).toBe(400);
    expect(
      (await get(sim, `/api/v2/users/${org().users[0].id}/associations?targets=user_group`)).status,
    ).toBe(400);
    // A valid target the simulator stores nothing for is an empty list, not an error.
    const ldap = await get<unknown[]>(
      sim,
      `/api/v2/users/${org().users[0].id}/associations?targets=ldap_server`,
    );
    expect(ldap.status).toBe(200);
    expect(ldap.json).toEqual([]);
  });

  it('/systems/{id}/users returns every user by any of the four routes, one path per route, sudo compiled', async () => {
    const expected = expectedUserSystemAccess(org());
    let checked = 0;
    for (const system of org().systems) {
      const want = expected.filter((a) => a.systemId === system.id);
      const got = await getAll<GraphObjectWithPaths>(sim, `/api/v2/systems/${system.id}/users`);
      expect(got.map((u) => u.id)).toEqual(want.map((a) => a.userId)); // unique, sorted by id
      for (const [i, entry] of got.entries()) {
        const routes = entry.paths.map(routeOf).sort();
        expect({ user: entry.id, routes }).toEqual({
          user: entry.id,
          routes: [...want[i].routes].sort(),
        });
        expect({ user: entry.id, sudo: entry.compiledAttributes?.sudo?.enabled === true }).toEqual({
          user: entry.id,
          sudo: want[i].sudo,
        });
        for (const path of entry.paths) {
          expect(path[path.length - 1].to).toEqual({
            id: entry.id,
            type: 'user',
            attributes: null,
          });
          expect(path.map((h) => h.to.id)).not.toContain(system.id); // the start is never repeated
        }
        checked++;
      }
    }
    expect(checked).toBe(expected.length);
  });

  it('/users/{id}/systems is the same relation seen from the user', async () => {
    const expected = expectedUserSystemAccess(org());
    for (const user of org().users) {
      const want = expected
        .filter((a) => a.userId === user.id)
        .sort((a, b) => (a.systemId < b.systemId ? -1 : 1));
      const got = await getAll<GraphObjectWithPaths>(sim, `/api/v2/users/${user.id}/systems`);
      expect(got.map((s) => s.id)).toEqual(want.map((a) => a.systemId));
      for (const [i, entry] of got.entries()) {
        expect(entry.paths.map(routeOf).sort()).toEqual([...want[i].routes].sort());
        expect(entry.compiledAttributes?.sudo?.enabled === true).toBe(want[i].sudo);
        for (const path of entry.paths) expect(path[path.length - 1].to.id).toBe(entry.id);
      }
    }
  });

  it('/systems/{id}/associations?targets=user lists direct bindings only, with their sudo attributes', async () => {
    for (const system of org().systems) {
      const direct = await getAll<GraphConnection>(
        sim,
        `/api/v2/systems/${system.id}/associations?targets=user`,
      );
      const links = org().links.userSystems.filter((b) => b.systemId === system.id);
      expect(direct.map((c) => ({ id: c.to.id, attributes: c.attributes }))).toEqual(
        links
          .map((b) => ({ id: b.userId, attributes: b.attributes }))
          .sort((a, b) => (a.id < b.id ? -1 : 1)),
      );
    }
    const withSudo = org().links.userSystems.find((b) => b.attributes?.sudo?.enabled);
    expect(withSudo).toBeDefined();
  });

  it('/applications/{id}/users covers direct and group routes for every app', async () => {
    const expected = expectedUserApplicationAccess(org());
    for (const app of org().applications) {
      const want = expected.filter((a) => a.applicationId === app.id);
      const got = await getAll<GraphObjectWithPaths>(sim, `/api/v2/applications/${app.id}/users`);
      expect(got.map((u) => u.id)).toEqual(want.map((a) => a.userId));
      for (const [i, entry] of got.entries()) {
        expect(entry.paths).toHaveLength((want[i].direct ? 1 : 0) + want[i].viaUserGroupIds.length);
        expect(entry.paths.filter((p) => p.length === 1)).toHaveLength(want[i].direct ? 1 : 0);
      }
      const groups = await getAll<GraphObjectWithPaths>(
        sim,
        `/api/v2/applications/${app.id}/usergroups`,
      );
      expect(groups.map((g) => g.id)).toEqual(
        sortedIds(
          org()
            .links.applicationUserGroups.filter((b) => b.applicationId === app.id)
            .map((b) => b.userGroupId),
        ),
      );
    }
  });

  it('group /members are the stored links; /membership has the same users as 1-hop paths', async () => {
    for (const group of org().userGroups) {
      const want = sortedIds(
        org()
          .links.userGroupMembers.filter((m) => m.userGroupId === group.id)
          .map((m) => m.userId),
      );
      const members = await getAll<GraphConnection>(sim, `/api/v2/usergroups/${group.id}/members`);
      expect(members.map((m) => m.to.id)).toEqual(want);
      for (const m of members)
        expect(m).toEqual({
          attributes: null,
          to: { id: m.to.id, type: 'user', attributes: null },
        });
      const membership = await getAll<GraphObjectWithPaths>(
        sim,
        `/api/v2/usergroups/${group.id}/membership`,
      );
      expect(membership.map((m) => m.id)).toEqual(want);
      for (const m of membership)
        expect(m.paths).toEqual([
          [{ attributes: null, to: { id: m.id, type: 'user', attributes: null } }],
        ]);
    }
    for (const group of org().systemGroups) {
      const want = sortedIds(
        org()
          .links.systemGroupMembers.filter((m) => m.systemGroupId === group.id)
          .map((m) => m.systemId),
      );
      const members = await getAll<GraphConnection>(
        sim,
        `/api/v2/systemgroups/${group.id}/members`,
      );
      expect(members.map((m) => m.to.id)).toEqual(want);
      expect(members.every((m) => m.to.type === 'system')).toBe(true);
      const membership = await getAll<GraphObjectWithPaths>(
        sim,
        `/api/v2/systemgroups/${group.id}/membership`,
      );
      expect(membership.map((m) => m.id)).toEqual(want);
    }
  });

  it('memberof and the group-side traversals agree with the stored links', async () => {
    const user =
      org().users.find(
        (u) => org().links.userGroupMembers.filter((m) => m.userId === u.id).length > 1,
      ) ?? org().users[0];
    const memberOf = await getAll<GraphObjectWithPaths>(sim, `/api/v2/users/${user.id}/memberof`);
    expect(memberOf.map((g) => g.id)).toEqual(
      sortedIds(
        org()
          .links.userGroupMembers.filter((m) => m.userId === user.id)
          .map((m) => m.userGroupId),
      ),
    );
    expect(memberOf.every((g) => g.type === 'user_group' && g.paths.length === 1)).toBe(true);

    const system = org().systems.find((s) =>
      org().links.systemGroupMembers.some((m) => m.systemId === s.id),
    );
    expect(system).toBeDefined();
    const sysMemberOf = await getAll<GraphObjectWithPaths>(
      sim,
      `/api/v2/systems/${system?.id}/memberof`,
    );
    expect(sysMemberOf.map((g) => g.id)).toEqual(
      sortedIds(
        org()
          .links.systemGroupMembers.filter((m) => m.systemId === system?.id)
          .map((m) => m.systemGroupId),
      ),
    );

    const binding = org().links.userGroupSystemGroups[0];
    const sgOfGroup = await getAll<GraphObjectWithPaths>(
      sim,
      `/api/v2/usergroups/${binding.userGroupId}/systemgroups`,
    );
    expect(sgOfGroup.map((g) => g.id)).toContain(binding.systemGroupId);
    const groupsOfSg = await getAll<GraphObjectWithPaths>(
      sim,
      `/api/v2/systemgroups/${binding.systemGroupId}/usergroups`,
    );
    expect(groupsOfSg.map((g) => g.id)).toContain(binding.userGroupId);
    // Users of the system group include every member of the bound user group, through it.
    const usersOfSg = await getAll<GraphObjectWithPaths>(
      sim,
      `/api/v2/systemgroups/${binding.systemGroupId}/users`,
    );
    for (const m of org().links.userGroupMembers.filter(
      (x) => x.userGroupId === binding.userGroupId,
    )) {
      const entry = usersOfSg.find((u) => u.id === m.userId);
      expect(entry?.paths.some((p) => p.length === 2 && p[0].to.id === binding.userGroupId)).toBe(
        true,
      );
    }
    // Systems of the user group include every member of the bound system group, through it.
    const systemsOfGroup = await getAll<GraphObjectWithPaths>(
      sim,
      `/api/v2/usergroups/${binding.userGroupId}/systems`,
    );
    for (const m of org().links.systemGroupMembers.filter(
      (x) => x.systemGroupId === binding.systemGroupId,
    )) {
      expect(
        systemsOfGroup
          .find((s) => s.id === m.systemId)
          ?.paths.some((p) => p[0].to.id === binding.systemGroupId),
      ).toBe(true);
    }
  });

  it('traversal results page with limit/skip and x-total-count, and sort=-id reverses them', async () => {
    const app = org().applications[0];
    const all = await getAll<GraphObjectWithPaths>(sim, `/api/v2/applications/${app.id}/users`);
    expect(all.length).toBeGreaterThan(3);
    const page = await get<GraphObjectWithPaths[]>(
      sim,
      `/api/v2/applications/${app.id}/users?limit=2&skip=1`,
    );
    expect(page.headers.get('x-total-count')).toBe(String(all.length));
    expect(page.json.map((u) => u.id)).toEqual(all.slice(1, 3).map((u) => u.id));
    const reversed = await getAll<GraphObjectWithPaths>(
      sim,
      `/api/v2/applications/${app.id}/users?sort=-id`,
    );
    expect(reversed.map((u) => u.id)).toEqual(all.map((u) => u.id).reverse());
    const past = await get<unknown[]>(
      sim,
      `/api/v2/applications/${app.id}/users?skip=${all.length}`,
    );
    expect(past.json).toEqual([]);
    expect(past.headers.get('x-total-count')).toBe(String(all.length));
  });
});
