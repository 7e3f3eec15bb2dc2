/**
 * One request to JumpCloud: the API key and `x-org-id` headers, the per-attempt timeout,
 * retries as the error policy (./policy.ts) allows, the run-wide concurrency limit
 * (./limiter.ts) and the request counters. The endpoint list is ./client.ts.
 */
import fetch, { Response } from 'node-fetch';
import { IntegrationLogger } from '@jupiterone/integration-sdk-core';

import {
  AttemptOutcome,
  DEFAULT_RETRY_POLICY,
  RetryPolicy,
  parseRetryAfterMs,
  retryDelayMs,
  shouldRetry,
  toIntegrationError,
} from './policy';
import { RequestLimiter } from './limiter';
import { JumpCloudId } from './types';

export const DEFAULT_BASE_URL = 'https://console.jumpcloud.com';
export const DEFAULT_CONCURRENCY = 8;
export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;

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

export interface HttpRequestOptions {
  /** The organization whose data is read; sent as `x-org-id`. Omit only for org listing. */
  orgId?: JumpCloudId;
  query?: Record<string, string | number>;
}

export interface JsonResponse {
  body: unknown;
  headers: Response['headers'];
}

export class JumpCloudHttp {
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

  // ---- one request, with retries ----------------------------------------------------

  /** GET one JSON document, retrying what the policy allows. */
  async request(path: string, options: HttpRequestOptions = {}): Promise<JsonResponse> {
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

export function describeEndpoint(
  path: string,
  query: HttpRequestOptions['query'],
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

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
