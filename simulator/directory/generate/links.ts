/**
 * Ground-truth links: exactly what is stored in JumpCloud (static memberships and direct
 * bindings), before any graph traversal. Each link family draws from its own seeded RNG.
 */
import { Rng, hash32 } from '../../shared/random';
import type {
  Application,
  GraphAttributes,
  JcSystem,
  SystemGroup,
  UserGroup,
} from '../../shared/types';
import type { OrgContext } from './context';
import type { DirectoryCounts } from './options';
import type { SystemDraft } from './systems';

/** Static member of a user group (`/usergroups/{id}/members`). */
export interface UserGroupMembership {
  userGroupId: string;
  userId: string;
}

/** Static member of a system group (`/systemgroups/{id}/members`). */
export interface SystemGroupMembership {
  systemGroupId: string;
  systemId: string;
}

/** Application bound directly to a user (`/applications/{id}/associations?targets=user`). */
export interface ApplicationUserBinding {
  applicationId: string;
  userId: string;
}

/** Application bound to a user group (`/applications/{id}/associations?targets=user_group`). */
export interface ApplicationUserGroupBinding {
  applicationId: string;
  userGroupId: string;
}

/** User bound directly to a system; `attributes.sudo` grants admin rights on that system. */
export interface UserSystemBinding {
  userId: string;
  systemId: string;
  attributes: GraphAttributes | null;
}

/** User group bound directly to a system. */
export interface UserGroupSystemBinding {
  userGroupId: string;
  systemId: string;
  attributes: GraphAttributes | null;
}

/** User bound to a system group (reaches every member system). */
export interface UserSystemGroupBinding {
  userId: string;
  systemGroupId: string;
  attributes: GraphAttributes | null;
}

/** User group bound to a system group (every member user reaches every member system). */
export interface UserGroupSystemGroupBinding {
  userGroupId: string;
  systemGroupId: string;
  attributes: GraphAttributes | null;
}

export interface OrgLinks {
  userGroupMembers: UserGroupMembership[];
  systemGroupMembers: SystemGroupMembership[];
  applicationUsers: ApplicationUserBinding[];
  applicationUserGroups: ApplicationUserGroupBinding[];
  userSystems: UserSystemBinding[];
  userGroupSystems: UserGroupSystemBinding[];
  userSystemGroups: UserSystemGroupBinding[];
  userGroupSystemGroups: UserGroupSystemGroupBinding[];
}

/** Largest static user group / system group the generator makes (keeps traversals bounded). */
export const MAX_USER_GROUP_SIZE = 500;
export const MAX_SYSTEM_GROUP_SIZE = 200;
/** Largest number of users bound directly to one application. */
export const MAX_DIRECT_APP_USERS = 300;

function clamp(n: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, n));
}

/** Members of a group: a size around `average`, distinct indices in [0, population). */
function sampleMembers(rng: Rng, population: number, average: number, cap: number): number[] {
  if (population === 0) return [];
  const size = clamp(Math.round(average * (0.2 + 1.6 * rng.next())), 1, Math.min(population, cap));
  return rng.sample(population, size);
}

function sudoAttributes(withoutPassword: boolean): GraphAttributes {
  return { sudo: { enabled: true, withoutPassword } };
}

/** The records links are drawn between. */
export interface LinkEnds {
  userIds: readonly string[];
  userGroups: readonly UserGroup[];
  applications: readonly Application[];
  systemDrafts: readonly SystemDraft[];
  systems: readonly JcSystem[];
  systemGroups: readonly SystemGroup[];
}

