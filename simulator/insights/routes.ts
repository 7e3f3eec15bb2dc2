/**
 * Directory Insights on the simulator: `POST /insights/directory/v1/events`, `/events/count`
 * and `/events/distinct`, as the guide in directory-insights.json describes them (a JSON body
 * with `service` and `start_time`; up to 10,000 rows a page, 1,000 by default, any other
 * `limit` answered with the default; `X-Result-Count`, `X-Limit`, `X-Sort`, `X-Search_after`
 * and `X-Request-Id` headers; `search_after` from the previous page's header; `fields` to
 * project, with dot notation; `search_term` `and`/`or` of field terms; `x-org-id` for
 * multi-tenant keys), with modes for an org without Directory Insights and faults for a
 * server that does not page honestly.
 */
import type { SimulatedDirectory, SimulatedOrg } from '../directory/generate';
import {
  EVENT_KINDS,
  eventId,
  eventPosition,
  orgEvents,
  renderEvent,
  type InsightsOptions,
  type OrgEvents,
} from './events';
import { EventTexts, PageWriter } from './texts';

export const INSIGHTS_BASE = '/insights/directory/v1';
export const INSIGHTS_ROUTES = [
  `${INSIGHTS_BASE}/events`,
  `${INSIGHTS_BASE}/events/count`,
  `${INSIGHTS_BASE}/events/distinct`,
] as const;
/** Rows a page: the guide's default and maximum. */
export const DEFAULT_EVENT_LIMIT = 1000;
export const MAX_EVENT_LIMIT = 10_000;
/** The `service` values of the specification's EventServiceTimeQuery. */
export const SERVICES = [
  'alerts',
  'all',
  'directory',
  'ldap',
  'mdm',
  'notifications',
  'object_storage',
  'password_manager',
  'radius',
  'reports',
  'saas_app_management',
  'software',
  'sso',
  'systems',
  'access_management',
  'asset_management',
];

/**
 * `enabled` (default); `forbidden`: 403 (the key's role may not read it); `absent`: 404;
 * `unlicensed`: 402 (the plan does not include it).
 */
export type InsightsMode = 'enabled' | 'forbidden' | 'absent' | 'unlicensed';
/**
 * Pages that must not be taken as the end: `repeat-search-after` (the server ignores
 * `search_after` and answers the first page again), `no-search-after-header` (a page of
 * `X-Limit` rows without `X-Search_after`), `distinct-truncated` (`/events/distinct` keeps 3
 * buckets and counts the rest in `sum_other_doc_count`).
 */
export type InsightsFault = 'repeat-search-after' | 'no-search-after-header' | 'distinct-truncated';

export interface InsightsSimulationOptions extends InsightsOptions {
  mode?: InsightsMode;
  fault?: InsightsFault;
}

export interface InsightsRequest {
  method: string;
  pathname: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface InsightsReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /**
   * An events page already serialized: exactly the UTF-8 of `JSON.stringify(body)` (`body` is
   * then undefined), written event by event from templates (./texts.ts), so no row object is
   * made. Only `serve` sets it; a caller that must alter the rows parses it back.
   */
  bytes?: Buffer;
  /**
   * For the fewest-requests counter (../fewest.ts): the list a request read (its query minus
   * `search_after` and `limit`, and the organization), its rows plus one (the guide's reader
   * stops on the first page below `X-Limit`, so n rows take floor(n / limit) + 1 pages) and
   * the largest page. Count and distinct are single answers.
   */
  list?: { key: string; pagedRows?: number; maxLimit?: number };
}

export const InsightsErrorBodies = {
  unauthorized: { message: 'Unauthorized' },
  forbidden: { message: 'Forbidden: Directory Insights is not available to this API key' },
  notFound: { message: 'Not Found' },
  paymentRequired: { message: 'Payment Required: Directory Insights is not in this plan' },
  noOrganization: { message: 'Unauthorized: no organization selected' },
  methodNotAllowed: { message: 'Method Not Allowed' },
} as const;

class BadRequest extends Error {}

interface Query {
  services: Set<string>;
  start: number;
  end: number;
  limit: number;
  descending: boolean;
  searchAfter?: [number, number];
  fields?: string[];
  /** Kind codes the terms allow, when they name `event_type` only; else undefined. */
  kinds?: Set<number>;
  /** Terms on other fields, matched against the rendered event. */
  match?: (event: Record<string, unknown>) => boolean;
}

function valueAt(event: Record<string, unknown>, path: string): unknown {
  return valueAlong(event, path.split('.'));
}

