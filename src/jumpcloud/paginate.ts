/**
 * The one paginator for every JumpCloud list, v1 (`{totalCount, results}`) and v2 (bare
 * array with `x-total-count`). Paging is `limit` + `skip` (with `sort=_id` where the list
 * offers it, as JumpCloud's best-practice guide asks), so records are neither missed nor
 * repeated.
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

export interface PaginateOptions {
  /** `limit` of every request (100 for most JumpCloud lists; some allow more). */
  pageSize?: number;
  /**
   * Once the first page has told the total, up to this many further pages are requested
   * at once (the client's shared limit still bounds what is really in flight). Items still
   * reach the iteratee in list order. 1 reads page after page.
   */
  prefetchPages?: number;
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
 * Walks every page of a list and hands each item to `iteratee`, in order, page by page, so
 * memory stays flat. Stops when the reported total is reached or a page comes back empty;
 * a short page alone does not end the list (JumpCloud may cap a page below `limit`). When
 * the API reports a total, a list that ends below it throws `IncompleteListError`.
 *
 * With a known total the remaining pages are fetched ahead, `prefetchPages` at a time. If a
 * page comes back short before the end (the server caps pages below `limit`), the pages
 * fetched ahead are dropped and reading goes on page after page from where the list really
 * is.
 */
export async function paginate<T>(
  fetchPage: FetchPage<T>,
  iteratee: (item: T) => Promise<void> | void,
  options: PaginateOptions = {},
): Promise<PaginationResult> {
  const pageSize = options.pageSize ?? 100;
  const prefetchPages = Math.max(1, options.prefetchPages ?? 1);
  let count = 0;
  let pages = 0;
  let total: number | undefined;

  const consume = async (page: Page<T>) => {
    pages += 1;
    if (page.total !== undefined) total = page.total;
    for (const item of page.items) {
      await iteratee(item);
    }
    count += page.items.length;
  };

  // First page: learn the total.
  const first = await fetchPage(0, pageSize);
  await consume(first);
  let skip = first.items.length;
  let finished = first.items.length === 0 || (total !== undefined && skip >= total);

  // Pages ahead, in parallel, while pages come back full.
  if (!finished && total !== undefined && prefetchPages > 1 && first.items.length === pageSize) {
    const pageCount = Math.ceil(total / pageSize);
    const ahead = new Map<number, Promise<Page<T>>>();
    let next = 1;
    try {
      for (let index = 1; index < pageCount; index += 1) {
        while (next < pageCount && ahead.size < prefetchPages) {
          ahead.set(next, fetchPage(next * pageSize, pageSize));
          next += 1;
        }
        const page = await (ahead.get(index) as Promise<Page<T>>);
        ahead.delete(index);
        await consume(page);
        skip = index * pageSize + page.items.length;
        if (page.items.length === 0) {
          finished = true;
          break;
        }
        if (page.items.length < pageSize) break; // short page: go on one page at a time
      }
    } finally {
      // Pages fetched ahead and not used: never leave their failures unhandled.
      for (const dropped of ahead.values()) dropped.catch(() => undefined);
    }
  }

  // Page after page: no total, a short page seen, or the list grew while it was read.
  while (!finished && (total === undefined || skip < total)) {
    const page = await fetchPage(skip, pageSize);
    await consume(page);
    skip += page.items.length;
    if (page.items.length === 0) finished = true;
  }

  if (total !== undefined && count < total) {
    throw new IncompleteListError(count, total);
  }
  return { count, total, pages };
}
