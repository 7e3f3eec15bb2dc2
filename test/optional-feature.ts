/**
 * For the step tests of optional features (a 404 or 403 on a whole body of data): a
 * simulator started for one test, and a step context that already holds the account of each
 * of its organizations. No recording: the recording simulators have every feature on.
 */
import { Entity, IntegrationProviderAuthorizationError } from '@jupiterone/integration-sdk-core';
import { createMockStepExecutionContext } from '@jupiterone/integration-sdk-testing';

import type { IntegrationConfig } from '../src/config';
import { resetClient } from '../src/jumpcloud';
import { createAccountEntity } from '../src/steps/account/converter';
import type { RunningSimulator, SimulatorOptions } from '../simulator';
import { RECORDING_API_KEY } from './config';

/** A small organization with systems, for the device-side feature tests to vary. */
export const SMALL_SYSTEMS_ORG: SimulatorOptions = {
  seed: 5,
  users: 4,
  groups: 1,
  apps: 1,
  systems: 6,
  systemGroups: 1,
  appleDevices: 0,
};

/** Runs `run` against a simulator started with `options`, with a fresh client each side. */
export async function withFeatureSimulator<T>(
  options: SimulatorOptions,
  run: (simulator: RunningSimulator) => Promise<T>,
): Promise<T> {
  const { startSimulator } = await import('../simulator');
  const simulator = await startSimulator({ apiKey: RECORDING_API_KEY, quiet: true, ...options });
  try {
    resetClient();
    return await run(simulator);
  } finally {
    resetClient();
    await simulator.stop();
  }
}

/**
 * A step context with the simulator's accounts collected (and `earlier`, entities an earlier
 * step wrote), and a spy on its warnings.
 */
export function featureStepContext(
  simulator: { url: string; apiKey: string; orgIds: string[] },
  earlier: Entity[] = [],
) {
  const instanceConfig: IntegrationConfig = {
    apiKey: simulator.apiKey,
    baseUrl: simulator.url,
    concurrency: 2,
  };
  const context = createMockStepExecutionContext<IntegrationConfig>({
    instanceConfig,
    entities: [
      ...simulator.orgIds.map((orgId) =>
        createAccountEntity({ _id: orgId, id: orgId }, simulator.url),
      ),
      ...earlier,
    ],
  });
  const warn = jest.spyOn(context.logger, 'publishWarnEvent');
  return { context, warn };
}

/** What a step's handler threw, or undefined when it succeeded. */
export function outcomeOf(run: Promise<unknown>): Promise<unknown> {
  return run.then(
    () => undefined,
    (error: unknown) => error,
  );
}

/** A 403 on a whole feature: the SDK's authorization error, saying its types are partial. */
export function expectPartialFailure(failure: unknown): void {
  expect(failure).toBeInstanceOf(IntegrationProviderAuthorizationError);
  expect((failure as Error).message).toContain('reported as partial');
}
