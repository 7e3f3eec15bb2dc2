/**
 * Routes of commands, authentication policies, IP lists, directories and RADIUS servers
 * (./generate.ts holds the data). Registered through `featureRoutes()`, so they share the
 * authentication, tenancy, stats and traffic knobs of every other route.
 *
 * | route                                          | spec   | default | max | body                  |
 * | ---------------------------------------------- | ------ | ------- | --- | --------------------- |
 * | /api/commands                                  | v1     | 10      | 100 | {totalCount, results} |
 * | /api/v2/commands/{id}/systems, /systemgroups   | v2     | 10      | 100 | array + x-total-count |
 * | /api/v2/authn/policies, /api/v2/iplists        | v2     | 10      | 100 | array + x-total-count |
 * | /api/v2/directories                            | v2     | 10      | 100 | array + x-total-count |
 * | /api/v2/{gsuites,office365s,ldapservers,activedirectories}/{id}/usergroups | v2 | 10 | 100 | array + x-total-count |
 * | /api/radiusservers                             | v1     | 10      | 100 | {totalCount, results} |
 * | /api/v2/radiusservers/{id}/usergroups          | v2     | 10      | 100 | array + x-total-count |
 *
 * v1 lists honour `fields` (space separated, as v1.json's `trait:fields` says): `_id` and the
 * named fields only. Without it `/api/commands` sends the `commandslist` projection, which
 * includes the script (`command`), and `/api/radiusservers` the whole record, shared secret
 * included: a client that names its fields never receives either.
 */
import type { SimulatedOrg } from '../directory/generate';
import type { FeatureRoute, FeatureRouteContext } from '../directory/routes';
import { badRequest, isReply, readPaging, refuseFilter } from '../shared/paging';
import type { Reply } from '../shared/reply';
import {
  commandSystemTraversal,
  directTraversal,
  orgAccess,
  type AccessFeatureMode,
  type AccessModes,
  type DirectoryType,
} from './generate';

export const ACCESS_PAGING = { defaultLimit: 10, maxLimit: 100 } as const;

export const AccessErrorBodies = {
  notFound: { message: 'Not Found' },
  absent: (what: string) => ({
    message: `Not Found: ${what} is not available for this organization`,
  }),
  forbidden: (what: string) => ({
    error: 'Forbidden',
    message: `Forbidden: insufficient permissions for ${what}`,
  }),
} as const;

/** Fields of `commandslist` items: what `/api/commands` sends when no `fields` are named. */
const COMMAND_LIST_FIELDS = [
  '_id',
  'command',
  'commandType',
  'description',
  'launchType',
  'listensTo',
  'name',
  'organization',
  'schedule',
  'scheduleRepeatType',
  'templatingRequired',
  'trigger',
] as const;

function paging(query: URLSearchParams): { limit: number; skip: number } | Reply {
  const page = readPaging(query, ACCESS_PAGING);
  if (isReply(page)) return page;
  const refused = refuseFilter(query);
  if (refused) return refused;
  const sort = query.getAll('sort').join(',').trim();
  if (sort !== '' && !/^-?_?id$/.test(sort)) {
    return badRequest('the simulator sorts these lists by id only');
  }
  return page;
}

/** Records are stored in id order; `sort=-_id` reverses them. */
function ordered<T>(records: readonly T[], query: URLSearchParams): readonly T[] {
  return query.getAll('sort').join(',').trim().startsWith('-') ? [...records].reverse() : records;
}

function v1List<T extends object>(
  records: readonly T[],
  query: URLSearchParams,
  defaultFields?: readonly string[],
): Reply {
  const page = paging(query);
  if (isReply(page)) return page;
  const named = (query.get('fields') ?? '').split(/[\s,]+/).filter((field) => field !== '');
  const fields = named.length > 0 ? ['_id', ...named] : defaultFields;
  const slice = ordered(records, query).slice(page.skip, page.skip + page.limit);
  const results = fields
    ? slice.map((record) =>
        Object.fromEntries(
          fields
            .filter((field) => field in record)
            .map((field) => [field, (record as Record<string, unknown>)[field]]),
        ),
      )
    : slice;
  return { status: 200, body: { totalCount: records.length, results } };
}

function v2List<T>(records: readonly T[], query: URLSearchParams): Reply {
  const page = paging(query);
  if (isReply(page)) return page;
  return {
    status: 200,
    body: ordered(records, query).slice(page.skip, page.skip + page.limit),
    headers: { 'x-total-count': String(records.length) },
  };
}

function gated(
  mode: AccessFeatureMode,
  what: string,
  handler: FeatureRoute['handler'],
): FeatureRoute['handler'] {
  if (mode === 'absent') return () => ({ status: 404, body: AccessErrorBodies.absent(what) });
  if (mode === 'forbidden') return () => ({ status: 403, body: AccessErrorBodies.forbidden(what) });
  return handler;
}

