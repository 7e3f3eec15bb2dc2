/**
 * The one paginator for every JumpCloud list, v1 (`{totalCount, results}`) and v2 (bare
 * array with `x-total-count`). Paging is `limit` + `skip` with `sort=_id`, as JumpCloud's
 * best-practice guide asks, so that records are neither missed nor repeated.
 */

export interface Page<T> {
  items: T[];
  /** All matches of the list, when the API tells it (v1 body, v2 header). */
  total?: number;
}

export type FetchPage<T> = (skip: number, limit: number) => Promise<Page<T>>;

export interface PaginationResult {
  /** Items passed to the iteratee. */
  count: number;
  /** The last total the API reported, if any. */
  total?: number;
  pages: number;
}

/** Thrown when a list ends before the total the API reported: never a silently short list. */
export class IncompleteListError extends Error {
  constructor(
    readonly count: number,
    readonly total: number,
  ) {
    super(`list ended after ${count} of ${total} records`);
    this.name = 'IncompleteListError';
  }
}

/**
 * Walks every page of a list and hands each item to `iteratee`, page by page, so memory
 * stays flat. Stops when the reported total is reached or a page comes back empty; a short
 * page alone does not end the list (JumpCloud may cap a page below `limit`). When the API
 * reports a total, a list that ends below it throws `IncompleteListError`.
 */
export async function paginate<T>(
  fetchPage: FetchPage<T>,
  iteratee: (item: T) => Promise<void> | void,
  pageSize = 100,
): Promise<PaginationResult> {
  let skip = 0;
  let count = 0;
  let pages = 0;
  let total: number | undefined;

  for (;;) {
    const page = await fetchPage(skip, pageSize);
    pages += 1;
    if (page.total !== undefined) total = page.total;

    for (const item of page.items) {
      await iteratee(item);
    }
    count += page.items.length;
    skip += page.items.length;

    if (page.items.length === 0) break;
    if (total !== undefined && skip >= total) break;
  }

  if (total !== undefined && count < total) {
    throw new IncompleteListError(count, total);
  }
  return { count, total, pages };
}
