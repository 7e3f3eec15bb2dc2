import { expectedUserApplicationAccess, expectedUserSystemAccess, secretValues } from './expected';
import { DEFAULT_COUNTS, generateDirectory, type SimulatedOrg } from './generate';
import { EPOCH_MS } from '../shared/random';

/** The org without its index object (a class holding Maps), for equality checks. */
function records(org: SimulatedOrg) {
  const { graph, ...rest } = org;
  void graph;
  return rest;
}

describe('generateDirectory', () => {
  const directory = generateDirectory({ seed: 11 });
  const org = directory.orgs[0];

  it('uses the documented defaults', () => {
    expect(directory.counts).toEqual(DEFAULT_COUNTS);
    expect(DEFAULT_COUNTS).toEqual({
      users: 25,
      groups: 5,
      apps: 4,
      systems: 20,
      systemGroups: 3,
      appleDevices: 6,
    });
    expect(org.users).toHaveLength(25);
    expect(org.userGroups).toHaveLength(5);
    expect(org.applications).toHaveLength(4);
    expect(org.systems).toHaveLength(20);
    expect(org.systemGroups).toHaveLength(3);
    expect(org.appleMdmDevices).toHaveLength(6);
    expect(directory.multiTenant).toBe(false);
  });

  it('is deterministic: same seed, same data, byte for byte', () => {
    const again = generateDirectory({ seed: 11 });
    expect(again.orgs.map(records)).toEqual(directory.orgs.map(records));
    expect(JSON.stringify(again.orgs.map(records))).toBe(
      JSON.stringify(directory.orgs.map(records)),
    );
  });

  it('differs for another seed (ids included)', () => {
    const other = generateDirectory({ seed: 12 });
    expect(other.orgs[0].id).not.toBe(org.id);
    const ids = new Set(org.users.map((u) => u.id));
    expect(other.orgs[0].users.some((u) => ids.has(u.id))).toBe(false);
    expect(JSON.stringify(records(other.orgs[0]))).not.toBe(JSON.stringify(records(org)));
  });

  it('generates each org from its own sub-seed: org 0 is the same whatever else exists', () => {
    const three = generateDirectory({ seed: 11, orgs: 3 });
    expect(records(three.orgs[0])).toEqual(records(org));
    expect(three.multiTenant).toBe(true);
    expect(new Set(three.orgs.map((o) => o.id)).size).toBe(3);
  });

  it('keeps records independent of unrelated counts', () => {
    const bigger = generateDirectory({ seed: 11, users: 60, systems: 45, apps: 9, groups: 12 });
    const b = bigger.orgs[0];
    // Users, groups, apps and systems are per-record: the first N are identical.
    expect(b.users.slice(0, 25)).toEqual(org.users);
    expect(b.userGroups.slice(0, 5)).toEqual(org.userGroups);
    expect(b.applications.slice(0, 4)).toEqual(org.applications);
    // Systems reference users (primary user), so compare a system-only field set.
    const shape = (s: (typeof org.systems)[number]) => ({
      id: s.id,
      os: s.os,
      serial: s.serialNumber,
      fde: s.fde,
      lastContact: s.lastContact,
    });
    expect(b.systems.slice(0, 20).map(shape)).toEqual(org.systems.map(shape));
    // And the organization record does not depend on the number of systems.
    const onlyMoreSystems = generateDirectory({ seed: 11, systems: 200 }).orgs[0];
    expect(onlyMoreSystems.users).toEqual(org.users);
    expect(onlyMoreSystems.userGroups).toEqual(org.userGroups);
  });

  it('makes ObjectId-shaped ids, unique across collections and sorted within each', () => {
    const all = [
      org.id,
      ...org.users.map((r) => r.id),
      ...org.userGroups.map((r) => r.id),
      ...org.applications.map((r) => r.id),
      ...org.systems.map((r) => r.id),
      ...org.systemGroups.map((r) => r.id),
      org.appleMdm?.id ?? '',
      ...org.appleMdmDevices.map((r) => r.id),
      ...org.users.flatMap((u) => u.ssh_keys.map((k) => k._id)),
    ];
    for (const id of all) expect(id).toMatch(/^[0-9a-f]{24}$/);
    expect(new Set(all).size).toBe(all.length);
    for (const list of [
      org.users,
      org.userGroups,
      org.applications,
      org.systems,
      org.systemGroups,
      org.appleMdmDevices,
    ]) {
      const ids = list.map((r) => r.id);
      expect(ids).toEqual([...ids].sort());
    }
    for (const record of [...org.users, ...org.applications, ...org.systems])
      expect(record._id).toBe(record.id);
  });

  it('uses timestamps fixed relative to 2026-01-01, never the clock', () => {
    expect(EPOCH_MS).toBe(Date.parse('2026-01-01T00:00:00.000Z'));
    const created = [
      org.organization.created,
      ...org.users.map((u) => u.created),
      ...org.systems.map((s) => s.created),
    ];
    for (const c of created) {
      expect(c).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(Date.parse(c)).toBeLessThan(EPOCH_MS);
    }
  });

  it('covers the user edge cases', () => {
    const users = org.users;
    expect(new Set(users.map((u) => u.state))).toEqual(
      new Set(['STAGED', 'ACTIVATED', 'SUSPENDED']),
    );
    for (const u of users) {
      expect(u.activated).toBe(u.state !== 'STAGED');
      expect(u.suspended).toBe(u.state === 'SUSPENDED');
    }
    expect(users.some((u) => u.mfa === undefined)).toBe(true);
    expect(users.some((u) => u.mfa?.exclusion === true && u.mfa.exclusionUntil !== undefined)).toBe(
      true,
    );
    expect(users.some((u) => u.mfa?.exclusion === true && u.mfa.exclusionUntil === undefined)).toBe(
      true,
    );
    expect(users.some((u) => u.mfaEnrollment === undefined)).toBe(true);
    expect(users.some((u) => u.totp_enabled)).toBe(true);
    expect(users.some((u) => u.firstname === '' && u.lastname === '')).toBe(true);
    expect(users.some((u) => u.employeeIdentifier === null)).toBe(true);
    expect(users.some((u) => u.account_locked && u.account_locked_date !== null)).toBe(true);
    expect(users.some((u) => u.password_expired)).toBe(true);
    expect(
      users.some((u) => u.ssh_keys.length > 0 && u.ssh_keys[0].public_key.startsWith('ssh-')),
    ).toBe(true);
    const ids = new Set(users.map((u) => u.id));
    const managed = users.filter((u) => u.manager !== undefined);
    expect(managed.length).toBeGreaterThan(0);
    for (const u of managed) expect(ids.has(u.manager as string)).toBe(true);
  });

  it('covers the system, application and Apple MDM edge cases', () => {
    const systems = org.systems;
    for (const family of ['darwin', 'windows', 'linux'])
      expect(systems.some((s) => s.osFamily === family)).toBe(true);
    expect(systems.some((s) => s.os !== 'Ubuntu' && s.osFamily === 'linux')).toBe(true);
    expect(systems.some((s) => s.fde === undefined)).toBe(true);
    expect(systems.some((s) => s.fde?.active === true && s.fde.keyPresent)).toBe(true);
    expect(systems.some((s) => s.lastContact === null)).toBe(true);
    expect(systems.some((s) => s.primarySystemUser?.id === null)).toBe(true);
    expect(systems.some((s) => s.primarySystemUser === undefined)).toBe(true);
    expect(
      systems.filter((s) => typeof s.primarySystemUser?.id === 'string').length,
    ).toBeGreaterThan(systems.length / 2);

    const soon = org.applications.filter((a) => {
      const t = Date.parse(a.sso.idpCertExpirationAt);
      return t > EPOCH_MS && t - EPOCH_MS < 30 * 24 * 3600 * 1000;
    });
    expect(soon.length).toBeGreaterThan(0);
    for (const app of org.applications) {
      expect(app.config.idpPrivateKey.value).toContain('-----BEGIN PRIVATE KEY-----');
      expect(app.ssoUrl).toMatch(/^https:\/\//);
      expect(app.learnMore).toMatch(/^https:\/\//);
    }

    expect(org.appleMdm?.organization).toBe(org.id);
    const serials = new Set(
      systems.filter((s) => s.osFamily === 'darwin').map((s) => s.serialNumber),
    );
    expect(org.appleMdmDevices.some((d) => serials.has(d.serialNumber))).toBe(true);
    expect(org.appleMdmDevices.some((d) => !serials.has(d.serialNumber))).toBe(true);
    expect(org.appleMdmDevices.some((d) => Object.keys(d.securityInfo).length === 0)).toBe(true);
    for (const d of org.appleMdmDevices) expect(d.appleMdmId).toBe(org.appleMdm?.id);
  });

  it('links only existing records and covers every binding route', () => {
    const ids = (list: Array<{ id: string }>) => new Set(list.map((r) => r.id));
    const users = ids(org.users);
    const groups = ids(org.userGroups);
    const systems = ids(org.systems);
    const systemGroups = ids(org.systemGroups);
    const apps = ids(org.applications);
    const l = org.links;
    for (const m of l.userGroupMembers)
      expect(groups.has(m.userGroupId) && users.has(m.userId)).toBe(true);
    for (const m of l.systemGroupMembers)
      expect(systemGroups.has(m.systemGroupId) && systems.has(m.systemId)).toBe(true);
    for (const b of l.applicationUsers)
      expect(apps.has(b.applicationId) && users.has(b.userId)).toBe(true);
    for (const b of l.applicationUserGroups)
      expect(apps.has(b.applicationId) && groups.has(b.userGroupId)).toBe(true);
    for (const b of l.userSystems)
      expect(users.has(b.userId) && systems.has(b.systemId)).toBe(true);
    for (const b of l.userGroupSystems)
      expect(groups.has(b.userGroupId) && systems.has(b.systemId)).toBe(true);
    for (const b of l.userSystemGroups)
      expect(users.has(b.userId) && systemGroups.has(b.systemGroupId)).toBe(true);
    for (const b of l.userGroupSystemGroups)
      expect(groups.has(b.userGroupId) && systemGroups.has(b.systemGroupId)).toBe(true);
    expect(l.userSystems.some((b) => b.attributes?.sudo?.enabled)).toBe(true);

    const access = expectedUserSystemAccess(org);
    for (const route of ['direct', 'userGroup', 'systemGroup', 'userGroupSystemGroup'] as const) {
      expect({ route, found: access.some((a) => a.routes.includes(route)) }).toEqual({
        route,
        found: true,
      });
    }
    expect(access.some((a) => !a.direct)).toBe(true);
    expect(access.some((a) => a.sudo)).toBe(true);
    const appAccess = expectedUserApplicationAccess(org);
    expect(appAccess.some((a) => a.direct && a.viaUserGroupIds.length === 0)).toBe(true);
    expect(appAccess.some((a) => !a.direct && a.viaUserGroupIds.length > 0)).toBe(true);
  });

  it('lists the secrets present in the records', () => {
    const secrets = secretValues(org);
    expect(secrets.some((s) => s.includes('PRIVATE KEY'))).toBe(true);
    expect(secrets.some((s) => s.startsWith('ssh-'))).toBe(true);
  });

  it('handles empty orgs and the Apple MDM modes', () => {
    const empty = generateDirectory({
      users: 0,
      groups: 0,
      apps: 0,
      systems: 0,
      systemGroups: 0,
      appleDevices: 0,
    }).orgs[0];
    expect(empty.users).toEqual([]);
    expect(Object.values(empty.links).every((l) => l.length === 0)).toBe(true);
    expect(generateDirectory({ appleMdm: 'absent' }).orgs[0].appleMdm).toBeNull();
    expect(generateDirectory({ appleMdm: 'forbidden' }).orgs[0].appleMdm).not.toBeNull();
    expect(() => generateDirectory({ users: -1 })).toThrow(/users/);
    expect(() => generateDirectory({ orgs: 0 })).toThrow(/orgs/);
  });
});
