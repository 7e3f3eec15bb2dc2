/**
 * The one paginator for every JumpCloud list, v1 (`{totalCount, results}`) and v2 (bare
 * array with `x-total-count`). Paging is `limit` + `skip` (with `sort=_id` where the list
 * offers it, as JumpCloud's best-practice guide asks), so records are neither missed nor
 * repeated.
 */
import { turnIfBusy } from './turns';

export interface Page<T> {
  items: T[];
  /** All matches of the list, when the API tells it (v1 body, v2 header). */
  total?: number;
}

export type FetchPage<T> = (skip: number, limit: number) => Promise<Page<T>>;

export interface PaginationResult {
  /** Items passed to the iteratee (each distinct record once). */
  count: number;
  /** Records the pages served that repeated one already read (not passed on). */
  repeated?: number;
  /** The last total the API reported, if any. */
  total?: number;
  pages: number;
}

export interface PaginateOptions<T = unknown> {
  /** `limit` of every request (100 for most JumpCloud lists; some allow more). */
  pageSize?: number;
  /**
   * Once the first page has told the total, up to this many further pages are requested
   * at once (the client's shared limit still bounds what is really in flight). Items still
   * reach the iteratee in list order. 1 reads page after page.
   */
  prefetchPages?: number;
  /** A record's identity within the list (default: `id`, `_id`, a member's `to`, `system_id`). */
  identify?: (item: T) => string | undefined;
  /** Where the identities of records passed on are kept (default a `Set`). */
  seen?: () => { has(id: string): boolean; add(id: string): void };
}

/**
 * Why a list could not be read whole: it ended below its reported total (`ended-short`: the
 * list changed or was cut short while it was read), or a page brought only records already
 * read (`page-repeated`: the API did not page it).
 */
/**
 * Why a list could not be read whole: it ended before its total, the API served a page or rows
 * it had already served, or a page's headers do not tell where the list goes on.
 */
export type IncompleteListReason = 'ended-short' | 'page-repeated' | 'page-unreadable';

/** Thrown when a list cannot be read whole: never a silently short list. */
export class IncompleteListError extends Error {
  constructor(
    readonly reason: IncompleteListReason,
    readonly count: number,
    readonly total: number | undefined,
    detail?: string,
  ) {
    super(detail ?? `list ended after ${count} of ${total} records`);
    this.name = 'IncompleteListError';
  }
}

/** The identity of a JumpCloud record: object id, or the target of a graph connection. */
export function defaultIdentity(item: unknown): string | undefined {
  if (item === null || typeof item !== 'object') return undefined;
  const record = item as {
    id?: unknown;
    _id?: unknown;
    to?: { id?: unknown; type?: unknown } | null;
  };
  if (typeof record.id === 'string' && record.id !== '') return record.id;
  if (typeof record._id === 'string' && record._id !== '') return record._id;
  if (record.to && typeof record.to.id === 'string')
    return `${String(record.to.type)}:${record.to.id}`;
  return undefined;
}

/**
 * Walks every page of a list and hands each record to `iteratee` once, in order, page by
 * page, so memory stays flat (plus one id per record, to pass repeats once).
 *
 * - A record listed twice (the list shifted while it was paged, or the API repeats one) is
 *   passed once, and counted in `repeated` (the caller warns).
 * - Records served are what the reported total counts: a total that counts repeated copies
 *   is reached when that many records were served, though fewer were distinct.
 * - A page that brings no record not seen before (a server that ignores `skip` and answers
 *   page 1 again) is an `IncompleteListError`: never a loop, never a short list reported
 *   complete.
 * - The reported total is a floor, not a stop sign: once it is reached, reading goes on
 *   while pages come back full, until a short or empty page (a total that is too low).
 * - A short page is the end only when nothing contradicts it. A total that the distinct
 *   records read already exceed is proven wrong, and a short page that was not the end
 *   shows the server caps pages below `limit`: from then on only an empty page ends the list.
 * - A list that ends below its reported total throws `IncompleteListError`.
 *
 * With a known total the remaining pages are fetched ahead, `prefetchPages` at a time,
 * requested before the page in hand is converted. If a page comes back short before the end,
 * the pages fetched ahead are dropped and reading goes on page after page from where the
 * list really is. Page after page, the page after a full one is requested before the full
 * one is converted (a full page never ends a list, so that request is always needed unless
 * the list fails). So the records of a page are converted and written while the next
 * requests are in flight, and no request is made that sequential reading would not make,
 * except after a page that fails the list.
 */
