import { executeStepWithDependencies } from '@jupiterone/integration-sdk-testing';

import { resetClient } from '../src/jumpcloud';
import { Entities, Relationships, Steps } from '../src/steps/constants';
import { buildStepTestConfigForStep } from './config';
import { IntegrationRun, runIntegration } from '../scripts/lib/run-integration';
import {
  generateDirectory,
  installedSoftware,
  orgAssets,
  orgPosture,
  SimulatorOptions,
  startSimulator,
} from '../simulator';

/**
 * Rate limits and faults at small scale: the run must adapt and produce exactly the graph of
 * an undisturbed run, or fail the one step it could not complete and report its types
 * partial. Faults are seeded, so every run of this file injects the same ones.
 */
const ORG = {
  seed: 31,
  users: 40,
  groups: 6,
  apps: 5,
  systems: 30,
  systemGroups: 4,
  appleDevices: 8,
};

function graphKeys(run: IntegrationRun) {
  return {
    entities: run.entities.map((e) => e._key).sort(),
    relationships: run.relationships.map((r) => r._key).sort(),
  };
}

async function collect(options: SimulatorOptions, concurrency = 8) {
  const simulator = await startSimulator({ ...ORG, ...options, quiet: true });
  try {
    const run = await runIntegration({
      apiKey: simulator.apiKey,
      baseUrl: simulator.url,
      concurrency,
    });
    return { run, stats: simulator.stats() };
  } finally {
    await simulator.stop();
  }
}

const savedEnv = { ...process.env };
beforeAll(() => {
  // Fast retries: these tests inject failures on purpose.
  process.env.JUMPCLOUD_RETRY_BASE_DELAY_MS = '5';
  process.env.JUMPCLOUD_RETRY_MAX_ATTEMPTS = '6';
});
afterAll(() => {
  process.env = savedEnv;
  resetClient();
});

let baseline: ReturnType<typeof graphKeys>;
beforeAll(async () => {
  const { run } = await collect({});
  expect(run.stepResults.every((s) => s.status === 'success')).toBe(true);
  baseline = graphKeys(run);
  // account + MDM + every listed object + Asset Management's devices, accessories, locations
  const listed = ORG.users + ORG.groups + ORG.apps + ORG.systems + ORG.systemGroups;
  const org = generateDirectory(ORG).orgs[0];
  const assets = orgAssets(org);
  const assetCount = assets.devices.length + assets.accessories.length + assets.locations.length;
  // Endpoint posture: login accounts, distinct SSH keys, distinct software.
  const posture = orgPosture(org);
  const postureCount =
    posture.accounts.filter((a) => a.interactive).length +
    new Set(posture.keys.map((k) => k.blob)).size +
    new Set(installedSoftware(org).map((s) => `${s.platform}|${s.name}|${s.version}`)).size;
  expect(baseline.entities).toHaveLength(2 + listed + ORG.appleDevices + assetCount + postureCount);
  expect(baseline.relationships.length).toBeGreaterThan(listed);
});

test('an in-flight cap below the client concurrency: the run backs off and yields the same graph', async () => {
  const { run, stats } = await collect({ maxInFlight: 2, latencyMs: 15 }, 8);
  expect(stats.rateLimitedByReason.maxInFlight).toBeGreaterThan(0);
  expect(run.clientStats?.throttled).toBe(stats.rateLimited);
  expect(run.stepResults.filter((s) => s.status !== 'success')).toEqual([]);
  expect(graphKeys(run)).toEqual(baseline);
});

test('a rate limit with Retry-After: the run waits as told and yields the same graph', async () => {
  const { run, stats } = await collect({ rateLimitPerSecond: 20, retryAfterSeconds: 1 }, 8);
  expect(stats.rateLimitedByReason.rateLimit).toBeGreaterThan(0);
  expect(run.clientStats?.throttled).toBe(stats.rateLimited);
  expect(run.stepResults.filter((s) => s.status !== 'success')).toEqual([]);
  expect(graphKeys(run)).toEqual(baseline);
});

test('5% of responses failing (5xx, resets, cut-off and garbled JSON): exactly the same graph', async () => {
  const { run, stats } = await collect({ failRate: 0.05, failSeed: 7 });
  const faults = Object.values(stats.faults.byKind as Record<string, number>).reduce(
    (a, b) => a + b,
    0,
  );
  expect(faults).toBeGreaterThan(0);
  expect(run.clientStats?.retries).toBeGreaterThanOrEqual(faults);
  expect(run.stepResults.filter((s) => s.status !== 'success')).toEqual([]);
  expect(graphKeys(run)).toEqual(baseline);
});

describe('an endpoint that keeps failing past the retry budget', () => {
  const failing = {
    failRate: 1,
    failPathPattern: '^/api/v2/applemdms',
    failKinds: ['503' as const],
  };

  test('fails only its step, reports that step’s types partial, and the rest completes', async () => {
    const { run } = await collect(failing);
    const status = Object.fromEntries(run.stepResults.map((s) => [s.id, s.status]));
    expect(status[Steps.APPLE_MDM.id]).toBe('failure');
    for (const [id, value] of Object.entries(status)) {
      if (id !== Steps.APPLE_MDM.id) expect([id, value]).toEqual([id, 'success']);
    }
    expect(run.partialTypes).toEqual(
      expect.arrayContaining([
        Entities.APPLE_MDM._type,
        Entities.APPLE_DEVICE._type,
        Relationships.APPLE_DEVICE_HAS_APPLE_MDM._type,
      ]),
    );
    // What the other steps collected is all there.
    const users = run.entities.filter((e) => e._type === Entities.USER._type);
    expect(users).toHaveLength(ORG.users);
  });

  test('the step’s error names the endpoint and the status', async () => {
    const simulator = await startSimulator({ ...ORG, ...failing, quiet: true });
    try {
      resetClient();
      const config = buildStepTestConfigForStep(Steps.APPLE_MDM.id, {
        apiKey: simulator.apiKey,
        baseUrl: simulator.url,
      });
      await expect(executeStepWithDependencies(config)).rejects.toThrow(
        /GET \/api\/v2\/applemdms.*503/,
      );
    } finally {
      await simulator.stop();
      resetClient();
    }
  });
});
