/**
 * Routes of device policies (./generate.ts), registered by `featureRoutes()` (../server/router.ts).
 *
 * Paging caps and defaults are those of the 2026 v2 specification (`trait_limit_limit`:
 * default 10, "Limited to 100") for every list here:
 *
 * | route                               | body                                   | sort |
 * | ----------------------------------- | -------------------------------------- | ---- |
 * | /policies                           | Policy[] + x-total-count               | yes  |
 * | /policies/{id}                      | PolicyWithDetails                      |      |
 * | /policytemplates                    | PolicyTemplate[] + x-total-count       | yes  |
 * | /policies/{id}/policystatuses       | PolicyResult[] + x-total-count         | yes  |
 * | /policies/{id}/systems              | GraphObjectWithPaths[] + x-total-count | no   |
 * | /policies/{id}/systemgroups         | GraphObjectWithPaths[] + x-total-count | no   |
 * | /policygroups                       | PolicyGroup[] + x-total-count          | yes  |
 * | /policygroups/{id}/members          | GraphConnection[] + x-total-count      | no   |
 *
 * Where the specification is silent the simulator chooses: `sort` accepts `_id`/`id`
 * (ascending or `-` descending) only, `filter` is refused with 400 (not implemented), an
 * unknown policy or policy group id is a 404. Modes: `absent` answers 404 on every route,
 * `forbidden` 403 on every route; `groupMode` does the same for the policy group routes alone. `/systems/{id}/policystatuses` is not served: it costs one
 * request per system, which the integration must never make.
 */
import type { FeatureRoute, FeatureRouteContext } from '../directory/routes';
import { badRequest, isReply, readPaging, refuseFilter } from '../shared/paging';
import type { Reply } from '../shared/reply';
import {
  latestResults,
  orgPolicies,
  policyRoutes,
  type OrgPolicies,
  type PolicyPath,
  type PolicyResult,
  type PolicySimulationOptions,
} from './generate';
import type { SimulatedOrg } from '../directory/generate';

export const PolicyErrorBodies = {
  absent: { message: 'Not Found: policies are not available for this organization' },
  forbidden: { error: 'Forbidden', message: 'Forbidden: insufficient permissions for policies' },
  notFound: { message: 'Not Found' },
} as const;

export const POLICY_PAGING = { defaultLimit: 10, maxLimit: 100 } as const;

/** `{limit, skip, descending}`, or the 400 a bad value earns. */
function paging(
  query: URLSearchParams,
  sortable: boolean,
): { limit: number; skip: number; descending: boolean } | Reply {
  const page = readPaging(query, POLICY_PAGING);
  if (isReply(page)) return page;
  const refused = refuseFilter(query);
  if (refused) return refused;
  const { limit, skip } = page;
  const sort = query
    .getAll('sort')
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter((value) => value !== '');
  if (sort.length > 0 && !sortable) return badRequest('this list takes no "sort" parameter');
  if (sort.some((key) => !/^-?_?id$/.test(key))) {
    return badRequest('the simulator sorts these lists by "_id" only');
  }
  return {
    limit: limit === 0 ? POLICY_PAGING.defaultLimit : limit,
    skip,
    descending: sort[0]?.startsWith('-') ?? false,
  };
}

function list<T>(items: T[], query: URLSearchParams, sortable: boolean): Reply {
  const page = paging(query, sortable);
  if (isReply(page)) return page;
  const ordered = page.descending ? [...items].reverse() : items;
  return {
    status: 200,
    body: ordered.slice(page.skip, page.skip + page.limit),
    headers: { 'x-total-count': String(items.length) },
  };
}

function byId<T extends { id: string }>(a: T, b: T): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

interface GraphObjectWithPaths {
  id: string;
  type: string;
  paths: Array<Array<{ attributes: null; to: { id: string; type: string; attributes: null } }>>;
}

function withPaths(
  targets: Map<string, PolicyPath[]> | undefined,
  type: 'system' | 'system_group',
): GraphObjectWithPaths[] {
  return [...(targets ?? new Map<string, PolicyPath[]>())]
    .map(([id, paths]) => ({
      id,
      type,
      paths: paths.map((path) =>
        path.map((hop) => ({
          attributes: null,
          to: { id: hop.id, type: hop.type, attributes: null },
        })),
      ),
    }))
    .sort(byId);
}

/** Per org: the data and the indexes the routes answer from, built once. */
interface PolicyIndex {
  data: OrgPolicies;
  policies: Map<string, number>;
  groups: Set<string>;
  routes: ReturnType<typeof policyRoutes>;
  results: Map<string, Map<string, PolicyResult>>;
  /** Each policy's lists, built on their first request: a page is a slice of its list. */
  lists: Map<string, unknown[]>;
}

/**
 * The list `key` names, built once: building and sorting a policy's whole list for each page
 * cost about 6 ms a page at the bench's size L (50,000 systems, 11,800 pages). Pages are
 * slices of it, and nothing changes a listed object afterwards.
 */
