/**
 * Access paths beyond the directory, for a simulated organization: commands (and the systems
 * and system groups they are bound to), authentication policies and IP lists, directories
 * (Google Workspace, Microsoft 365, Active Directory, LDAP) and the user groups they sync,
 * RADIUS servers and the user groups bound to them.
 *
 * Shapes follow JumpCloud's specifications: v1 `command`/`commandslist` and `radiusserver`
 * (v1.json), v2 `AuthnPolicy`, `IPList`, `Directory` and `GraphObjectWithPaths`
 * (assets/v2-index-2026-08-21.yaml).
 *
 * Pure and deterministic: a function of the org with its own seeded randomness (the org id
 * seeds it), so the core data, and every recording made without these routes, stays
 * byte-identical. The first records are fixed edge cases, so even a tiny org has a command
 * run as root on its largest system group, an unassigned command, an application no
 * enforced policy asks MFA for, a disabled and a monitor-only policy, a directory of every
 * type, a user group with a suspended member synced to a directory, and a RADIUS server
 * without MFA. Managers (the org chart) come from the users' own `manager` field.
 */
import type { SimulatedOrg } from '../directory/generate';
import { DAY_MS, EPOCH_MS, Rng, hash32, objectId } from '../shared/random';
import type { GraphConnection, GraphObjectWithPaths, GraphType } from '../shared/types';

// ---------------------------------------------------------------------------------------------
// Shapes
// ---------------------------------------------------------------------------------------------

/** JumpCloud's id for "run as root" (Linux, macOS) and Local System (Windows). */
export const ROOT_USER_ID = '000000000000000000000000';

/** v1 `command` (the full record; the list projects it, see accessRoutes). */
export interface Command {
  _id: string;
  id: string;
  name: string;
  /** The script body: routinely holds credentials. The integration must never ask for it. */
  command: string;
  commandType: 'linux' | 'mac' | 'windows';
  launchType: 'manual' | 'trigger' | 'repeated' | 'one-time';
  trigger: string;
  schedule: string;
  scheduleRepeatType: string;
  listensTo: string;
  /** Run-as user: ROOT_USER_ID or a systemuser id. */
  user: string;
  sudo: boolean;
  shell: string;
  /** Seconds, as a string (v1 `command.timeout`). */
  timeout: string;
  timeToLiveSeconds: number;
  description: string;
  organization: string;
  templatingRequired: boolean;
  /** Attached file ids: never collected. */
  files: string[];
}

export interface AuthnPolicy {
  id: string;
  name: string;
  description: string;
  disabled: boolean;
  monitorOnly: boolean;
  type: 'user_portal' | 'application' | 'ldap' | 'admin_portal';
  effect: {
    action: 'allow' | 'deny';
    obligations?: {
      mfa?: { required: boolean };
      mfaFactors?: Array<{ type: 'WEBAUTHN' | 'PUSH' | 'TOTP' }>;
    };
  };
  targets: {
    resources: Array<{
      type: 'admin_portal' | 'user_portal' | 'application' | 'ldap';
      id?: string;
    }>;
    excludedApplications?: string[];
    userGroups?: { inclusions: string[]; exclusions: string[] };
  };
  conditions?: Record<string, unknown>;
}

export interface IpList {
  id: string;
  name: string;
  description: string;
  ips: string[];
}

export type DirectoryType = 'g_suite' | 'office_365' | 'active_directory' | 'ldap_server';

export interface Directory {
  id: string;
  name: string;
  type: DirectoryType;
  defaultDomain?: { id: string; domain: string } | null;
  organizationId: string;
}

