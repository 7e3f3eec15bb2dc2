/**
 * The one error policy of the integration, in one file:
 *
 * 1. Retries (the client): which HTTP outcomes are retried and how long to wait.
 * 2. Typed errors (the client): which SDK error a final failure becomes.
 * 3. Optional data (the steps): a feature an organization may not have or a key may not
 *    read (Apple MDM, System Insights, Asset Management, ...): 404 warns, 403 warns and
 *    reports the step's types partial (`OptionalFeature`).
 * 4. Deleted objects (the steps): a 404 on a sub-call about an object listed a moment ago
 *    warns and skips that object (`readUnlessDeleted`).
 *
 * Anything else fails the step, and JupiterOne keeps the previous data of its types.
 */
import {
  IntegrationError,
  IntegrationLogger,
  IntegrationProviderAPIError,
  IntegrationProviderAuthenticationError,
  IntegrationProviderAuthorizationError,
  IntegrationWarnEventName,
} from '@jupiterone/integration-sdk-core';

export interface RetryPolicy {
  /**
   * Attempts per request, the first one included. 429 answers do not count: they are
   * bounded by the request's deadline instead.
   */
  maxAttempts: number;
  /** Backoff before the second attempt; doubles after each further failure. */
  baseDelayMs: number;
  /** Cap on one computed backoff (a longer Retry-After is still honoured within the deadline). */
  maxDelayMs: number;
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
  if (outcome.kind === 'transport') return true;
  return outcome.status === 429 || outcome.status >= 500;
}

/**
 * A 429 is the server asking to slow down, not a failure: it is retried (as told when it
 * carries Retry-After, else with backoff) while the request's deadline allows, and never
 * counts towards `maxAttempts`.
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
 * DNS): not retried until the host has answered once, so a wrong URL fails at once.
 */
