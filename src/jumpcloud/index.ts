import { IntegrationLogger } from '@jupiterone/integration-sdk-core';

import type { IntegrationConfig } from '../instance-config';
import { JumpCloudClient } from './client';
import { RetryPolicy } from './error-policy';

export * from './client';
export * from './http';
export * from './error-policy';
export * from './paginate';
export * from './types';

let cached: { key: string; client: JumpCloudClient } | undefined;

/**
 * The one client of a run. Steps and the validator all call this, so every request of the
 * run shares one concurrency limit and one set of counters. A different configuration
 * (another instance in the same process) gets a new client.
 */
export function getOrCreateClient(
  config: IntegrationConfig,
  logger?: IntegrationLogger,
): JumpCloudClient {
  const key = JSON.stringify([
    retryPolicyFromEnvironment(),
    config.apiKey,
    config.baseUrl,
    config.concurrency ? Number(config.concurrency) : undefined,
    config.attemptTimeoutMs,
    config.requestDeadlineMs,
    timingFromEnvironment(),
  ]);
  if (!cached || cached.key !== key) {
    cached = {
      key,
      client: new JumpCloudClient({
        apiKey: config.apiKey,
        baseUrl: config.baseUrl,
        concurrency: config.concurrency ? Number(config.concurrency) : undefined,
        attemptTimeoutMs: config.attemptTimeoutMs ?? timingFromEnvironment().attemptTimeoutMs,
        requestDeadlineMs: config.requestDeadlineMs ?? timingFromEnvironment().requestDeadlineMs,
        retryPolicy: retryPolicyFromEnvironment(),
        logger,
      }),
    };
  }
  return cached.client;
}

/** The client of the current run, if one was made (benchmarks read its counters). */
export function getCurrentClient(): JumpCloudClient | undefined {
  return cached?.client;
}

/**
 * Retry tuning for tests and benchmarks that inject failures on purpose:
 * JUMPCLOUD_RETRY_BASE_DELAY_MS, JUMPCLOUD_RETRY_MAX_ATTEMPTS, JUMPCLOUD_MAX_PAUSE_MS (cap on
 * the run-wide pause for one Retry-After), JUMPCLOUD_THROTTLE_BASE_DELAY_MS and
 * JUMPCLOUD_THROTTLE_MAX_DELAY_MS (the backoff after 429s without Retry-After, 1 s to 16 s by
 * default). Production runs use the defaults in ./error-policy.ts.
 */
function retryPolicyFromEnvironment(): Partial<RetryPolicy> {
  const policy: Partial<RetryPolicy> = {};
  const base = Number(process.env.JUMPCLOUD_RETRY_BASE_DELAY_MS);
  if (Number.isFinite(base) && base > 0) policy.baseDelayMs = base;
  const attempts = Number(process.env.JUMPCLOUD_RETRY_MAX_ATTEMPTS);
  if (Number.isInteger(attempts) && attempts > 0) policy.maxAttempts = attempts;
  const throttleBase = Number(process.env.JUMPCLOUD_THROTTLE_BASE_DELAY_MS);
  if (Number.isFinite(throttleBase) && throttleBase > 0) policy.throttleBaseDelayMs = throttleBase;
  const throttleMax = Number(process.env.JUMPCLOUD_THROTTLE_MAX_DELAY_MS);
  if (Number.isFinite(throttleMax) && throttleMax > 0) policy.throttleMaxDelayMs = throttleMax;
  const pause = Number(process.env.JUMPCLOUD_MAX_PAUSE_MS);
  if (Number.isFinite(pause) && pause >= 0 && process.env.JUMPCLOUD_MAX_PAUSE_MS) {
    policy.maxPauseMs = pause;
  }
  return policy;
}

/**
 * Deadlines for tests that make an endpoint hang on purpose: JUMPCLOUD_ATTEMPT_TIMEOUT_MS
 * (one attempt) and JUMPCLOUD_REQUEST_DEADLINE_MS (one request, every attempt and wait).
 */
function timingFromEnvironment(): { attemptTimeoutMs?: number; requestDeadlineMs?: number } {
  const read = (name: string) => {
    const value = Number(process.env[name]);
    return Number.isFinite(value) && value > 0 ? value : undefined;
  };
  return {
    attemptTimeoutMs: read('JUMPCLOUD_ATTEMPT_TIMEOUT_MS'),
    requestDeadlineMs: read('JUMPCLOUD_REQUEST_DEADLINE_MS'),
  };
}

/** Forgets the cached client (tests, and runs that must not share counters). */
export function resetClient(): void {
  cached = undefined;
}
