/**
 * JupiterOne's synchronization API as `npm run sync` talks to it. The requests are the SDK's
 * (integration-sdk-runtime 8.41.0: `dist/src/api/index.js` sends `Authorization: Bearer <key>`
 * and `LifeOmic-Account: <account>`; `dist/src/synchronization/index.js` the paths and bodies),
 * and the SDK's own functions (`initiateSynchronization`, `finalizeSynchronization`,
 * `abortSynchronization`, the event queue) call this client's `post` and `get` as they would
 * call the SDK's. What differs is the error policy. The SDK's client (axios through
 * @lifeomic/alpha) has no timeout, and its uploads retry every failure five times, a 401
 * included; here it is the integration's own (src/jumpcloud/error-policy.ts), so a sync and a
 * collection behave alike under a misbehaving API:
 *
 * - 429, 5xx, timeouts and dropped connections are retried with exponential backoff and jitter
 *   (`Retry-After` honoured), at most `maxAttempts` attempts (a 429 does not count) within one
 *   deadline per request; a certificate the machine does not trust is not retried;
 * - 401 and 403 fail at once, and every later call of the run fails at once with the same
 *   error without a request: the key is wrong or revoked, and nothing after it can succeed;
 * - a host that refuses the connection or does not resolve fails at once until it has answered
 *   once (a wrong JUPITERONE_API_BASE_URL);
 * - other 4xx fail at once with JupiterOne's error code and message;
 * - the API key never appears in a message.
 */
import fetch, { Response } from 'node-fetch';

import {
  AttemptOutcome,
  isThrottled,
  isUnreachable,
  retryDelayMs,
  shouldRetry,
} from '../../src/jumpcloud/error-policy';

export { JUPITERONE_PROD_API_BASE_URL as DEFAULT_JUPITERONE_API_BASE_URL } from '@jupiterone/integration-sdk-runtime';

export interface JupiterOneApiOptions {
  /** For example https://api.us.jupiterone.io (no trailing path). */
  baseUrl: string;
  /** The JupiterOne account id (JUPITERONE_ACCOUNT). */
  account: string;
  /** The JupiterOne API key (JUPITERONE_API_KEY). */
  apiKey: string;
  /** Attempts per request for retryable failures (default 5). */
  maxAttempts?: number;
  /** First backoff, doubled per attempt (default 1,000 ms). */
  baseDelayMs?: number;
  /** One attempt (default 60 s). */
  attemptTimeoutMs?: number;
  /** One request, all its attempts and waits (default 5 min). */
  deadlineMs?: number;
}

/** A response from JupiterOne that was not a success, or no response at all. */
export class JupiterOneApiError extends Error {
  constructor(
    message: string,
    /** The HTTP status, or undefined when no response came. */
    readonly status: number | undefined,
    /** JupiterOne's `error.code` when it sent one (e.g. `JOB_NOT_AWAITING_UPLOADS`). */
    readonly code?: string,
    /** 401 or 403: the API key (or the account it was used with) was refused. */
    readonly keyRejected = false,
    /** The host could not be reached at all (refused, DNS). */
    readonly unreachable = false,
  ) {
    super(message);
    this.name = 'JupiterOneApiError';
  }
}

export interface ApiResponse {
  status: number;
  data: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON, as axios gives it
}

const MAX_BACKOFF_MS = 30_000;

export class JupiterOneApiClient {
  /** HTTP requests sent, retries included. */
  requests = 0;
  /** Attempts after the first, over all requests. */
  retries = 0;
  /** The first 401/403 of the run: later calls fail with it at once. */
  rejection?: JupiterOneApiError;

  private readonly baseUrl: string;
  private answeredOnce = false;

