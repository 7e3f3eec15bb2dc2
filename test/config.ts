import {
  IntegrationInvocationConfig,
  IntegrationStepExecutionContext,
} from '@jupiterone/integration-sdk-core';
import { StepTestConfig } from '@jupiterone/integration-sdk-testing';

import { invocationConfig } from '../src';
import { IntegrationConfig } from '../src/config';

/**
 * Recordings match on the full URL, so recording and replay use fixed simulator addresses.
 * `RECORD=1 npm test` starts simulators on these ports (test/global-setup.ts) with these
 * options; replay needs no server.
 */
export const RECORDING_SIMULATORS = {
  /** A single-tenant organization with every shape the converters must handle. */
  singleTenant: {
    port: 18731,
    seed: 7,
    orgs: 1,
    users: 14,
    groups: 4,
    apps: 4,
    systems: 12,
    systemGroups: 3,
    appleDevices: 6,
  },
  /** A multi-tenant (MSP) key that sees two organizations. */
  multiTenant: {
    port: 18732,
    seed: 11,
    orgs: 2,
    users: 6,
    groups: 2,
    apps: 2,
    systems: 5,
    systemGroups: 2,
    appleDevices: 3,
  },
} as const;

/** The key is redacted in recordings; replay never sees it. */
export const RECORDING_API_KEY = 'sim-recording-key-0000000000000000000000';

export function simulatorUrl(name: keyof typeof RECORDING_SIMULATORS): string {
  return `http://127.0.0.1:${RECORDING_SIMULATORS[name].port}`;
}

export const integrationConfig: IntegrationConfig = {
  apiKey: RECORDING_API_KEY,
  baseUrl: simulatorUrl('singleTenant'),
  concurrency: 4,
};

export const multiTenantConfig: IntegrationConfig = {
  apiKey: RECORDING_API_KEY,
  baseUrl: simulatorUrl('multiTenant'),
  concurrency: 4,
};

/** The SDK helpers want the untyped invocation config; under `strict` it needs one cast. */
export const untypedInvocationConfig = invocationConfig as unknown as IntegrationInvocationConfig;

export function buildStepTestConfigForStep(
  stepId: string,
  instanceConfig: IntegrationConfig = integrationConfig,
): StepTestConfig {
  return {
    stepId,
    instanceConfig,
    invocationConfig: untypedInvocationConfig,
  };
}

export type StepContext = IntegrationStepExecutionContext<IntegrationConfig>;
