/**
 * One request to JumpCloud: the API key and `x-org-id` headers, one deadline for the whole
 * request (every attempt and every wait), a timeout per attempt, retries as the error
 * policy (./error-policy.ts) allows, the run-wide concurrency limit (./limiter.ts), the request
 * counters, and the API key redacted from every message that leaves the client. The
 * endpoint list is ./client.ts.
 *
 * Plain node `http`/`https` (which Polly's node-http adapter records): a body cut short
 * before its Content-Length, or a connection closed mid-body, is seen at once and retried,
 * and a timeout destroys the request instead of leaving a promise to be settled twice.
 */
import http from 'http';
import https from 'https';
import zlib from 'zlib';
import { IntegrationLogger } from '@jupiterone/integration-sdk-core';

import { BodyNotJsonError, decodeBodyChunks, notJsonMessage } from './body';
import {
  AttemptOutcome,
  DEFAULT_ATTEMPT_TIMEOUT_MS,
  DEFAULT_REQUEST_DEADLINE_MS,
  DEFAULT_RETRY_POLICY,
  RetryPolicy,
  isThrottled,
  isThrottledWithRetryAfter,
  parseRetryAfterMs,
  retryDelayMs,
  shouldRetry,
  toIntegrationError,
} from './error-policy';
import { FirstPagesAhead, NotSentError } from './first-pages-ahead';
import { LaterReading, RequestLimiter } from './limiter';
import { NetworkWait } from './network-wait';
import { JumpCloudId } from './types';

export const DEFAULT_BASE_URL = 'https://console.jumpcloud.com';
export const DEFAULT_CONCURRENCY = 8;
export { DEFAULT_ATTEMPT_TIMEOUT_MS, DEFAULT_REQUEST_DEADLINE_MS };

export interface JumpCloudClientOptions {
  apiKey: string;
  baseUrl?: string;
  /** Requests in flight at once, across every step of the run. */
  concurrency?: number;
  /** One attempt, headers and body, must finish within this (default 45 s). */
  attemptTimeoutMs?: number;
  /**
   * One request, all its attempts and waits included, must be over within this (default
   * 100 s): the bound on what one endpoint that never answers costs the run.
   */
  requestDeadlineMs?: number;
  retryPolicy?: Partial<RetryPolicy>;
  logger?: IntegrationLogger;
  /** For tests: the source of randomness for backoff jitter. */
  random?: () => number;
}

export interface ClientStats {
  requests: number;
  retries: number;
  throttled: number;
  /** Attempts that ran out of time (no complete answer within the attempt timeout). */
  timeouts: number;
  /** Requests per endpoint template, e.g. `GET /api/v2/usergroups/{id}/members`. */
  byEndpoint: Record<string, number>;
  /**
   * First pages read ahead (./first-pages-ahead.ts): sent, handed to a read of their list,
   * still queued (never sent), and per endpoint those sent and not handed over: each a
   * request more than the run needed.
   */
  firstPagesAhead: {
    sent: number;
    taken: number;
    waiting: number;
    sentByEndpoint: Record<string, number>;
    untakenByEndpoint: Record<string, number>;
  };
}

export interface HttpRequestOptions {
  /** The organization whose data is read; sent as `x-org-id`. Omit only for org listing. */
  orgId?: JumpCloudId;
  query?: Record<string, string | number>;
  /**
   * A JSON body: the request is a POST (Directory Insights queries are POSTs). Reads only:
   * no endpoint the client calls with a body changes anything.
   */
  body?: unknown;
  /** Another host of the same API (Directory Insights: the region's API host). */
  origin?: string;
  /**
   * Reads a 2xx body instead of `JSON.parse` here: it gets the body's bytes, in the pieces
   * the socket gave them (each in memory of its own, to transfer to a worker: not joined
   * here, which for a page of megabytes costs the main thread more than the copy) and the
   * headers, and what it resolves to is the response's `body`. It runs once the request's
   * slot in the limit is given back; a `BodyNotJsonError`
   * is a garbled answer, retried as one this client parsed. Directory Insights pages, parsed
   * by the activity's fold worker (src/steps/activity/fold-thread.ts).
   */
  readBody?: (body: Buffer[], headers: ResponseHeaders) => Promise<unknown>;
  /**
   * A list read ahead for a later step (../steps/shared/read-ahead.ts, `queueReadAhead`): its
   * requests wait while others do, until the step takes the list (`RequestLimiter`).
   */
  reading?: LaterReading;
  /**
   * Sent only into a slot that is free while no other request waits (a first page read ahead:
   * ./first-pages-ahead.ts), and not while its endpoint is in a storm of 429s: else not sent
   * at all (`NotSentError`), neither counted nor retried.
   */
  onlyIfIdle?: boolean;
}

