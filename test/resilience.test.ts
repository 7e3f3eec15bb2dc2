import { createMockExecutionContext } from '@jupiterone/integration-sdk-testing';
import {
  IntegrationExecutionContext,
  IntegrationValidationError,
} from '@jupiterone/integration-sdk-core';

import { invocationConfig } from '../src';
import { IntegrationConfig, validateInvocation } from '../src/config';
import { resetClient } from '../src/jumpcloud';
import { Entities, Relationships, Steps } from '../src/steps/constants';
import { IntegrationRun, runIntegration } from '../scripts/lib/run-integration';
import {
  applyQuirks,
  expectedActivity,
  expectedUserSystemAccess,
  INSIGHTS_NOW_MS,
  FaultKind,
  generateDirectory,
  installedSoftware,
  oddId,
  orgAccess,
  orgAssets,
  orgPolicies,
  orgPosture,
  QUIRK_SECRETS,
  SimulatorOptions,
  startSimulator,
} from '../simulator';
import { edgeKey } from '../src/steps/shared/keys';

/**
 * A misbehaving JumpCloud, one way at a time. Each case asserts either exactly the graph of
 * an undisturbed run, or that the named step failed with its types reported partial while
 * every type reported complete is exactly the undisturbed one; and each bounds what the
 * misbehaviour cost in counts (requests, retries, timeouts), never in wall time, except where
 * time is the property (a deadline). Faults are seeded, so every run of this file injects the
 * same ones.
 *
 * More than 100 users, so the users list has several pages (the paging cases need them).
 */
const ORG = {
  seed: 31,
  users: 230,
  groups: 6,
  apps: 5,
  systems: 30,
  systemGroups: 4,
  appleDevices: 8,
};

interface Keys {
  entities: string[];
  relationships: string[];
}

/** Entity keys, and each edge by its ends and kind (its `_key` is a hash of them). */
function graphKeys(run: IntegrationRun): Keys {
  return {
    entities: run.entities.map((e) => e._key).sort(),
    relationships: run.relationships
      .map((r) => `${r._fromEntityKey}|${r._type}|${r._toEntityKey}`)
      .sort(),
  };
}

/** Keys by `_type`, entities and relationships alike. */
function keysByType(run: IntegrationRun): Map<string, string[]> {
  const byType = new Map<string, string[]>();
  for (const object of [...run.entities, ...run.relationships]) {
    const list = byType.get(object._type) ?? [];
    list.push(object._key);
    byType.set(object._type, list);
  }
  for (const list of byType.values()) list.sort();
  return byType;
}

/** Every `_type` a step declares. */
function typesOfStep(stepId: string): string[] {
  const step = invocationConfig.integrationSteps.find((s) => s.id === stepId);
  if (!step) throw new Error(`no step ${stepId}`);
  return [...step.entities.map((e) => e._type), ...step.relationships.map((r) => r._type)];
}

const RELATIONSHIP_ENDS = new Map(
  Object.values(Relationships).map((r) => [r._type, [r.sourceType, r.targetType]]),
);

/** No dangling edge, no duplicate key, and every edge between entities of its declared types. */
function expectSoundGraph(run: IntegrationRun) {
  const typeOf = new Map(run.entities.map((e) => [e._key, e._type]));
  expect(typeOf.size).toBe(run.entities.length);
  expect(new Set(run.relationships.map((r) => r._key)).size).toBe(run.relationships.length);
  const wrong = run.relationships.filter((r) => {
    const ends = RELATIONSHIP_ENDS.get(r._type);
    if (!ends) return false;
    return (
      typeOf.get(String(r._fromEntityKey)) !== ends[0] ||
      typeOf.get(String(r._toEntityKey)) !== ends[1]
    );
  });
  expect(wrong.map((r) => r._key)).toEqual([]);
}

/**
 * The named step failed; its types are reported partial; every type JupiterOne would take as
 * complete is exactly what the undisturbed run collected.
 */