/** v1 `radiusserver`. */
export interface RadiusServer {
  /**
   * Only `_id`: JumpCloud's v1 `radiusserver` declares no `id` beside it (nor does its own
   * generated client: TheJumpCloud/jcapi-python, jcapiv1/jcapiv1/models/radiusserver.py at
   * 04bdf11a maps `id` to `_id`), unlike the recorded organizations, users and applications.
   */
  _id: string;
  name: string;
  networkSourceIp: string;
  mfa: 'DISABLED' | 'ENABLED' | 'REQUIRED' | 'ALWAYS';
  userLockoutAction: 'REMOVE' | 'MAINTAIN';
  userPasswordExpirationAction: 'REMOVE' | 'MAINTAIN';
  authIdp: 'JUMPCLOUD' | 'AZURE';
  /** The shared secret: the integration must never ask for it or store it. */
  sharedSecret: string;
  deviceCertEnabled: boolean;
  userCertEnabled: boolean;
  userPasswordEnabled: boolean;
  radsecEnabled: boolean;
  requireTlsAuth: boolean;
  organization: string;
}

export interface OrgAccess {
  commands: Command[];
  /** Systems bound directly to each command. */
  commandSystems: Map<string, string[]>;
  /** System groups bound to each command. */
  commandSystemGroups: Map<string, string[]>;
  authnPolicies: AuthnPolicy[];
  ipLists: IpList[];
  directories: Directory[];
  /** User groups bound to each directory. */
  directoryUserGroups: Map<string, string[]>;
  radiusServers: RadiusServer[];
  /** User groups bound to each RADIUS server. */
  radiusUserGroups: Map<string, string[]>;
}

/**
 * `enabled`: data. `absent`: 404 on every route of the body of data (not licensed).
 * `forbidden`: 403 on every route (the key's role may not read it).
 */
export type AccessFeatureMode = 'enabled' | 'absent' | 'forbidden';

export interface AccessModes {
  commands?: AccessFeatureMode;
  authPolicies?: AccessFeatureMode;
  directories?: AccessFeatureMode;
  radiusServers?: AccessFeatureMode;
}

// ---------------------------------------------------------------------------------------------
// Generation
// ---------------------------------------------------------------------------------------------

/** Collection codes of these ids (a byte of every id; apart from random.ts and assets.ts). */
const Code = {
  command: 0x51,
  authnPolicy: 0x52,
  ipList: 0x53,
  directory: 0x54,
  radiusServer: 0x55,
  domain: 0x56,
  file: 0x57,
} as const;

const START_MS = EPOCH_MS - 300 * DAY_MS;

function idMaker(org: SimulatedOrg) {
  const orgTag = parseInt(org.id.slice(8, 14), 16) || hash32(org.id) & 0xffffff;
  return (collection: number, index: number) =>
    objectId(
      START_MS + index * DAY_MS,
      orgTag,
      collection,
      (hash32(org.id, 'access-counter', collection) & 0x3fffffff) + index,
    );
}

/** A fake credential, different per record, so tests can prove it never reaches the graph. */
function fakeSecret(rng: Rng, label: string): string {
  return `sim-${label}-${rng.hex(24)}`;
}

const COMMAND_TEMPLATES: Array<{
  name: string;
  commandType: Command['commandType'];
  shell: string;
}> = [
  { name: 'Rotate local admin password', commandType: 'linux', shell: '/bin/bash' },
  { name: 'Install EDR agent', commandType: 'windows', shell: 'powershell' },
  { name: 'Collect diagnostics', commandType: 'mac', shell: '/bin/zsh' },
  { name: 'Decommission workstation', commandType: 'linux', shell: '/bin/bash' },
  { name: 'Update package index', commandType: 'linux', shell: '/bin/bash' },
  { name: 'Enforce firewall', commandType: 'mac', shell: '/bin/zsh' },
  { name: 'Clear print queue', commandType: 'windows', shell: 'powershell' },
  { name: 'Rotate SSH host keys', commandType: 'linux', shell: '/bin/bash' },
  { name: 'Reset Wi-Fi profile', commandType: 'mac', shell: '/bin/zsh' },
  { name: 'Map network drives', commandType: 'windows', shell: 'cmd' },
];

/** How many commands an org with this many systems has. */
export function commandCount(org: SimulatedOrg): number {
  return Math.max(4, Math.min(400, Math.ceil(org.systems.length / 8)));
}

function systemGroupMembers(org: SimulatedOrg): Map<string, string[]> {
  const members = new Map<string, string[]>();
  for (const { systemGroupId, systemId } of org.links.systemGroupMembers) {
    const list = members.get(systemGroupId) ?? [];
    list.push(systemId);
    members.set(systemGroupId, list);
  }
  return members;
}

