/**
 * The JumpCloud client of a run: one per run, shared by every step (see getOrCreateClient
 * in ./index.ts). Everything that talks HTTP goes through `request`; everything that pages
 * goes through `paginate`; every failure meets the policy in ./errors.ts.
 */
import fetch, { Response } from 'node-fetch';
import { IntegrationLogger, IntegrationProviderAPIError } from '@jupiterone/integration-sdk-core';

import {
  AttemptOutcome,
  DEFAULT_RETRY_POLICY,
  RetryPolicy,
  parseRetryAfterMs,
  retryDelayMs,
  shouldRetry,
  toIntegrationError,
} from './errors';
import { RequestLimiter } from './limiter';
import { IncompleteListError, Page, PaginationResult, paginate } from './paginate';
import {
  GraphConnection,
  GraphObjectWithPaths,
  JumpCloudAppleMdm,
  JumpCloudAppleMdmDevice,
  JumpCloudApplication,
  JumpCloudAsset,
  JumpCloudGroup,
  JumpCloudId,
  JumpCloudOrganization,
  JumpCloudSystem,
  JumpCloudSystemInfo,
  JumpCloudUser,
} from './types';

export const DEFAULT_BASE_URL = 'https://console.jumpcloud.com';
export const DEFAULT_CONCURRENCY = 8;
export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;
export const PAGE_SIZE = 100;
/** `limit` caps of the lists that allow more than 100 (2026 v2 specification). */
export const SYSTEM_INSIGHTS_PAGE_SIZE = 10_000;
export const ASSET_DEVICE_PAGE_SIZE = 100;
export const ASSET_ACCESSORY_PAGE_SIZE = 100;
export const ASSET_LOCATION_PAGE_SIZE = 1_000;
/** Pages of one list requested at once once its total is known. */
export const PREFETCH_PAGES = 4;

export interface JumpCloudClientOptions {
  apiKey: string;
  baseUrl?: string;
  /** Requests in flight at once, across every step of the run. */
  concurrency?: number;
  /** One attempt, headers and body, must finish within this. */
  requestTimeoutMs?: number;
  retryPolicy?: Partial<RetryPolicy>;
  logger?: IntegrationLogger;
  /** For tests: the source of randomness for backoff jitter. */
  random?: () => number;
}

export interface ClientStats {
  requests: number;
  retries: number;
  throttled: number;
  /** Requests per endpoint template, e.g. `GET /api/v2/usergroups/{id}/members`. */
  byEndpoint: Record<string, number>;
}

type Iteratee<T> = (item: T) => Promise<void> | void;

interface RequestOptions {
  /** The organization whose data is read; sent as `x-org-id`. Omit only for org listing. */
  orgId?: JumpCloudId;
  query?: Record<string, string | number>;
  /**
   * Page with `sort=_id`, so records are neither missed nor repeated between pages. Only for
   * lists whose specification offers `sort`; the others are sent no parameter they lack.
   */
  sortById?: boolean;
  /** `limit` of every page, when the list allows another than PAGE_SIZE. */
  pageSize?: number;
  /** Pages requested at once once the total is known (default PREFETCH_PAGES). */
  prefetchPages?: number;
}

interface JsonResponse {
  body: unknown;
  headers: Response['headers'];
}

export class JumpCloudClient {
  readonly baseUrl: string;
  private readonly apiKey: string;
  private readonly limiter: RequestLimiter;
  private readonly retryPolicy: RetryPolicy;
  private readonly requestTimeoutMs: number;
  private readonly logger?: IntegrationLogger;
  private readonly random: () => number;
  private readonly counters: ClientStats = {
    requests: 0,
    retries: 0,
    throttled: 0,
    byEndpoint: {},
  };

