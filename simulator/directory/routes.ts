/**
 * The directory's read endpoints: organizations, users, systems, applications, groups, Apple
 * MDM, the v2 traversals and direct links, with their paging and sorting. Handlers are
 * synchronous and return a Reply; the router (../server/router.ts) adds authentication and
 * tenancy, the server the traffic knobs.
 */
import type { SimulatedDirectory, SimulatedOrg } from './generate';
import { HttpError, type Reply } from '../shared/reply';
import {
  ASSOCIATION_TARGETS,
  Traverser,
  arrayList,
  mappedList,
  traversalStartKind,
  type LazyList,
  type StartKind,
  type TraversalName,
} from './traverse';
import type { OrganizationListItem } from '../shared/types';

/** Bodies as JumpCloud sends them (REFERENCE.md §2, §3). */
export const ErrorBodies = {
  unauthorized: { error: 'Unauthorized', message: 'Unauthorized: api key user not found' },
  noOrganizationSelected: { message: 'Unauthorized: no organization selected' },
  orgHeaderNotAllowed: {
    message: 'Forbidden: organization selection not allowed via header',
    error: 'Forbidden: organization selection not allowed via header',
  },
  limitTooHigh: { message: 'Bad Request: request parameter "limit" exceeds maximum value of 100' },
  notFound: { message: 'Not Found' },
  organizationNotFound: { message: 'Not Found: organization not found' },
  invalidOrganizationId: { message: 'Bad Request: invalid organization id in x-org-id header' },
  methodNotAllowed: { message: 'Method Not Allowed' },
  appleMdmForbidden: {
    error: 'Forbidden',
    message: 'Forbidden: insufficient permissions for Apple MDM',
  },
  fdeKeyRefused: {
    error: 'Forbidden',
    message: 'Forbidden: the simulator never serves FDE recovery keys',
  },
} as const;

/** The `limit` cap of every v1 list and of the v2 lists in this file ("Limited to 100"). */
export const MAX_LIMIT = 100;

interface HandlerContext {
  /** The selected organization (tenant routes only). */
  org: SimulatedOrg;
  state: OrgState;
  params: string[];
  query: URLSearchParams;
}

/** What a handler is given: the selected organization (tenant routes only), path parameters, query. */
export interface FeatureRouteContext {
  org: SimulatedOrg;
  params: string[];
  query: URLSearchParams;
}

/**
 * A route of an optional body of data (System Insights, assets, access, policies, posture,
 * provider administrators): a tenant route unless it says otherwise. The router (../server/router.ts) gives it the same authentication,
 * tenancy, stats and traffic knobs as the directory's own.
 */
export interface FeatureRoute {
  template: string;
  handler: (context: FeatureRouteContext) => Reply;
  /** false: a route that refuses `x-org-id` and is given no organization (`/providers/...`). */
  tenant?: false;
  /** A list paged by `limit`/`skip`: its largest `limit` (absent: a single object or unpaged). */
  maxLimit?: number;
}

/** A route as the router (../server/router.ts) serves it. */
export interface Route {
  /** e.g. `/api/v2/systems/{id}/users`; stats count requests under `METHOD template`. */
  template: string;
  /** Tenant routes need an organization (x-org-id for MSP keys). */
  tenant: boolean;
  handler: (ctx: FeatureRouteContext) => Reply;
  /** `/systems/{id}/fdekey`: refused and counted apart. */
  fdeKey?: boolean;
  /** Whether the route reads Apple MDM data (403 when the mode is `forbidden`). */
  appleMdm?: boolean;
  /**
   * A list paged by `limit`/`skip`: the largest `limit` the specification allows. Absent
   * for a single object or an unpaged list (one request reads it: ./fewest.ts).
   */
  maxLimit?: number;
}

interface OrgState {
  traverser: Traverser;
  sortCache: Map<string, number[]>;
}

// ---------------------------------------------------------------------------------------------
// Query parsing
// ---------------------------------------------------------------------------------------------

function integerParam(query: URLSearchParams, name: string, fallback: number): number {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) {
    throw new HttpError(400, {
      message: `Bad Request: request parameter "${name}" must be a non-negative integer`,
    });
  }
  return Number(raw);
}

export interface Paging {
  limit: number;
  skip: number;
}

export function parsePaging(query: URLSearchParams, defaultLimit: number): Paging {
  const limit = integerParam(query, 'limit', defaultLimit);
  if (limit > MAX_LIMIT) throw new HttpError(400, ErrorBodies.limitTooHigh);
  return { limit, skip: integerParam(query, 'skip', 0) };
}