function builtOnce<T>(index: PolicyIndex, key: string, build: () => T[]): T[] {
  let items = index.lists.get(key) as T[] | undefined;
  if (!items) index.lists.set(key, (items = build()));
  return items;
}

const indexes = new WeakMap<SimulatedOrg, Map<string, PolicyIndex>>();

function indexFor(org: SimulatedOrg, options: PolicySimulationOptions): PolicyIndex {
  const key = `${options.policies}/${options.policyGroups}`;
  let byOptions = indexes.get(org);
  if (!byOptions) indexes.set(org, (byOptions = new Map()));
  let index = byOptions.get(key);
  if (!index) {
    const data = orgPolicies(org, options);
    index = {
      data,
      policies: new Map(data.policies.map((policy, i) => [policy.id, i])),
      groups: new Set(data.policyGroups.map((group) => group.id)),
      routes: policyRoutes(org, data.policies, data.bindings),
      results: latestResults(data),
      lists: new Map(),
    };
    byOptions.set(key, index);
  }
  return index;
}

/** Builds the org's policy data and indexes now instead of on the first request. */
export function preparePolicies(org: SimulatedOrg, options: PolicySimulationOptions = {}): void {
  indexFor(org, options);
}

export function policyFeatureRoutes(options: PolicySimulationOptions = {}): FeatureRoute[] {
  const mode = options.mode ?? 'enabled';
  const gated =
    (handler: (context: FeatureRouteContext, index: PolicyIndex) => Reply) =>
    (context: FeatureRouteContext): Reply => {
      if (mode === 'absent') return { status: 404, body: PolicyErrorBodies.absent };
      if (mode === 'forbidden') return { status: 403, body: PolicyErrorBodies.forbidden };
      return handler(context, indexFor(context.org, options));
    };
  const groupMode = options.groupMode ?? 'enabled';
  const groupGated = (handler: (context: FeatureRouteContext, index: PolicyIndex) => Reply) =>
    gated((context, index) => {
      if (groupMode === 'absent') return { status: 404, body: PolicyErrorBodies.absent };
      if (groupMode === 'forbidden') return { status: 403, body: PolicyErrorBodies.forbidden };
      return handler(context, index);
    });
  const policy = (
    handler: (context: FeatureRouteContext, index: PolicyIndex, id: string) => Reply,
  ) =>
    gated((context, index) =>
      index.policies.has(context.params[0])
        ? handler(context, index, context.params[0])
        : { status: 404, body: PolicyErrorBodies.notFound },
    );

  return [
    {
      template: '/api/v2/policies',
      maxLimit: POLICY_PAGING.maxLimit,
      handler: gated(({ query }, { data }) =>
        list(
          data.policies.map(({ id, name, template }) => ({ id, name, template })),
          query,
          true,
        ),
      ),
    },
    {
      template: '/api/v2/policies/{id}',
      handler: policy((_context, { data, policies }, id) => ({
        status: 200,
        body: data.policies[policies.get(id) as number],
      })),
    },
    {
      template: '/api/v2/policytemplates',
      maxLimit: POLICY_PAGING.maxLimit,
      handler: gated(({ query }, { data }) => list(data.templates, query, true)),
    },
    {
      template: '/api/v2/policies/{id}/policystatuses',
      maxLimit: POLICY_PAGING.maxLimit,
      handler: policy(({ query }, index, id) =>
        list(
          builtOnce(index, `statuses ${id}`, () =>
            [...(index.results.get(id)?.values() ?? [])].sort(byId),
          ),
          query,
          true,
        ),
      ),
    },
    {
      template: '/api/v2/policies/{id}/systems',
      maxLimit: POLICY_PAGING.maxLimit,
      handler: policy(({ query }, index, id) =>
        list(
          builtOnce(index, `systems ${id}`, () =>
            withPaths(index.routes.systems.get(id), 'system'),
          ),
          query,
          false,
        ),
      ),
    },
    {
      template: '/api/v2/policies/{id}/systemgroups',
      maxLimit: POLICY_PAGING.maxLimit,
      handler: policy(({ query }, index, id) =>
        list(
          builtOnce(index, `system groups ${id}`, () =>
            withPaths(index.routes.systemGroups.get(id), 'system_group'),
          ),
          query,
          false,
        ),
      ),
    },
    {
      template: '/api/v2/policygroups',
      maxLimit: POLICY_PAGING.maxLimit,
      handler: groupGated(({ query }, { data }) => list(data.policyGroups, query, true)),
    },
    {
      template: '/api/v2/policygroups/{id}/members',
      maxLimit: POLICY_PAGING.maxLimit,
      handler: groupGated(({ query, params }, { data, groups }) => {
        if (!groups.has(params[0])) return { status: 404, body: PolicyErrorBodies.notFound };
        const members = data.bindings.policyGroupMembers
          .filter((member) => member.policyGroupId === params[0])
          .map((member) => ({
            attributes: null,
            to: { id: member.policyId, type: 'policy', attributes: null },
          }))
          .sort((a, b) => (a.to.id < b.to.id ? -1 : a.to.id > b.to.id ? 1 : 0));
        return list(members, query, false);
      }),
    },
  ];
}