  constructor(options: JumpCloudClientOptions) {
    this.apiKey = options.apiKey;
    this.baseUrl = normalizeBaseUrl(options.baseUrl);
    this.limiter = new RequestLimiter(options.concurrency ?? DEFAULT_CONCURRENCY);
    this.retryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retryPolicy };
    this.requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.logger = options.logger;
    this.random = options.random ?? Math.random;
  }

  /** The run-wide limit of requests in flight. */
  get concurrency(): number {
    return this.limiter.maxConcurrency;
  }

  get stats(): ClientStats {
    return { ...this.counters, byEndpoint: { ...this.counters.byEndpoint } };
  }

  // ---- organizations (never with x-org-id) -------------------------------------------

  /**
   * Every organization the key can see: one for a single-tenant key, all tenants for MSP.
   * Read once per client: the validator and the account step share the answer.
   */
  listOrganizations(): Promise<JumpCloudOrganization[]> {
    if (!this.organizations) {
      const organizations: JumpCloudOrganization[] = [];
      this.organizations = this.iterateV1<JumpCloudOrganization>(
        '/api/organizations',
        {},
        (org) => {
          organizations.push(org);
        },
      ).then(() => organizations);
      // A failed read is not remembered: the next caller tries again.
      this.organizations.catch(() => {
        this.organizations = undefined;
      });
    }
    return this.organizations;
  }

  private organizations: Promise<JumpCloudOrganization[]> | undefined;

  // ---- directory objects ---------------------------------------------------------------

  iterateUsers(orgId: JumpCloudId, iteratee: Iteratee<JumpCloudUser>) {
    return this.iterateV1('/api/systemusers', { orgId }, iteratee);
  }

  iterateUserGroups(orgId: JumpCloudId, iteratee: Iteratee<JumpCloudGroup>) {
    return this.iterateV2('/api/v2/usergroups', { orgId, sortById: true }, iteratee);
  }

  /** Direct members of a user group (stored links, not rule results). */
  iterateUserGroupMembers(
    orgId: JumpCloudId,
    groupId: JumpCloudId,
    iteratee: Iteratee<GraphConnection>,
  ) {
    return this.iterateV2(`/api/v2/usergroups/${segment(groupId)}/members`, { orgId }, iteratee);
  }

  iterateApplications(orgId: JumpCloudId, iteratee: Iteratee<JumpCloudApplication>) {
    return this.iterateV1('/api/applications', { orgId }, iteratee);
  }

  /** Users bound to an application directly or through groups (traversal, with paths). */
  iterateApplicationUsers(
    orgId: JumpCloudId,
    applicationId: JumpCloudId,
    iteratee: Iteratee<GraphObjectWithPaths>,
  ) {
    return this.iterateV2(
      `/api/v2/applications/${segment(applicationId)}/users`,
      { orgId },
      iteratee,
    );
  }

  /** User groups bound to an application (traversal, with paths). */
  iterateApplicationUserGroups(
    orgId: JumpCloudId,
    applicationId: JumpCloudId,
    iteratee: Iteratee<GraphObjectWithPaths>,
  ) {
    return this.iterateV2(
      `/api/v2/applications/${segment(applicationId)}/usergroups`,
      { orgId },
      iteratee,
    );
  }

  // ---- devices ----------------------------------------------------------------------

  /**
   * How many systems an organization has: one `limit=1` request (v1 bodies carry
   * `totalCount`). Unknown when JumpCloud does not say.
   */
  async countSystems(orgId: JumpCloudId): Promise<number | undefined> {
    const { body } = await this.request('/api/systems', { orgId, query: { limit: 1, skip: 0 } });
    const total = (body as { totalCount?: unknown } | null)?.totalCount;
    return typeof total === 'number' ? total : undefined;
  }

  iterateSystems(orgId: JumpCloudId, iteratee: Iteratee<JumpCloudSystem>) {
    return this.iterateV1('/api/systems', { orgId }, iteratee);
  }

  iterateSystemGroups(orgId: JumpCloudId, iteratee: Iteratee<JumpCloudGroup>) {
    return this.iterateV2('/api/v2/systemgroups', { orgId, sortById: true }, iteratee);
  }

  /** Direct members of a system group. */
  iterateSystemGroupMembers(
    orgId: JumpCloudId,
    groupId: JumpCloudId,
    iteratee: Iteratee<GraphConnection>,
  ) {
    return this.iterateV2(`/api/v2/systemgroups/${segment(groupId)}/members`, { orgId }, iteratee);
  }

  /** User groups bound directly to a system group. */
  iterateSystemGroupUserGroupBindings(
    orgId: JumpCloudId,
    groupId: JumpCloudId,
    iteratee: Iteratee<GraphConnection>,
  ) {
    return this.iterateV2(
      `/api/v2/systemgroups/${segment(groupId)}/associations`,
      { orgId, query: { targets: 'user_group' } },
      iteratee,
    );
  }

  /** Users who can log into a system, by any route (traversal, with paths). */
  iterateSystemUsers(
    orgId: JumpCloudId,
    systemId: JumpCloudId,
    iteratee: Iteratee<GraphObjectWithPaths>,
  ) {
    return this.iterateV2(`/api/v2/systems/${segment(systemId)}/users`, { orgId }, iteratee);
  }

  /** Systems a user can log into, by any route (traversal, with paths). */
  iterateUserSystems(
    orgId: JumpCloudId,
    userId: JumpCloudId,
    iteratee: Iteratee<GraphObjectWithPaths>,
  ) {
    return this.iterateV2(`/api/v2/users/${segment(userId)}/systems`, { orgId }, iteratee);
  }

  iterateAppleMdms(orgId: JumpCloudId, iteratee: Iteratee<JumpCloudAppleMdm>) {
    return this.iterateV2('/api/v2/applemdms', { orgId }, iteratee);
  }

  iterateAppleMdmDevices(
    orgId: JumpCloudId,
    appleMdmId: JumpCloudId,
    iteratee: Iteratee<JumpCloudAppleMdmDevice>,
  ) {
    return this.iterateV2(
      `/api/v2/applemdms/${segment(appleMdmId)}/devices`,
      { orgId, sortById: true },
      iteratee,
    );
  }

  // ---- hardware and Asset Management -------------------------------------------------------

  /**
   * System Insights hardware of every system that reports it, one row per system: the whole
   * organization in pages of 10,000 (the endpoint's cap), so a 50,000-system tenant costs
   * five requests. One page at a time: a page is megabytes of JSON.
   */
  iterateSystemInfo(orgId: JumpCloudId, iteratee: Iteratee<JumpCloudSystemInfo>) {
    return this.iterateV2(
      '/api/v2/systeminsights/system_info',
      { orgId, pageSize: SYSTEM_INSIGHTS_PAGE_SIZE, prefetchPages: 1 },
      iteratee,
    );
  }

  /** Device assets: managed (with `jcSystemId`) and unmanaged. */
  iterateAssetDevices(orgId: JumpCloudId, iteratee: Iteratee<JumpCloudAsset>) {
    return this.iterateAssetList(
      '/api/v2/assets/devices',
      { orgId, pageSize: ASSET_DEVICE_PAGE_SIZE },
      iteratee,
    );
  }

  iterateAssetAccessories(orgId: JumpCloudId, iteratee: Iteratee<JumpCloudAsset>) {
    return this.iterateAssetList(
      '/api/v2/assets/accessories',
      { orgId, pageSize: ASSET_ACCESSORY_PAGE_SIZE },
      iteratee,
    );
  }

  iterateAssetLocations(orgId: JumpCloudId, iteratee: Iteratee<JumpCloudAsset>) {
    return this.iterateAssetList(
      '/api/v2/assets/locations',
      { orgId, pageSize: ASSET_LOCATION_PAGE_SIZE },
      iteratee,
    );
  }

  // ---- paging -------------------------------------------------------------------------

  /** A v1 list: `{totalCount, results}`, paged with `sort=_id`. */
  async iterateV1<T>(
    path: string,
    options: RequestOptions,
    iteratee: Iteratee<T>,
  ): Promise<PaginationResult> {
    return this.iterateList(path, { ...options, sortById: true }, iteratee, readResultsPage);
  }

  /**
   * An Asset Management list: `{results, totalCount}` like v1, but its specification offers
   * no `sort`, so none is sent.
   */
  async iterateAssetList<T>(
    path: string,
    options: RequestOptions,
    iteratee: Iteratee<T>,
  ): Promise<PaginationResult> {
    return this.iterateList(path, { ...options, sortById: false }, iteratee, readResultsPage);
  }

  /** A v2 list: a bare array, with the total in `x-total-count`. */
  async iterateV2<T>(
    path: string,
    options: RequestOptions,
    iteratee: Iteratee<T>,
  ): Promise<PaginationResult> {
    return this.iterateList(path, options, iteratee, (response, endpoint) => {
      if (!Array.isArray(response.body)) {
        throw malformed(endpoint, 'expected a JSON array');
      }
      const header = response.headers.get('x-total-count');
      const total = header !== null && /^\d+$/.test(header.trim()) ? Number(header) : undefined;
      return { items: response.body as T[], total };
    });
  }

  private async iterateList<T>(
    path: string,
    options: RequestOptions,
    iteratee: Iteratee<T>,
    readPage: (response: JsonResponse, endpoint: string) => Page<T>,
  ): Promise<PaginationResult> {
    try {
      return await paginate<T>(
        async (skip, limit) => {
          const query = {
            ...options.query,
            limit,
            skip,
            ...(options.sortById ? { sort: '_id' } : {}),
          };
          const response = await this.request(path, { ...options, query });
          return readPage(response, describeEndpoint(path, query, options.orgId));
        },
        iteratee,
        {
          pageSize: options.pageSize ?? PAGE_SIZE,
          prefetchPages: options.prefetchPages ?? PREFETCH_PAGES,
        },
      );
    } catch (error) {
      if (error instanceof IncompleteListError) {
        throw new IntegrationProviderAPIError({
          endpoint: describeEndpoint(path, options.query, options.orgId),
          status: 'INCOMPLETE_LIST',
          statusText: `${error.message}; the list changed or was cut short while it was read`,
          cause: error,
        });
      }
      throw error;
    }
  }

  // ---- one request, with retries ----------------------------------------------------

  /** GET one JSON document, retrying what the policy allows. */
  async request(path: string, options: RequestOptions = {}): Promise<JsonResponse> {
    const url = new URL(path, this.baseUrl);
    for (const [name, value] of Object.entries(options.query ?? {})) {
      url.searchParams.set(name, String(value));
    }
    const endpoint = describeEndpoint(path, options.query, options.orgId);
    const headers: Record<string, string> = {
      accept: 'application/json',
      'x-api-key': this.apiKey,
    };
    if (options.orgId) headers['x-org-id'] = options.orgId;

    let waitedMs = 0;
    for (let attempt = 1; ; attempt += 1) {
      const release = await this.limiter.acquire();
      let outcome: AttemptOutcome;
      let providerMessage: string | undefined;
      try {
        this.count(path);
        const result = await this.attempt(url.toString(), headers);
        if (result.kind === 'json') {
          this.limiter.onSuccess();
          return { body: result.body, headers: result.headers };
        }
        outcome = result.outcome;
        providerMessage = result.providerMessage;
      } finally {
        release();
      }

      if (outcome.kind === 'status' && outcome.status === 429) {
        this.counters.throttled += 1;
        this.limiter.onThrottled(parseRetryAfterMs(outcome.retryAfter));
      }
      const delay = retryDelayMs(attempt, outcome, this.retryPolicy, this.random);
      if (!shouldRetry(attempt, outcome, waitedMs, delay, this.retryPolicy)) {
        throw toIntegrationError({ endpoint, outcome, providerMessage, attempts: attempt });
      }
      this.counters.retries += 1;
      this.logger?.debug(
        {
          endpoint,
          attempt,
          delayMs: delay,
          status: outcome.kind === 'status' ? outcome.status : undefined,
          error: outcome.kind === 'transport' ? outcome.error.message : undefined,
        },
        'Retrying JumpCloud request',
      );
      await sleep(delay);
      waitedMs += delay;
    }
  }

  private async attempt(
    url: string,
    headers: Record<string, string>,
  ): Promise<
    | { kind: 'json'; body: unknown; headers: Response['headers'] }
    | { kind: 'failed'; outcome: AttemptOutcome; providerMessage?: string }
  > {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.requestTimeoutMs);
    try {
      const response = await fetch(url, { headers, signal: controller.signal });
      const text = await response.text();
      if (!response.ok) {
        return {
          kind: 'failed',
          outcome: {
            kind: 'status',
            status: response.status,
            retryAfter: response.headers.get('retry-after'),
          },
          providerMessage: readProviderMessage(text),
        };
      }
      try {
        return { kind: 'json', body: JSON.parse(text), headers: response.headers };
      } catch {
        // A 200 with a body that is not JSON is a cut-off or garbled answer: try again.
        return {
          kind: 'failed',
          outcome: {
            kind: 'transport',
            error: new Error(`response body is not valid JSON (${text.length} bytes)`),
          },
        };
      }
    } catch (error) {
      const err = error as Error & { type?: string };
      const message =
        err.name === 'AbortError' || err.type === 'aborted'
          ? `no complete response within ${this.requestTimeoutMs} ms`
          : err.message;
      return { kind: 'failed', outcome: { kind: 'transport', error: new Error(message) } };
    } finally {
      clearTimeout(timer);
    }
  }

  private count(path: string): void {
    this.counters.requests += 1;
    const template = `GET ${endpointTemplate(path)}`;
    this.counters.byEndpoint[template] = (this.counters.byEndpoint[template] ?? 0) + 1;
  }
}