function valueAlong(event: Record<string, unknown>, parts: readonly string[]): unknown {
  let value: unknown = event;
  for (const part of parts) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/**
 * Work done in slices: a generator that yields between slices and returns its result. `handle`
 * runs it in one turn; `serve` lets the event loop turn between slices, so a 10,000-event page
 * does not hold back every other request's timer and write while it is built (a real API
 * answers concurrently, and the bench measures the client, not this server).
 */
type Work<T> = Generator<void, T, void>;
/** Events rendered per slice. */
const SLICE_EVENTS = 1000;
/** Projections whose event texts are kept (`InsightsApi.texts`). */
const MAX_PROJECTIONS_KEPT = 4;

function runNow<T>(work: Work<T>): T {
  for (;;) {
    const step = work.next();
    if (step.done) return step.value;
  }
}

async function runSliced<T>(work: Work<T>): Promise<T> {
  for (;;) {
    const step = work.next();
    if (step.done) return step.value;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** `fields` split at their dots once per request, not once per row. */
function splitFields(fields: string[]): string[][] {
  return fields.map((field) => field.split('.'));
}

function project(event: Record<string, unknown>, fields: string[][]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const parts of fields) {
    const value = valueAlong(event, parts);
    if (value === undefined) continue;
    let into = out;
    for (let k = 0; k < parts.length - 1; k++) {
      const part = parts[k];
      into[part] = (into[part] as Record<string, unknown>) ?? {};
      into = into[part] as Record<string, unknown>;
    }
    into[parts[parts.length - 1]] = value;
  }
  return out;
}

/** Field values are lowercased on insert (guide, "Search"): terms compare lowercase. */
function termMatches(event: Record<string, unknown>, field: string, wanted: unknown): boolean {
  const value = valueAt(event, field);
  const want = Array.isArray(wanted) ? wanted : [wanted];
  return want.some((w) => String(w).toLowerCase() === String(value).toLowerCase());
}

function parseTerms(term: unknown): ((e: Record<string, unknown>) => boolean) | undefined {
  if (term === undefined || term === null) return undefined;
  if (typeof term !== 'object') throw new BadRequest('search_term must be an object');
  const entries = Object.entries(term as Record<string, unknown>);
  const parts = entries.map(([op, list]) => {
    if (!Array.isArray(list)) throw new BadRequest(`search_term.${op} must be a list`);
    const tests = list.map((item) => {
      if (item === null || typeof item !== 'object') throw new BadRequest('bad search term');
      const [[field, value]] = Object.entries(item as Record<string, unknown>);
      if (field === 'and' || field === 'or' || field === 'not') {
        const nested = parseTerms({ [field]: value });
        return nested ?? (() => true);
      }
      return (e: Record<string, unknown>) => termMatches(e, field, value);
    });
    if (op === 'and') return (e: Record<string, unknown>) => tests.every((t) => t(e));
    if (op === 'or') return (e: Record<string, unknown>) => tests.some((t) => t(e));
    if (op === 'not') return (e: Record<string, unknown>) => !tests.some((t) => t(e));
    throw new BadRequest(`unknown search_term operator ${op}`);
  });
  return (e) => parts.every((p) => p(e));
}

/** When every term is `event_type` under one `and`/`or`, the allowed kinds (fast path). */
function eventTypeKinds(term: unknown): Set<number> | undefined {
  if (term === undefined || term === null || typeof term !== 'object') return undefined;
  const entries = Object.entries(term as Record<string, unknown>);
  if (entries.length !== 1) return undefined;
  const [op, list] = entries[0];
  if ((op !== 'and' && op !== 'or') || !Array.isArray(list) || list.length !== 1) return undefined;
  const item = list[0] as Record<string, unknown>;
  const keys = Object.keys(item ?? {});
  if (keys.length !== 1 || keys[0] !== 'event_type') return undefined;
  const wanted = Array.isArray(item.event_type) ? item.event_type : [item.event_type];
  const kinds = new Set<number>();
  EVENT_KINDS.forEach((k, i) => {
    if (wanted.some((w) => String(w).toLowerCase() === k.eventType)) kinds.add(i);
  });
  return kinds;
}

function parseTime(value: unknown, name: string): number {
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value)))
    throw new BadRequest(`${name} must be an RFC 3339 date`);
  return Date.parse(value);
}