function expectLoudPartialFailure(run: IntegrationRun, stepId: string, reference: IntegrationRun) {
  const status = Object.fromEntries(run.stepResults.map((s) => [s.id, s.status]));
  expect(status[stepId]).toBe('failure');
  expect(run.partialTypes).toEqual(expect.arrayContaining(typesOfStep(stepId)));
  const got = keysByType(run);
  const want = keysByType(reference);
  for (const [type, keys] of want) {
    if (run.partialTypes.includes(type)) continue;
    expect([type, got.get(type) ?? []]).toEqual([type, keys]);
  }
  expectSoundGraph(run);
}

function expectSameGraph(run: IntegrationRun, reference: Keys) {
  expect(run.stepResults.filter((s) => s.status !== 'success')).toEqual([]);
  expect(run.partialTypes).toEqual([]);
  expect(graphKeys(run)).toEqual(reference);
  expectSoundGraph(run);
}

interface Collected {
  run: IntegrationRun;
  stats: Awaited<ReturnType<typeof startSimulator>> extends { stats(): infer S } ? S : never;
  seconds: number;
  apiKey: string;
}

async function collect(
  options: SimulatorOptions,
  org: Partial<typeof ORG> & { orgs?: number } = ORG,
  concurrency = 8,
): Promise<Collected> {
  const simulator = await startSimulator({ ...org, ...options, quiet: true });
  const startedAt = Date.now();
  try {
    const run = await runIntegration({
      apiKey: simulator.apiKey,
      baseUrl: simulator.url,
      concurrency,
    });
    const seconds = (Date.now() - startedAt) / 1000;
    // Outside a test (the undisturbed run in beforeAll), name what it is.
    const name = expect.getState().currentTestName ?? 'undisturbed run (the reference)';
    measured.push({ case: name, seconds });
    return { run, stats: simulator.stats(), seconds, apiKey: simulator.apiKey };
  } finally {
    await simulator.stop();
  }
}

/** Wall times of every case, printed at the end (the README's failure table quotes them). */
const measured: Array<{ case: string; seconds: number }> = [];

/** Small deadlines for the cases that make an endpoint hang: the defaults are 45 s / 100 s. */
function withDeadlines(timeoutMs: number, deadlineMs: number) {
  beforeEach(() => {
    process.env.JUMPCLOUD_ATTEMPT_TIMEOUT_MS = String(timeoutMs);
    process.env.JUMPCLOUD_REQUEST_DEADLINE_MS = String(deadlineMs);
  });
  afterEach(() => {
    delete process.env.JUMPCLOUD_ATTEMPT_TIMEOUT_MS;
    delete process.env.JUMPCLOUD_REQUEST_DEADLINE_MS;
  });
}

/** The run's 429 backoff, and the storms it meets, scaled by this (1/20). */
const THROTTLE_SCALE = 1 / 20;
/** Attempts per request in this file (JUMPCLOUD_RETRY_MAX_ATTEMPTS). */
const MAX_ATTEMPTS = 6;

const savedEnv = { ...process.env };
beforeAll(() => {
  // Fast backoff: these tests inject failures on purpose. The backoff after 429s without
  // Retry-After is the default one (1, 2, 4, 8, 16 s) scaled down 20 times.
  process.env.JUMPCLOUD_RETRY_BASE_DELAY_MS = '5';
  process.env.JUMPCLOUD_RETRY_MAX_ATTEMPTS = String(MAX_ATTEMPTS);
  process.env.JUMPCLOUD_THROTTLE_BASE_DELAY_MS = String(THROTTLE_SCALE * 1_000);
  process.env.JUMPCLOUD_THROTTLE_MAX_DELAY_MS = String(THROTTLE_SCALE * 16_000);
});
afterAll(() => {
  process.env = savedEnv;
  resetClient();
  console.log(measured.map((m) => `${m.seconds.toFixed(1).padStart(6)} s  ${m.case}`).join('\n'));
});