function generateCommands(org: SimulatedOrg, rng: Rng, makeId: ReturnType<typeof idMaker>) {
  const commands: Command[] = [];
  const commandSystems = new Map<string, string[]>();
  const commandSystemGroups = new Map<string, string[]>();
  const members = systemGroupMembers(org);
  // Largest system groups first: commands as root land on the large ones.
  const groupsBySize = [...org.systemGroups]
    .map((group) => group.id)
    .sort(
      (a, b) => (members.get(b)?.length ?? 0) - (members.get(a)?.length ?? 0) || (a < b ? -1 : 1),
    );
  const count = commandCount(org);
  for (let i = 0; i < count; i++) {
    const template = COMMAND_TEMPLATES[i % COMMAND_TEMPLATES.length];
    const id = makeId(Code.command, i);
    const launchType: Command['launchType'] =
      i === 0
        ? 'repeated'
        : i === 2
          ? 'trigger'
          : i === 3
            ? 'manual'
            : rng.pick(['manual', 'trigger', 'repeated', 'one-time'] as const);
    // The first two run as root/Local System; the third as a named user with sudo.
    const runAsUser =
      i === 2 && org.users.length > 0
        ? org.users[rng.int(org.users.length)].id
        : i < 2 || template.commandType === 'windows' || rng.chance(0.6)
          ? ROOT_USER_ID
          : org.users.length > 0
            ? org.users[rng.int(org.users.length)].id
            : ROOT_USER_ID;
    const sudo = i === 2 || (runAsUser !== ROOT_USER_ID && rng.chance(0.3));
    const suffix =
      i < COMMAND_TEMPLATES.length ? '' : ` ${Math.floor(i / COMMAND_TEMPLATES.length) + 1}`;
    commands.push({
      _id: id,
      id,
      name: `${template.name}${suffix}`,
      command:
        template.commandType === 'windows'
          ? `$env:API_TOKEN = "${fakeSecret(rng, 'command-token')}"\nInvoke-WebRequest https://agents.example.com/install`
          : `export API_TOKEN='${fakeSecret(rng, 'command-token')}'\ncurl -fsS https://agents.example.com/run | sh`,
      commandType: template.commandType,
      launchType,
      trigger: launchType === 'trigger' ? `run-${i}` : '',
      schedule:
        launchType === 'repeated'
          ? `0 0 ${rng.int(24)} * * *`
          : launchType === 'one-time'
            ? '2026-02-01T00:00:00.000Z'
            : '',
      scheduleRepeatType: launchType === 'repeated' ? 'day' : '',
      listensTo: '',
      user: runAsUser,
      sudo,
      shell: template.shell,
      timeout: String(rng.pick([120, 300, 600, 3600])),
      timeToLiveSeconds: rng.pick([0, 86400, 604800]),
      description: i % 3 === 0 ? '' : `${template.name} on the fleet`,
      organization: org.id,
      templatingRequired: false,
      files: i === 1 ? [makeId(Code.file, i)] : [],
    });

    // Bindings: the first on the largest group (and more), the fourth on nothing.
    const groups: string[] = [];
    const systems: string[] = [];
    if (i === 3) {
      // unassigned
    } else if (i < 2) {
      groups.push(...groupsBySize.slice(0, i === 0 ? 2 : 1));
      if (i === 1 && org.systems.length > 0) systems.push(org.systems[0].id);
    } else {
      if (groupsBySize.length > 0 && rng.chance(0.5)) groups.push(rng.pick(groupsBySize));
      const direct = rng.sample(
        org.systems.length,
        Math.min(org.systems.length, rng.between(0, 4)),
      );
      systems.push(...direct.map((index) => org.systems[index].id));
    }
    commandSystems.set(id, [...new Set(systems)].sort());
    commandSystemGroups.set(id, [...new Set(groups)].sort());
  }
  return { commands, commandSystems, commandSystemGroups };
}