function parseQuery(body: Record<string, unknown>, events: OrgEvents): Query {
  const service = body.service;
  if (!Array.isArray(service) || service.length === 0)
    throw new BadRequest(`service is required; supported values: ${SERVICES.join(', ')}`);
  for (const s of service) {
    if (!SERVICES.includes(String(s)))
      throw new BadRequest(
        `unknown service ${String(s)}; supported values: ${SERVICES.join(', ')}`,
      );
  }
  const start = parseTime(body.start_time, 'start_time');
  if (start > events.nowMs) throw new BadRequest('start_time is in the future');
  const end = body.end_time === undefined ? Infinity : parseTime(body.end_time, 'end_time');
  if (end <= start) throw new BadRequest('end_time must be after start_time');
  const rawLimit = body.limit;
  const limit =
    typeof rawLimit === 'number' &&
    Number.isInteger(rawLimit) &&
    rawLimit > 0 &&
    rawLimit <= MAX_EVENT_LIMIT
      ? rawLimit
      : DEFAULT_EVENT_LIMIT;
  let fields: string[] | undefined;
  if (body.fields !== undefined) {
    if (!Array.isArray(body.fields) || body.fields.length === 0)
      throw new BadRequest('fields must list at least one known field');
    fields = body.fields.map(String);
  }
  let searchAfter: [number, number] | undefined;
  if (body.search_after !== undefined) {
    const token: unknown[] = Array.isArray(body.search_after) ? body.search_after : [];
    const position = token.length === 2 ? eventPosition(events, String(token[1])) : undefined;
    if (position === undefined || Number(token[0]) !== events.timestamp[position])
      throw new BadRequest('search_after is not a value this query returned');
    searchAfter = [Number(token[0]), position];
  }
  const services = new Set(service.map(String));
  return {
    services,
    start,
    end,
    limit,
    descending: String(body.sort ?? '').toUpperCase() === 'DESC',
    searchAfter,
    fields,
    kinds: eventTypeKinds(body.search_term),
    match: eventTypeKinds(body.search_term) ? undefined : parseTerms(body.search_term),
  };
}

export class InsightsApi {
  private readonly orgsById = new Map<string, SimulatedOrg>();
  private requestCounter = 0;
  private readonly totals = new Map<string, number>();
  /** The time windows asked per list without its time range (`listKey`). */
  private readonly windows = new Map<string, Array<{ start: number; end: number; key: string }>>();
  private readonly textsByProjection = new Map<string, EventTexts>();

  constructor(
    private readonly directory: SimulatedDirectory,
    private readonly apiKey: string,
    private readonly options: InsightsSimulationOptions = {},
  ) {
    for (const org of directory.orgs) this.orgsById.set(org.id, org);
  }

  /** The route template a path belongs to, or undefined when it is not Directory Insights. */
  template(pathname: string): string | undefined {
    const path = pathname.replace(/\/+$/, '');
    return (INSIGHTS_ROUTES as readonly string[]).includes(path) ? path : undefined;
  }

  owns(pathname: string): boolean {
    return pathname.startsWith(`${INSIGHTS_BASE}/`);
  }

  events(org: SimulatedOrg): OrgEvents {
    return orgEvents(org, this.options);
  }

  /** The reply in one turn, an events page as rows in `body` (the generic path). */
  handle(request: InsightsRequest): InsightsReply {
    return runNow(this.work(request, false));
  }

  /**
   * The reply with the event loop turning every SLICE_EVENTS events, an events page as its
   * JSON `bytes` (the same bytes as `JSON.stringify` of `handle`'s rows).
   */
  serve(request: InsightsRequest): Promise<InsightsReply> {
    return runSliced(this.work(request, true));
  }

