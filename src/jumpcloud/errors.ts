/**
 * The one error policy of the client: which HTTP outcomes are retried, how long to wait,
 * and which typed SDK error a final failure becomes. Pure functions, unit-tested on their own.
 */
import {
  IntegrationError,
  IntegrationProviderAPIError,
  IntegrationProviderAuthenticationError,
  IntegrationProviderAuthorizationError,
} from '@jupiterone/integration-sdk-core';

export interface RetryPolicy {
  /** Attempts per request, the first one included. */
  maxAttempts: number;
  /** Backoff before the second attempt; doubles after each further failure. */
  baseDelayMs: number;
  /** Cap on one computed backoff (a longer Retry-After is still honoured). */
  maxDelayMs: number;
  /** Cap on the total time one request may spend waiting between attempts. */
  maxTotalWaitMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 7,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxTotalWaitMs: 180_000,
};

/** What one attempt produced, as far as the policy cares. */
export type AttemptOutcome =
  | { kind: 'status'; status: number; retryAfter?: string | null }
  /** No usable response: connection reset or refused, DNS failure, timeout, truncated or malformed body. */
  | { kind: 'transport'; error: Error };

export function isRetryable(outcome: AttemptOutcome): boolean {
  if (outcome.kind === 'transport') return true;
  return outcome.status === 429 || outcome.status >= 500;
}

/**
 * Reads a Retry-After header (delta-seconds or an HTTP date) as milliseconds from `now`.
 * Returns undefined when absent or unreadable.
 */
export function parseRetryAfterMs(
  value: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/**
 * Delay before attempt number `attempt + 1` (attempt counts from 1): exponential backoff
 * with "equal jitter" (half fixed, half random), or the server's Retry-After when it asks
 * for longer.
 */
export function retryDelayMs(
  attempt: number,
  outcome: AttemptOutcome,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const jittered = exponential / 2 + (random() * exponential) / 2;
  const retryAfter = outcome.kind === 'status' ? parseRetryAfterMs(outcome.retryAfter) : undefined;
  return Math.round(retryAfter !== undefined ? Math.max(retryAfter, jittered) : jittered);
}

/**
 * Whether one more attempt fits the policy: attempts left and the wait within the
 * total budget.
 */
export function shouldRetry(
  attempt: number,
  outcome: AttemptOutcome,
  waitedMs: number,
  nextDelayMs: number,
  policy: RetryPolicy,
): boolean {
  return (
    isRetryable(outcome) &&
    attempt < policy.maxAttempts &&
    waitedMs + nextDelayMs <= policy.maxTotalWaitMs
  );
}

export interface FailedRequest {
  /** Method and path with query, never the host's credentials: `GET /api/systemusers?limit=100`. */
  endpoint: string;
  outcome: AttemptOutcome;
  /** The `message` of JumpCloud's error body, when there was one. */
  providerMessage?: string;
  attempts: number;
}

/** Turns a final failure into the typed SDK error a person can act on. */
export function toIntegrationError(failure: FailedRequest): IntegrationError {
  const { endpoint, outcome, providerMessage, attempts } = failure;
  const tried = attempts > 1 ? ` after ${attempts} attempts` : '';
  if (outcome.kind === 'transport') {
    return new IntegrationProviderAPIError({
      endpoint,
      status: 'NETWORK_ERROR',
      statusText: `${outcome.error.message}${tried}`,
      cause: outcome.error,
    });
  }
  const { status } = outcome;
  const detail = providerMessage ? ` (${providerMessage})` : '';
  if (status === 401) {
    return new IntegrationProviderAuthenticationError({
      endpoint,
      status,
      statusText:
        `Unauthorized${detail}. Check that the API key is a current JumpCloud API key ` +
        `of an administrator with API access, and that baseUrl is the console of its region`,
    });
  }
  if (status === 403) {
    return new IntegrationProviderAuthorizationError({
      endpoint,
      status,
      statusText:
        `Forbidden${detail}. The administrator's role does not allow reading this ` +
        `endpoint; a Read Only administrator can read everything the integration needs`,
    });
  }
  return new IntegrationProviderAPIError({
    endpoint,
    status,
    statusText: `${statusTextFor(status)}${detail}${tried}`,
  });
}

export function isNotFoundError(error: unknown): boolean {
  return error instanceof IntegrationProviderAPIError && error.status === 404;
}

export function isAuthorizationError(error: unknown): boolean {
  return error instanceof IntegrationProviderAuthorizationError;
}

function statusTextFor(status: number): string {
  const known: Record<number, string> = {
    400: 'Bad Request',
    404: 'Not Found',
    429: 'Too Many Requests',
    500: 'Internal Server Error',
    502: 'Bad Gateway',
    503: 'Service Unavailable',
    504: 'Gateway Timeout',
  };
  return known[status] ?? `HTTP ${status}`;
}