function generateIpLists(rng: Rng, makeId: ReturnType<typeof idMaker>): IpList[] {
  const third = rng.between(1, 254);
  const lists: Array<Omit<IpList, 'id'>> = [
    {
      name: 'Office networks',
      description: 'Headquarters and branch egress',
      ips: [`203.0.113.0/24`, `198.51.100.${third}`],
    },
    {
      name: 'VPN egress',
      description: 'Corporate VPN concentrators',
      ips: ['192.0.2.10-192.0.2.20'],
    },
    { name: 'Internal ranges', description: '', ips: ['10.0.0.0/8'] },
    {
      name: 'Retired data center',
      description: 'No longer used by any policy',
      ips: ['198.18.0.0/15'],
    },
  ];
  return lists.map((list, i) => ({ id: makeId(Code.ipList, i), ...list }));
}

function generateAuthnPolicies(
  org: SimulatedOrg,
  rng: Rng,
  makeId: ReturnType<typeof idMaker>,
  ipLists: IpList[],
): AuthnPolicy[] {
  const apps = org.applications.map((app) => app.id);
  const groups = org.userGroups.map((group) => group.id);
  const policies: Array<Omit<AuthnPolicy, 'id'>> = [];
  const mfa = { action: 'allow' as const, obligations: { mfa: { required: true } } };
  // Every application but the last (and every fifth) needs MFA: those are left without.
  const excluded = apps.filter((_, i) => i === apps.length - 1 || (i > 0 && i % 5 === 0));
  policies.push({
    name: 'MFA for every application',
    description: 'Second factor for SSO',
    disabled: false,
    monitorOnly: false,
    type: 'application',
    effect: {
      ...mfa,
      obligations: { ...mfa.obligations, mfaFactors: [{ type: 'PUSH' }, { type: 'TOTP' }] },
    },
    targets: { resources: [{ type: 'application' }], excludedApplications: excluded },
  });
  policies.push({
    name: 'Admin portal MFA',
    description: '',
    disabled: false,
    monitorOnly: false,
    type: 'admin_portal',
    effect: mfa,
    targets: { resources: [{ type: 'admin_portal' }] },
  });
  policies.push({
    name: 'User portal from the office',
    description: 'No MFA on office networks',
    disabled: false,
    monitorOnly: false,
    type: 'user_portal',
    effect: { action: 'allow' },
    targets: {
      resources: [{ type: 'user_portal' }],
      userGroups: { inclusions: groups.slice(0, 1), exclusions: [] },
    },
    conditions: { ipAddressIn: [ipLists[0].id, ipLists[1].id] },
  });
  policies.push({
    name: 'Block sign-in outside allowed countries',
    description: '',
    disabled: false,
    monitorOnly: false,
    type: 'application',
    effect: { action: 'deny' },
    targets: {
      resources: apps.slice(0, 2).map((id) => ({ type: 'application' as const, id })),
      userGroups: { inclusions: groups.slice(0, 2), exclusions: groups.slice(2, 3) },
    },
    conditions: { not: { locationIn: { countries: ['US', 'CA', 'GB'] } } },
  });
  // Disabled: would have covered the last application.
  policies.push({
    name: 'MFA for the last application (disabled)',
    description: 'Turned off during an outage',
    disabled: true,
    monitorOnly: false,
    type: 'application',
    effect: mfa,
    targets: { resources: apps.slice(-1).map((id) => ({ type: 'application' as const, id })) },
  });
  // Monitor only: device trust, not enforced.
  policies.push({
    name: 'Device trust (monitor only)',
    description: 'Managed and encrypted devices',
    disabled: false,
    monitorOnly: true,
    type: 'application',
    effect: mfa,
    targets: {
      resources: excluded.slice(0, 1).map((id) => ({ type: 'application' as const, id })),
      userGroups: { inclusions: groups.slice(1, 2), exclusions: [] },
    },
    conditions: { all: [{ deviceManaged: true }, { deviceEncrypted: true }] },
  });
  policies.push({
    name: 'MFA off the corporate network',
    description: '',
    disabled: false,
    monitorOnly: false,
    type: 'user_portal',
    effect: mfa,
    targets: {
      resources: [{ type: 'user_portal' }],
      userGroups: { inclusions: groups.slice(0, 3), exclusions: groups.slice(3, 4) },
    },
    conditions: { not: { ipAddressIn: [ipLists[0].id, ipLists[1].id, ipLists[2].id] } },
  });
  // Larger orgs: one more per five applications, some with and some without MFA.
  for (let i = 0; i * 5 < apps.length - 5; i++) {
    const target = apps[rng.int(apps.length)];
    const requires = rng.chance(0.5);
    policies.push({
      name: `Application policy ${i + 1}`,
      description: '',
      disabled: rng.chance(0.1),
      monitorOnly: rng.chance(0.1),
      type: 'application',
      effect: requires ? mfa : { action: 'allow' },
      targets: {
        resources: [{ type: 'application', id: target }],
        userGroups: { inclusions: groups.length > 0 ? [rng.pick(groups)] : [], exclusions: [] },
      },
      ...(rng.chance(0.5) ? { conditions: { ipAddressIn: [rng.pick(ipLists).id] } } : {}),
    });
  }
  return policies.map((policy, i) => ({ id: makeId(Code.authnPolicy, i), ...policy }));
}

