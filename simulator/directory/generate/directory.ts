/**
 * The directory: the generated shape, and the assembly of each organization from
 * its records (users.ts, groups.ts, ...) and links (links.ts).
 */
import { OrgGraph } from '../graph';
import type {
  Application,
  AppleMdm,
  AppleMdmDevice,
  JcSystem,
  Organization,
  SystemGroup,
  SystemUser,
  UserGroup,
} from '../../shared/types';
import { generateAppleMdm } from './apple-mdm';
import { makeApplication } from './applications';
import { orgContext } from './context';
import { makeSystemGroup, makeUserGroup } from './groups';
import { type OrgLinks, generateLinks } from './links';
import { makeOrganization } from './organization';
import { makeSystem } from './systems';
import { makeUser } from './users';
import {
  DEFAULT_COUNTS,
  type AppleMdmMode,
  type DirectoryCounts,
  type DirectoryOptions,
} from './options';

export interface SimulatedOrg {
  /** Position in `SimulatedDirectory.orgs` (0-based). */
  index: number;
  id: string;
  /** Full record, as `GET /api/organizations/{id}` returns it. */
  organization: Organization;
  /** Every collection is sorted by id (the simulator's default order). */
  users: SystemUser[];
  userGroups: UserGroup[];
  applications: Application[];
  systems: JcSystem[];
  systemGroups: SystemGroup[];
  /** null when the org has no Apple MDM (`appleMdm: 'absent'`). */
  appleMdm: AppleMdm | null;
  appleMdmDevices: AppleMdmDevice[];
  /** Stored links (direct bindings and static memberships). */
  links: OrgLinks;
  /** Indexes over records and links, built once; used to answer traversals. */
  graph: OrgGraph;
}

export interface SimulatedDirectory {
  seed: number;
  counts: DirectoryCounts;
  appleMdmMode: AppleMdmMode;
  /** Multi-tenant (MSP) key: true when there is more than one org. */
  multiTenant: boolean;
  orgs: SimulatedOrg[];
}

function countOption(name: string, value: number | undefined, fallback: number): number {
  const n = value ?? fallback;
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`${name} must be a non-negative integer, got ${value}`);
  return n;
}

export function resolveDirectoryOptions(options: DirectoryOptions = {}): {
  seed: number;
  orgs: number;
  counts: DirectoryCounts;
  appleMdm: AppleMdmMode;
} {
  const seed = options.seed ?? 1;
  if (!Number.isInteger(seed)) throw new Error(`seed must be an integer, got ${options.seed}`);
  const orgs = countOption('orgs', options.orgs, 1);
  if (orgs < 1) throw new Error('orgs must be at least 1');
  const appleMdm = options.appleMdm ?? 'enabled';
  if (!['enabled', 'absent', 'forbidden'].includes(appleMdm))
    throw new Error(`unknown appleMdm mode ${appleMdm}`);
  return {
    seed,
    orgs,
    appleMdm,
    counts: {
      users: countOption('users', options.users, DEFAULT_COUNTS.users),
      groups: countOption('groups', options.groups, DEFAULT_COUNTS.groups),
      apps: countOption('apps', options.apps, DEFAULT_COUNTS.apps),
      systems: countOption('systems', options.systems, DEFAULT_COUNTS.systems),
      systemGroups: countOption('systemGroups', options.systemGroups, DEFAULT_COUNTS.systemGroups),
      appleDevices: countOption('appleDevices', options.appleDevices, DEFAULT_COUNTS.appleDevices),
    },
  };
}

/** Generates the whole directory. Pure: no clock, no Math.random, no I/O. */
export function generateDirectory(options: DirectoryOptions = {}): SimulatedDirectory {
  const resolved = resolveDirectoryOptions(options);
  const orgs: SimulatedOrg[] = [];
  for (let i = 0; i < resolved.orgs; i++) {
    orgs.push(generateOrg(resolved.seed, i, resolved.counts, resolved.appleMdm));
  }
  return {
    seed: resolved.seed,
    counts: resolved.counts,
    appleMdmMode: resolved.appleMdm,
    multiTenant: resolved.orgs > 1,
    orgs,
  };
}

function generateOrg(
  seed: number,
  index: number,
  counts: DirectoryCounts,
  appleMdmMode: AppleMdmMode,
): SimulatedOrg {
  const ctx = orgContext(seed, index);
  const organization = makeOrganization(ctx, counts);
  const U = counts.users;
  const G = counts.groups;
  const A = counts.apps;
  const S = counts.systems;
  const SG = counts.systemGroups;

  const users: SystemUser[] = new Array(U);
  const userIds: string[] = new Array(U);
  for (let i = 0; i < U; i++) {
    users[i] = makeUser(ctx, i, userIds.slice(0, Math.min(i, 50)));
    userIds[i] = users[i].id;
  }
  const userGroups = Array.from({ length: G }, (_, g) => makeUserGroup(ctx, g));
  const applications = Array.from({ length: A }, (_, a) => makeApplication(ctx, a));
  const systemDrafts = Array.from({ length: S }, (_, s) => makeSystem(ctx, s, U, userIds));
  const systems = systemDrafts.map((draft) => draft.record);
  const systemGroups = Array.from({ length: SG }, (_, g) => makeSystemGroup(ctx, g));

  const links = generateLinks(ctx, counts, {
    userIds,
    userGroups,
    applications,
    systemDrafts,
    systems,
    systemGroups,
  });
  const { appleMdm, appleMdmDevices } = generateAppleMdm(
    ctx,
    counts.appleDevices,
    appleMdmMode,
    systemDrafts,
    systemGroups,
  );

  const org: Omit<SimulatedOrg, 'graph'> = {
    index,
    id: ctx.id,
    organization,
    users,
    userGroups,
    applications,
    systems,
    systemGroups,
    appleMdm,
    appleMdmDevices,
    links,
  };
  return { ...org, graph: new OrgGraph(org) };
}
