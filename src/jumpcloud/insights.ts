/**
 * Directory Insights, the audit log: `POST /insights/directory/v1/events` (and `/count`) on
 * the API host of the console's region, through the one request (./http.ts) and the one
 * paginator's `search_after` mode (./paginate.ts). A module of its own beside ./client.ts:
 * every call takes the run's client.
 *
 * Source: directory-insights.json (its `info.description` is the guide; host
 * `{api|api.eu}.jumpcloud.com`, basePath `/insights/directory/v1`).
 */
import type { HttpRequestOptions, JsonResponse, JumpCloudHttp, ResponseHeaders } from './http';
import {
  IncompleteListError,
  PaginationResult,
  SearchAfterPageHead,
  SearchAfterRows,
  walkSearchAfter,
} from './paginate';
import { allSettledOrFirstError } from './settle';
import { turnIfBusy } from './turns';
import { JumpCloudId } from './types';

export const INSIGHTS_PATH = '/insights/directory/v1';
/** The guide's largest page ("The maximum number of rows you can request is 10,000"). */
export const INSIGHTS_PAGE_SIZE = 10_000;

/**
 * The authentication event types read, with their services. `radius_auth` is the guide's
 * name; real payloads say `radius_auth_attempt` (see docs/activity-data-model.md): both.
 */
export const AUTH_EVENT_TYPES = [
  'user_login_attempt',
  'admin_login_attempt',
  'sso_auth',
  'login_attempt',
  'radius_auth',
  'radius_auth_attempt',
  'ldap_bind',
] as const;
export const AUTH_SERVICES = ['directory', 'sso', 'systems', 'radius', 'ldap'] as const;

/**
 * The fields read of an event (`fields` projection): who, what, when, whether it worked and
 * with MFA. Never `client_ip`, `useragent`, `geoip`, `message` nor anything else: what is not
 * asked for is not even sent. Not the event's `id` either: the fold does not need it, and at
 * a million events a field costs megabytes (README, Speed and scale).
 */
export const AUTH_EVENT_FIELDS = [
  'timestamp',
  'event_type',
  'success',
  'sso_token_success',
  'mfa',
  'initiated_by.id',
  'initiated_by.type',
  'initiated_by.username',
  'initiated_by.email',
  'resource.id',
  'resource.email',
  'username',
  'application.id',
  'system.id',
] as const;

/** An authentication event, as projected by AUTH_EVENT_FIELDS. Every field may be absent. */
export interface InsightsAuthEvent {
  id?: string;
  timestamp?: string;
  event_type?: string;
  success?: boolean;
  sso_token_success?: boolean;
  mfa?: boolean;
  initiated_by?: { id?: string; type?: string; username?: string; email?: string };
  resource?: { id?: string; type?: string; email?: string };
  username?: string;
  application?: { id?: string };
  system?: { id?: string };
}

export interface InsightsWindow {
  /** RFC 3339, inclusive. */
  start: string;
  /** RFC 3339; a fixed end makes the count and the rows read agree. */
  end: string;
}

/**
 * The Directory Insights host for a console URL: `console.jumpcloud.com` ->
 * `https://api.jumpcloud.com`, `console.eu.jumpcloud.com` -> `https://api.eu.jumpcloud.com`;
 * any other base (a local simulator, a proxy) serves both.
 */
export function insightsOrigin(baseUrl: string): string {
  const url = new URL(baseUrl);
  const match = /^console(\.[a-z]{2})?\.jumpcloud\.com$/i.exec(url.hostname);
  if (match) return `https://api${(match[1] ?? '').toLowerCase()}.jumpcloud.com`;
  return url.origin;
}

function authQuery(window: InsightsWindow) {
  return {
    service: [...AUTH_SERVICES],
    start_time: window.start,
    end_time: window.end,
    search_term: { or: [{ event_type: [...AUTH_EVENT_TYPES] }] },
  };
}

/** How many authentication events the window holds (`/events/count`). */
export async function countAuthEvents(
  http: JumpCloudHttp,
  orgId: JumpCloudId,
  window: InsightsWindow,
): Promise<number> {
  const response = await http.request(`${INSIGHTS_PATH}/events/count`, {
    orgId,
    origin: insightsOrigin(http.baseUrl),
    body: authQuery(window),
  });
  const count = (response.body as { count?: unknown } | null)?.count;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 0)
    throw new Error(`${INSIGHTS_PATH}/events/count answered without a count`);
  return count;
}

