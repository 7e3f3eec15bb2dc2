import { IntegrationLogger } from '@jupiterone/integration-sdk-core';

import type { IntegrationConfig } from '../config';
import { JumpCloudClient } from './client';

export * from './client';
export * from './errors';
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
    config.apiKey,
    config.baseUrl,
    config.concurrency,
    config.requestTimeoutMs,
  ]);
  if (!cached || cached.key !== key) {
    cached = {
      key,
      client: new JumpCloudClient({
        apiKey: config.apiKey,
        baseUrl: config.baseUrl,
        concurrency: config.concurrency ? Number(config.concurrency) : undefined,
        requestTimeoutMs: config.requestTimeoutMs,
        logger,
      }),
    };
  }
  return cached.client;
}

/** Forgets the cached client (tests, and runs that must not share counters). */
export function resetClient(): void {
  cached = undefined;
}
