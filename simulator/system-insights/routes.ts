/**
 * The System Insights routes: `system_info` here, the posture and software tables in
 * ../posture/routes.ts, all through `systemInsightsTable`.
 *
 * Every table takes `limit` 0..10000 (default 10; 0 means the default) and `skip`
 * (trait_systemInsightsLimit_limit in the 2026 v2 specification), and answers a bare array with
 * `x-total-count`, like the other v2 lists. `filter` is not implemented (400). The mode gates
 * them all: `off` is 404 (an organization without System Insights), `forbidden` is 403.
 */
import type { SimulatedOrg } from '../directory/generate';
import type { FeatureRoute } from '../directory/routes';
import { isReply, readPaging, refuseFilter } from '../shared/paging';
import type { Reply } from '../shared/reply';
import { orgSystemInfo } from './generate';

/**
 * `enabled`: rows for the systems that report them. `forbidden`: 403 on every request.
 * `off`: 404 on every request (an organization without System Insights).
 */
export type SystemInsightsMode = 'enabled' | 'forbidden' | 'off';

export const SYSTEM_INSIGHTS_PAGING = { defaultLimit: 10, maxLimit: 10_000, minLimit: 0 } as const;

export const SystemInsightsErrorBodies = {
  forbidden: {
    error: 'Forbidden',
    message: 'Forbidden: insufficient permissions for System Insights',
  },
  off: {
    message: 'Not Found: System Insights is not enabled for this organization',
  },
} as const;

function page(query: URLSearchParams): { limit: number; skip: number } | Reply {
  const paged = readPaging(query, SYSTEM_INSIGHTS_PAGING);
  if (isReply(paged)) return paged;
  const refused = refuseFilter(query);
  if (refused) return refused;
  // limit=0 means the default page.
  const { limit, skip } = paged;
  return { limit: limit === 0 ? SYSTEM_INSIGHTS_PAGING.defaultLimit : limit, skip };
}

function gate(mode: SystemInsightsMode): Reply | undefined {
  if (mode === 'forbidden') return { status: 403, body: SystemInsightsErrorBodies.forbidden };
  if (mode === 'off') return { status: 404, body: SystemInsightsErrorBodies.off };
  return undefined;
}

/** A System Insights table's handler: the mode's gate, then a page of `rows` and the total. */
export function systemInsightsTable(
  mode: SystemInsightsMode,
  total: (org: SimulatedOrg) => number,
  rows: (org: SimulatedOrg, skip: number, limit: number) => unknown[],
): FeatureRoute['handler'] {
  return ({ org, query }) => {
    const refused = gate(mode);
    if (refused) return refused;
    const paging = page(query);
    if ('status' in paging) return paging;
    return {
      status: 200,
      body: rows(org, paging.skip, paging.limit),
      headers: { 'x-total-count': String(total(org)) },
    };
  };
}

export function systemInsightsRoutes(mode: SystemInsightsMode): FeatureRoute[] {
  return [
    {
      template: '/api/v2/systeminsights/system_info',
      maxLimit: SYSTEM_INSIGHTS_PAGING.maxLimit,
      handler: systemInsightsTable(
        mode,
        (org) => orgSystemInfo(org).length,
        (org, skip, limit) => orgSystemInfo(org).slice(skip, skip + limit),
      ),
    },
  ];
}
