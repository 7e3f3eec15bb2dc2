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
} from '../shared/types';

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

/** The objects a traversal names, by kind and record position. */
class Objects {
  constructor(private readonly org: SimulatedOrg) {}

  private records(kind: GraphType): ReadonlyArray<{ id: string }> {
    switch (kind) {
      case 'user':
        return this.org.users;
      case 'user_group':
        return this.org.userGroups;
      case 'system':
        return this.org.systems;
      case 'system_group':
        return this.org.systemGroups;
      case 'application':
        return this.org.applications;
      default:
        throw new Error(`no records of type ${kind}`);
    }
  }

  /** Groups carry their attributes (sudo, LDAP and POSIX groups...); other objects none. */
  of(kind: GraphType, i: number): GraphObject {
    if (kind === 'user_group') {
      const group = this.org.userGroups[i];
      return { id: group.id, type: kind, attributes: group.attributes ?? null };
    }
    if (kind === 'system_group') {
      const group = this.org.systemGroups[i];
      return { id: group.id, type: kind, attributes: group.attributes ?? null };
    }
    return { id: this.records(kind)[i].id, type: kind, attributes: null };
  }

  idOf(kind: GraphType, i: number): string {
    return this.records(kind)[i].id;
  }
}

function hop(attributes: GraphAttributes | null, to: GraphObject): GraphConnection {
  return { attributes, to };
}

type Kind = StartKind;

/** The OrgGraph fields that hold an adjacency, and its methods that give a link's attributes. */
type AdjacencyName = {
  [K in keyof OrgGraph]: OrgGraph[K] extends Adjacency ? K : never;
}[keyof OrgGraph];
type AttributesName = {
  [K in keyof OrgGraph]: OrgGraph[K] extends (a: number, b: number) => GraphAttributes | null
    ? K
    : never;
}[keyof OrgGraph];

/** Static memberships: [member kind, group kind, a member's groups, a group's members]. */
// prettier-ignore
const MEMBERSHIPS: ReadonlyArray<[Kind, Kind, AdjacencyName, AdjacencyName]> = [
  ['user',   'user_group',   'userGroupsOfUser',     'membersOfUserGroup'],
  ['system', 'system_group', 'systemGroupsOfSystem', 'membersOfSystemGroup'],
];

/**
 * Direct bindings: [a, b, a's bs, b's as, the attributes of a binding (a, b)]; null where the
 * binding carries none.
 */
// prettier-ignore
const BINDINGS: ReadonlyArray<[Kind, Kind, AdjacencyName, AdjacencyName, AttributesName | null]> = [
  ['user',       'system',       'systemsOfUser',           'usersOfSystem',           'userSystemAttributesOf'],
  ['user',       'system_group', 'systemGroupsOfUser',      'usersOfSystemGroup',      'userSystemGroupAttributesOf'],
  ['user_group', 'system',       'systemsOfUserGroup',      'userGroupsOfSystem',      'userGroupSystemAttributesOf'],
  ['user_group', 'system_group', 'systemGroupsOfUserGroup', 'userGroupsOfSystemGroup', 'userGroupSystemGroupAttributesOf'],
  ['user',       'application',  'applicationsOfUser',      'usersOfApplication',      null],
  ['user_group', 'application',  'applicationsOfUserGroup', 'userGroupsOfApplication', null],
];

/**
 * A stored link read from one end: who is linked to a position, and the link's own attributes
 * (sudo on a binding, none on a membership). Memberships are not associations.
 */
interface Link {
  adjacency: AdjacencyName;
  attributes: (g: OrgGraph, from: number, to: number) => GraphAttributes | null;
  membership: boolean;
}

/** Every link by `from->to`. */
const LINKS = new Map<string, Link>();
function addLinks(
  [a, b, aToB, bToA]: readonly [Kind, Kind, AdjacencyName, AdjacencyName],
  name: AttributesName | null,
  membership: boolean,
): void {
  const of = (g: OrgGraph, x: number, y: number) => (name === null ? null : g[name](x, y));
  LINKS.set(`${a}->${b}`, { adjacency: aToB, attributes: of, membership });
  LINKS.set(`${b}->${a}`, { adjacency: bToA, attributes: (g, x, y) => of(g, y, x), membership });
}
for (const membership of MEMBERSHIPS) addLinks(membership, null, true);
for (const [a, b, aToB, bToA, name] of BINDINGS) addLinks([a, b, aToB, bToA], name, false);

function link(from: Kind, to: Kind): Link {
  const found = LINKS.get(`${from}->${to}`);
  if (!found) throw new Error(`no stored link from ${from} to ${to}`);
  return found;
}

/**
 * Each traversal: the kind named in the URL and its routes, each the kinds crossed after the
 * start, the last being the kind returned. A result's `paths` list its routes in this order,
 * and for each route the intermediate objects in id order.
 */