export function generateLinks(ctx: OrgContext, counts: DirectoryCounts, ends: LinkEnds): OrgLinks {
  const { userIds, userGroups, applications, systemDrafts, systems, systemGroups } = ends;
  const U = counts.users;
  const G = counts.groups;
  const A = counts.apps;
  const S = counts.systems;
  const SG = counts.systemGroups;

  const links: OrgLinks = {
    userGroupMembers: [],
    systemGroupMembers: [],
    applicationUsers: [],
    applicationUserGroups: [],
    userSystems: [],
    userGroupSystems: [],
    userSystemGroups: [],
    userGroupSystemGroups: [],
  };

  // User group members. Group 3 is empty (an edge case worth having).
  const groupMembers: number[][] = [];
  const averageGroupSize = G > 0 ? (1.5 * U) / G : 0;
  for (let g = 0; g < G; g++) {
    const rng = new Rng(hash32(ctx.orgSeed, 'userGroup-members', g));
    const members = g === 3 ? [] : sampleMembers(rng, U, averageGroupSize, MAX_USER_GROUP_SIZE);
    groupMembers.push(members);
    for (const u of members)
      links.userGroupMembers.push({ userGroupId: userGroups[g].id, userId: userIds[u] });
  }

  // System group members. System group 2 is empty when there are more than three.
  const averageSystemGroupSize = SG > 0 ? (1.2 * S) / SG : 0;
  for (let g = 0; g < SG; g++) {
    const rng = new Rng(hash32(ctx.orgSeed, 'systemGroup-members', g));
    const members =
      g === 2 && SG > 3 ? [] : sampleMembers(rng, S, averageSystemGroupSize, MAX_SYSTEM_GROUP_SIZE);
    for (const s of members)
      links.systemGroupMembers.push({ systemGroupId: systemGroups[g].id, systemId: systems[s].id });
  }

  // Applications: direct users and bound user groups. App 0 is always bound to group 0 and one
  // member of group 0 is left out of its direct users (reached only through the group).
  for (let a = 0; a < A; a++) {
    const rng = new Rng(hash32(ctx.orgSeed, 'application-bindings', a));
    const groups =
      a === 0 && G > 0
        ? [0]
        : G > 0
          ? rng.sample(
              G,
              rng.weighted<number>([
                [0, 30],
                [1, 50],
                [2, 20],
              ]),
            )
          : [];
    let direct =
      U > 0
        ? rng.sample(
            U,
            clamp(Math.round(U * (0.05 + 0.25 * rng.next())), 1, Math.min(U, MAX_DIRECT_APP_USERS)),
          )
        : [];
    if (a === 0 && G > 0 && groupMembers[0].length > 0) {
      const onlyViaGroup = groupMembers[0][0];
      direct = direct.filter((u) => u !== onlyViaGroup);
    }
    for (const u of direct)
      links.applicationUsers.push({ applicationId: applications[a].id, userId: userIds[u] });
    for (const g of groups)
      links.applicationUserGroups.push({
        applicationId: applications[a].id,
        userGroupId: userGroups[g].id,
      });
  }

  // Direct user -> system bindings: the primary user (usually) plus 0-2 others.
  for (let s = 0; s < S; s++) {
    if (U === 0) break;
    const rng = new Rng(hash32(ctx.orgSeed, 'system-users', s));
    const bound = new Map<number, GraphAttributes | null>();
    const primary = systemDrafts[s].primaryUser;
    if (primary !== null && (s < 7 || rng.chance(0.9))) {
      bound.set(
        primary,
        s === 0 || rng.chance(0.4) ? sudoAttributes(s === 0 ? false : rng.chance(0.3)) : null,
      );
    }
    const extra =
      s === 0
        ? 1
        : rng.weighted<number>([
            [0, 50],
            [1, 35],
            [2, 15],
          ]);
    for (let k = 0; k < extra; k++) {
      const u = rng.int(U);
      if (!bound.has(u)) bound.set(u, rng.chance(0.1) ? sudoAttributes(rng.chance(0.5)) : null);
    }
    for (const [u, attributes] of Array.from(bound.entries()).sort((x, y) => x[0] - y[0])) {
      links.userSystems.push({ userId: userIds[u], systemId: systems[s].id, attributes });
    }
  }

  // User group -> system bindings.
  if (G > 0 && S > 0) {
    const count = Math.max(1, Math.round(G * 0.6));
    const seen = new Set<string>();
    for (let k = 0; k < count; k++) {
      const rng = new Rng(hash32(ctx.orgSeed, 'userGroup-system', k));
      const g = k === 0 ? 0 : rng.int(G);
      const s = k === 0 ? 1 % S : rng.int(S);
      const key = `${g}:${s}`;
      if (seen.has(key)) continue;
      seen.add(key);
      links.userGroupSystems.push({
        userGroupId: userGroups[g].id,
        systemId: systems[s].id,
        attributes: null,
      });
    }
  }

  // User -> system group bindings.
  if (U > 0 && SG > 0) {
    const count = Math.max(1, Math.round(U * 0.01));
    const seen = new Set<string>();
    for (let k = 0; k < count; k++) {
      const rng = new Rng(hash32(ctx.orgSeed, 'user-systemGroup', k));
      const u = rng.int(U);
      const g = rng.int(SG);
      const key = `${u}:${g}`;
      if (seen.has(key)) continue;
      seen.add(key);
      links.userSystemGroups.push({
        userId: userIds[u],
        systemGroupId: systemGroups[g].id,
        attributes: rng.chance(0.2) ? sudoAttributes(false) : null,
      });
    }
  }

  // User group -> system group bindings (each can reach many pairs, so there are few).
  if (G > 0 && SG > 0) {
    const count = clamp(Math.round(Math.min(G, SG) * 0.5), 1, 8);
    const seen = new Set<string>();
    for (let k = 0; k < count; k++) {
      const rng = new Rng(hash32(ctx.orgSeed, 'userGroup-systemGroup', k));
      const g = k === 0 ? Math.min(1, G - 1) : rng.int(G);
      const sg = k === 0 ? 0 : rng.int(SG);
      const key = `${g}:${sg}`;
      if (seen.has(key)) continue;
      seen.add(key);
      links.userGroupSystemGroups.push({
        userGroupId: userGroups[g].id,
        systemGroupId: systemGroups[sg].id,
        attributes: k === 0 || rng.chance(0.4) ? sudoAttributes(rng.chance(0.3)) : null,
      });
    }
  }
  return links;
}