export async function paginate<T>(
  fetchPage: FetchPage<T>,
  iteratee: (item: T) => Promise<void> | void,
  options: PaginateOptions<T> = {},
): Promise<PaginationResult> {
  const pageSize = options.pageSize ?? 100;
  const prefetchPages = Math.max(1, options.prefetchPages ?? 1);
  const identify = options.identify ?? defaultIdentity;
  const seen = options.seen?.() ?? new Set<string>();
  /** Distinct records passed on. */
  let count = 0;
  /** Records served, repeats included: what a total counts. */
  let served = 0;
  let pages = 0;
  let total: number | undefined;
  /** Only an empty page ends the list: the total was proven wrong, or pages are capped. */
  let untilEmpty = false;
  /** The last page was short and yet not the end. */
  let shortPageBefore = false;

  /** Passes the page's new records on; throws when the page brought none. */
  const consume = async (page: Page<T>, skip: number) => {
    pages += 1;
    if (page.total !== undefined) total = page.total;
    let fresh = 0;
    for (const item of page.items) {
      const id = identify(item);
      if (id !== undefined) {
        if (seen.has(id)) continue;
        seen.add(id);
      }
      fresh += 1;
      // A synchronous iteratee (a fold) costs no promise and no turn of the microtask queue.
      const handled = iteratee(item);
      if (handled) await handled;
    }
    count += fresh;
    served += page.items.length;
    if (page.items.length > 0 && fresh === 0) {
      throw new IncompleteListError(
        'page-repeated',
        count,
        total,
        `the page at skip=${skip} repeated records already read (after ${count} records` +
          `${total !== undefined ? ` of ${total}` : ''}); the API did not page the list`,
      );
    }
    // More distinct records than the total: the total is wrong, and so may be the end.
    if (total !== undefined && count > total) untilEmpty = true;
    // A short page followed by more records: short pages say nothing about the end.
    if (shortPageBefore && page.items.length > 0) untilEmpty = true;
  };

  /** Whether the list is read to its end after a page of `size` records. */
  const ended = (size: number) => {
    shortPageBefore = false;
    if (size === 0) return true;
    if (untilEmpty || total === undefined) return false;
    const end = served >= total && size < pageSize;
    // The total is reached: a full page may still hide more records (a total too low).
    if (!end && size < pageSize) shortPageBefore = true;
    return end;
  };

  // First page: learn the total.
  const first = await fetchPage(0, pageSize);
  /** Pages fetched ahead, by index (skip = index x pageSize), not yet consumed. */
  const ahead = new Map<number, Promise<Page<T>>>();
  /** The one page after a full page, requested before the full page is converted. */
  let following: Promise<Page<T>> | undefined;
  try {
    // Pages ahead, in parallel, while pages come back full. A total that is a whole number
    // of pages ends with a full page, after which an empty page is read anyway (the total
    // is a floor): that page is fetched ahead too.
    const aheadEnd =
      first.total !== undefined && prefetchPages > 1 && first.items.length === pageSize
        ? Math.ceil(first.total / pageSize) + (first.total % pageSize === 0 ? 1 : 0)
        : 0;
    let next = 1;
    const fetchAhead = () => {
      while (next < aheadEnd && ahead.size < prefetchPages) {
        ahead.set(next, fetchPage(next * pageSize, pageSize));
        next += 1;
      }
    };
    // The requests go out first, then page 1 is converted and written while they travel.
    fetchAhead();
    if (ahead.size === 0 && first.items.length >= pageSize) {
      following = fetchPage(first.items.length, pageSize);
      dropAll([following]);
    }
    await consume(first, 0);
    let skip = first.items.length;
    let finished = ended(first.items.length);

    for (let index = 1; !finished && index < aheadEnd; index += 1) {
      const page = await (ahead.get(index) as Promise<Page<T>>);
      ahead.delete(index);
      // Only a full page lets the pages after it stand: refill before converting this one
      // (past the pages ahead, the one page after it).
      if (page.items.length >= pageSize) {
        if (index + 1 < aheadEnd) fetchAhead();
        else {
          following = fetchPage(index * pageSize + page.items.length, pageSize);
          dropAll([following]);
        }
      }
      await consume(page, index * pageSize);
      skip = index * pageSize + page.items.length;
      finished = ended(page.items.length);
      if (page.items.length < pageSize) break; // short page: go on one page at a time
    }
    dropAll(ahead.values());
    ahead.clear();

    // Page after page: no total, a short page seen, a total reached on a full page, or the
    // list grew while it was read. A full page never ends a list, so the page after it is
    // requested before the full page is converted: the request travels while CPU works.
    while (!finished) {
      const page = await (following ?? fetchPage(skip, pageSize));
      following = undefined;
      if (page.items.length >= pageSize) {
        following = fetchPage(skip + page.items.length, pageSize);
        dropAll([following]);
      }
      await consume(page, skip);
      skip += page.items.length;
      finished = ended(page.items.length);
    }
  } finally {
    // Pages requested and not used (the list failed): never leave their failures unhandled.
    dropAll(ahead.values());
    if (following) dropAll([following]);
  }

  if (total !== undefined && served < total) {
    throw new IncompleteListError('ended-short', served, total);
  }
  return { count, repeated: served - count, total, pages };
}