function emailDomain(org: SimulatedOrg): string {
  const email = org.users[0]?.email ?? '';
  const at = email.indexOf('@');
  return at >= 0 ? email.slice(at + 1) : 'example.com';
}

function generateDirectories(
  org: SimulatedOrg,
  rng: Rng,
  makeId: ReturnType<typeof idMaker>,
): { directories: Directory[]; directoryUserGroups: Map<string, string[]> } {
  const domain = emailDomain(org);
  const specs: Array<{ name: string; type: DirectoryType; domain: boolean }> = [
    { name: 'JumpCloud LDAP', type: 'ldap_server', domain: false },
    { name: `${domain} Google Workspace`, type: 'g_suite', domain: true },
    { name: `${domain} Microsoft 365`, type: 'office_365', domain: true },
    { name: `corp.${domain}`, type: 'active_directory', domain: false },
  ];
  if (org.userGroups.length > 20)
    specs.push({ name: `emea.corp.${domain}`, type: 'active_directory', domain: false });
  const directories = specs.map((spec, i): Directory => {
    const id = makeId(Code.directory, i);
    return {
      id,
      name: spec.name,
      type: spec.type,
      ...(spec.domain ? { defaultDomain: { id: makeId(Code.domain, i), domain } } : {}),
      organizationId: org.id,
    };
  });

  // A user group with a suspended member is synced to Google Workspace.
  const suspended = new Set(org.users.filter((user) => user.suspended).map((user) => user.id));
  const groupWithSuspended = org.links.userGroupMembers.find((m) =>
    suspended.has(m.userId),
  )?.userGroupId;
  const groups = org.userGroups.map((group) => group.id);
  const directoryUserGroups = new Map<string, string[]>();
  directories.forEach((directory, i) => {
    const bound = new Set<string>();
    if (i === 1 && groupWithSuspended) bound.add(groupWithSuspended);
    const extra = rng.sample(
      groups.length,
      Math.min(groups.length, rng.between(i === 3 ? 0 : 1, 3)),
    );
    for (const index of extra) bound.add(groups[index]);
    directoryUserGroups.set(directory.id, [...bound].sort());
  });
  return { directories, directoryUserGroups };
}

