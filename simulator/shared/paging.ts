/**
 * The query checks the optional bodies' v2 lists share: `limit` and `skip` as non-negative
 * integers, `limit` within the list's bounds, `filter` refused (not implemented, so never
 * silently wrong). Each list adds its own rules (sorting, `limit=0`) after these.
 */
import type { Reply } from './reply';

export interface PagingRule {
  defaultLimit: number;
  maxLimit: number;
  /** The smallest `limit` accepted (0 when absent). */
  minLimit?: number;
}

export function badRequest(message: string): Reply {
  return { status: 400, body: { message: `Bad Request: ${message}` } };
}

export function isReply(value: unknown): value is Reply {
  return typeof value === 'object' && value !== null && 'status' in value;
}

/** `{limit, skip}`, or the 400 a bad value earns. */
export function readPaging(
  query: URLSearchParams,
  rule: PagingRule,
): { limit: number; skip: number } | Reply {
  const read = (name: string, fallback: number): number | undefined => {
    const raw = query.get(name);
    if (raw === null || raw === '') return fallback;
    return /^\d+$/.test(raw) ? Number(raw) : undefined;
  };
  const limit = read('limit', rule.defaultLimit);
  const skip = read('skip', 0);
  if (limit === undefined || skip === undefined) {
    return badRequest('"limit" and "skip" must be non-negative integers');
  }
  if (limit > rule.maxLimit) {
    return badRequest(`request parameter "limit" exceeds maximum value of ${rule.maxLimit}`);
  }
  if (limit < (rule.minLimit ?? 0)) {
    return badRequest(`request parameter "limit" must be at least ${rule.minLimit}`);
  }
  return { limit, skip };
}

/** The 400 a non-empty `filter` earns, if any. */
export function refuseFilter(query: URLSearchParams): Reply | undefined {
  return query.getAll('filter').some((value) => value !== '')
    ? badRequest('the simulator does not implement the "filter" parameter')
    : undefined;
}