/** Accepts the console URL with or without a trailing `/`, `/api` or `/api/v2`. */
export function normalizeBaseUrl(baseUrl: string | undefined): string {
  const value = (baseUrl ?? '').trim() || DEFAULT_BASE_URL;
  return value.replace(/\/+$/, '').replace(/\/api(\/v2)?$/, '');
}

/** Replaces JumpCloud ids in a path with `{id}`, for counting requests per endpoint. */
export function endpointTemplate(path: string): string {
  return path.replace(/\/[0-9a-f]{24}(?=\/|$)/g, '/{id}');
}

function describeEndpoint(
  path: string,
  query: RequestOptions['query'],
  orgId: string | undefined,
): string {
  const search = new URLSearchParams(
    Object.entries(query ?? {}).map(([k, v]): [string, string] => [k, String(v)]),
  ).toString();
  return `GET ${path}${search ? `?${search}` : ''}${orgId ? ` (organization ${orgId})` : ''}`;
}

function readProviderMessage(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { message?: unknown; error?: unknown };
    if (typeof body.message === 'string') return body.message;
    if (typeof body.error === 'string') return body.error;
  } catch {
    // Not JSON: say nothing rather than echo an arbitrary body.
  }
  return undefined;
}

/** A `{results, totalCount}` page (v1 lists, Asset Management lists). */
function readResultsPage<T>(response: JsonResponse, endpoint: string): Page<T> {
  const body = response.body as { totalCount?: unknown; results?: unknown } | null;
  if (!body || typeof body !== 'object' || !Array.isArray(body.results)) {
    throw malformed(endpoint, 'expected an object with a "results" array');
  }
  const total = typeof body.totalCount === 'number' ? body.totalCount : undefined;
  return { items: body.results as T[], total };
}

function malformed(endpoint: string, expectation: string): IntegrationProviderAPIError {
  return new IntegrationProviderAPIError({
    endpoint,
    status: 'UNEXPECTED_RESPONSE',
    statusText: `JumpCloud answered with JSON of an unexpected shape: ${expectation}`,
  });
}

function segment(id: string): string {
  return encodeURIComponent(id);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