function header(value: string | null): unknown {
  if (value === null) return undefined;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return undefined;
  }
}

function integerHeader(value: string | null): number | undefined {
  if (value === null || !/^\d+$/.test(value.trim())) return undefined;
  return Number(value);
}

/** The event whose time was read last, its timestamp and that time (see `eventTime`). */
let lastEvent: InsightsAuthEvent | undefined;
let lastStamp: string | undefined;
let lastTime = NaN;

/**
 * An event's time in milliseconds, NaN when it has none. Each event's time is asked three
 * times in a row (its place in the list, its slice, the fold), a million times a run: it is
 * parsed once per event, the answer is kept for the event asked last.
 */
export function eventTime(event: InsightsAuthEvent): number {
  if (event !== lastEvent || event.timestamp !== lastStamp) {
    lastEvent = event;
    lastStamp = event.timestamp;
    lastTime = lastStamp ? parseTimestamp(lastStamp) : NaN;
  }
  return lastTime;
}

/** The day of the timestamp parsed last (`YYYY-MM-DDT`) and its start in ms. */
let dayPrefix = '';
let dayStartMs = NaN;

/** The value of the two decimal digits at `at`, or NaN. */
function twoDigits(text: string, at: number): number {
  const tens = text.charCodeAt(at) - 48;
  const ones = text.charCodeAt(at + 1) - 48;
  return tens >= 0 && tens <= 9 && ones >= 0 && ones <= 9 ? tens * 10 + ones : NaN;
}

/**
 * `Date.parse` of a timestamp, the same number, cheaper for the form Directory Insights
 * writes, `YYYY-MM-DDTHH:MM:SS.sssZ`: its date is parsed once per day (events come in time
 * order), its time of day from the digits. Anything else, or a time of day out of range, goes
 * to `Date.parse` (insights.test.ts compares both ways).
 */
export function parseTimestamp(stamp: string): number {
  if (
    stamp.length === 24 &&
    stamp.charCodeAt(10) === 84 && // T
    stamp.charCodeAt(13) === 58 && // :
    stamp.charCodeAt(16) === 58 &&
    stamp.charCodeAt(19) === 46 && // .
    stamp.charCodeAt(23) === 90 // Z
  ) {
    const hours = twoDigits(stamp, 11);
    const minutes = twoDigits(stamp, 14);
    const seconds = twoDigits(stamp, 17);
    const hundreds = stamp.charCodeAt(20) - 48;
    const rest = twoDigits(stamp, 21);
    if (hours < 24 && minutes < 60 && seconds < 60 && hundreds >= 0 && hundreds <= 9) {
      if (!stamp.startsWith(dayPrefix) || dayPrefix === '') {
        dayPrefix = stamp.slice(0, 11);
        dayStartMs = Date.parse(`${dayPrefix}00:00:00.000Z`);
      }
      // NaN when the date is not one (`rest` NaN too when its digits are not digits).
      return dayStartMs + ((hours * 60 + minutes) * 60 + seconds) * 1000 + hundreds * 100 + rest;
    }
  }
  return Date.parse(stamp);
}

/**
 * A row's place in the list: its time; a row without one comes before any with one (as an
 * empty text before the padded numbers this once was).
 */
export function place(event: InsightsAuthEvent): number {
  const ms = eventTime(event);
  return Number.isNaN(ms) ? -Infinity : ms;
}

/** Most slices of the window read at the same time once the first page shows more follow. */
export const MAX_INSIGHTS_SLICES = 8;

/** A page of events as the slicing needs it: its head, and the time of its last row. */
export interface EventPageHead extends SearchAfterPageHead {
  /** The last row's time (`eventTime`), NaN when the page is empty or its last row has none. */
  lastTime: number;
}

/**
 * Where the pages of events are read into and their rows handed over, when not parsed and
 * handed on in this thread: the activity's (src/steps/activity/read-events.ts), which folds a
 * list of one page where it is read and a longer one in its fold worker.
 */
