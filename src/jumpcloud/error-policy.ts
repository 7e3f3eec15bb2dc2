/**
 * The client's error policy, in one file:
 *
 * 1. Retries: which outcomes of one attempt are retried, and how long to wait before the next.
 * 2. Typed errors: which SDK error a request that finally failed becomes.
 * 3. Network codes: which transport failures mean the host cannot be reached at all.
 *
 * What steps do with those errors (optional data, objects deleted meanwhile) is
 * src/steps/shared/optional-data.ts.
 */
import {
  IntegrationError,
  IntegrationProviderAPIError,
  IntegrationProviderAuthenticationError,
  IntegrationProviderAuthorizationError,
} from '@jupiterone/integration-sdk-core';

export interface RetryPolicy {
  /**
   * Attempts per request, the first one included. 429 answers never count, with or without
   * Retry-After: they are bounded by the request's deadline instead.
   */
  maxAttempts: number;
  /** Backoff before the second attempt; doubles after each further failure. */
  baseDelayMs: number;
  /** Cap on one computed backoff (a longer Retry-After is still honoured within the deadline). */
  maxDelayMs: number;
  /**
   * A 429 without Retry-After: the whole run waits this long (with jitter), doubling with each
   * further round of 429s (./limiter.ts), up to `throttleMaxDelayMs`.
   */
  throttleBaseDelayMs: number;
  throttleMaxDelayMs: number;
  /**
   * Cap on how long the run-wide limiter pauses every request for one Retry-After: an
   * absurd value (100000 s) must not stall the run. The throttled request itself still
   * waits as told, or fails at once when that is beyond its deadline.
   */
  maxPauseMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 7,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  throttleBaseDelayMs: 1_000,
  throttleMaxDelayMs: 16_000,
  maxPauseMs: 15_000,
};

/**
 * One request, every attempt and every wait included (the limiter's queue, backoff,
 * Retry-After), must be over within this: a run with one endpoint that never answers still
 * ends within about 100 s plus the time of the rest of the run.
 */
export const DEFAULT_REQUEST_DEADLINE_MS = 100_000;
/** One attempt, headers and the whole body, must finish within this (and the deadline). */
export const DEFAULT_ATTEMPT_TIMEOUT_MS = 45_000;

/** What one attempt produced, as far as the policy cares. */
export type AttemptOutcome =
  | { kind: 'status'; status: number; retryAfter?: string | null }
  /** No usable response: connection reset or refused, DNS failure, timeout, truncated or malformed body. */
  | { kind: 'transport'; error: Error & { code?: string } };

export function isRetryable(outcome: AttemptOutcome): boolean {
  if (outcome.kind === 'transport') return !isCertificateFailure(outcome);
  return outcome.status === 429 || outcome.status >= 500;
}

/**
 * A 429 is the server asking to slow down, not a failure: it is retried (as told when it
 * carries Retry-After, else after the run's exponential backoff) while the request's
 * deadline allows, and never counts toward `maxAttempts`.
 */
export function isThrottled(outcome: AttemptOutcome): boolean {
  return outcome.kind === 'status' && outcome.status === 429;
}

export function isThrottledWithRetryAfter(outcome: AttemptOutcome): boolean {
  return (
    isThrottled(outcome) &&
    outcome.kind === 'status' &&
    parseRetryAfterMs(outcome.retryAfter) !== undefined
  );
}

/**
 * Network failures that mean the host cannot be reached at all (wrong BASE_URL, no route,
 * DNS): not retried until the host has answered once, so a wrong URL fails at once, and the
 * validator turns them into one line naming BASE_URL (`isUnreachableError`).
 */
export const UNREACHABLE_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ERR_INVALID_URL',
]);

export function isUnreachable(outcome: AttemptOutcome): boolean {
  return outcome.kind === 'transport' && UNREACHABLE_CODES.has(outcome.error.code ?? '');
}

/**
 * TLS failures about the server's certificate (name mismatch, unknown or self-signed CA,
 * expired): the same answer every time, so never retried. Behind a proxy that intercepts TLS
 * the fix is to trust its CA (NODE_EXTRA_CA_CERTS), and the error says so.
 */
export const CERTIFICATE_ERROR_CODES: ReadonlySet<string> = new Set([
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
]);

export function isCertificateFailure(outcome: AttemptOutcome): boolean {
  return outcome.kind === 'transport' && CERTIFICATE_ERROR_CODES.has(outcome.error.code ?? '');
}

const CERTIFICATE_HINT =
  'the certificate JumpCloud presented is not trusted here. If a proxy intercepts TLS on ' +
  'this network, set NODE_EXTRA_CA_CERTS to a file with its CA certificate; otherwise check ' +
  'BASE_URL';