let baselineRun: IntegrationRun;
let baseline: Keys;
beforeAll(async () => {
  const { run } = await collect({});
  baselineRun = run;
  expect(run.stepResults.every((s) => s.status === 'success')).toBe(true);
  baseline = graphKeys(run);
  // account + MDM + every listed object + Asset Management's devices, accessories, locations
  // + commands, authentication policies, IP lists, directories, RADIUS servers
  // + device policies and policy groups
  const listed = ORG.users + ORG.groups + ORG.apps + ORG.systems + ORG.systemGroups;
  const org = generateDirectory(ORG).orgs[0];
  const assets = orgAssets(org);
  const assetCount = assets.devices.length + assets.accessories.length + assets.locations.length;
  const access = orgAccess(org);
  const accessCount =
    access.commands.length +
    access.authnPolicies.length +
    access.ipLists.length +
    access.directories.length +
    access.radiusServers.length;
  const policies = orgPolicies(generateDirectory(ORG).orgs[0]);
  const policyCount = policies.policies.length + policies.policyGroups.length;
  // Endpoint posture: login accounts, distinct SSH keys, distinct software.
  const posture = orgPosture(org);
  const postureCount =
    posture.accounts.filter((a) => a.interactive).length +
    new Set(posture.keys.map((k) => k.blob)).size +
    new Set(installedSoftware(org).map((s) => `${s.platform}|${s.name}|${s.version}`)).size;
  // Issue 25: the administrators seen signing in within the 90-day window, the password policy.
  const activityCount =
    expectedActivity(org, INSIGHTS_NOW_MS - 90 * 24 * 60 * 60 * 1000, INSIGHTS_NOW_MS)
      .administrators.size + 1;
  expect(baseline.entities).toHaveLength(
    2 +
      listed +
      ORG.appleDevices +
      assetCount +
      accessCount +
      policyCount +
      postureCount +
      activityCount,
  );
  expect(baseline.relationships.length).toBeGreaterThan(listed);
  expectSoundGraph(run);
}, 120_000);

describe('rate limits', () => {
  test('an in-flight cap below the client concurrency: the run backs off and yields the same graph', async () => {
    const { run, stats } = await collect({ maxInFlight: 2, latencyMs: 15 }, ORG, 8);
    expect(stats.rateLimitedByReason.maxInFlight).toBeGreaterThan(0);
    // Every 429 the simulator sent, the one client of the run saw (and retried).
    expect(run.clientStats?.throttled).toBe(stats.rateLimited);
    // It slowed down instead of hammering: at most one request in four was refused.
    expect(stats.rateLimited).toBeLessThan(stats.requests.total / 4);
    expectSameGraph(run, baseline);
  }, 120_000);

  test('a rate limit with Retry-After: the run waits as told and yields the same graph', async () => {
    const { run, stats } = await collect({ rateLimitPerSecond: 20, retryAfterSeconds: 1 }, ORG, 8);
    expect(stats.rateLimitedByReason.rateLimit).toBeGreaterThan(0);
    expect(run.clientStats?.throttled).toBe(stats.rateLimited);
    // It waited as told instead of hammering: at most one request in four was refused.
    expect(stats.rateLimited).toBeLessThan(stats.requests.total / 4);
    expectSameGraph(run, baseline);
  }, 120_000);

  test('the first 10 requests answer 429 with Retry-After: 1: the run waits, then yields the same graph', async () => {
    const { run, stats, seconds } = await collect({
      throttleFirstRequests: 10,
      retryAfterSeconds: 1,
    });
    expect(stats.rateLimitedByReason.atStart).toBe(10);
    // Each 429 cost one retry and nothing else.
    expect(run.clientStats?.throttled).toBe(10);
    expect(run.clientStats?.retries).toBe(10);
    expectSameGraph(run, baseline);
    // Waiting as told is the property: 10 waits of 1 s, one after the other (the organization
    // list comes first).
    expect(seconds).toBeGreaterThanOrEqual(9.5);
  }, 120_000);

  test('a 20 s storm of 429s without Retry-After on the group member lists: at most 10 requests into it, the same graph', async () => {
    // The storm and the backoff both scaled by THROTTLE_SCALE: 1 s here is 20 s.
    const { run, stats } = await collect({
      stormPathPattern: '^/api/v2/usergroups/[^/]+/members$',
      stormSeconds: 20 * THROTTLE_SCALE,
    });
    expect(stats.rateLimitedByReason.storm).toBeGreaterThan(0);
    expect(stats.rateLimitedByReason.storm).toBeLessThanOrEqual(10);
    expect(run.clientStats?.throttled).toBe(stats.rateLimitedByReason.storm);
    expectSameGraph(run, baseline);
  }, 120_000);

  test('an absurd Retry-After (100000 s) on one endpoint: that step fails at once, the run goes on', async () => {
    const { run, stats } = await collect({
      failRate: 1,
      failKinds: ['429'],
      failPathPattern: '^/api/v2/applemdms$',
      retryAfterSeconds: 100_000,
    });
    expectLoudPartialFailure(run, Steps.APPLE_MDM.id, baselineRun);
    // The request fails without waiting: one request, no retry.
    expect(stats.requests.byEndpoint['GET /api/v2/applemdms']).toBe(1);
  }, 120_000);
});