/** The response headers, read by name (case-insensitive). */
export interface ResponseHeaders {
  get(name: string): string | null;
}

export interface JsonResponse {
  body: unknown;
  headers: ResponseHeaders;
}

type AttemptResult =
  | { kind: 'json'; body: unknown; headers: ResponseHeaders }
  | { kind: 'failed'; outcome: AttemptOutcome; providerMessage?: string };

export class JumpCloudHttp {
  readonly baseUrl: string;
  private readonly apiKey: string;
  private readonly limiter: RequestLimiter;
  private readonly retryPolicy: RetryPolicy;
  private readonly attemptTimeoutMs: number;
  private readonly requestDeadlineMs: number;
  protected readonly logger?: IntegrationLogger;
  private readonly random: () => number;
  /** Whether the host ever answered: until it has, a refused connection is not retried. */
  private hostReached = false;
  /** When the run waits on the network (./network-wait.ts). */
  readonly network = new NetworkWait();
  /** First pages read ahead into idle slots (./first-pages-ahead.ts). */
  protected readonly pagesAhead: FirstPagesAhead;
  private readonly counters: Omit<ClientStats, 'firstPagesAhead'> = {
    requests: 0,
    retries: 0,
    throttled: 0,
    timeouts: 0,
    byEndpoint: {},
  };