const UNREACHABLE_CODES = new Set([
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

export type RetryDecision =
  | { retry: true }
  | { retry: false; reason: 'not-retryable' | 'attempts' | 'deadline' | 'unreachable' };

/**
 * Whether one more attempt fits the policy. `failures` counts the attempts that count
 * towards `maxAttempts` (every one except 429s with Retry-After); `remainingMs` is what is
 * left of the request's deadline. A wait that would end beyond the deadline is not waited.
 */
export function shouldRetry(
  failures: number,
  outcome: AttemptOutcome,
  nextDelayMs: number,
  remainingMs: number,
  policy: RetryPolicy,
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

// ---- optional data (steps) ------------------------------------------------------------

export interface OptionalFeatureDescription {
  /** As a person names it: 'Apple MDM', 'Asset Management', 'System Insights'. */
  name: string;
  /** What is not collected when it cannot be read: 'Apple MDM and Apple devices'. */
  collects: string;
  /** What the administrator needs to read it. */
  howToGetIt: string;
  /**
   * Types JupiterOne must keep from earlier runs when a 403 hides the feature: the step then
   * fails after the other organizations were collected (SDK 8.41.0 has no other way to mark
   * types partial at run time). Empty for features whose absence only thins out properties.
   */
  partialTypes: string[];
}

/**
 * The one policy for parts of JumpCloud an organization may not have or a key may not read
 * (Apple MDM, Asset Management, System Insights):
 *
 * - 404: the organization does not have the feature. One warning; nothing to keep.
 * - 403: the key may not read it. One warning; the other organizations are still read, and
 *   `finish()` then fails the step so its types are reported partial (when it has any).
 * - anything else propagates: the step fails.
 */
export class OptionalFeature {
  private readonly forbidden: Array<{
    orgId: string;
    error: IntegrationProviderAuthorizationError;
  }> = [];

  /** Organizations where the feature turned out unavailable, and why. */
  private readonly unavailableIn = new Map<string, OptionalFeatureUnavailable>();

  constructor(
    private readonly logger: IntegrationLogger,
    private readonly feature: OptionalFeatureDescription,
  ) {}

  /**
   * Runs `read` for one organization; false when the feature could not be read there. Once
   * an organization answered 404 or 403, further reads for it (other tables of the same
   * feature) are not attempted and warn no more: one warning per organization.
   */
  async read(orgId: string, read: () => Promise<unknown>): Promise<boolean> {
    if (this.unavailableIn.has(orgId)) return false;
    try {
      await read();
      return true;
    } catch (error) {
      const { name, collects, howToGetIt } = this.feature;
      // Another read for the same organization (run at the same time) already warned.
      if ((isNotFoundError(error) || isAuthorizationError(error)) && this.unavailableIn.has(orgId))
        return false;
      if (isNotFoundError(error)) {
        this.unavailableIn.set(orgId, {
          reason: 'absent',
          endpoint: (error as IntegrationProviderAPIError).endpoint,
        });
        this.logger.publishWarnEvent({
          name: IntegrationWarnEventName.MissingEntity,
          description:
            `Organization ${orgId} has no ${name} (404 Not Found: not enabled or not ` +
            `licensed); ${collects} were not collected for it. (${(error as Error).message})`,
        });
        return false;
      }
      if (isAuthorizationError(error)) {
        const keep =
          this.feature.partialTypes.length > 0 ? ' JupiterOne keeps the data of earlier runs.' : '';
        this.logger.publishWarnEvent({
          name: IntegrationWarnEventName.MissingPermission,
          description:
            `The API key may not read ${name} of organization ${orgId} (403 Forbidden); ` +
            `${collects} were not collected for it.${keep} ${howToGetIt} ` +
            `(${(error as Error).message})`,
        });
        const forbidden = error as IntegrationProviderAuthorizationError;
        this.unavailableIn.set(orgId, { reason: 'forbidden', endpoint: forbidden.endpoint });
        this.forbidden.push({ orgId, error: forbidden });
        return false;
      }
      throw error;
    }
  }

  /** Why the feature could not be read in an organization, when it could not. */
  unavailable(orgId: string): OptionalFeatureUnavailable | undefined {
    return this.unavailableIn.get(orgId);
  }

  /** Every organization where the feature could not be read. */
  unavailableOrganizations(): Array<[string, OptionalFeatureUnavailable]> {
    return [...this.unavailableIn];
  }

  /**
   * What an earlier step already found (and warned about): reads for the organization are
   * skipped without a new warning, and a 403 still makes `finish()` fail, so this step's
   * types are reported partial too.
   */
  knownUnavailable(orgId: string, found: OptionalFeatureUnavailable): void {
    if (this.unavailableIn.has(orgId)) return;
    this.unavailableIn.set(orgId, found);
    if (found.reason === 'forbidden') {
      this.forbidden.push({
        orgId,
        error: new IntegrationProviderAuthorizationError({
          endpoint: found.endpoint,
          status: 403,
          statusText: `Forbidden (found by an earlier step of this run)`,
        }),
      });
    }
  }

  /** After every organization: fail the step if a 403 hid data JupiterOne must keep. */
  finish(): void {
    const { partialTypes, name } = this.feature;
    if (this.forbidden.length === 0 || partialTypes.length === 0) return;
    const first = this.forbidden[0].error;
    const orgIds = [...new Set(this.forbidden.map((entry) => entry.orgId))];
    throw new IntegrationProviderAuthorizationError({
      cause: first,
      resourceType: partialTypes,
      endpoint: first.endpoint,
      status: first.status,
      statusText:
        `${name} could not be read for ${orgIds.length} organization(s) (${orgIds.join(', ')}); ` +
        `the other organizations were collected, and ${partialTypes.join(', ')} are reported ` +
        `as partial so JupiterOne keeps their earlier data`,
    });
  }
}

/** Why an optional feature could not be read in an organization. */
export interface OptionalFeatureUnavailable {
  /** `absent`: 404, the organization does not have it. `forbidden`: 403. */
  reason: 'absent' | 'forbidden';
  endpoint: string;
}

// ---- objects deleted while they were read (steps) ------------------------------------------

/**
 * Runs a sub-call about one object (a group's members, an application's users). A 404
 * means the object was deleted between the list and the sub-call: that is a warning, and
 * the step goes on. Any other failure propagates, so the step fails and JupiterOne keeps
 * the previous data instead of deleting edges on a partial read.
 *
 * Returns false when the object was gone.
 */
export async function readUnlessDeleted(
  logger: IntegrationLogger,
  object: { kind: string; id: string; orgId: string },
  read: () => Promise<unknown>,
): Promise<boolean> {
  try {
    await read();
    return true;
  } catch (error) {
    if (!isNotFoundError(error)) throw error;
    logger.publishWarnEvent({
      name: IntegrationWarnEventName.MissingEntity,
      description:
        `JumpCloud ${object.kind} ${object.id} (organization ${object.orgId}) was deleted ` +
        `while the integration was reading it; its relationships were skipped in this run.`,
    });
    return false;
  }
}