  constructor(private readonly options: JupiterOneApiOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  get(path: string): Promise<ApiResponse> {
    return this.request('GET', path);
  }

  /** The signature the SDK's synchronization functions call (axios: path, body, config). */
  post(path: string, body: unknown, config?: { headers?: Record<string, string> }) {
    return this.request('POST', path, body, config?.headers);
  }

  private async request(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse> {
    if (this.rejection) throw this.rejection;
    const policy = {
      maxAttempts: this.options.maxAttempts ?? 5,
      baseDelayMs: this.options.baseDelayMs ?? 1000,
      maxDelayMs: MAX_BACKOFF_MS,
    };
    const deadline = Date.now() + (this.options.deadlineMs ?? 300_000);
    const what = `${method} ${path}`;
    const payload = body === undefined ? undefined : JSON.stringify(body);

    // Which failures are retried, how long to wait and when to stop are the integration's one
    // error policy (src/jumpcloud/error-policy.ts): 429 and 5xx and dropped connections are
    // retried, a 429 never counts toward maxAttempts (the deadline bounds it), an unreachable
    // host fails at once until it has answered.
    for (let attempt = 1, failures = 0; ; attempt++) {
      const remaining = deadline - Date.now();
      let failure: JupiterOneApiError;
      let outcome: AttemptOutcome;
      try {
        const response = await this.send(method, path, payload, headers, remaining);
        this.answeredOnce = true;
        if (response.ok) {
          const text = await response.text();
          return { status: response.status, data: text ? JSON.parse(text) : {} };
        }
        failure = await this.errorFrom(what, response);
        if (failure.keyRejected) {
          this.rejection = failure;
          throw failure;
        }
        outcome = {
          kind: 'status',
          status: response.status,
          retryAfter: response.headers.get('retry-after'),
        };
      } catch (error) {
        if (error instanceof JupiterOneApiError) throw error;
        const transport = error as Error & { code?: string; type?: string };
        const code = transport.code ?? '';
        const reason =
          transport.type === 'request-timeout' || code === 'ETIMEDOUT'
            ? `no answer within ${Math.round(remaining / 1000)} s`
            : `${this.redact(transport.message)}${code ? ` (${code})` : ''}`;
        outcome = { kind: 'transport', error: transport };
        failure = isUnreachable(outcome)
          ? new JupiterOneApiError(
              `Cannot reach JupiterOne at ${this.baseUrl}: ${reason}`,
              undefined,
              code,
              false,
              true,
            )
          : new JupiterOneApiError(`${what} failed: ${reason}`, undefined, code);
      }
      if (!isThrottled(outcome)) failures += 1;
      const delay = retryDelayMs(Math.max(1, failures), outcome, policy);
      const decision = shouldRetry(
        failures,
        outcome,
        delay,
        deadline - Date.now(),
        policy,
        this.answeredOnce,
      );
      if (!decision.retry) {
        if (decision.reason === 'not-retryable' || decision.reason === 'unreachable') {
          throw failure;
        }
        throw new JupiterOneApiError(
          `${failure.message} (after ${attempt} attempt${attempt === 1 ? '' : 's'})`,
          failure.status,
          failure.code,
        );
      }
      this.retries += 1;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }

  private send(
    method: string,
    path: string,
    payload: string | undefined,
    headers: Record<string, string>,
    remainingMs: number,
  ): Promise<Response> {
    this.requests += 1;
    return fetch(`${this.baseUrl}${path}`, {
      method,
      body: payload,
      timeout: Math.max(1, Math.min(this.options.attemptTimeoutMs ?? 60_000, remainingMs)),
      headers: {
        'LifeOmic-Account': this.options.account,
        'Content-Type': 'application/json',
        Authorization: `Bearer ${this.options.apiKey}`,
        ...headers,
      },
    });
  }

  private async errorFrom(what: string, response: Response): Promise<JupiterOneApiError> {
    const text = await response.text().catch(() => '');
    let code: string | undefined;
    let detail = text.slice(0, 300);
    try {
      const parsed = JSON.parse(text) as { error?: { code?: string; message?: string } | string };
      if (parsed.error && typeof parsed.error === 'object') {
        code = parsed.error.code;
        detail = parsed.error.message ?? detail;
      } else if (typeof parsed.error === 'string') {
        detail = parsed.error;
      }
    } catch {
      // not JSON: keep the text
    }
    const status = `${response.status} ${response.statusText}`.trim();
    const message = `${what} answered ${status}${code ? ` ${code}` : ''}${detail ? `: ${detail}` : ''}`;
    const keyRejected = response.status === 401 || response.status === 403;
    return new JupiterOneApiError(this.redact(message), response.status, code, keyRejected);
  }

  /** The message without the API key, also when a gateway echoes it. */
  redact(text: string): string {
    const key = this.options.apiKey;
    return key && key.length >= 4 ? text.split(key).join('[REDACTED]') : text;
  }
}
