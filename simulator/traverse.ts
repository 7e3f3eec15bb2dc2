/**
 * JumpCloud's v2 graph answers for one organization:
 *
 * - traversals (`/systems/{id}/users`, `/applications/{id}/users`, `.../membership`, ...)
 *   return GraphObjectWithPaths: every object reachable from the start, once, with one `paths`
 *   entry per route. A route lists only the `to` end of each hop and never repeats the start.
 * - `/members` and `/associations?targets=` return GraphConnection: stored direct links only.
 *
 * Results are ordered by id (record position), or reversed for `sort=-id`.
 */
import type { SimulatedOrg } from './generate';
import { intersectSorted, sortedHas, unionAll, type Adjacency, type OrgGraph } from './graph';
import type {
  GraphAttributes,
  GraphConnection,
  GraphObject,
  GraphObjectWithPaths,
  GraphType,
} from './types';

export type TraversalName =
  | 'userGroupMembership'
  | 'userGroupSystems'
  | 'userGroupSystemGroups'
  | 'userGroupApplications'
  | 'systemGroupMembership'
  | 'systemGroupUsers'
  | 'systemGroupUserGroups'
  | 'applicationUsers'
  | 'applicationUserGroups'
  | 'systemUsers'
  | 'systemUserGroups'
  | 'systemMemberOf'
  | 'userSystems'
  | 'userSystemGroups'
  | 'userApplications'
  | 'userMemberOf';

/** The kind of object named in the URL. */
export type StartKind = 'user' | 'user_group' | 'system' | 'system_group' | 'application';

/** A page-able list whose elements are built only when a page asks for them. */
export interface LazyList<T> {
  total: number;
  slice(skip: number, limit: number): T[];
}

export function arrayList<T>(items: readonly T[]): LazyList<T> {
  return { total: items.length, slice: (skip, limit) => items.slice(skip, skip + limit) };
}

/** Maps positions [0, total) through `at`, optionally in reverse. */
export function mappedList<T>(
  total: number,
  at: (i: number) => T,
  descending = false,
): LazyList<T> {
  return {
    total,
    slice(skip, limit) {
      const out: T[] = [];
      const end = Math.min(total, skip + limit);
      for (let i = skip; i < end; i++) out.push(at(descending ? total - 1 - i : i));
      return out;
    },
  };
}