/** Whether a request's final error says the host could not be reached at all. */
export function isUnreachableError(error: unknown): error is IntegrationProviderAPIError {
  if (!(error instanceof IntegrationProviderAPIError) || error.status !== 'NETWORK_ERROR') {
    return false;
  }
  return UNREACHABLE_CODES.has(networkCodeOf(error) ?? '');
}

/** Whether a request's final error is a certificate the client does not trust. */
export function isCertificateError(error: unknown): error is IntegrationProviderAPIError {
  if (!(error instanceof IntegrationProviderAPIError) || error.status !== 'NETWORK_ERROR') {
    return false;
  }
  return CERTIFICATE_ERROR_CODES.has(networkCodeOf(error) ?? '');
}

/** The network code (`ECONNREFUSED`, ...) behind a NETWORK_ERROR, when there is one. */
function networkCodeOf(error: IntegrationProviderAPIError): string | undefined {
  // The SDK keeps the cause as `_cause` (8.41.0); newer versions as `cause`.
  const withCause = error as unknown as { _cause?: { code?: string }; cause?: { code?: string } };
  return (withCause._cause ?? withCause.cause)?.code;
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
 * Delay before attempt number `attempt + 1` (attempt counts from 1) after a failure or a 429
 * with Retry-After: exponential backoff with "equal jitter" (half fixed, half random), or the
 * server's Retry-After when it asks for longer. (A 429 without Retry-After waits the run's
 * backoff instead: ./limiter.ts.)
 */
export function retryDelayMs(
  attempt: number,
  outcome: AttemptOutcome,
  policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const jittered = exponential / 2 + (random() * exponential) / 2;
  const retryAfter = outcome.kind === 'status' ? parseRetryAfterMs(outcome.retryAfter) : undefined;
  return Math.round(retryAfter !== undefined ? Math.max(retryAfter, jittered) : jittered);
}

export type RetryDecision =
  | { retry: true }
  | { retry: false; reason: 'not-retryable' | 'attempts' | 'deadline' | 'unreachable' };

/**
 * Whether one more attempt fits the policy. `failures` counts the attempts that count
 * towards `maxAttempts` (every one except 429s, which the deadline bounds); `remainingMs` is what is
 * left of the request's deadline. A wait that would end beyond the deadline is not waited.
 */
export function shouldRetry(
  failures: number,
  outcome: AttemptOutcome,
  nextDelayMs: number,
  remainingMs: number,
  policy: Pick<RetryPolicy, 'maxAttempts'>,
  hostReached = true,
): RetryDecision {
  if (!isRetryable(outcome)) return { retry: false, reason: 'not-retryable' };
  if (!hostReached && isUnreachable(outcome)) return { retry: false, reason: 'unreachable' };
  if (nextDelayMs >= remainingMs) return { retry: false, reason: 'deadline' };
  if (!isThrottled(outcome) && failures >= policy.maxAttempts) {
    return { retry: false, reason: 'attempts' };
  }
  return { retry: true };
}

export interface FailedRequest {
  /** Method and path with query, never the host's credentials: `GET /api/systemusers?limit=100`. */
  endpoint: string;
  outcome: AttemptOutcome;
  /** The `message` of JumpCloud's error body, when there was one (already redacted). */
  providerMessage?: string;
  attempts: number;
  /** Why retrying stopped, when it says more than the outcome (a wait beyond the deadline). */
  gaveUp?: string;
}

/** Turns a final failure into the typed SDK error a person can act on. */
export function toIntegrationError(failure: FailedRequest): IntegrationError {
  const { endpoint, outcome, providerMessage, attempts } = failure;
  const tried =
    (attempts > 1 ? ` after ${attempts} attempts` : '') +
    (failure.gaveUp ? ` (${failure.gaveUp})` : '');
  if (outcome.kind === 'transport') {
    const hint = isCertificateFailure(outcome)
      ? ` (${outcome.error.code}): ${CERTIFICATE_HINT}`
      : '';
    return new IntegrationProviderAPIError({
      endpoint,
      status: 'NETWORK_ERROR',
      statusText: `${outcome.error.message}${hint}${tried}`,
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
        `of an administrator with API access, and that BASE_URL is the console of its region`,
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

/**
 * 402 Payment Required: the organization's plan does not include the feature (Directory
 * Insights answers it when not licensed; the simulator's `unlicensed` mode).
 */
export function isNotLicensedError(error: unknown): boolean {
  return error instanceof IntegrationProviderAPIError && error.status === 402;
}

export function isAuthorizationError(error: unknown): boolean {
  return error instanceof IntegrationProviderAuthorizationError;
}

function statusTextFor(status: number): string {
  const known: Record<number, string> = {
    400: 'Bad Request',
    402: 'Payment Required',
    404: 'Not Found',
    429: 'Too Many Requests',
    500: 'Internal Server Error',
    502: 'Bad Gateway',
    503: 'Service Unavailable',
    504: 'Gateway Timeout',
  };
  return known[status] ?? `HTTP ${status}`;
}