export interface EventPageReader<Pg extends EventPageHead = EventPageHead> {
  /**
   * Hears the window's count as soon as it is known (the first page may not be read yet), and
   * the page size asked: more rows than `limit` take more than one page.
   */
  counted?(total: number, limit: number): void;
  /** Requests a page through `send` (the one client), resolved once its rows can be counted. */
  read(
    send: (options: Pick<HttpRequestOptions, 'body' | 'readBody'>) => Promise<JsonResponse>,
    body: object,
  ): Promise<Pg>;
  /**
   * Hands over a page's rows, each checked as a row of `list` (`SearchAfterRows.take`, with the
   * list's `count` and `pages` as they are here), and returns how many rows it kept: those
   * before `end` (ms) when given. Afterwards `list.count` counts the page's rows.
   */
  hand(
    page: Pg,
    list: SearchAfterRows<InsightsAuthEvent, number>,
    end: number | undefined,
  ): Promise<number>;
}

/**
 * Every authentication event of the window, handed to `iteratee` one by one as pages arrive
 * (pages of 10,000, `fields` projected), in no particular order across pages: what the
 * activity fold keeps (latest times, counts) does not depend on it. Or, given an
 * `EventPageReader` instead of an iteratee, the pages are read into it and their rows handed
 * over there. The count and the first
 * page go out together. When the first page is full, the rest of the window is read as up to
 * `MAX_INSIGHTS_SLICES` time slices at once, each its own `search_after` list, instead of one
 * page after another: a page's token comes only with the page before it, so one list of 28
 * pages is 28 latency periods, and the run's users wait for it. A slice keeps only the rows
 * before the next slice's start, so the slices partition the window whether the API's
 * `end_time` is inclusive or not (the guide does not say; `start_time` is inclusive). Each
 * slice is checked as a list (repeated rows, tokens, unreadable pages); the rows of all of
 * them must add up to the count exactly, or `IncompleteListError`.
 */
export async function iterateAuthEvents(
  http: JumpCloudHttp,
  orgId: JumpCloudId,
  window: InsightsWindow,
  iteratee: ((event: InsightsAuthEvent) => Promise<void> | void) | EventPageReader,
  maxSlices = MAX_INSIGHTS_SLICES,
): Promise<PaginationResult> {
  const reader = typeof iteratee === 'function' ? eventsInThread(iteratee) : iteratee;
  return readAuthEvents(http, orgId, window, reader, maxSlices);
}

/** The rows of a page parsed here, handed to `iteratee` one by one. */
export function eventsInThread(
  iteratee: (event: InsightsAuthEvent) => Promise<void> | void,
): EventPageReader<EventPageHead & { items: InsightsAuthEvent[] }> {
  return {
    async read(send, body) {
      const response = await send({ body });
      const items = Array.isArray(response.body) ? (response.body as InsightsAuthEvent[]) : [];
      return {
        items,
        rows: items.length,
        lastTime: items.length > 0 ? eventTime(items[items.length - 1]) : NaN,
        ...pageHeaders(response.headers),
      };
    },
    async hand(page, list, end) {
      let kept = 0;
      for (const event of page.items) {
        list.take(event);
        if (end !== undefined && eventTime(event) >= end) continue;
        kept += 1;
        const handled = iteratee(event);
        if (handled) await handled;
        // A page is 10,000 rows: answers and requests go on while it is handed over.
        const turn = turnIfBusy();
        if (turn) await turn;
      }
      return kept;
    },
  };
}

/** What a page's headers say of its list (`X-Result-Count`, `X-Limit`, `X-Search_after`). */
export function pageHeaders(headers: ResponseHeaders): Omit<SearchAfterPageHead, 'rows'> {
  const token = header(headers.get('x-search_after'));
  return {
    resultCount: integerHeader(headers.get('x-result-count')),
    limit: integerHeader(headers.get('x-limit')),
    searchAfter: Array.isArray(token) ? token : undefined,
  };
}