describe('failing responses', () => {
  const KINDS: FaultKind[] = ['500', '502', '503', 'reset', 'truncated', 'malformed', 'cut-short'];

  test('5% of responses failing (5xx, resets, cut-off and garbled JSON): exactly the same graph', async () => {
    const multipleResolves = jest.fn();
    process.on('multipleResolves', multipleResolves);
    try {
      const { run, stats } = await collect({
        failRate: 0.05,
        failKinds: KINDS,
        failSeed: FIVE_PERCENT_SEED,
      });
      // Every kind the title names occurred, counted per kind.
      const byKind = stats.faults.byKind;
      const named = {
        '5xx': byKind['500'] + byKind['502'] + byKind['503'],
        resets: byKind.reset,
        'cut-off': byKind.truncated + byKind['cut-short'],
        'garbled JSON': byKind.malformed,
      };
      // The seeded faults depend on how many requests the run makes; each kind must occur.
      for (const [kind, count] of Object.entries(named)) {
        expect([kind, count > 0]).toEqual([kind, true]);
      }
      expect(Object.values(named).reduce((a, b) => a + b, 0)).toBe(stats.faults.total);
      expect(run.clientStats?.retries).toBeGreaterThanOrEqual(stats.faults.total);
      expectSameGraph(run, baseline);
      // Cut-off bodies are seen at once, not at the 45 s attempt timeout.
      expect(run.clientStats?.timeouts).toBe(0);
      expect(multipleResolves).not.toHaveBeenCalled();
    } finally {
      process.off('multipleResolves', multipleResolves);
    }
  }, 120_000);

  test('bodies cut short before Content-Length: seen at once, retried, the same graph', async () => {
    const multipleResolves = jest.fn();
    process.on('multipleResolves', multipleResolves);
    try {
      const { run, stats } = await collect({
        failRate: 0.2,
        failKinds: ['cut-short'],
        failSeed: 3,
      });
      expect(stats.faults.byKind['cut-short']).toBeGreaterThan(10);
      expectSameGraph(run, baseline);
      expect(run.clientStats?.timeouts).toBe(0);
      expect(multipleResolves).not.toHaveBeenCalled();
    } finally {
      process.off('multipleResolves', multipleResolves);
    }
  }, 120_000);

  test('an endpoint that keeps failing past the retry budget fails only its step', async () => {
    const { run, stats } = await collect({
      failRate: 1,
      failPathPattern: '^/api/v2/applemdms',
      failKinds: ['503'],
    });
    expectLoudPartialFailure(run, Steps.APPLE_MDM.id, baselineRun);
    expect(run.partialTypes).toEqual(
      expect.arrayContaining([
        Entities.APPLE_MDM._type,
        Entities.APPLE_DEVICE._type,
        Relationships.APPLE_DEVICE_HAS_APPLE_MDM._type,
      ]),
    );
    // read-apple-mdm, which the devices step depends on, never fails: the devices step and
    // those after it are not reported partial because of Apple MDM.
    const status = Object.fromEntries(run.stepResults.map((s) => [s.id, s.status]));
    expect([status[Steps.READ_APPLE_MDM.id], status[Steps.DEVICES.id]]).toEqual([
      'success',
      'success',
    ]);
    expect(run.partialTypes).not.toContain(Entities.DEVICE._type);
    // The retry budget, then no more: the read step's attempts, replayed by the Apple MDM step.
    expect(stats.requests.byEndpoint['GET /api/v2/applemdms']).toBe(MAX_ATTEMPTS);
  }, 120_000);

  test('an error text that echoes the API key: the key appears in no message and no log line', async () => {
    const written: string[] = [];
    const capture = (stream: NodeJS.WriteStream) => {
      const original = stream.write.bind(stream);
      return jest.spyOn(stream, 'write').mockImplementation(((chunk: unknown, ...rest: never[]) => {
        written.push(String(chunk));
        return original(chunk as string, ...rest);
      }) as typeof stream.write);
    };
    const spies = [capture(process.stdout), capture(process.stderr)];
    const logLevel = process.env.LOG_LEVEL;
    process.env.LOG_LEVEL = 'info';
    try {
      const { run, apiKey, stats } = await collect({
        failRate: 1,
        failPathPattern: '^/api/v2/applemdms$',
        failKinds: ['500'],
        echoApiKey: true,
      });
      expectLoudPartialFailure(run, Steps.APPLE_MDM.id, baselineRun);
      const output = written.join('');
      expect(output).toContain('[REDACTED]');
      expect(output).not.toContain(apiKey);
      expect(stats.requests.byEndpoint['GET /api/v2/applemdms']).toBe(MAX_ATTEMPTS);
    } finally {
      for (const spy of spies) spy.mockRestore();
      if (logLevel === undefined) delete process.env.LOG_LEVEL;
      else process.env.LOG_LEVEL = logLevel;
    }
  }, 120_000);
});

