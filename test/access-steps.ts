/**
 * Helpers the access steps' tests share: the ground truth of the recording simulators, and
 * simulators started on the spot (no recording) for the optional-data policy.
 */
import {
  IntegrationProviderAuthorizationError,
  IntegrationStepExecutionContext,
  IntegrationWarnEventName,
} from '@jupiterone/integration-sdk-core';
import { createMockStepExecutionContext } from '@jupiterone/integration-sdk-testing';

import { IntegrationConfig } from '../src/config';
import { resetClient } from '../src/jumpcloud';
import { createAccountEntity } from '../src/steps/account/converter';
import type { AccessFeatureMode, AccessModes } from '../simulator/access/generate';
import { RECORDING_API_KEY } from './config';

type Handler = (context: IntegrationStepExecutionContext<IntegrationConfig>) => Promise<void>;

/** The typed sizes of a small org for the optional-data tests. */
const SIZES = { users: 5, groups: 2, apps: 2, systems: 4, systemGroups: 1, appleDevices: 1 };

/**
 * Runs `handler` alone (only the organizations collected) against a simulator with one body
 * of access data in `mode`, for two organizations. Answers what the policy made of it.
 */
export async function runWithAccessMode(
  handler: Handler,
  feature: keyof AccessModes,
  mode: AccessFeatureMode,
): Promise<{
  failure: unknown;
  warnings: Array<{ name: string; description: string }>;
  entities: number;
  orgIds: string[];
}> {
  const { startSimulator } = await import('../simulator');
  const simulator = await startSimulator({
    seed: 5,
    orgs: 2,
    ...SIZES,
    access: { [feature]: mode },
    apiKey: RECORDING_API_KEY,
    quiet: true,
  });
  try {
    resetClient();
    const context = createMockStepExecutionContext<IntegrationConfig>({
      instanceConfig: { apiKey: simulator.apiKey, baseUrl: simulator.url, concurrency: 2 },
      entities: simulator.orgIds.map((orgId) =>
        createAccountEntity({ _id: orgId, id: orgId }, simulator.url),
      ),
    });
    const warn = jest.spyOn(context.logger, 'publishWarnEvent');
    const failure = await handler(context).then(
      () => undefined,
      (error: unknown) => error,
    );
    return {
      failure,
      warnings: warn.mock.calls.map(([event]) => event as { name: string; description: string }),
      entities: context.jobState.collectedEntities.length,
      orgIds: simulator.orgIds,
    };
  } finally {
    resetClient();
    await simulator.stop();
  }
}

/** The optional-data policy, asserted: 404 warns only; 403 warns and fails with the types partial. */
export async function expectOptionalDataPolicy(
  handler: Handler,
  feature: keyof AccessModes,
  partialTypes: string[],
): Promise<void> {
  const absent = await runWithAccessMode(handler, feature, 'absent');
  expect(absent.failure).toBeUndefined();
  expect(absent.entities).toBe(0);
  expect(absent.warnings).toHaveLength(2);
  for (const warning of absent.warnings)
    expect(warning.name).toBe(IntegrationWarnEventName.MissingEntity);

  const forbidden = await runWithAccessMode(handler, feature, 'forbidden');
  expect(forbidden.failure).toBeInstanceOf(IntegrationProviderAuthorizationError);
  expect((forbidden.failure as Error).message).toContain('reported as partial');
  expect(
    (forbidden.failure as IntegrationProviderAuthorizationError & { resourceType?: unknown })
      .message,
  ).toContain(forbidden.orgIds[0]);
  for (const type of partialTypes) expect((forbidden.failure as Error).message).toContain(type);
  expect(forbidden.warnings.map((w) => w.name)).toEqual([
    IntegrationWarnEventName.MissingPermission,
    IntegrationWarnEventName.MissingPermission,
  ]);
}