// ---- search_after lists (Directory Insights) ------------------------------------------

/**
 * One page of a list paged by `search_after` (Directory Insights): the rows, and the response
 * headers that say where the list is (`X-Result-Count`, `X-Limit`, `X-Search_after`), as
 * given; absent when the API did not send them.
 */
export interface SearchAfterPage<T> {
  items: T[];
  resultCount?: number;
  limit?: number;
  searchAfter?: unknown[];
}

/** Asks for the page after `searchAfter` (the first page when undefined). */
export type FetchSearchAfterPage<T> = (
  searchAfter: unknown[] | undefined,
) => Promise<SearchAfterPage<T>>;

export interface SearchAfterOptions<T, P extends number | string = number | string> {
  /**
   * A row's place in the list (for Directory Insights: its time, as a number). Places never
   * fall from row to row: a row before the one read last means the API repeated rows (a
   * `search_after` it ignored), which no id set is needed to see, so memory does not grow
   * with the rows read.
   */
  place: (item: T) => P;
  /** Rows the list holds, when asked before reading (Directory Insights `/events/count`). */
  total?: number;
}

/**
 * Walks a `search_after` list as the Directory Insights guide prescribes ("Getting All the
 * Pages of Data"): the same query again with the previous page's `X-Search_after`, until a
 * page's `X-Result-Count` is below its `X-Limit`. Each row reaches `iteratee` once, in order,
 * page by page; nothing of a page is kept after it was handed on. The page after a full one
 * is requested before the full one's rows are handed on (its token comes in the headers), so
 * at most two pages of a list are held at once, and the request travels while rows are
 * converted.
 *
 * Never silently short, and never a loop:
 * - a page of `X-Limit` rows (more follow) without `X-Search_after`, or with the token of a
 *   page already read, is an `IncompleteListError`;
 * - a page without `X-Limit` or whose `X-Result-Count` differs from its rows is one too (the
 *   end cannot be told);
 * - a row whose place does not come after the last row read (repeated or out of order) is one;
 * - with a `total`, reading fewer or more rows than it is one.
 */
export async function paginateSearchAfter<T, P extends number | string>(
  fetchPage: FetchSearchAfterPage<T>,
  iteratee: (item: T) => Promise<void> | void,
  options: SearchAfterOptions<T, P>,
): Promise<PaginationResult> {
  const list = new SearchAfterRows(options.place, options.total);
  return walkSearchAfter(
    async (searchAfter) => {
      const page = await fetchPage(searchAfter);
      return { ...page, rows: page.items.length };
    },
    list,
    async (page) => {
      for (const item of page.items) {
        list.take(item);
        const handled = iteratee(item);
        if (handled) await handled;
        // A page is 10,000 rows: answers and requests go on while it is handed over.
        const turn = turnIfBusy();
        if (turn) await turn;
      }
    },
  );
}