  constructor(options: JumpCloudClientOptions) {
    this.apiKey = options.apiKey;
    this.baseUrl = normalizeBaseUrl(options.baseUrl);
    this.retryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retryPolicy };
    this.random = options.random ?? Math.random;
    this.limiter = new RequestLimiter(
      options.concurrency ?? DEFAULT_CONCURRENCY,
      Date.now,
      this.retryPolicy.maxPauseMs,
      {
        baseDelayMs: this.retryPolicy.throttleBaseDelayMs,
        maxDelayMs: this.retryPolicy.throttleMaxDelayMs,
        random: this.random,
      },
    );
    this.pagesAhead = new FirstPagesAhead(this.limiter);
    this.attemptTimeoutMs = options.attemptTimeoutMs ?? DEFAULT_ATTEMPT_TIMEOUT_MS;
    this.requestDeadlineMs = options.requestDeadlineMs ?? DEFAULT_REQUEST_DEADLINE_MS;
    this.logger = options.logger;
  }

  /** The run-wide limit of requests in flight. */
  get concurrency(): number {
    return this.limiter.maxConcurrency;
  }

  get stats(): ClientStats {
    return {
      ...this.counters,
      byEndpoint: { ...this.counters.byEndpoint },
      firstPagesAhead: {
        ...this.pagesAhead.counts,
        waiting: this.pagesAhead.waiting,
        sentByEndpoint: this.pagesAhead.sentByEndpoint,
        untakenByEndpoint: this.pagesAhead.untakenByEndpoint,
      },
    };
  }

  /** The API key never leaves the client: not in errors, not in logs, not in provider texts. */
  redact(text: string): string {
    const key = this.apiKey;
    if (!key || key.length < 4) return text;
    return text.split(key).join('[REDACTED]');
  }

  // ---- one request, with retries ----------------------------------------------------

  /** GET one JSON document, retrying what the policy allows within the request's deadline. */
  async request(path: string, options: HttpRequestOptions = {}): Promise<JsonResponse> {
    const template = `${methodOf(options)} ${endpointTemplate(path)}`;
    const probe = { held: false };
    try {
      return await this.requestWithRetries(path, options, template, probe);
    } finally {
      if (probe.held) this.endProbe(template);
    }
  }

  /**
   * While an endpoint is in a storm of 429s without Retry-After, one request to it at a time
   * (the probe) tries, through all its retries; the others wait for it to end. Else every
   * object waiting to be read would send a request into the storm each round.
   */
  private readonly probes = new Map<string, { ended: Promise<void>; end: () => void }>();

  private async waitForStormProbe(
    template: string,
    probe: { held: boolean },
    deadline: number,
  ): Promise<void> {
    while (!probe.held && this.limiter.throttleRound(template) > 0) {
      const current = this.probes.get(template);
      if (!current) {
        let end: () => void = () => undefined;
        const ended = new Promise<void>((resolve) => {
          end = resolve;
        });
        this.probes.set(template, { ended, end });
        probe.held = true;
        return;
      }
      const remaining = deadline - Date.now();
      if (remaining < 1) return; // the caller fails on its deadline
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        current.ended,
        new Promise((resolve) => (timer = setTimeout(resolve, remaining))),
      ]);
      clearTimeout(timer);
    }
  }

  private endProbe(template: string): void {
    const current = this.probes.get(template);
    this.probes.delete(template);
    current?.end();
  }

  private async requestWithRetries(
    path: string,
    options: HttpRequestOptions,
    template: string,
    probe: { held: boolean },
  ): Promise<JsonResponse> {
    const url = new URL(path, options.origin ?? this.baseUrl);
    const method = methodOf(options);
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    for (const [name, value] of Object.entries(options.query ?? {})) {
      url.searchParams.set(name, String(value));
    }
    const endpoint = describeEndpoint(path, options.query, options.orgId, method);
    const headers: Record<string, string> = {
      accept: 'application/json',
      'accept-encoding': 'gzip',
      'x-api-key': this.apiKey,
    };
    if (options.orgId) headers['x-org-id'] = options.orgId;
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(Buffer.byteLength(payload));
    }

    const deadline = Date.now() + this.requestDeadlineMs;
    let failures = 0;
    for (let attempt = 1; ; attempt += 1) {
      const onlyIfIdle = attempt === 1 && options.onlyIfIdle === true;
      if (onlyIfIdle && this.limiter.throttleRound(template) > 0) throw new NotSentError();
      await this.waitForStormProbe(template, probe, deadline);
      // No await between this look and the limiter's: the free slot is this request's.
      if (onlyIfIdle && this.limiter.idleSlots === 0) throw new NotSentError();
      const release = await this.limiter.acquire(deadline - Date.now(), options.reading);
      if (!release || deadline - Date.now() < 1) {
        release?.();
        throw this.fail(endpoint, attempt - 1, {
          outcome: {
            kind: 'transport',
            error: new Error(
              `no complete response within the request deadline of ${this.requestDeadlineMs} ms`,
            ),
          },
        });
      }
      let result: AttemptResult;
      let throttleWait: number | undefined;
      try {
        this.count(path, method);
        const sentAt = Date.now();
        const timeout = Math.max(1, Math.min(this.attemptTimeoutMs, deadline - Date.now()));
        result = await this.attempt(url, headers, timeout, method, payload, !!options.readBody);
        if (result.kind === 'json') this.limiter.onSuccess(template, sentAt);
        else if (isThrottled(result.outcome)) {
          // Before the slot is given back: the next request must already see the pause.
          this.counters.throttled += 1;
          throttleWait = this.limiter.onThrottled(retryAfterOf(result.outcome), sentAt, template);
        }
      } finally {
        release();
      }
      if (result.kind === 'json' && options.readBody) {
        try {
          const body = await options.readBody(result.body as Buffer[], result.headers);
          return { body, headers: result.headers };
        } catch (error) {
          if (!(error instanceof BodyNotJsonError)) throw error;
          result = {
            kind: 'failed',
            outcome: { kind: 'transport', error: new Error(error.message) },
          };
        }
      }
      if (result.kind === 'json') return { body: result.body, headers: result.headers };

      const { outcome } = result;
      const throttledWithRetryAfter = isThrottledWithRetryAfter(outcome);
      // 429s never count toward maxAttempts: the request's deadline bounds them.
      if (!isThrottled(outcome)) failures += 1;
      const delay =
        isThrottled(outcome) && !throttledWithRetryAfter
          ? // Not told how long: as long as the run's backoff holds every request.
            (throttleWait ?? 0)
          : retryDelayMs(Math.max(1, failures), outcome, this.retryPolicy, this.random);
      const remaining = deadline - Date.now();
      const decision = shouldRetry(
        failures,
        outcome,
        delay,
        remaining,
        this.retryPolicy,
        this.hostReached,
      );
      if (!decision.retry) {
        let gaveUp: string | undefined;
        if (decision.reason === 'deadline') {
          gaveUp = throttledWithRetryAfter
            ? `asked to retry after ${Math.round(delay / 1000)} s, beyond this request's deadline of ${Math.round(this.requestDeadlineMs / 1000)} s`
            : `request deadline of ${Math.round(this.requestDeadlineMs / 1000)} s reached`;
        }
        throw this.fail(endpoint, attempt, {
          outcome,
          providerMessage: result.providerMessage,
          gaveUp,
        });
      }
      this.counters.retries += 1;
      this.logger?.debug(
        {
          endpoint,
          attempt,
          delayMs: delay,
          status: outcome.kind === 'status' ? outcome.status : undefined,
          error: outcome.kind === 'transport' ? this.redact(outcome.error.message) : undefined,
        },
        'Retrying JumpCloud request',
      );
      await sleep(delay);
    }
  }

  private fail(
    endpoint: string,
    attempts: number,
    failure: { outcome: AttemptOutcome; providerMessage?: string; gaveUp?: string },
  ): Error {
    const outcome: AttemptOutcome =
      failure.outcome.kind === 'transport'
        ? {
            kind: 'transport',
            error: Object.assign(new Error(this.redact(failure.outcome.error.message)), {
              code: failure.outcome.error.code,
            }),
          }
        : failure.outcome;
    return toIntegrationError({
      endpoint: this.redact(endpoint),
      outcome,
      providerMessage:
        failure.providerMessage === undefined ? undefined : this.redact(failure.providerMessage),
      attempts,
      gaveUp: failure.gaveUp,
    });
  }

  /**
   * One attempt: settles exactly once, with the JSON body or with what went wrong. The
   * timeout covers headers and the whole body; a body shorter than its Content-Length, or a
   * connection closed before the body ended, is a transport failure at once.
   */
  private attempt(
    url: URL,
    headers: Record<string, string>,
    timeoutMs: number,
    method = 'GET',
    payload?: string,
    rawBody = false,
  ): Promise<AttemptResult> {
    return new Promise<AttemptResult>((resolve) => {
      let settled = false;
      let started = false;
      let sent = false;
      const settle = (result: AttemptResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (sent) this.network.settled();
        else if (started) this.network.abandoned();
        resolve(result);
      };
      const transport = (message: string, code?: string) =>
        settle({
          kind: 'failed',
          outcome: { kind: 'transport', error: Object.assign(new Error(message), { code }) },
        });

      const send = url.protocol === 'https:' ? https.request : http.request;
      let request: http.ClientRequest;
      try {
        request = send(url, { method, headers });
        started = true;
        this.network.started();
      } catch (error) {
        const err = error as Error & { code?: string };
        transport(err.message, err.code);
        return;
      }
      const timer = setTimeout(() => {
        this.counters.timeouts += 1;
        transport(`no complete response within ${timeoutMs} ms`, 'ETIMEDOUT');
        request.destroy();
      }, timeoutMs);

      request.on('error', (error: Error & { code?: string }) => {
        transport(describeNetworkError(error, url), error.code);
      });
      // Written to the socket: from here on, the run waits on the network for this answer.
      request.on('finish', () => {
        if (settled || sent) return;
        sent = true;
        this.network.sent();
      });
      request.on('response', (response) => {
        this.hostReached = true;
        const declared = Number(response.headers['content-length']);
        const expected = Number.isFinite(declared) ? declared : undefined;
        const chunks: Buffer[] = [];
        let received = 0;
        let ended = false;
        const cutShort = () =>
          transport(
            `connection closed after ${received} of ${expected ?? 'an unknown number of'} body bytes`,
            'ERR_BODY_CUT_SHORT',
          );
        response.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          received += chunk.length;
        });
        response.on('aborted', cutShort);
        response.on('error', cutShort);
        response.on('close', () => {
          if (!ended) cutShort();
        });
        response.on('end', () => {
          ended = true;
          if (expected !== undefined && received < expected) return cutShort();
          const encoding = String(response.headers['content-encoding'] ?? '').toLowerCase();
          if (!encoding.includes('gzip')) return settle(this.interpret(response, chunks, rawBody));
          // Unzipped off the main thread: a large page does not stop the run's other work.
          zlib.gunzip(Buffer.concat(chunks, received), (error, body) => {
            if (error) return transport(`unreadable response body: ${error.message}`);
            settle(this.interpret(response, [body], rawBody));
          });
        });
      });
      request.end(payload);
    });
  }

  /**
   * `chunks`: the body in pieces, in order. `raw`: a 2xx body is handed on as those pieces,
   * each in memory of its own (see `readBody`).
   */
  private interpret(response: http.IncomingMessage, chunks: Buffer[], raw = false): AttemptResult {
    const status = response.statusCode ?? 0;
    const responseHeaders: ResponseHeaders = {
      get: (name) => {
        const value = response.headers[name.toLowerCase()];
        if (value === undefined) return null;
        return Array.isArray(value) ? value.join(', ') : value;
      },
    };
    if (status < 200 || status >= 300) {
      return {
        kind: 'failed',
        outcome: { kind: 'status', status, retryAfter: responseHeaders.get('retry-after') },
        providerMessage: readProviderMessage(decodeBodyChunks(chunks)),
      };
    }
    if (raw) return { kind: 'json', body: chunks.map(ownMemory), headers: responseHeaders };
    const text = decodeBodyChunks(chunks);
    try {
      return { kind: 'json', body: JSON.parse(text), headers: responseHeaders };
    } catch {
      // A 200 with a body that is not JSON is a cut-off or garbled answer: try again.
      return {
        kind: 'failed',
        outcome: {
          kind: 'transport',
          error: new Error(notJsonMessage(text)),
        },
      };
    }
  }

  private count(path: string, method = 'GET'): void {
    this.counters.requests += 1;
    const template = `${method} ${endpointTemplate(path)}`;
    this.counters.byEndpoint[template] = (this.counters.byEndpoint[template] ?? 0) + 1;
  }
}

