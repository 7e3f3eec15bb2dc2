/**
 * Directory Insights, the audit log: `POST /insights/directory/v1/events` (and `/count`) on
 * the API host of the console's region, through the one request (./http.ts) and the one
 * paginator's `search_after` mode (./paginate.ts). A module of its own beside ./client.ts:
 * every call takes the run's client.
 *
 * Source: directory-insights.json (its `info.description` is the guide; host
 * `{api|api.eu}.jumpcloud.com`, basePath `/insights/directory/v1`).
 */
import { JumpCloudHttp } from './http';
import { IncompleteListError, PaginationResult, paginateSearchAfter } from './paginate';
import { allSettledOrFirstError } from './settle';
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
function place(event: InsightsAuthEvent): number {
  const ms = eventTime(event);
  return Number.isNaN(ms) ? -Infinity : ms;
}

/** Most slices of the window read at the same time once the first page shows more follow. */
export const MAX_INSIGHTS_SLICES = 8;

/**
 * Every authentication event of the window, handed to `iteratee` one by one as pages arrive
 * (pages of 10,000, `fields` projected), in no particular order across pages: what the
 * activity fold keeps (latest times, counts) does not depend on it. The count and the first
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
  iteratee: (event: InsightsAuthEvent) => Promise<void> | void,
  maxSlices = MAX_INSIGHTS_SLICES,
): Promise<PaginationResult> {
  const origin = insightsOrigin(http.baseUrl);
  const query = { ...authQuery(window), limit: INSIGHTS_PAGE_SIZE, fields: [...AUTH_EVENT_FIELDS] };
  type Query = typeof query;
  const readPage = async (body: Query, searchAfter: unknown[] | undefined) => {
    const response = await http.request(`${INSIGHTS_PATH}/events`, {
      orgId,
      origin,
      body: searchAfter ? { ...body, search_after: searchAfter } : body,
    });
    const rows = Array.isArray(response.body) ? (response.body as InsightsAuthEvent[]) : [];
    const token = header(response.headers.get('x-search_after'));
    return {
      items: rows,
      resultCount: integerHeader(response.headers.get('x-result-count')),
      limit: integerHeader(response.headers.get('x-limit')),
      searchAfter: Array.isArray(token) ? token : undefined,
    };
  };
  const firstPage = readPage(query, undefined);
  firstPage.catch(() => undefined);
  let total: number;
  try {
    total = await countAuthEvents(http, orgId, window);
  } catch (error) {
    await firstPage.catch(() => undefined);
    throw error;
  }
  const first = await firstPage;
  /** A list of `body`'s rows whose first page, when given, was read already. */
  const list = (body: Query, firstRead?: typeof first) => {
    let pending = firstRead;
    return (searchAfter: unknown[] | undefined) => {
      const page = !searchAfter && pending ? Promise.resolve(pending) : readPage(body, searchAfter);
      pending = undefined;
      return page;
    };
  };

  const slices = sliceBoundaries(first, total, window, maxSlices);
  if (!slices) return paginateSearchAfter(list(query, first), iteratee, { place, total });

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
      const read = await paginateSearchAfter(
        list(body, k === 0 ? first : undefined),
        (event) => {
          if (!last && eventTime(event) >= end) return;
          count += 1;
          return iteratee(event);
        },
        { place },
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
  const full = first.limit !== undefined && first.items.length >= first.limit;
  const left = total - first.items.length;
  const windowEnd = Date.parse(window.end);
  const lastRead = first.items.length > 0 ? eventTime(first.items[first.items.length - 1]) : NaN;
  if (!full || !first.limit || Number.isNaN(windowEnd) || Number.isNaN(lastRead)) return undefined;
  const span = windowEnd - (lastRead + 1);
  const count = Math.min(maxSlices, Math.ceil(left / first.limit), Math.floor(span));
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
