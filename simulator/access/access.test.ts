import { generateDirectory } from '../directory/generate';
import {
  commandRunsAsRoot,
  commandSystemIds,
  generateOrgAccess,
  orgAccess,
  ROOT_USER_ID,
} from './generate';
import { expectedAccessGraph, policyApplicationIds, policyEnforcesMfa } from './expected';

const OPTIONS = { seed: 7, users: 14, groups: 4, apps: 4, systems: 12, systemGroups: 3 };

describe('access data of a simulated org', () => {
  test('deterministic, and computed without touching the core data', () => {
    const directory = generateDirectory(OPTIONS);
    const before = JSON.stringify(directory.orgs[0].users);
    const first = generateOrgAccess(directory.orgs[0]);
    expect(JSON.stringify(directory.orgs[0].users)).toBe(before);
    const again = generateOrgAccess(generateDirectory(OPTIONS).orgs[0]);
    expect(JSON.stringify([...Object.entries(again)])).toBe(
      JSON.stringify([...Object.entries(first)]),
    );
    // Ids never collide with one another or with the core collections.
    const org = directory.orgs[0];
    const ids = [
      ...org.users.map((u) => u.id),
      ...org.userGroups.map((g) => g.id),
      ...org.systems.map((s) => s.id),
      ...org.systemGroups.map((g) => g.id),
      ...org.applications.map((a) => a.id),
      ...first.commands.map((c) => c.id),
      ...first.authnPolicies.map((p) => p.id),
      ...first.ipLists.map((l) => l.id),
      ...first.directories.map((d) => d.id),
      ...first.radiusServers.map((r) => r._id),
    ];
    expect(new Set(ids).size).toBe(ids.length);
  });

  test.each([
    ['the recording org', OPTIONS],
    ['a larger org', { seed: 3, users: 300, groups: 30, apps: 40, systems: 400, systemGroups: 12 }],
  ])('%s has every shape the questions need', (_label, options) => {
    const org = generateDirectory(options).orgs[0];
    const access = orgAccess(org);
    const sizes = new Map(org.systemGroups.map((g) => [g.id, 0]));
    for (const m of org.links.systemGroupMembers)
      sizes.set(m.systemGroupId, (sizes.get(m.systemGroupId) ?? 0) + 1);
    const largest = Math.max(...sizes.values());
    // Commands as root on the largest system group; a command bound to nothing.
    const rootOnLargest = access.commands.filter(
      (c) =>
        commandRunsAsRoot(c) &&
        (access.commandSystemGroups.get(c.id) ?? []).some((g) => sizes.get(g) === largest),
    );
    expect(rootOnLargest.length).toBeGreaterThan(0);
    expect(access.commands.some((c) => commandSystemIds(org, c.id).length === 0)).toBe(true);
    expect(access.commands.some((c) => c.user !== ROOT_USER_ID)).toBe(true);
    // An application no enforced policy asks MFA for; a disabled and a monitor-only policy.
    const protectedApps = new Set(
      access.authnPolicies
        .filter(policyEnforcesMfa)
        .flatMap((p) => [...policyApplicationIds(org, p).keys()]),
    );
    expect(org.applications.some((a) => !protectedApps.has(a.id))).toBe(true);
    expect(org.applications.some((a) => protectedApps.has(a.id))).toBe(true);
    expect(access.authnPolicies.some((p) => p.disabled)).toBe(true);
    expect(access.authnPolicies.some((p) => p.monitorOnly)).toBe(true);
    // Directories of every type, one syncing a group with a suspended member.
    expect(new Set(access.directories.map((d) => d.type))).toEqual(
      new Set(['g_suite', 'office_365', 'active_directory', 'ldap_server']),
    );
    const suspended = new Set(org.users.filter((u) => u.suspended).map((u) => u.id));
    const withSuspended = new Set(
      org.links.userGroupMembers.filter((m) => suspended.has(m.userId)).map((m) => m.userGroupId),
    );
    const synced = [...access.directoryUserGroups.values()].flat();
    if (withSuspended.size > 0) expect(synced.some((g) => withSuspended.has(g))).toBe(true);
    // RADIUS with and without MFA; managers across the org chart (more than one level).
    expect(access.radiusServers.some((r) => r.mfa === 'DISABLED')).toBe(true);
    const managers = expectedAccessGraph(org).managers;
    expect(managers.length).toBeGreaterThan(0);
    const managerIds = new Set(managers.map((pair) => pair.split('>')[0]));
    const managed = new Set(managers.map((pair) => pair.split('>')[1]));
    expect([...managerIds].some((id) => managed.has(id))).toBe(true);
  });
});

describe('--access', () => {
  test('sets the mode of each named body of data, and refuses what it does not know', async () => {
    const { parseArgs } = await import('../cli');
    expect(parseArgs(['--access', 'commands=forbidden,directories=absent']).access).toEqual({
      commands: 'forbidden',
      directories: 'absent',
    });
    expect(() => parseArgs(['--access', 'policies=absent'])).toThrow('unknown body of data');
    expect(() => parseArgs(['--access=radiusServers=off'])).toThrow('invalid mode');
  });
});