describe('time: one deadline per request', () => {
  // 1 s per attempt, 3 s per request (defaults 45 s and 100 s: a run with one hanging
  // endpoint ends within about 100 s plus the rest of the run).
  withDeadlines(1_000, 3_000);

  test('an endpoint that never answers fails only its step, within the request deadline', async () => {
    const { run, seconds } = await collect({
      failRate: 1,
      failKinds: ['hang'],
      failPathPattern: '^/api/v2/applemdms$',
    });
    expectLoudPartialFailure(run, Steps.APPLE_MDM.id, baselineRun);
    // Time is the property here: a deadline of 3 s per request, with a generous margin.
    expect(seconds).toBeLessThan(20);
  }, 120_000);

  test('a sub-list whose body trickles forever fails only its step, within the request deadline', async () => {
    const { run, seconds } = await collect({
      failRate: 1,
      failKinds: ['trickle'],
      failPathPattern: '^/api/v2/systemgroups/[^/]+/members$',
    });
    expectLoudPartialFailure(run, Steps.DEVICE_GROUP_MEMBERS.id, baselineRun);
    expect(seconds).toBeLessThan(20);
  }, 120_000);
});

describe('paging', () => {
  test('a server that ignores skip: the users step fails naming the endpoint, never loops', async () => {
    const { run, stats } = await collect({ ignoreSkipPathPattern: '^/api/systemusers$' });
    expectLoudPartialFailure(run, Steps.USERS.id, baselineRun);
    expect(run.entities.filter((e) => e._type === Entities.USER._type)).toHaveLength(100);
    // Page 1, then the pages its total asks for, fetched ahead: page 1 again, seen at once.
    expect(stats.requests.byEndpoint['GET /api/systemusers']).toBe(Math.ceil(ORG.users / 100));
  }, 120_000);

  test('the error of a repeated page names the endpoint', async () => {
    const simulator = await startSimulator({
      ...ORG,
      ignoreSkipPathPattern: '^/api/systemusers$',
      quiet: true,
    });
    try {
      resetClient();
      const { getOrCreateClient } = await import('../src/jumpcloud');
      const client = getOrCreateClient({ apiKey: simulator.apiKey, baseUrl: simulator.url });
      await expect(client.iterateUsers(simulator.orgIds[0], () => undefined)).rejects.toThrow(
        /GET \/api\/systemusers.*repeated records already read/,
      );
    } finally {
      await simulator.stop();
      resetClient();
    }
  });

  test('totals that are too low (half the real count): the same graph', async () => {
    const { run } = await collect({
      lowTotalPathPattern: '^/api/(systemusers|systems|applications|v2/usergroups|v2/systemgroups)',
    });
    expectSameGraph(run, baseline);
    expect(run.clientStats?.retries).toBe(0);
  }, 120_000);

  test('records and members listed twice: collected once, the same graph', async () => {
    const { run } = await collect({
      duplicatePathPattern:
        '^/api/(systemusers|systems|v2/usergroups|v2/systemgroups|v2/systemgroups/[^/]+/members|v2/usergroups/[^/]+/members)$',
    });
    expectSameGraph(run, baseline);
    expect(run.clientStats?.retries).toBe(0);
  }, 120_000);

  test('every fourth record listed twice, with totals that count the copies: no failed step, the same graph', async () => {
    const { run, stats } = await collect({
      countedCopiesPathPattern: '^/api/(systemusers|applications|v2/usergroups|v2/systemgroups)$',
    });
    expectSameGraph(run, baseline);
    // 230 users served as 288 (58 copies) on 3 pages: nothing re-read, nothing retried.
    expect(stats.requests.byEndpoint['GET /api/systemusers']).toBe(3);
    expect(run.clientStats?.retries).toBe(0);
  }, 120_000);

  test('pages capped at 7 when 100 are asked, and totals of half the real count: nothing lost', async () => {
    const lists = '^/api/(systemusers|systems|applications|v2/usergroups|v2/systemgroups)$';
    const { run, stats } = await collect({
      pageCap: 7,
      pageCapPathPattern: lists,
      lowTotalPathPattern: lists,
    });
    expectSameGraph(run, baseline);
    // 230 users at 7 a page: 33 pages of records, then the empty page that ends the list.
    expect(stats.requests.byEndpoint['GET /api/systemusers']).toBe(Math.ceil(ORG.users / 7) + 1);
  }, 120_000);
});