  private *work(request: InsightsRequest, asBytes: boolean): Work<InsightsReply> {
    if (request.headers['x-api-key'] !== this.apiKey)
      return { status: 401, body: InsightsErrorBodies.unauthorized };
    const template = this.template(request.pathname);
    if (!template) return { status: 404, body: InsightsErrorBodies.notFound };
    if (request.method !== 'POST')
      return {
        status: 405,
        body: InsightsErrorBodies.methodNotAllowed,
        headers: { allow: 'POST' },
      };
    const mode = this.options.mode ?? 'enabled';
    if (mode === 'forbidden') return { status: 403, body: InsightsErrorBodies.forbidden };
    if (mode === 'absent') return { status: 404, body: InsightsErrorBodies.notFound };
    if (mode === 'unlicensed') return { status: 402, body: InsightsErrorBodies.paymentRequired };

    const orgHeader = String(request.headers['x-org-id'] ?? '').trim();
    let org: SimulatedOrg | undefined;
    if (!orgHeader) {
      if (this.directory.multiTenant)
        return { status: 401, body: InsightsErrorBodies.noOrganization };
      org = this.directory.orgs[0];
    } else {
      org = this.orgsById.get(orgHeader);
      if (!org) return { status: 404, body: InsightsErrorBodies.notFound };
    }
    let body: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(request.body || 'null');
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
        throw new BadRequest('the body must be a JSON object');
      body = parsed as Record<string, unknown>;
    } catch (error) {
      return { status: 400, body: { message: `Bad Request: ${(error as Error).message}` } };
    }
    const events = this.events(org);
    const key = this.listKey(template, org, body);
    try {
      if (template.endsWith('/count')) return { ...this.count(org, events, body), list: { key } };
      if (template.endsWith('/distinct'))
        return { ...this.distinct(org, events, body), list: { key } };
      const reply = yield* this.page(org, events, body, asBytes);
      if (reply.status === 200) {
        let total = this.totals.get(key);
        if (total === undefined) {
          total = 0;
          const query = parseQuery({ ...body, search_after: undefined }, events);
          for (const _ of this.matching(org, events, query, true)) {
            total += 1;
            if (query.match && total % SLICE_EVENTS === 0) yield;
          }
          this.totals.set(key, total);
        }
        reply.list = { key, pagedRows: total + 1, maxLimit: MAX_EVENT_LIMIT };
      }
      return reply;
    } catch (error) {
      if (error instanceof BadRequest)
        return { status: 400, body: { message: `Bad Request: ${error.message}` } };
      throw error;
    }
  }

  /**
   * The list a query reads, for the fewest-requests counter: the query minus `search_after`
   * and `limit`, and the organization; a query whose time range lies within one already
   * asked with the same other members reads part of that list (a reader that splits a window
   * into time slices read at once, as the integration does), not a list of its own, so the
   * floor stays the fewest pages of the window read as one list.
   */
  private listKey(template: string, org: SimulatedOrg, body: Record<string, unknown>): string {
    const { search_after: _after, limit: _limit, ...list } = body;
    const key = `${template} ${JSON.stringify(list)} org=${org.id}`;
    const { start_time: startTime, end_time: endTime, ...rest } = list;
    const others = `${template} ${JSON.stringify(rest)} org=${org.id}`;
    const start = typeof startTime === 'string' ? Date.parse(startTime) : NaN;
    const end = endTime === undefined ? Infinity : Date.parse(String(endTime));
    const windows = this.windows.get(others) ?? [];
    const within = windows.find((window) => window.start <= start && end <= window.end);
    if (within) return within.key;
    if (!Number.isNaN(start) && !Number.isNaN(end)) {
      windows.push({ start, end, key });
      this.windows.set(others, windows);
    }
    return key;
  }

  /**
   * Makes the templates of an org's events under the projection `fields` (a query's
   * `fields`, as a client sends them) before any request asks for it.
   */
  prepareTexts(org: SimulatedOrg, fields: string[]): void {
    this.texts(org, this.events(org), splitFields(fields)).prepare();
  }

  /** Event templates made so far, every org and projection kept. */
  templatesMade(): number {
    let made = 0;
    for (const texts of this.textsByProjection.values()) made += texts.templates;
    return made;
  }

  /**
   * The event texts of an org under a projection, kept across requests (a run reads every
   * page under one projection). A few projections at most: a client asking many keeps only
   * the latest.
   */
  private texts(org: SimulatedOrg, events: OrgEvents, fields?: string[][]): EventTexts {
    const key = `${org.id} ${JSON.stringify(fields ?? null)}`;
    let texts = this.textsByProjection.get(key);
    if (!texts) {
      texts = new EventTexts(org, events, fields ? (event) => project(event, fields) : (e) => e);
      if (this.textsByProjection.size >= MAX_PROJECTIONS_KEPT)
        this.textsByProjection.delete(this.textsByProjection.keys().next().value as string);
      this.textsByProjection.set(key, texts);
    }
    return texts;
  }

  /** Positions matching the query, in the requested order, starting after `search_after`. */
  private *matching(
    org: SimulatedOrg,
    events: OrgEvents,
    query: Query,
    ignoreSearchAfter = false,
  ): Generator<number> {
    const all = query.services.has('all');
    const after = ignoreSearchAfter ? undefined : query.searchAfter;
    const first = query.descending
      ? after
        ? after[1] - 1
        : events.count - 1
      : after
        ? after[1] + 1
        : lowerBound(events, query.start);
    const step = query.descending ? -1 : 1;
    for (let i = first; i >= 0 && i < events.count; i += step) {
      const t = events.timestamp[i];
      if (t < query.start) {
        if (query.descending) return;
        continue;
      }
      if (t >= query.end) {
        if (!query.descending) return;
        continue;
      }
      const kind = events.kind[i];
      if (!all && !query.services.has(EVENT_KINDS[kind].service)) continue;
      if (query.kinds && !query.kinds.has(kind)) continue;
      if (query.match && !query.match(renderEvent(org, events, i))) continue;
      yield i;
    }
  }

  private *page(
    org: SimulatedOrg,
    events: OrgEvents,
    body: Record<string, unknown>,
    asBytes: boolean,
  ): Work<InsightsReply> {
    const query = parseQuery(body, events);
    const fault = this.options.fault;
    // Numbered in arrival order, before the page is built in slices.
    this.requestCounter += 1;
    const requestId = `sim-${org.id.slice(-6)}-${this.requestCounter}`;
    const fields = query.fields && splitFields(query.fields);
    // As bytes, each event's JSON is written from its signature's template (./texts.ts): the
    // page is never held as 10,000 objects, nor stringified. Written one by one between `[`,
    // `,` and `]`, they are the bytes `JSON.stringify` gives the whole list (an array's
    // elements are stringified one by one, joined by commas).
    const rows: Record<string, unknown>[] = [];
    const texts = asBytes ? this.texts(org, events, fields) : undefined;
    // Sized for the page's rows at the bytes an event has taken so far, plus a tenth.
    const out = new PageWriter(query.limit * (texts?.averageEventBytes ?? 0) * 1.1);
    out.byte(0x5b); // [
    let n = 0;
    let last: number | undefined;
    for (const i of this.matching(org, events, query, fault === 'repeat-search-after')) {
      if (texts) {
        if (n > 0) out.byte(0x2c); // ,
        texts.write(i, out);
      } else {
        const event = renderEvent(org, events, i);
        rows.push(fields ? project(event, fields) : event);
      }
      last = i;
      n += 1;
      if (n >= query.limit) break;
      if (n % SLICE_EVENTS === 0) yield;
    }
    const headers: Record<string, string> = {
      'X-Result-Count': String(n),
      'X-Limit': String(query.limit),
      'X-Sort': query.descending ? 'DESC' : 'ASC',
      'X-Request-Id': requestId,
    };
    // The guide: the header is always sent, also on the last page.
    const token =
      last !== undefined
        ? [events.timestamp[last], eventId(events, last)]
        : ((body.search_after as unknown[] | undefined) ?? []);
    if (!(fault === 'no-search-after-header' && n === query.limit))
      headers['X-Search_after'] = JSON.stringify(token);
    if (!asBytes) return { status: 200, body: rows, headers };
    out.byte(0x5d); // ]
    return { status: 200, body: undefined, bytes: out.done(), headers };
  }

  private count(
    org: SimulatedOrg,
    events: OrgEvents,
    body: Record<string, unknown>,
  ): InsightsReply {
    const query = parseQuery({ ...body, search_after: undefined }, events);
    let count = 0;
    for (const _ of this.matching(org, events, query)) count += 1;
    return { status: 200, body: { count } };
  }

  private distinct(
    org: SimulatedOrg,
    events: OrgEvents,
    body: Record<string, unknown>,
  ): InsightsReply {
    if (typeof body.field !== 'string' || body.field === '')
      throw new BadRequest('field is required');
    const field = body.field;
    const query = parseQuery({ ...body, search_after: undefined, fields: undefined }, events);
    const counts = new Map<string, number>();
    for (const i of this.matching(org, events, query)) {
      const value = valueAt(renderEvent(org, events, i), field);
      if (value === undefined || value === null) continue;
      const k = String(value);
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    let buckets = [...counts.entries()]
      .map(([key, doc_count]) => ({ key, doc_count }))
      .sort((a, b) => b.doc_count - a.doc_count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    let other = 0;
    if (this.options.fault === 'distinct-truncated' && buckets.length > 3) {
      other = buckets.slice(3).reduce((sum, b) => sum + b.doc_count, 0);
      buckets = buckets.slice(0, 3);
    }
    return {
      status: 200,
      body: { buckets, doc_count_error_upper_bound: 0, sum_other_doc_count: other },
    };
  }
}

/** The first position at or after `t` (events are sorted by time). */
function lowerBound(events: OrgEvents, t: number): number {
  let lo = 0;
  let hi = events.count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (events.timestamp[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