async function readAuthEvents<Pg extends EventPageHead>(
  http: JumpCloudHttp,
  orgId: JumpCloudId,
  window: InsightsWindow,
  reader: EventPageReader<Pg>,
  maxSlices: number,
): Promise<PaginationResult> {
  const origin = insightsOrigin(http.baseUrl);
  const query = { ...authQuery(window), limit: INSIGHTS_PAGE_SIZE, fields: [...AUTH_EVENT_FIELDS] };
  type Query = typeof query;
  const send = (options: Pick<HttpRequestOptions, 'body' | 'readBody'>) =>
    http.request(`${INSIGHTS_PATH}/events`, { orgId, origin, ...options });
  const readPage = (body: Query, searchAfter: unknown[] | undefined) =>
    reader.read(send, searchAfter ? { ...body, search_after: searchAfter } : body);
  const firstPage = readPage(query, undefined);
  firstPage.catch(() => undefined);
  let total: number;
  try {
    total = await countAuthEvents(http, orgId, window);
  } catch (error) {
    await firstPage.catch(() => undefined);
    throw error;
  }
  reader.counted?.(total, query.limit);
  const first = await firstPage;
  /** A list of `body`'s rows whose first page, when given, was read already. */
  const list = (body: Query, firstRead?: Pg) => {
    let pending = firstRead;
    return (searchAfter: unknown[] | undefined) => {
      const page = !searchAfter && pending ? Promise.resolve(pending) : readPage(body, searchAfter);
      pending = undefined;
      return page;
    };
  };

  const slices = slicesAfter(first.rows, first.lastTime, first.limit, total, window, maxSlices);
  if (!slices) {
    const rows = new SearchAfterRows(place, total);
    return walkSearchAfter(list(query, first), rows, async (page) => {
      await reader.hand(page, rows, undefined);
    });
  }

  // Slice 0 is the first page and the rows after it up to the first boundary; slice k the
  // rows from boundary k up to the next. Each keeps only what is before the next boundary.
  let count = 0;
  let pages = 0;
  await allSettledOrFirstError(
    slices.map(async ({ start, end }, k) => {
      const last = k === slices.length - 1;
      const body = {
        ...query,
        ...(k > 0 ? { start_time: iso(start) } : {}),
        end_time: last ? window.end : iso(end),
      };
      const rows = new SearchAfterRows(place);
      const read = await walkSearchAfter(
        list(body, k === 0 ? first : undefined),
        rows,
        async (page) => {
          // Not `count += await ...`: that reads `count` before the other slices add to it.
          const kept = await reader.hand(page, rows, last ? undefined : end);
          count += kept;
        },
      );
      pages += read.pages;
    }),
  );
  if (count !== total)
    throw new IncompleteListError(
      'ended-short',
      count,
      total,
      `${INSIGHTS_PATH}/events: ${slices.length} slices of the window gave ${count} rows, its count said ${total}`,
    );
  return { count, total, pages };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * The time slices the rest of the window is read in, or undefined when one list will do: the
 * first page held every row, or what is left fits in a page or two. Slice 0 runs from the
 * first page's last row (read on with its token); the others split the time after it evenly,
 * one per page left at most, on whole milliseconds.
 */
export function sliceBoundaries(
  first: { items: InsightsAuthEvent[]; resultCount?: number; limit?: number },
  total: number,
  window: InsightsWindow,
  maxSlices: number,
): Array<{ start: number; end: number }> | undefined {
  const { items, limit } = first;
  const lastRead = items.length > 0 ? eventTime(items[items.length - 1]) : NaN;
  return slicesAfter(items.length, lastRead, limit, total, window, maxSlices);
}

/** `sliceBoundaries` of a first page of `rows` rows whose last row's time is `lastRead`. */
function slicesAfter(
  rows: number,
  lastRead: number,
  limit: number | undefined,
  total: number,
  window: InsightsWindow,
  maxSlices: number,
): Array<{ start: number; end: number }> | undefined {
  const full = limit !== undefined && rows >= limit;
  const left = total - rows;
  const windowEnd = Date.parse(window.end);
  if (!full || !limit || Number.isNaN(windowEnd) || Number.isNaN(lastRead)) return undefined;
  const span = windowEnd - (lastRead + 1);
  const count = Math.min(maxSlices, Math.ceil(left / limit), Math.floor(span));
  if (count < 2) return undefined;
  const slices: Array<{ start: number; end: number }> = [];
  let start = lastRead;
  for (let k = 1; k <= count; k++) {
    const end = k === count ? windowEnd : lastRead + 1 + Math.floor((span * k) / count);
    slices.push({ start, end });
    start = end;
  }
  return slices;
}