function concatLists<T>(lists: ReadonlyArray<LazyList<T>>): LazyList<T> {
  const total = lists.reduce((sum, l) => sum + l.total, 0);
  return {
    total,
    slice(skip, limit) {
      const out: T[] = [];
      let offset = 0;
      for (const list of lists) {
        if (out.length >= limit) break;
        const from = Math.max(0, skip - offset);
        if (from < list.total) out.push(...list.slice(from, limit - out.length));
        offset += list.total;
      }
      return out;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Attribute merging (compiledAttributes)
// ---------------------------------------------------------------------------------------------

/**
 * Merges group and binding attributes the way JumpCloud compiles them along routes: sudo is
 * enabled when any route enables it (and passwordless when any enabling route is), LDAP/POSIX
 * groups and RADIUS replies are unions, sambaEnabled is an OR, other keys keep the first value.
 */
export function mergeAttributes(
  into: GraphAttributes | null,
  from: GraphAttributes | null,
): GraphAttributes | null {
  if (!from) return into;
  const out: GraphAttributes = into ?? {};
  for (const [key, value] of Object.entries(from)) {
    if (value === undefined) continue;
    switch (key) {
      case 'sudo': {
        const s = value as { enabled: boolean; withoutPassword: boolean };
        const prev = out.sudo;
        out.sudo = {
          enabled: (prev?.enabled ?? false) || s.enabled,
          withoutPassword:
            (prev ? prev.enabled && prev.withoutPassword : false) ||
            (s.enabled && s.withoutPassword),
        };
        break;
      }
      case 'ldapGroups': {
        const list = out.ldapGroups ? [...out.ldapGroups] : [];
        for (const g of value as Array<{ name: string }>)
          if (!list.some((x) => x.name === g.name)) list.push({ ...g });
        out.ldapGroups = list;
        break;
      }
      case 'posixGroups': {
        const list = out.posixGroups ? [...out.posixGroups] : [];
        for (const g of value as Array<{ id: number; name: string }>)
          if (!list.some((x) => x.id === g.id)) list.push({ ...g });
        out.posixGroups = list;
        break;
      }
      case 'radius': {
        const reply = out.radius ? [...out.radius.reply] : [];
        for (const r of (value as { reply: Array<{ name: string; value: string }> }).reply) {
          if (!reply.some((x) => x.name === r.name && x.value === r.value)) reply.push({ ...r });
        }
        out.radius = { reply };
        break;
      }
      case 'sambaEnabled':
        out.sambaEnabled = (out.sambaEnabled ?? false) || Boolean(value);
        break;
      default:
        if (!(key in out)) out[key] = value;
    }
  }
  return out;
}

/** compiledAttributes of a result: every hop's own attributes plus the user groups it crosses. */
export function compileAttributes(paths: GraphConnection[][]): GraphAttributes | null {
  let out: GraphAttributes | null = null;
  for (const path of paths) {
    for (const hop of path) {
      out = mergeAttributes(out, hop.attributes);
      if (hop.to.type === 'user_group') out = mergeAttributes(out, hop.to.attributes);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Traversals
// ---------------------------------------------------------------------------------------------

class Objects {
  constructor(private readonly org: SimulatedOrg) {}

  user(u: number): GraphObject {
    return { id: this.org.users[u].id, type: 'user', attributes: null };
  }

  userGroup(g: number): GraphObject {
    return {
      id: this.org.userGroups[g].id,
      type: 'user_group',
      attributes: this.org.userGroups[g].attributes ?? null,
    };
  }

  system(s: number): GraphObject {
    return { id: this.org.systems[s].id, type: 'system', attributes: null };
  }

  systemGroup(g: number): GraphObject {
    return {
      id: this.org.systemGroups[g].id,
      type: 'system_group',
      attributes: this.org.systemGroups[g].attributes ?? null,
    };
  }

  application(a: number): GraphObject {
    return { id: this.org.applications[a].id, type: 'application', attributes: null };
  }

  idOf(type: GraphType, i: number): string {
    switch (type) {
      case 'user':
        return this.org.users[i].id;
      case 'user_group':
        return this.org.userGroups[i].id;
      case 'system':
        return this.org.systems[i].id;
      case 'system_group':
        return this.org.systemGroups[i].id;
      case 'application':
        return this.org.applications[i].id;
      default:
        throw new Error(`no records of type ${type}`);
    }
  }
}

function hop(attributes: GraphAttributes | null, to: GraphObject): GraphConnection {
  return { attributes, to };
}

interface TraversalSpec {
  start: StartKind;
  target: GraphType;
  reach(g: OrgGraph, start: number): readonly number[];
  /** Whether `reach` only reads one adjacency list (no need to cache it). */
  direct: boolean;
  paths(g: OrgGraph, o: Objects, start: number, target: number): GraphConnection[][];
}

const members = (adj: Adjacency, of: readonly number[]): Array<readonly number[]> =>
  of.map((i) => adj[i]);

const SPECS: Record<TraversalName, TraversalSpec> = {
  userGroupMembership: {
    start: 'user_group',
    target: 'user',
    direct: true,
    reach: (g, start) => g.membersOfUserGroup[start],
    paths: (_g, o, _start, u) => [[hop(null, o.user(u))]],
  },
  userGroupSystems: {
    start: 'user_group',
    target: 'system',
    direct: false,
    reach: (g, ug) =>
      unionAll([
        g.systemsOfUserGroup[ug],
        ...members(g.membersOfSystemGroup, g.systemGroupsOfUserGroup[ug]),
      ]),
    paths: (g, o, ug, s) => {
      const out: GraphConnection[][] = [];
      if (sortedHas(g.systemsOfUserGroup[ug], s))
        out.push([hop(g.userGroupSystemAttributesOf(ug, s), o.system(s))]);
      for (const sg of intersectSorted(g.systemGroupsOfUserGroup[ug], g.systemGroupsOfSystem[s])) {
        out.push([
          hop(g.userGroupSystemGroupAttributesOf(ug, sg), o.systemGroup(sg)),
          hop(null, o.system(s)),
        ]);
      }
      return out;
    },
  },
  userGroupSystemGroups: {
    start: 'user_group',
    target: 'system_group',
    direct: true,
    reach: (g, ug) => g.systemGroupsOfUserGroup[ug],
    paths: (g, o, ug, sg) => [[hop(g.userGroupSystemGroupAttributesOf(ug, sg), o.systemGroup(sg))]],
  },
  userGroupApplications: {
    start: 'user_group',
    target: 'application',
    direct: true,
    reach: (g, ug) => g.applicationsOfUserGroup[ug],
    paths: (_g, o, _ug, a) => [[hop(null, o.application(a))]],
  },
  systemGroupMembership: {
    start: 'system_group',
    target: 'system',
    direct: true,
    reach: (g, sg) => g.membersOfSystemGroup[sg],
    paths: (_g, o, _sg, s) => [[hop(null, o.system(s))]],
  },
  systemGroupUsers: {
    start: 'system_group',
    target: 'user',
    direct: false,
    reach: (g, sg) =>
      unionAll([
        g.usersOfSystemGroup[sg],
        ...members(g.membersOfUserGroup, g.userGroupsOfSystemGroup[sg]),
      ]),
    paths: (g, o, sg, u) => {
      const out: GraphConnection[][] = [];
      if (sortedHas(g.usersOfSystemGroup[sg], u))
        out.push([hop(g.userSystemGroupAttributesOf(u, sg), o.user(u))]);
      for (const ug of intersectSorted(g.userGroupsOfSystemGroup[sg], g.userGroupsOfUser[u])) {
        out.push([
          hop(g.userGroupSystemGroupAttributesOf(ug, sg), o.userGroup(ug)),
          hop(null, o.user(u)),
        ]);
      }
      return out;
    },
  },
  systemGroupUserGroups: {
    start: 'system_group',
    target: 'user_group',
    direct: true,
    reach: (g, sg) => g.userGroupsOfSystemGroup[sg],
    paths: (g, o, sg, ug) => [[hop(g.userGroupSystemGroupAttributesOf(ug, sg), o.userGroup(ug))]],
  },
  applicationUsers: {
    start: 'application',
    target: 'user',
    direct: false,
    reach: (g, a) =>
      unionAll([
        g.usersOfApplication[a],
        ...members(g.membersOfUserGroup, g.userGroupsOfApplication[a]),
      ]),
    paths: (g, o, a, u) => {
      const out: GraphConnection[][] = [];
      if (sortedHas(g.usersOfApplication[a], u)) out.push([hop(null, o.user(u))]);
      for (const ug of intersectSorted(g.userGroupsOfApplication[a], g.userGroupsOfUser[u])) {
        out.push([hop(null, o.userGroup(ug)), hop(null, o.user(u))]);
      }
      return out;
    },
  },
  applicationUserGroups: {
    start: 'application',
    target: 'user_group',
    direct: true,
    reach: (g, a) => g.userGroupsOfApplication[a],
    paths: (_g, o, _a, ug) => [[hop(null, o.userGroup(ug))]],
  },
  systemUsers: {
    start: 'system',
    target: 'user',
    direct: false,
    reach: (g, s) => {
      const lists: Array<readonly number[]> = [
        g.usersOfSystem[s],
        ...members(g.membersOfUserGroup, g.userGroupsOfSystem[s]),
      ];
      for (const sg of g.systemGroupsOfSystem[s]) {
        lists.push(
          g.usersOfSystemGroup[sg],
          ...members(g.membersOfUserGroup, g.userGroupsOfSystemGroup[sg]),
        );
      }
      return unionAll(lists);
    },
    paths: (g, o, s, u) => {
      const out: GraphConnection[][] = [];
      // 1. user bound to the system
      if (sortedHas(g.usersOfSystem[s], u))
        out.push([hop(g.userSystemAttributesOf(u, s), o.user(u))]);
      // 2. user group bound to the system
      for (const ug of intersectSorted(g.userGroupsOfSystem[s], g.userGroupsOfUser[u])) {
        out.push([
          hop(g.userGroupSystemAttributesOf(ug, s), o.userGroup(ug)),
          hop(null, o.user(u)),
        ]);
      }
      // 3. user bound to a system group holding the system
      for (const sg of intersectSorted(g.systemGroupsOfSystem[s], g.systemGroupsOfUser[u])) {
        out.push([
          hop(null, o.systemGroup(sg)),
          hop(g.userSystemGroupAttributesOf(u, sg), o.user(u)),
        ]);
      }
      // 4. user group bound to a system group holding the system
      for (const sg of g.systemGroupsOfSystem[s]) {
        for (const ug of intersectSorted(g.userGroupsOfSystemGroup[sg], g.userGroupsOfUser[u])) {
          out.push([
            hop(null, o.systemGroup(sg)),
            hop(g.userGroupSystemGroupAttributesOf(ug, sg), o.userGroup(ug)),
            hop(null, o.user(u)),
          ]);
        }
      }
      return out;
    },
  },
  systemUserGroups: {
    start: 'system',
    target: 'user_group',
    direct: false,
    reach: (g, s) =>
      unionAll([
        g.userGroupsOfSystem[s],
        ...members(g.userGroupsOfSystemGroup, g.systemGroupsOfSystem[s]),
      ]),
    paths: (g, o, s, ug) => {
      const out: GraphConnection[][] = [];
      if (sortedHas(g.userGroupsOfSystem[s], ug))
        out.push([hop(g.userGroupSystemAttributesOf(ug, s), o.userGroup(ug))]);
      for (const sg of intersectSorted(g.systemGroupsOfSystem[s], g.systemGroupsOfUserGroup[ug])) {
        out.push([
          hop(null, o.systemGroup(sg)),
          hop(g.userGroupSystemGroupAttributesOf(ug, sg), o.userGroup(ug)),
        ]);
      }
      return out;
    },
  },
  systemMemberOf: {
    start: 'system',
    target: 'system_group',
    direct: true,
    reach: (g, s) => g.systemGroupsOfSystem[s],
    paths: (_g, o, _s, sg) => [[hop(null, o.systemGroup(sg))]],
  },
  userSystems: {
    start: 'user',
    target: 'system',
    direct: false,
    reach: (g, u) => {
      const lists: Array<readonly number[]> = [
        g.systemsOfUser[u],
        ...members(g.membersOfSystemGroup, g.systemGroupsOfUser[u]),
      ];
      for (const ug of g.userGroupsOfUser[u]) {
        lists.push(
          g.systemsOfUserGroup[ug],
          ...members(g.membersOfSystemGroup, g.systemGroupsOfUserGroup[ug]),
        );
      }
      return unionAll(lists);
    },
    paths: (g, o, u, s) => {
      const out: GraphConnection[][] = [];
      if (sortedHas(g.systemsOfUser[u], s))
        out.push([hop(g.userSystemAttributesOf(u, s), o.system(s))]);
      for (const ug of intersectSorted(g.userGroupsOfUser[u], g.userGroupsOfSystem[s])) {
        out.push([
          hop(null, o.userGroup(ug)),
          hop(g.userGroupSystemAttributesOf(ug, s), o.system(s)),
        ]);
      }
      for (const sg of intersectSorted(g.systemGroupsOfUser[u], g.systemGroupsOfSystem[s])) {
        out.push([
          hop(g.userSystemGroupAttributesOf(u, sg), o.systemGroup(sg)),
          hop(null, o.system(s)),
        ]);
      }
      for (const ug of g.userGroupsOfUser[u]) {
        for (const sg of intersectSorted(
          g.systemGroupsOfUserGroup[ug],
          g.systemGroupsOfSystem[s],
        )) {
          out.push([
            hop(null, o.userGroup(ug)),
            hop(g.userGroupSystemGroupAttributesOf(ug, sg), o.systemGroup(sg)),
            hop(null, o.system(s)),
          ]);
        }
      }
      return out;
    },
  },
  userSystemGroups: {
    start: 'user',
    target: 'system_group',
    direct: false,
    reach: (g, u) =>
      unionAll([
        g.systemGroupsOfUser[u],
        ...members(g.systemGroupsOfUserGroup, g.userGroupsOfUser[u]),
      ]),
    paths: (g, o, u, sg) => {
      const out: GraphConnection[][] = [];
      if (sortedHas(g.systemGroupsOfUser[u], sg))
        out.push([hop(g.userSystemGroupAttributesOf(u, sg), o.systemGroup(sg))]);
      for (const ug of intersectSorted(g.userGroupsOfUser[u], g.userGroupsOfSystemGroup[sg])) {
        out.push([
          hop(null, o.userGroup(ug)),
          hop(g.userGroupSystemGroupAttributesOf(ug, sg), o.systemGroup(sg)),
        ]);
      }
      return out;
    },
  },
  userApplications: {
    start: 'user',
    target: 'application',
    direct: false,
    reach: (g, u) =>
      unionAll([
        g.applicationsOfUser[u],
        ...members(g.applicationsOfUserGroup, g.userGroupsOfUser[u]),
      ]),
    paths: (g, o, u, a) => {
      const out: GraphConnection[][] = [];
      if (sortedHas(g.applicationsOfUser[u], a)) out.push([hop(null, o.application(a))]);
      for (const ug of intersectSorted(g.userGroupsOfUser[u], g.userGroupsOfApplication[a])) {
        out.push([hop(null, o.userGroup(ug)), hop(null, o.application(a))]);
      }
      return out;
    },
  },
  userMemberOf: {
    start: 'user',
    target: 'user_group',
    direct: true,
    reach: (g, u) => g.userGroupsOfUser[u],
    paths: (_g, o, _u, ug) => [[hop(null, o.userGroup(ug))]],
  },
};

export function traversalStartKind(name: TraversalName): StartKind {
  return SPECS[name].start;
}

// ---------------------------------------------------------------------------------------------
// Direct links: /members and /associations
// ---------------------------------------------------------------------------------------------

/** Valid `targets` per start kind (v2.json graphTargets* enums). */
export const ASSOCIATION_TARGETS: Record<StartKind, readonly string[]> = {
  user: [
    'active_directory',
    'application',
    'g_suite',
    'idp_routing_policy',
    'ldap_server',
    'office_365',
    'password_manager_item',
    'radius_server',
    'system',
    'system_group',
  ],
  user_group: [
    'active_directory',
    'application',
    'g_suite',
    'idp_routing_policy',
    'ldap_server',
    'office_365',
    'password_manager_item',
    'radius_server',
    'system',
    'system_group',
  ],
  system: ['command', 'policy', 'policy_group', 'user', 'user_group'],
  system_group: ['command', 'policy', 'policy_group', 'user', 'user_group'],
  application: ['user', 'user_group'],
};

/** Answers traversals and direct-link queries for one org; caches recent reach sets. */
export class Traverser {
  private readonly objects: Objects;
  private readonly cache = new Map<string, readonly number[]>();
  private static readonly CACHE_ENTRIES = 512;

  constructor(private readonly org: SimulatedOrg) {
    this.objects = new Objects(org);
  }

  private reach(name: TraversalName, start: number): readonly number[] {
    const spec = SPECS[name];
    if (spec.direct) return spec.reach(this.org.graph, start);
    const key = `${name}:${start}`;
    const hit = this.cache.get(key);
    if (hit) {
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit;
    }
    const value = spec.reach(this.org.graph, start);
    this.cache.set(key, value);
    if (this.cache.size > Traverser.CACHE_ENTRIES) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    return value;
  }

  /** Every object reachable from `start`, one entry per object, with one path per route. */
  traverse(name: TraversalName, start: number, descending = false): LazyList<GraphObjectWithPaths> {
    const spec = SPECS[name];
    const targets = this.reach(name, start);
    return mappedList(
      targets.length,
      (i) => {
        const target = targets[i];
        const paths = spec.paths(this.org.graph, this.objects, start, target);
        const id = this.objects.idOf(spec.target, target);
        const compiled = compileAttributes(paths);
        return {
          id,
          type: spec.target,
          ...(compiled ? { compiledAttributes: compiled } : {}),
          paths,
        };
      },
      descending,
    );
  }

  /** `/usergroups/{id}/members` and `/systemgroups/{id}/members`. */
  members(kind: 'user_group' | 'system_group', start: number): LazyList<GraphConnection> {
    const g = this.org.graph;
    if (kind === 'user_group') {
      const list = g.membersOfUserGroup[start];
      return mappedList(list.length, (i) => hop(null, this.objects.user(list[i])));
    }
    const list = g.membersOfSystemGroup[start];
    return mappedList(list.length, (i) => hop(null, this.objects.system(list[i])));
  }

  /** `/{kind}/{id}/associations?targets=...`: stored direct links to objects of those types. */
  associations(
    kind: StartKind,
    start: number,
    targets: readonly string[],
  ): LazyList<GraphConnection> {
    return concatLists(targets.map((target) => this.associationsOf(kind, start, target)));
  }

  private associationsOf(
    kind: StartKind,
    start: number,
    target: string,
  ): LazyList<GraphConnection> {
    const g = this.org.graph;
    const o = this.objects;
    const of = (list: readonly number[], make: (i: number) => GraphConnection) =>
      mappedList(list.length, (i) => make(list[i]));
    switch (`${kind}->${target}`) {
      case 'user_group->system':
        return of(g.systemsOfUserGroup[start], (s) =>
          hop(g.userGroupSystemAttributesOf(start, s), o.system(s)),
        );
      case 'user_group->system_group':
        return of(g.systemGroupsOfUserGroup[start], (sg) =>
          hop(g.userGroupSystemGroupAttributesOf(start, sg), o.systemGroup(sg)),
        );
      case 'user_group->application':
        return of(g.applicationsOfUserGroup[start], (a) => hop(null, o.application(a)));
      case 'system_group->user':
        return of(g.usersOfSystemGroup[start], (u) =>
          hop(g.userSystemGroupAttributesOf(u, start), o.user(u)),
        );
      case 'system_group->user_group':
        return of(g.userGroupsOfSystemGroup[start], (ug) =>
          hop(g.userGroupSystemGroupAttributesOf(ug, start), o.userGroup(ug)),
        );
      case 'application->user':
        return of(g.usersOfApplication[start], (u) => hop(null, o.user(u)));
      case 'application->user_group':
        return of(g.userGroupsOfApplication[start], (ug) => hop(null, o.userGroup(ug)));
      case 'system->user':
        return of(g.usersOfSystem[start], (u) =>
          hop(g.userSystemAttributesOf(u, start), o.user(u)),
        );
      case 'system->user_group':
        return of(g.userGroupsOfSystem[start], (ug) =>
          hop(g.userGroupSystemAttributesOf(ug, start), o.userGroup(ug)),
        );
      case 'user->system':
        return of(g.systemsOfUser[start], (s) =>
          hop(g.userSystemAttributesOf(start, s), o.system(s)),
        );
      case 'user->system_group':
        return of(g.systemGroupsOfUser[start], (sg) =>
          hop(g.userSystemGroupAttributesOf(start, sg), o.systemGroup(sg)),
        );
      case 'user->application':
        return of(g.applicationsOfUser[start], (a) => hop(null, o.application(a)));
      default:
        // Valid targets the simulator holds nothing for (policies, commands, directories...).
        return arrayList<GraphConnection>([]);
    }
  }
}