/** What a page of a `search_after` list says of the list: its headers and how many rows. */
export interface SearchAfterPageHead {
  rows: number;
  resultCount?: number;
  limit?: number;
  searchAfter?: unknown[];
}

/**
 * One `search_after` list's rows as they are checked: rows and pages read, the place of the
 * row read last. Where the rows are handed over (this thread, or the activity's fold worker,
 * src/steps/activity/fold-worker.ts) the same checks fail with the same errors.
 */
export class SearchAfterRows<T, P extends number | string = number | string> {
  count = 0;
  pages = 0;
  private lastPlace: P | undefined;

  constructor(
    private readonly place: (item: T) => P,
    readonly total?: number,
  ) {}

  fail(reason: IncompleteListReason, detail: string): IncompleteListError {
    return new IncompleteListError(
      reason,
      this.count,
      this.total,
      `${detail} (after ${this.count} rows${this.total !== undefined ? ` of ${this.total}` : ''}, page ${this.pages})`,
    );
  }

  /** Counts a row; throws when it does not come after the row read last. */
  take(item: T): void {
    const place = this.place(item);
    if (this.lastPlace !== undefined && place < this.lastPlace)
      throw this.fail(
        'page-repeated',
        `row ${place} does not come after ${this.lastPlace}: the API repeated rows`,
      );
    this.lastPlace = place;
    this.count += 1;
  }
}

/**
 * The page loop of `paginateSearchAfter`, whatever holds the rows: `handRows` hands a page's
 * rows over and counts them in `list` (`list.take` for each, where the rows are).
 */
export async function walkSearchAfter<Pg extends SearchAfterPageHead>(
  fetchPage: (searchAfter: unknown[] | undefined) => Promise<Pg>,
  list: Pick<SearchAfterRows<unknown>, 'count' | 'pages' | 'total' | 'fail'>,
  handRows: (page: Pg) => Promise<void>,
): Promise<PaginationResult> {
  let token: unknown[] | undefined;
  const tokens = new Set<string>();
  const fail = (reason: IncompleteListReason, detail: string) => list.fail(reason, detail);

  let following: Promise<Pg> | undefined;
  try {
    for (;;) {
      const page = await (following ?? fetchPage(token));
      following = undefined;
      list.pages += 1;
      if (page.limit === undefined || !Number.isInteger(page.limit) || page.limit < 1)
        throw fail(
          'page-unreadable',
          'a page came without a valid X-Limit, so the end of the list cannot be told',
        );
      const resultCount = page.resultCount ?? page.rows;
      if (resultCount !== page.rows)
        throw fail(
          'page-unreadable',
          `X-Result-Count says ${resultCount} rows, the page has ${page.rows}`,
        );
      const full = resultCount >= page.limit;
      const key = page.searchAfter?.length ? JSON.stringify(page.searchAfter) : undefined;
      const next = full && key !== undefined && !tokens.has(key) ? page.searchAfter : undefined;
      if (next) {
        // A full page with a new token is never the end: the next page is requested before
        // this one's rows are handed on, so it travels while they are converted. Only a row
        // of this page that fails the list makes it a request sequential reading would not.
        tokens.add(key as string);
        following = fetchPage(next);
        dropAll([following]);
      }
      await handRows(page);
      if (!full) break;
      if (key === undefined)
        throw fail(
          'page-unreadable',
          `a full page of ${page.limit} rows came without X-Search_after`,
        );
      if (!next) throw fail('page-repeated', `X-Search_after ${key} repeated a page already read`);
      token = next;
    }
  } finally {
    // Requested and not used (the list failed): never leave its failure unhandled.
    if (following) dropAll([following]);
  }
  if (list.total !== undefined && list.count !== list.total)
    throw fail(
      'ended-short',
      `the list ended after ${list.count} rows, its count said ${list.total}`,
    );
  return { count: list.count, total: list.total, pages: list.pages };
}

/** Marks promises whose results are not wanted, so that their failures are not unhandled. */
function dropAll(pages: Iterable<Promise<unknown>>): void {
  for (const page of pages) page.catch(() => undefined);
}