function generateRadiusServers(
  org: SimulatedOrg,
  rng: Rng,
  makeId: ReturnType<typeof idMaker>,
): { radiusServers: RadiusServer[]; radiusUserGroups: Map<string, string[]> } {
  const specs: Array<Pick<RadiusServer, 'name' | 'mfa' | 'userLockoutAction'>> = [
    { name: 'Office Wi-Fi', mfa: 'ENABLED', userLockoutAction: 'REMOVE' },
    { name: 'Site-to-site VPN', mfa: 'DISABLED', userLockoutAction: 'MAINTAIN' },
    { name: 'Admin VPN', mfa: 'REQUIRED', userLockoutAction: 'REMOVE' },
  ];
  const groups = org.userGroups.map((group) => group.id);
  const radiusUserGroups = new Map<string, string[]>();
  const radiusServers = specs.map((spec, i): RadiusServer => {
    const id = makeId(Code.radiusServer, i);
    const bound = rng.sample(groups.length, Math.min(groups.length, rng.between(1, 3)));
    radiusUserGroups.set(id, bound.map((index) => groups[index]).sort());
    return {
      _id: id,
      name: spec.name,
      networkSourceIp: `203.0.113.${rng.between(1, 254)}`,
      mfa: spec.mfa,
      userLockoutAction: spec.userLockoutAction,
      userPasswordExpirationAction: 'MAINTAIN',
      authIdp: 'JUMPCLOUD',
      sharedSecret: fakeSecret(rng, 'radius-secret'),
      deviceCertEnabled: i === 0,
      userCertEnabled: i === 0,
      userPasswordEnabled: true,
      radsecEnabled: false,
      requireTlsAuth: i !== 1,
      organization: org.id,
    };
  });
  return { radiusServers, radiusUserGroups };
}

export function generateOrgAccess(org: SimulatedOrg): OrgAccess {
  const makeId = idMaker(org);
  const rng = (part: string) => new Rng(hash32(org.id, 'access', part));
  const ipLists = generateIpLists(rng('ip-lists'), makeId);
  return {
    ...generateCommands(org, rng('commands'), makeId),
    ipLists,
    authnPolicies: generateAuthnPolicies(org, rng('authn-policies'), makeId, ipLists),
    ...generateDirectories(org, rng('directories'), makeId),
    ...generateRadiusServers(org, rng('radius'), makeId),
  };
}

const cache = new WeakMap<SimulatedOrg, OrgAccess>();

/** `generateOrgAccess`, computed once per org (the routes and tests share it). */
export function orgAccess(org: SimulatedOrg): OrgAccess {
  let access = cache.get(org);
  if (!access) {
    access = generateOrgAccess(org);
    cache.set(org, access);
  }
  return access;
}

// ---------------------------------------------------------------------------------------------
// Traversals (GraphObjectWithPaths, one `paths` entry per route)
// ---------------------------------------------------------------------------------------------

function to(id: string, type: GraphType): GraphConnection {
  return { attributes: null, to: { id, type, attributes: null } };
}

/**
 * `/commands/{id}/systems`: systems bound directly (a one-hop path) or through a bound
 * system group (group, then system), each once, in id order.
 */
export function commandSystemTraversal(
  org: SimulatedOrg,
  commandId: string,
): GraphObjectWithPaths[] {
  const access = orgAccess(org);
  const members = systemGroupMembers(org);
  const paths = new Map<string, GraphConnection[][]>();
  const add = (systemId: string, path: GraphConnection[]) => {
    const list = paths.get(systemId) ?? [];
    list.push(path);
    paths.set(systemId, list);
  };
  for (const systemId of access.commandSystems.get(commandId) ?? [])
    add(systemId, [to(systemId, 'system')]);
  for (const groupId of access.commandSystemGroups.get(commandId) ?? []) {
    for (const systemId of members.get(groupId) ?? []) {
      add(systemId, [to(groupId, 'system_group'), to(systemId, 'system')]);
    }
  }
  return [...paths.keys()].sort().map((id) => ({
    id,
    type: 'system',
    paths: paths.get(id) as GraphConnection[][],
  }));
}

/** A traversal whose targets are all bound directly (system groups, user groups). */
export function directTraversal(ids: readonly string[], type: GraphType): GraphObjectWithPaths[] {
  return [...ids].sort().map((id) => ({ id, type, paths: [[to(id, type)]] }));
}

/** What `runsAsRoot` means: root (Linux, macOS) or Local System (Windows), or sudo. */
export function commandRunsAsRoot(command: Command): boolean {
  return command.user === ROOT_USER_ID || command.sudo;
}

/** Systems a command reaches, by any route. */
export function commandSystemIds(org: SimulatedOrg, commandId: string): string[] {
  return commandSystemTraversal(org, commandId).map((item) => item.id);
}