/**
 * The bytes in an ArrayBuffer of their own, which can be transferred to a worker: a small
 * Buffer is a slice of Node's shared pool, and transferring it would take the pool along.
 */
function ownMemory(bytes: Buffer): Buffer {
  if (bytes.byteOffset === 0 && bytes.buffer.byteLength === bytes.byteLength) return bytes;
  const own = Buffer.from(new ArrayBuffer(bytes.byteLength));
  bytes.copy(own);
  return own;
}

function retryAfterOf(outcome: AttemptOutcome): number | undefined {
  return outcome.kind === 'status' ? parseRetryAfterMs(outcome.retryAfter) : undefined;
}

/** One clear line for a failure to reach the host. */
function describeNetworkError(error: Error & { code?: string }, url: URL): string {
  const host = url.host;
  switch (error.code) {
    case 'ECONNREFUSED':
      return `connection to ${host} refused (ECONNREFUSED)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `host ${url.hostname} not found (DNS ${error.code})`;
    case 'ECONNRESET':
      return `connection to ${host} reset (ECONNRESET)`;
    default:
      return error.message || String(error.code ?? 'network error');
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
  method = 'GET',
): string {
  const search = new URLSearchParams(
    Object.entries(query ?? {}).map(([k, v]): [string, string] => [k, String(v)]),
  ).toString();
  return `${method} ${path}${search ? `?${search}` : ''}${orgId ? ` (organization ${orgId})` : ''}`;
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

/** A request with a body is a POST (Directory Insights queries); every other is a GET. */
function methodOf(options: HttpRequestOptions): 'GET' | 'POST' {
  return options.body === undefined ? 'GET' : 'POST';
}
