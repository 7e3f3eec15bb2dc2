import {
  IntegrationInstanceConfig,
  IntegrationInstanceConfigFieldMap,
} from '@jupiterone/integration-sdk-core';

/**
 * Instance configuration. Locally each field comes from the environment or `.env`:
 * `apiKey` from API_KEY, `orgId` from ORG_ID, `baseUrl` from BASE_URL, `concurrency` from
 * CONCURRENCY. Messages name the environment variables: that is what a person running it
 * locally sets (in JupiterOne the same settings are the instance's fields).
 */
export const instanceConfigFields: IntegrationInstanceConfigFieldMap<
  Pick<IntegrationConfig, 'apiKey' | 'orgId' | 'baseUrl' | 'concurrency' | 'activityWindowDays'>
> = {
  apiKey: { type: 'string', mask: true },
  orgId: { type: 'string', optional: true },
  baseUrl: { type: 'string', optional: true },
  concurrency: { type: 'string', optional: true },
  activityWindowDays: { type: 'string', optional: true },
};

export interface IntegrationConfig extends IntegrationInstanceConfig {
  /** A JumpCloud API key; a Read Only administrator's is enough. */
  apiKey: string;
  /** Collect only this organization (multi-tenant keys see several). */
  orgId?: string;
  /** Console URL: https://console.jumpcloud.com, or https://console.eu.jumpcloud.com for EU tenants. */
  baseUrl?: string;
  /** Requests in flight at once (default 8). A string, as every instance field is. */
  concurrency?: string | number;
  /** Timeout of one attempt in milliseconds (not an instance field; tests and the bench set it). */
  attemptTimeoutMs?: number;
  /** Deadline of one request, every attempt and wait included (not an instance field). */
  requestDeadlineMs?: number;
  /** Days of Directory Insights activity read, 1 to 90 (default 90): ACTIVITY_WINDOW_DAYS. */
  activityWindowDays?: string | number;
  /**
   * The end of the activity window (ISO date; default now). Not an instance field: the demo
   * sets it (or ACTIVITY_AS_OF) to read a simulated organization as of its own date.
   */
  activityAsOf?: string;
}