interface SortKey {
  field: string;
  descending: boolean;
}

/** v1 sorts are space separated, v2 comma separated; both are accepted everywhere. */
function parseSort(query: URLSearchParams, fallback = ''): SortKey[] {
  const raw = query.getAll('sort').join(',') || fallback;
  return raw
    .split(/[\s,]+/)
    .filter((s) => s.length > 0)
    .map((s) =>
      s.startsWith('-') ? { field: s.slice(1), descending: true } : { field: s, descending: false },
    );
}

function rejectUnsupported(query: URLSearchParams): void {
  for (const name of ['filter', 'search']) {
    if (query.getAll(name).some((v) => v !== '')) {
      throw new HttpError(400, {
        message: `Bad Request: the simulator does not implement the "${name}" parameter`,
      });
    }
  }
}

function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === undefined || a === null) return -1;
  if (b === undefined || b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return a ? 1 : -1;
  const x = typeof a === 'object' ? JSON.stringify(a) : String(a);
  const y = typeof b === 'object' ? JSON.stringify(b) : String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * The records in the requested order. Records are stored in id order, so sorting by id is a
 * view; other sorts are computed once per (collection, sort) and cached. Ties keep id order.
 */
function sortedList<T extends object>(
  state: OrgState,
  collection: string,
  records: readonly T[],
  keys: SortKey[],
): LazyList<T> {
  const effective = keys.map((k) => ({ ...k, field: k.field === '_id' ? 'id' : k.field }));
  if (effective.length === 0 || effective[0].field === 'id') {
    return mappedList(records.length, (i) => records[i], effective[0]?.descending ?? false);
  }
  const cacheKey = `${collection}|${effective.map((k) => (k.descending ? '-' : '') + k.field).join(',')}`;
  let order = state.sortCache.get(cacheKey);
  if (!order) {
    const get = (r: T, field: string) => (r as Record<string, unknown>)[field];
    order = records.map((_, i) => i);
    order.sort((i, j) => {
      for (const key of effective) {
        if (key.field === 'id') return key.descending ? j - i : i - j;
        const c = compareValues(get(records[i], key.field), get(records[j], key.field));
        if (c !== 0) return key.descending ? -c : c;
      }
      return i - j;
    });
    state.sortCache.set(cacheKey, order);
  }
  const perm = order;
  return mappedList(perm.length, (i) => records[perm[i]]);
}

function descendingById(query: URLSearchParams): boolean {
  const keys = parseSort(query);
  return (
    keys.length > 0 && (keys[0].field === 'id' || keys[0].field === '_id') && keys[0].descending
  );
}

// ---------------------------------------------------------------------------------------------
// Replies
// ---------------------------------------------------------------------------------------------

function v1List<T>(list: LazyList<T>, paging: Paging): Reply {
  return {
    status: 200,
    body: { totalCount: list.total, results: list.slice(paging.skip, paging.limit) },
  };
}

function v2List<T>(list: LazyList<T>, paging: Paging): Reply {
  return {
    status: 200,
    body: list.slice(paging.skip, paging.limit),
    headers: { 'x-total-count': String(list.total) },
  };
}

function one(record: unknown): Reply {
  return { status: 200, body: record };
}

function position(map: Map<string, number>, id: string): number {
  const i = map.get(id);
  if (i === undefined) throw new HttpError(404, ErrorBodies.notFound);
  return i;
}

function organizationListItem(org: SimulatedOrg): OrganizationListItem {
  const o = org.organization;
  return {
    _id: o._id,
    id: o.id,
    displayName: o.displayName,
    logoUrl: o.logoUrl,
    created: o.created,
  };
}

// ---------------------------------------------------------------------------------------------
// The API
// ---------------------------------------------------------------------------------------------

/** The directory's routes, in the order the router tries them. */
export function directoryRoutes(directory: SimulatedDirectory): Route[] {
  return new DirectoryRoutes(directory).routes;
}

type Handler = (ctx: HandlerContext) => Reply;
type RouteFlags = Pick<Route, 'fdeKey' | 'appleMdm' | 'maxLimit'>;

class DirectoryRoutes {
  readonly routes: Route[] = [];
  private readonly states = new Map<string, OrgState>();
  private readonly orgsById = new Map<string, SimulatedOrg>();
  /** Sort caches for lists that belong to no org (the organizations list). */
  private readonly placeholderState: OrgState = {
    traverser: undefined as never,
    sortCache: new Map(),
  };

  constructor(private readonly directory: SimulatedDirectory) {
    for (const org of directory.orgs) {
      this.orgsById.set(org.id, org);
      this.states.set(org.id, { traverser: new Traverser(org), sortCache: new Map() });
    }
    this.defineRoutes();
  }

  private add(path: string, tenant: boolean, handler: Handler, extra: RouteFlags = {}): void {
    this.routes.push({
      template: path,
      tenant,
      handler: ({ org, params, query }) =>
        handler({ org, state: this.stateOf(org, tenant), params, query }),
      ...extra,
    });
  }

  private stateOf(org: SimulatedOrg, tenant: boolean): OrgState {
    if (!tenant) return this.placeholderState;
    const state = this.states.get(org.id);
    if (!state) throw new Error(`no state for org ${org.id}`);
    return state;
  }

  /** A list `parsePaging` pages: capped at MAX_LIMIT. */
  private addList(path: string, tenant: boolean, handler: Handler, extra: RouteFlags = {}): void {
    this.add(path, tenant, handler, { maxLimit: MAX_LIMIT, ...extra });
  }

  private traversal(path: string, name: TraversalName): void {
    const kind = traversalStartKind(name);
    this.addList(path, true, ({ org, state, params, query }) => {
      const start = position(this.indexFor(org, kind), params[0]);
      const paging = parsePaging(query, 10);
      rejectUnsupported(query);
      return v2List(state.traverser.traverse(name, start, descendingById(query)), paging);
    });
  }

  private associations(path: string, kind: StartKind): void {
    this.addList(path, true, ({ org, state, params, query }) => {
      const start = position(this.indexFor(org, kind), params[0]);
      const paging = parsePaging(query, 10);
      const targets = query
        .getAll('targets')
        .flatMap((t) => t.split(','))
        .filter((t) => t !== '');
      if (targets.length === 0) {
        throw new HttpError(400, {
          message: 'Bad Request: request parameter "targets" is required',
        });
      }
      for (const t of targets) {
        if (!ASSOCIATION_TARGETS[kind].includes(t)) {
          throw new HttpError(400, { message: `Bad Request: invalid target type "${t}"` });
        }
      }
      return v2List(state.traverser.associations(kind, start, targets), paging);
    });
  }

  private indexFor(org: SimulatedOrg, kind: StartKind): Map<string, number> {
    switch (kind) {
      case 'user':
        return org.graph.userIndex;
      case 'user_group':
        return org.graph.userGroupIndex;
      case 'system':
        return org.graph.systemIndex;
      case 'system_group':
        return org.graph.systemGroupIndex;
      case 'application':
        return org.graph.applicationIndex;
    }
  }

  private defineRoutes(): void {
    // v1, no tenant: organizations the key can see.
    this.addList('/api/organizations', false, ({ query }) => {
      const paging = parsePaging(query, 10);
      rejectUnsupported(query);
      const orgs = this.directory.orgs.map(organizationListItem);
      return v1List(
        sortedList(this.placeholderState, 'organizations', orgs, parseSort(query)),
        paging,
      );
    });
    this.add('/api/organizations/{id}', false, ({ params }) => {
      const org = this.orgsById.get(params[0]);
      if (!org) throw new HttpError(404, ErrorBodies.notFound);
      return one(org.organization);
    });

    // v1 tenant collections.
    this.addList('/api/systemusers', true, ({ org, state, query }) => {
      const paging = parsePaging(query, 10);
      rejectUnsupported(query);
      return v1List(sortedList(state, 'systemusers', org.users, parseSort(query)), paging);
    });
    this.add('/api/systemusers/{id}', true, ({ org, params }) =>
      one(org.users[position(org.graph.userIndex, params[0])]),
    );
    this.addList('/api/systems', true, ({ org, state, query }) => {
      const paging = parsePaging(query, 10);
      rejectUnsupported(query);
      return v1List(sortedList(state, 'systems', org.systems, parseSort(query)), paging);
    });
    this.add('/api/systems/{id}', true, ({ org, params }) =>
      one(org.systems[position(org.graph.systemIndex, params[0])]),
    );
    this.addList('/api/applications', true, ({ org, state, query }) => {
      const paging = parsePaging(query, 10);
      rejectUnsupported(query);
      // v1.json: `sort` defaults to `name` on this endpoint.
      return v1List(
        sortedList(state, 'applications', org.applications, parseSort(query, 'name')),
        paging,
      );
    });
    this.add('/api/applications/{id}', true, ({ org, params }) =>
      one(org.applications[position(org.graph.applicationIndex, params[0])]),
    );

    // v2 user groups.
    this.addList('/api/v2/usergroups', true, ({ org, state, query }) => {
      const paging = parsePaging(query, 10);
      rejectUnsupported(query);
      return v2List(sortedList(state, 'usergroups', org.userGroups, parseSort(query)), paging);
    });
    this.add('/api/v2/usergroups/{id}', true, ({ org, params }) =>
      one(org.userGroups[position(org.graph.userGroupIndex, params[0])]),
    );
    this.addList('/api/v2/usergroups/{id}/members', true, ({ org, state, params, query }) => {
      const start = position(org.graph.userGroupIndex, params[0]);
      return v2List(state.traverser.members('user_group', start), parsePaging(query, 10));
    });
    this.traversal('/api/v2/usergroups/{id}/membership', 'userGroupMembership');
    this.associations('/api/v2/usergroups/{id}/associations', 'user_group');
    this.traversal('/api/v2/usergroups/{id}/systems', 'userGroupSystems');
    this.traversal('/api/v2/usergroups/{id}/systemgroups', 'userGroupSystemGroups');
    this.traversal('/api/v2/usergroups/{id}/applications', 'userGroupApplications');

    // v2 system groups.
    this.addList('/api/v2/systemgroups', true, ({ org, state, query }) => {
      const paging = parsePaging(query, 10);
      rejectUnsupported(query);
      return v2List(sortedList(state, 'systemgroups', org.systemGroups, parseSort(query)), paging);
    });
    this.add('/api/v2/systemgroups/{id}', true, ({ org, params }) =>
      one(org.systemGroups[position(org.graph.systemGroupIndex, params[0])]),
    );
    this.addList('/api/v2/systemgroups/{id}/members', true, ({ org, state, params, query }) => {
      const start = position(org.graph.systemGroupIndex, params[0]);
      return v2List(state.traverser.members('system_group', start), parsePaging(query, 10));
    });
    this.traversal('/api/v2/systemgroups/{id}/membership', 'systemGroupMembership');
    this.associations('/api/v2/systemgroups/{id}/associations', 'system_group');
    this.traversal('/api/v2/systemgroups/{id}/users', 'systemGroupUsers');
    this.traversal('/api/v2/systemgroups/{id}/usergroups', 'systemGroupUserGroups');

    // v2 applications.
    this.traversal('/api/v2/applications/{id}/users', 'applicationUsers');
    this.traversal('/api/v2/applications/{id}/usergroups', 'applicationUserGroups');
    this.associations('/api/v2/applications/{id}/associations', 'application');

    // v2 systems.
    this.traversal('/api/v2/systems/{id}/users', 'systemUsers');
    this.traversal('/api/v2/systems/{id}/usergroups', 'systemUserGroups');
    this.associations('/api/v2/systems/{id}/associations', 'system');
    this.traversal('/api/v2/systems/{id}/memberof', 'systemMemberOf');
    this.add(
      '/api/v2/systems/{id}/fdekey',
      true,
      () => {
        throw new HttpError(403, ErrorBodies.fdeKeyRefused);
      },
      { fdeKey: true },
    );

    // v2 users.
    this.traversal('/api/v2/users/{id}/systems', 'userSystems');
    this.traversal('/api/v2/users/{id}/systemgroups', 'userSystemGroups');
    this.traversal('/api/v2/users/{id}/applications', 'userApplications');
    this.traversal('/api/v2/users/{id}/memberof', 'userMemberOf');
    this.associations('/api/v2/users/{id}/associations', 'user');

    // v2 Apple MDM.
    this.addList(
      '/api/v2/applemdms',
      true,
      ({ org, query }) => {
        const paging = parsePaging(query, 1);
        rejectUnsupported(query);
        return v2List(arrayList(org.appleMdm ? [org.appleMdm] : []), paging);
      },
      { appleMdm: true },
    );
    this.addList(
      '/api/v2/applemdms/{id}/devices',
      true,
      ({ org, state, params, query }) => {
        if (!org.appleMdm || org.appleMdm.id !== params[0])
          throw new HttpError(404, ErrorBodies.notFound);
        const paging = parsePaging(query, 10);
        rejectUnsupported(query);
        return v2List(
          sortedList(state, 'applemdmdevices', org.appleMdmDevices, parseSort(query)),
          paging,
        );
      },
      { appleMdm: true },
    );
    this.add(
      '/api/v2/applemdms/{id}/devices/{deviceId}',
      true,
      ({ org, params }) => {
        if (!org.appleMdm || org.appleMdm.id !== params[0])
          throw new HttpError(404, ErrorBodies.notFound);
        return one(org.appleMdmDevices[position(org.graph.appleDeviceIndex, params[1])]);
      },
      { appleMdm: true },
    );
  }
}