const TRAVERSALS: Record<TraversalName, { start: Kind; routes: Kind[][] }> = {
  userGroupMembership: { start: 'user_group', routes: [['user']] },
  userGroupSystems: { start: 'user_group', routes: [['system'], ['system_group', 'system']] },
  userGroupSystemGroups: { start: 'user_group', routes: [['system_group']] },
  userGroupApplications: { start: 'user_group', routes: [['application']] },
  systemGroupMembership: { start: 'system_group', routes: [['system']] },
  systemGroupUsers: { start: 'system_group', routes: [['user'], ['user_group', 'user']] },
  systemGroupUserGroups: { start: 'system_group', routes: [['user_group']] },
  applicationUsers: { start: 'application', routes: [['user'], ['user_group', 'user']] },
  applicationUserGroups: { start: 'application', routes: [['user_group']] },
  systemUsers: {
    start: 'system',
    routes: [
      ['user'],
      ['user_group', 'user'],
      ['system_group', 'user'],
      ['system_group', 'user_group', 'user'],
    ],
  },
  systemUserGroups: { start: 'system', routes: [['user_group'], ['system_group', 'user_group']] },
  systemMemberOf: { start: 'system', routes: [['system_group']] },
  userSystems: {
    start: 'user',
    routes: [
      ['system'],
      ['user_group', 'system'],
      ['system_group', 'system'],
      ['user_group', 'system_group', 'system'],
    ],
  },
  userSystemGroups: { start: 'user', routes: [['system_group'], ['user_group', 'system_group']] },
  userApplications: { start: 'user', routes: [['application'], ['user_group', 'application']] },
  userMemberOf: { start: 'user', routes: [['user_group']] },
};

interface TraversalSpec {
  start: StartKind;
  target: GraphType;
  reach(g: OrgGraph, start: number): readonly number[];
  /** Whether `reach` only reads one adjacency list (no need to cache it). */
  direct: boolean;
  paths(g: OrgGraph, o: Objects, start: number, target: number): GraphConnection[][];
}

/** A route read once: each step crosses `link` to an object of `kind`. */
interface Route {
  steps: Array<{ link: Link; kind: Kind }>;
  /** From the kind returned back to the one before it (routes of two steps or more). */
  back?: Link;
}

function compileRoute(start: Kind, kinds: readonly Kind[]): Route {
  const steps = kinds.map((kind, i) => ({
    link: link(i === 0 ? start : kinds[i - 1], kind),
    kind,
  }));
  const n = kinds.length;
  return { steps, back: n > 1 ? link(kinds[n - 1], kinds[n - 2]) : undefined };
}

/** Pushes the adjacency lists whose union is every object the route reaches from `at`. */
function reachAlong(
  g: OrgGraph,
  route: Route,
  i: number,
  at: number,
  out: Array<readonly number[]>,
): void {
  const near = g[route.steps[i].link.adjacency][at];
  if (i === route.steps.length - 1) out.push(near);
  else for (const x of near) reachAlong(g, route, i + 1, x, out);
}

/**
 * Every path along the route from `at` (the start, or the object reached at step `i - 1`) to
 * `target`; each hop carries the attributes of the link it crosses. The last object before the
 * target is found by intersecting what its predecessor reaches with what the target links to.
 */
function pathsAlong(
  g: OrgGraph,
  o: Objects,
  route: Route,
  i: number,
  at: number,
  target: number,
): GraphConnection[][] {
  const { link: crossed, kind } = route.steps[i];
  const near = g[crossed.adjacency][at];
  const hopTo = (x: number) => hop(crossed.attributes(g, at, x), o.of(kind, x));
  const remaining = route.steps.length - i;
  if (remaining === 1) return sortedHas(near, target) ? [[hopTo(target)]] : [];
  const out: GraphConnection[][] = [];
  if (remaining === 2) {
    const last = route.steps[i + 1];
    for (const x of intersectSorted(near, g[route.back!.adjacency][target])) {
      out.push([hopTo(x), hop(last.link.attributes(g, x, target), o.of(last.kind, target))]);
    }
    return out;
  }
  for (const x of near) {
    for (const path of pathsAlong(g, o, route, i + 1, x, target)) out.push([hopTo(x), ...path]);
  }
  return out;
}

const SPECS = Object.fromEntries(
  Object.entries(TRAVERSALS).map(([name, { start, routes: kinds }]): [string, TraversalSpec] => {
    const routes = kinds.map((route) => compileRoute(start, route));
    const [first] = routes;
    const direct = routes.length === 1 && first.steps.length === 1;
    const reach = (g: OrgGraph, at: number): readonly number[] => {
      if (direct) return g[first.steps[0].link.adjacency][at];
      const lists: Array<readonly number[]> = [];
      for (const route of routes) reachAlong(g, route, 0, at, lists);
      return unionAll(lists);
    };
    const paths = (g: OrgGraph, o: Objects, at: number, to: number) =>
      routes.flatMap((route) => pathsAlong(g, o, route, 0, at, to));
    const target = first.steps[first.steps.length - 1].kind;
    return [name, { start, target, direct, reach, paths }];
  }),
) as Record<TraversalName, TraversalSpec>;

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
      return mappedList(list.length, (i) => hop(null, this.objects.of('user', list[i])));
    }
    const list = g.membersOfSystemGroup[start];
    return mappedList(list.length, (i) => hop(null, this.objects.of('system', list[i])));
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
    const found = LINKS.get(`${kind}->${target}`);
    // Valid targets the simulator holds nothing for (policies, commands, directories...).
    if (!found || found.membership) return arrayList<GraphConnection>([]);
    const g = this.org.graph;
    const list = g[found.adjacency][start];
    return mappedList(list.length, (i) =>
      hop(found.attributes(g, start, list[i]), this.objects.of(target as GraphType, list[i])),
    );
  }
}