describe('configuration', () => {
  test.each([
    ['connection refused', 'http://127.0.0.1:9'],
    ['DNS failure', 'http://jumpcloud-simulator.invalid'],
  ])(
    'an unreachable BASE_URL (%s) fails validation within 5 s with one clear line',
    async (_what, baseUrl) => {
      resetClient();
      const startedAt = Date.now();
      const error = await validateInvocation(
        createMockExecutionContext({
          instanceConfig: { apiKey: 'k', baseUrl },
        }) as unknown as IntegrationExecutionContext<IntegrationConfig>,
      ).catch((e) => e);
      const seconds = (Date.now() - startedAt) / 1000;
      measured.push({ case: expect.getState().currentTestName ?? '?', seconds });
      expect(error).toBeInstanceOf(IntegrationValidationError);
      expect(error.message).toContain('BASE_URL');
      expect(error.message).toContain(new URL(baseUrl).hostname);
      expect(error.message.split('\n')).toHaveLength(1);
      expect(seconds).toBeLessThan(5);
      resetClient();
    },
  );
});

describe('data the guards exist for', () => {
  /** The undisturbed keys, with every renamed id renamed. */
  const renamed = (keys: Keys, renames: Array<[string, string]>): Keys => {
    const rename = (key: string) =>
      renames.reduce((value, [from, to]) => value.split(from).join(to), key);
    return {
      entities: keys.entities.map(rename).sort(),
      relationships: keys.relationships.map(rename).sort(),
    };
  };

  test('ids that are not 24 hex characters: valid links, the same graph under those ids', async () => {
    const org = generateDirectory(ORG).orgs[0];
    const { run } = await collect({ quirks: ['odd-ids'] });
    const renames: Array<[string, string]> = [
      [org.users[0].id, oddId(org.users[0].id)],
      [org.systems[0].id, oddId(org.systems[0].id)],
    ];
    expectSameGraph(run, renamed(baseline, renames));
    for (const [, id] of renames) {
      const entity = run.entities.find((e) => e._key === id);
      expect(() => new URL(String(entity?.webLink))).not.toThrow();
      expect(String(entity?.webLink)).toContain(encodeURIComponent(id));
    }
    // Nothing was injected, so nothing was retried (no wait anywhere).
    expect(run.clientStats?.retries).toBe(0);
  }, 120_000);

  test('a system id that cannot be a key: skipped with a warning naming it, devices partial', async () => {
    const { run } = await collect({ quirks: ['short-id'] });
    const org = generateDirectory(ORG).orgs[0];
    const status = Object.fromEntries(run.stepResults.map((s) => [s.id, s.status]));
    expect(status[Steps.DEVICES.id]).toBe('failure');
    expect(run.partialTypes).toEqual(expect.arrayContaining(typesOfStep(Steps.DEVICES.id)));
    // Every other system is there.
    const devices = run.entities.filter((e) => e._type === Entities.DEVICE._type);
    expect(devices.map((d) => d._key).sort()).toEqual(
      org.systems
        .map((s) => s.id)
        .filter((id) => id !== org.systems[1].id)
        .sort(),
    );
    expectSoundGraph(run);
    // Nothing was injected, so nothing was retried (no wait anywhere).
    expect(run.clientStats?.retries).toBe(0);
  }, 120_000);

  test('one id used by a user and a system: no edge to the wrong type, the system is not dropped silently', async () => {
    const org = generateDirectory(ORG).orgs[0];
    const shared = org.users[0].id;
    const { run } = await collect({ quirks: ['shared-id'] });
    const status = Object.fromEntries(run.stepResults.map((s) => [s.id, s.status]));
    // The user is kept; the system cannot have the same key: a warning, devices partial.
    expect(run.entities.find((e) => e._key === shared)?._type).toBe(Entities.USER._type);
    expect(status[Steps.DEVICES.id]).toBe('failure');
    expect(run.partialTypes).toEqual(expect.arrayContaining(typesOfStep(Steps.DEVICES.id)));
    // No device-group edge (nor any other) reaches the user as if it were a device.
    expectSoundGraph(run);
    // Nothing was injected, so nothing was retried (no wait anywhere).
    expect(run.clientStats?.retries).toBe(0);
  }, 120_000);

  test('old agents without desktopCapable: client Windows and macOS are endpoints, servers are not', async () => {
    const { run } = await collect({ quirks: ['old-agents'] });
    expectSameGraph(run, baseline);
    const category = (r: IntegrationRun) =>
      Object.fromEntries(
        r.entities
          .filter((e) => e._type === Entities.DEVICE._type)
          .map((e) => [e._key, [e.category, e.isDesktopCapable]]),
      );
    expect(category(run)).toEqual(category(baselineRun));
    // Nothing was injected, so nothing was retried (no wait anywhere).
    expect(run.clientStats?.retries).toBe(0);
  }, 120_000);

  test('credential-looking custom attributes and sshdParams: nowhere in the graph', async () => {
    const { run } = await collect({ quirks: ['credential-attributes'] });
    expectSameGraph(run, baseline);
    const serialized = JSON.stringify([...run.entities, ...run.relationships]);
    for (const secret of QUIRK_SECRETS) expect(serialized).not.toContain(secret);
    expect(serialized).not.toContain('vpn_password');
    // Nothing was injected, so nothing was retried (no wait anywhere).
    expect(run.clientStats?.retries).toBe(0);
  }, 120_000);

  test('a non-user member of a user group: no edge, the same graph', async () => {
    const { run } = await collect({ quirks: ['non-user-member'] });
    expectSameGraph(run, baseline);
    // Nothing was injected, so nothing was retried (no wait anywhere).
    expect(run.clientStats?.retries).toBe(0);
  }, 120_000);

  test('a non-user member whose id is also a user id: still no group edge to that user', async () => {
    const { run } = await collect({ quirks: ['non-user-member', 'shared-id'] });
    // The devices step fails (the shared id); group HAS user is complete and exact.
    expectLoudPartialFailure(run, Steps.DEVICES.id, baselineRun);
    expect(run.partialTypes).not.toContain(Relationships.GROUP_HAS_USER._type);
    // Nothing was injected, so nothing was retried (no wait anywhere).
    expect(run.clientStats?.retries).toBe(0);
  }, 120_000);

  test('an asset whose system was not collected: the asset is kept, no dangling edge', async () => {
    const { run } = await collect({ quirks: ['orphan-asset'] });
    expect(run.stepResults.filter((s) => s.status !== 'success')).toEqual([]);
    expect(graphKeys(run).entities).toEqual(baseline.entities);
    // Exactly the one edge from the asset's real system is gone.
    const missing = baseline.relationships.filter((k) => !graphKeys(run).relationships.includes(k));
    expect(missing).toHaveLength(1);
    expect(graphKeys(run).relationships.filter((k) => !baseline.relationships.includes(k))).toEqual(
      [],
    );
    expectSoundGraph(run);
    // Nothing was injected, so nothing was retried (no wait anywhere).
    expect(run.clientStats?.retries).toBe(0);
  }, 120_000);

  test('an asset whose id is a user id: the user is kept, the asset skipped with a warning, assets partial', async () => {
    const org = generateDirectory(ORG).orgs[0];
    const shared = org.users[0].id;
    const { run } = await collect({ quirks: ['asset-shared-id'] });
    const status = Object.fromEntries(run.stepResults.map((s) => [s.id, s.status]));
    expect(run.entities.find((e) => e._key === shared)?._type).toBe(Entities.USER._type);
    expect(status[Steps.ASSETS.id]).toBe('failure');
    expect(run.partialTypes).toEqual(expect.arrayContaining(typesOfStep(Steps.ASSETS.id)));
    // Every other asset is still there; only the one whose id was taken is missing.
    const assetKeys = (r: IntegrationRun) =>
      r.entities.filter((e) => e._type === Entities.ASSET_DEVICE._type).map((e) => e._key);
    expect(assetKeys(run).length).toBe(assetKeys(baselineRun).length - 1);
    expectSoundGraph(run);
    // Nothing was injected, so nothing was retried (no wait anywhere).
    expect(run.clientStats?.retries).toBe(0);
  }, 120_000);

  test('a multi-tenant key whose orgs have more systems than users: per-user access, every binding', async () => {
    const MSP = {
      seed: 5,
      orgs: 2,
      users: 6,
      groups: 3,
      apps: 2,
      systems: 14,
      systemGroups: 2,
      appleDevices: 2,
    };
    const { run } = await collect({}, MSP);
    expect(run.stepResults.filter((s) => s.status !== 'success')).toEqual([]);
    // Every system is reached through GET /api/v2/users/{id}/systems, none per system.
    expect(run.clientStats?.byEndpoint['GET /api/v2/systems/{id}/users']).toBeUndefined();
    expect(run.clientStats?.byEndpoint['GET /api/v2/users/{id}/systems']).toBe(
      MSP.orgs * MSP.users,
    );
    const expected = applyQuirks(generateDirectory(MSP), [])
      .orgs.flatMap((org) => expectedUserSystemAccess(org))
      .map((a) => edgeKey(a.userId, 'assigned', a.systemId))
      .sort();
    const assigned = run.relationships
      .filter((r) => r._type === Relationships.USER_ASSIGNED_DEVICE._type)
      .map((r) => r._key)
      .sort();
    expect(assigned).toEqual(expected);
    expectSoundGraph(run);
    // Nothing was injected, so nothing was retried (no wait anywhere).
    expect(run.clientStats?.retries).toBe(0);
  }, 120_000);
});

/** A seed under which 5% of this org's requests fail with every kind at least once. */
const FIVE_PERCENT_SEED = 5;
