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
import { PaginationResult, paginateSearchAfter } from './paginate';
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

/** A row's place in the list: its time, as a number padded to sort as text. */
function place(event: InsightsAuthEvent): string {
  const ms = event.timestamp ? Date.parse(event.timestamp) : NaN;
  return Number.isNaN(ms) ? '' : String(ms).padStart(15, '0');
}

/**
 * Every authentication event of the window, oldest first, handed to `iteratee` one by one as
 * pages arrive (pages of 10,000, `fields` projected). Counted while the first page is read:
 * a list that ends before its count, repeats itself, or stops sending `X-Search_after` throws
 * `IncompleteListError`.
 */
export async function iterateAuthEvents(
  http: JumpCloudHttp,
  orgId: JumpCloudId,
  window: InsightsWindow,
  iteratee: (event: InsightsAuthEvent) => Promise<void> | void,
): Promise<PaginationResult> {
  const origin = insightsOrigin(http.baseUrl);
  const query = { ...authQuery(window), limit: INSIGHTS_PAGE_SIZE, fields: [...AUTH_EVENT_FIELDS] };
  const readPage = async (searchAfter: unknown[] | undefined) => {
    const response = await http.request(`${INSIGHTS_PATH}/events`, {
      orgId,
      origin,
      body: searchAfter ? { ...query, search_after: searchAfter } : query,
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
  // The count is needed only to check the list at its end: the first page goes out with it.
  let firstPage: ReturnType<typeof readPage> | undefined = readPage(undefined);
  firstPage.catch(() => undefined);
  let total: number;
  try {
    total = await countAuthEvents(http, orgId, window);
  } catch (error) {
    await firstPage.catch(() => undefined);
    throw error;
  }
  return paginateSearchAfter<InsightsAuthEvent>(
    (searchAfter) => {
      const page = !searchAfter && firstPage ? firstPage : readPage(searchAfter);
      firstPage = undefined;
      return page;
    },
    iteratee,
    { place, total },
  );
}
