/**
 * The fewest requests JumpCloud's API allows for what a run read: for every distinct list the
 * run asked for (a path plus its query minus paging and order, and the organization
 * selected), the pages that list takes at the largest page size the specification allows;
 * for a single object, or a list the API does not page, one request.
 *
 * `sort` is left out of a list's identity: the same records in another order are not more
 * data, so a `limit=1` count of a list that is also read whole (without and with `sort=_id`)
 * is one request above the floor, not a second list. `filter` and `fields` stay in it: they
 * change which records or which of their fields come back. No simulated route pages by
 * cursor: `skip` and `limit` are the only paging parameters.
 */

/** Query parameters that choose a page or an order, not the list. */
const NOT_THE_LIST = new Set(['skip', 'limit', 'sort']);

export interface FewestRequests {
  total: number;
  /** Keyed like `requests.byEndpoint`: `METHOD route-template`. */
  byEndpoint: Record<string, number>;
}

/** Pages a list of `total` records takes at `maxLimit` per page: at least one request. */
export function fewestPages(total: number, maxLimit: number): number {
  return Math.max(1, Math.ceil(total / maxLimit));
}

/** The list a request reads: method, path, the query that chooses records, organization. */
export function listKey(
  method: string,
  pathname: string,
  query: URLSearchParams,
  orgId: string,
): string {
  const params = [...query.entries()]
    .filter(([name]) => !NOT_THE_LIST.has(name))
    .sort(([a, va], [b, vb]) => (a < b ? -1 : a > b ? 1 : va < vb ? -1 : va > vb ? 1 : 0))
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`);
  return `${method} ${pathname.replace(/\/+$/, '')}?${params.join('&')} org=${orgId}`;
}

/** The total a list reply announces: v2 `x-total-count`, v1 and assets `totalCount`. */
export function announcedTotal(reply: {
  body: unknown;
  headers?: Record<string, string>;
}): number | undefined {
  const header = reply.headers?.['x-total-count'];
  if (header !== undefined && /^\d+$/.test(header)) return Number(header);
  const body = reply.body as { totalCount?: unknown } | null;
  if (body && !Array.isArray(body) && typeof body.totalCount === 'number') return body.totalCount;
  return undefined;
}

/** Accumulates the floor as requests are served; each distinct list counts once. */
export class FewestRequestsCounter {
  private readonly floors = new Map<string, number>();
  private total = 0;
  private readonly byEndpoint: Record<string, number> = {};

  /**
   * One request served. `maxLimit`: the route's largest page size, absent for a single
   * object or a list that is not paged; `total`: the records the reply says the list holds.
   */
  record(endpoint: string, key: string, maxLimit: number | undefined, total: number | undefined) {
    const floor = maxLimit !== undefined && total !== undefined ? fewestPages(total, maxLimit) : 1;
    const known = this.floors.get(key) ?? 0;
    if (floor <= known) return;
    this.floors.set(key, floor);
    this.total += floor - known;
    this.byEndpoint[endpoint] = (this.byEndpoint[endpoint] ?? 0) + floor - known;
  }

  snapshot(): FewestRequests {
    return {
      total: this.total,
      byEndpoint: Object.fromEntries(
        Object.entries(this.byEndpoint).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
      ),
    };
  }
}