function directoryUserGroups(type: DirectoryType) {
  return ({ org, params, query }: FeatureRouteContext): Reply => {
    const access = orgAccess(org);
    const directory = access.directories.find((d) => d.id === params[0] && d.type === type);
    if (!directory) return { status: 404, body: AccessErrorBodies.notFound };
    return v2List(
      directTraversal(access.directoryUserGroups.get(directory.id) ?? [], 'user_group'),
      query,
    );
  };
}

function commandExists(org: SimulatedOrg, id: string): boolean {
  return orgAccess(org).commands.some((command) => command.id === id);
}

/** Every route template of this file (the generic contract test leaves them to access.contract.test.ts). */
export const ACCESS_ROUTE_TEMPLATES = [
  '/api/commands',
  '/api/v2/commands/{id}/systems',
  '/api/v2/commands/{id}/systemgroups',
  '/api/v2/authn/policies',
  '/api/v2/iplists',
  '/api/v2/directories',
  '/api/v2/gsuites/{id}/usergroups',
  '/api/v2/office365s/{id}/usergroups',
  '/api/v2/ldapservers/{id}/usergroups',
  '/api/v2/activedirectories/{id}/usergroups',
  '/api/radiusservers',
  '/api/v2/radiusservers/{id}/usergroups',
] as const;

export function accessRoutes(modes: AccessModes = {}): FeatureRoute[] {
  const commands = modes.commands ?? 'enabled';
  const policies = modes.authPolicies ?? 'enabled';
  const directories = modes.directories ?? 'enabled';
  const radius = modes.radiusServers ?? 'enabled';
  return [
    {
      template: '/api/commands',
      maxLimit: ACCESS_PAGING.maxLimit,
      handler: gated(commands, 'Commands', ({ org, query }) =>
        v1List(orgAccess(org).commands, query, COMMAND_LIST_FIELDS),
      ),
    },
    {
      template: '/api/v2/commands/{id}/systems',
      maxLimit: ACCESS_PAGING.maxLimit,
      handler: gated(commands, 'Commands', ({ org, params, query }) =>
        commandExists(org, params[0])
          ? v2List(commandSystemTraversal(org, params[0]), query)
          : { status: 404, body: AccessErrorBodies.notFound },
      ),
    },
    {
      template: '/api/v2/commands/{id}/systemgroups',
      maxLimit: ACCESS_PAGING.maxLimit,
      handler: gated(commands, 'Commands', ({ org, params, query }) =>
        commandExists(org, params[0])
          ? v2List(
              directTraversal(
                orgAccess(org).commandSystemGroups.get(params[0]) ?? [],
                'system_group',
              ),
              query,
            )
          : { status: 404, body: AccessErrorBodies.notFound },
      ),
    },
    {
      template: '/api/v2/authn/policies',
      maxLimit: ACCESS_PAGING.maxLimit,
      handler: gated(policies, 'Authentication Policies', ({ org, query }) =>
        v2List(orgAccess(org).authnPolicies, query),
      ),
    },
    {
      template: '/api/v2/iplists',
      maxLimit: ACCESS_PAGING.maxLimit,
      handler: gated(policies, 'IP Lists', ({ org, query }) =>
        v2List(orgAccess(org).ipLists, query),
      ),
    },
    {
      template: '/api/v2/directories',
      maxLimit: ACCESS_PAGING.maxLimit,
      handler: gated(directories, 'Directories', ({ org, query }) =>
        v2List(orgAccess(org).directories, query),
      ),
    },
    {
      template: '/api/v2/gsuites/{id}/usergroups',
      maxLimit: ACCESS_PAGING.maxLimit,
      handler: gated(directories, 'Directories', directoryUserGroups('g_suite')),
    },
    {
      template: '/api/v2/office365s/{id}/usergroups',
      maxLimit: ACCESS_PAGING.maxLimit,
      handler: gated(directories, 'Directories', directoryUserGroups('office_365')),
    },
    {
      template: '/api/v2/ldapservers/{id}/usergroups',
      maxLimit: ACCESS_PAGING.maxLimit,
      handler: gated(directories, 'Directories', directoryUserGroups('ldap_server')),
    },
    {
      template: '/api/v2/activedirectories/{id}/usergroups',
      maxLimit: ACCESS_PAGING.maxLimit,
      handler: gated(directories, 'Directories', directoryUserGroups('active_directory')),
    },
    {
      template: '/api/radiusservers',
      maxLimit: ACCESS_PAGING.maxLimit,
      handler: gated(radius, 'RADIUS', ({ org, query }) =>
        v1List(orgAccess(org).radiusServers, query),
      ),
    },
    {
      template: '/api/v2/radiusservers/{id}/usergroups',
      maxLimit: ACCESS_PAGING.maxLimit,
      handler: gated(radius, 'RADIUS', ({ org, params, query }) => {
        const access = orgAccess(org);
        if (!access.radiusServers.some((server) => server._id === params[0])) {
          return { status: 404, body: AccessErrorBodies.notFound };
        }
        return v2List(
          directTraversal(access.radiusUserGroups.get(params[0]) ?? [], 'user_group'),
          query,
        );
      }),
    },
  ];
}
