import { existsSync, readdirSync } from 'fs';
import path from 'path';
import { generateRelationshipType, RelationshipClass } from '@jupiterone/integration-sdk-core';

import { RunningStandIn, startJupiterOneStandIn, StandInFault } from '../test/jupiterone-standin';
import { AS_OF_MS } from '../simulator/shared/random';
import { runIntegration } from './lib/run-integration';
import {
  DEMO_API_KEY,
  fetchSimulatorStats,
  RunningSimulator,
  startDemoSimulator,
} from './lib/simulator';
import { readSyncSettings, runSync, SyncResult } from './sync';

/**
 * `npm run sync` end to end, without JupiterOne: the JumpCloud simulator on one side, the
 * synchronization API stand-in (test/jupiterone-standin) on the other. Ground truth for "what
 * was collected" is an in-memory collection of the same simulated organization.
 */
const INSTANCE_ID = '7ad16b51-e4d6-4e74-afbd-2fac6185f398';
const SMALL_ORG = { users: 20, groups: 3, apps: 3, systems: 10, systemGroups: 2, appleDevices: 4 };

interface Run {
  result: SyncResult;
  lines: string[];
}

/** One `runSync` with the given JumpCloud and JupiterOne settings in the environment. */
async function sync(
  simulator: RunningSimulator,
  standIn: RunningStandIn,
  env: NodeJS.ProcessEnv = {},
): Promise<Run> {
  const settings: NodeJS.ProcessEnv = {
    API_KEY: DEMO_API_KEY,
    BASE_URL: simulator.url,
    ORG_ID: '',
    CONCURRENCY: '',
    LOG_LEVEL: 'fatal',
    JUPITERONE_API_KEY: standIn.apiKey,
    JUPITERONE_ACCOUNT: standIn.account,
    JUPITERONE_INTEGRATION_INSTANCE_ID: INSTANCE_ID,
    JUPITERONE_API_BASE_URL: standIn.url,
    // The simulator's events end on its own date: read activity as of it, as the demo does.
    ACTIVITY_AS_OF: new Date(AS_OF_MS).toISOString(),
    ...env,
  };
  const saved = Object.fromEntries(Object.keys(settings).map((name) => [name, process.env[name]]));
  Object.assign(process.env, settings);
  const lines: string[] = [];
  try {
    const result = await runSync({
      retry: { baseDelayMs: 5 },
      log: (line) => lines.push(line),
      error: (line) => lines.push(line),
    });
    return { result, lines };
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

/** The graph an in-memory collection of the same simulator yields: the ground truth. */
async function collected(simulator: RunningSimulator) {
  const run = await runIntegration({ apiKey: DEMO_API_KEY, baseUrl: simulator.url, orgId: '' });
  return {
    entityKeys: run.entities.map((e) => e._key).sort(),
    relationshipKeys: run.relationships.map((r) => r._key).sort(),
  };
}

const uploads = (standIn: RunningStandIn) =>
  standIn.requests.filter((r) => /\/(entities|relationships)$/.test(r.path));

/** Quick JumpCloud retries for the sync and the ground-truth collection alike. */
const RETRY_ENV = { JUMPCLOUD_RETRY_MAX_ATTEMPTS: '2', JUMPCLOUD_RETRY_BASE_DELAY_MS: '5' };
const savedRetryEnv = Object.fromEntries(
  Object.keys(RETRY_ENV).map((name) => [name, process.env[name]]),
);
beforeAll(() => Object.assign(process.env, RETRY_ENV));
afterAll(() => {
  for (const [name, value] of Object.entries(savedRetryEnv)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

/** Every graph file under the project's own collection folder, which a sync must never touch. */
function projectCollectionFiles(): string[] {
  const dir = path.join(process.cwd(), '.j1-integration');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}
const projectFilesBefore = projectCollectionFiles();
afterAll(async () => {
  // A late flush of a run that ended early (a refused upload) once landed there.
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(projectCollectionFiles()).toEqual(projectFilesBefore);
});

let simulator: RunningSimulator | undefined;
let standIn: RunningStandIn | undefined;
afterEach(async () => {
  await simulator?.stop();
  await standIn?.stop();
  simulator = undefined;
  standIn = undefined;
});

test("the demo organization's whole graph arrives once, in batches, and the job is finalized", async () => {
  simulator = await startDemoSimulator();
  standIn = await startJupiterOneStandIn();
  const { result, lines } = await sync(simulator, standIn);
  const expected = await collected(simulator);

  expect(result.exitCode).toBe(0);
  expect(standIn.jobs).toHaveLength(1);
  const [job] = standIn.jobs;
  expect(job).toMatchObject({
    source: 'integration-external',
    integrationInstanceId: INSTANCE_ID,
    status: 'FINALIZE_PENDING',
    partialDatasets: { types: [] },
  });
  // Every collected object, exactly once (a duplicate would lengthen the uploaded list).
  expect(job.entities.map((e) => e._key).sort()).toEqual(expected.entityKeys);
  expect(job.relationships.map((r) => r._key).sort()).toEqual(expected.relationshipKeys);
  expect(expected.entityKeys.length).toBeGreaterThan(600);
  expect(result.uploaded).toEqual({
    entities: expected.entityKeys.length,
    relationships: expected.relationshipKeys.length,
  });
  const batches = uploads(standIn);
  expect(Math.max(...batches.map((b) => b.objects ?? 0))).toBeLessThanOrEqual(250);
  expect(batches.every((b) => b.status === 200)).toBe(true);
  // The job log in JupiterOne gets the runtime's events (step starts and ends).
  expect(job.events.length).toBeGreaterThan(0);

  const last = lines[lines.length - 1];
  expect(last).toMatch(
    /^\nOK: uploaded [\d,]+ entities and [\d,]+ relationships in [\d.]+ s to JupiterOne/,
  );
  for (const where of [standIn.account, standIn.url, INSTANCE_ID, job.id, 'FINALIZE_PENDING']) {
    expect(last).toContain(where);
  }
  expect(lines.join('\n')).not.toContain(standIn.apiKey);
});

test("a failed step: its types are the finalize call's partial datasets, the rest is uploaded", async () => {
  simulator = await startDemoSimulator({
    ...SMALL_ORG,
    failRate: 1,
    failPathPattern: '^/api/v2/applemdms',
  });
  standIn = await startJupiterOneStandIn();
  const { result, lines } = await sync(simulator, standIn);

  // The Apple MDM step's types, as docs/jupiterone.md lists them.
  const mdmTypes = [
    'jumpcloud_apple_mdm',
    'jumpcloud_apple_device',
    generateRelationshipType(RelationshipClass.HAS, 'jumpcloud_account', 'jumpcloud_apple_mdm'),
    generateRelationshipType(
      RelationshipClass.HAS,
      'jumpcloud_apple_device',
      'jumpcloud_apple_mdm',
    ),
    generateRelationshipType(RelationshipClass.IS, 'jumpcloud_device', 'jumpcloud_apple_device'),
  ].sort();
  expect(result.exitCode).toBe(2);
  expect(result.failedSteps).toEqual(['fetch-apple-mdm']);
  const [job] = standIn.jobs;
  expect(job.status).toBe('FINALIZE_PENDING');
  expect(job.partialDatasets).toEqual({ types: mdmTypes });

  // Everything the other steps collected arrived once (the same fault, collected in memory).
  const expected = await collected(simulator);
  expect(job.entities.map((e) => e._key).sort()).toEqual(expected.entityKeys);
  expect(job.relationships.map((r) => r._key).sort()).toEqual(expected.relationshipKeys);
  expect(job.entities.some((e) => e._type === 'jumpcloud_user')).toBe(true);
  expect(lines[lines.length - 1]).toMatch(
    /^\nPARTIAL: .*1 step\(s\) did not complete \(fetch-apple-mdm.*5 type\(s\) were reported partial .*JupiterOne keeps their previous data\.$/,
  );
});

test('a 5xx on an upload is retried: every object still arrives once', async () => {
  simulator = await startDemoSimulator(SMALL_ORG);
  const faults: StandInFault[] = [
    { request: /^POST .*\/entities$/, status: 503, times: 2 },
    { request: /^POST .*\/relationships$/, status: 502, times: 1 },
  ];
  standIn = await startJupiterOneStandIn({ faults });
  const { result } = await sync(simulator, standIn);
  const expected = await collected(simulator);

  expect(result.exitCode).toBe(0);
  const [job] = standIn.jobs;
  expect(job.entities.map((e) => e._key).sort()).toEqual(expected.entityKeys);
  expect(job.relationships.map((r) => r._key).sort()).toEqual(expected.relationshipKeys);
  const failed = uploads(standIn).filter((r) => r.status >= 500);
  expect(failed).toHaveLength(3);
  // Each refused batch was sent again under its correlation id, and then accepted.
  for (const refused of failed) {
    const statuses = uploads(standIn)
      .filter((r) => r.correlationId === refused.correlationId)
      .map((r) => r.status);
    expect(statuses[statuses.length - 1]).toBe(200);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
  }
  expect(job.partialDatasets).toEqual({ types: [] });
});

test('a batch JupiterOne refuses: the types of its own objects go partial, the rest arrives', async () => {
  simulator = await startDemoSimulator(SMALL_ORG);
  standIn = await startJupiterOneStandIn({
    faults: [{ request: /^POST .*\/relationships$/, status: 400, times: 1 }],
  });
  const { result } = await sync(simulator, standIn);
  const expected = await collected(simulator);

  const refused = uploads(standIn).filter((r) => r.status === 400);
  expect(refused).toHaveLength(1); // a 400 is not retried
  expect(result.exitCode).toBe(2);
  expect(result.failedSteps).toEqual([]);
  const [job] = standIn.jobs;
  expect(job.status).toBe('FINALIZE_PENDING');
  expect(job.partialDatasets).toEqual({ types: refused[0].types });
  expect(job.entities.map((e) => e._key).sort()).toEqual(expected.entityKeys);
  expect(job.relationships).toHaveLength(expected.relationshipKeys.length - refused[0].objects!);
  expect(result.line).toMatch(
    /1 batch\(es\) could not be uploaded: \d+ type\(s\) were reported partial/,
  );
});

test('an unreachable JupiterOne: one line naming JUPITERONE_API_BASE_URL, at once', async () => {
  simulator = await startDemoSimulator(SMALL_ORG);
  standIn = await startJupiterOneStandIn();
  const { result } = await sync(simulator, standIn, {
    JUPITERONE_API_BASE_URL: 'http://127.0.0.1:9',
  });
  expect(result.exitCode).toBe(1);
  expect(result.line).toMatch(
    /^Cannot reach JupiterOne at http:\/\/127\.0\.0\.1:9: .*ECONNREFUSED.*Check JUPITERONE_API_BASE_URL/,
  );
  expect((await fetchSimulatorStats(simulator.url)).requests.total).toBe(0);
});

test('a 401 on an upload fails at once: no retry, no finalize, one line naming the key', async () => {
  simulator = await startDemoSimulator(SMALL_ORG);
  standIn = await startJupiterOneStandIn({
    faults: [{ request: /^POST .*\/entities$/, status: 401, times: 1 }],
  });
  const { result } = await sync(simulator, standIn);

  expect(result.exitCode).toBe(1);
  expect(result.line).toMatch(/^JupiterOne refused JUPITERONE_API_KEY: POST .*401/);
  expect(result.line).toContain(`JUPITERONE_ACCOUNT ${standIn.account}`);
  // The key stays refused, so the abort is refused too; an unfinalized job changes nothing.
  expect(result.line).toMatch(/could not be aborted either.*nothing changes in JupiterOne\.$/);
  const sent = uploads(standIn);
  const ids = sent.map((r) => r.correlationId);
  expect(new Set(ids).size).toBe(ids.length); // no batch sent twice
  // Only the batches already in flight when the 401 came (at most the 5 in flight) went out.
  expect(sent.length).toBeLessThanOrEqual(5);
  expect(standIn.requests.filter((r) => r.path.endsWith('/finalize'))).toHaveLength(0);
  expect(standIn.jobs[0].status).toBe('AWAITING_UPLOADS');
});

test('a wrong JumpCloud key: the job is aborted saying so, and nothing is uploaded', async () => {
  simulator = await startDemoSimulator(SMALL_ORG);
  standIn = await startJupiterOneStandIn();
  const wrongKey = 'wrong-key-0000000000000000000000000000000';
  const { result, lines } = await sync(simulator, standIn, { API_KEY: wrongKey });

  expect(result.exitCode).toBe(1);
  expect(result.line).toMatch(/^JumpCloud rejected API_KEY: .*401/);
  expect(result.line).toMatch(/Job \S+ was aborted: nothing changes in JupiterOne\.$/);
  const [job] = standIn.jobs;
  expect(job.status).toBe('ABORTED');
  expect(job.abortReason).toMatch(/^JumpCloud rejected API_KEY/);
  expect(uploads(standIn)).toHaveLength(0);
  expect(job.entities).toHaveLength(0);
  expect(lines.join('\n')).not.toContain(wrongKey);
  expect(job.abortReason).not.toContain(wrongKey);
});

test('a wrong JupiterOne key: no job, nothing read from JumpCloud, one line naming the key', async () => {
  simulator = await startDemoSimulator(SMALL_ORG);
  standIn = await startJupiterOneStandIn();
  const wrongKey = 'wrong-j1-key-000000000000';
  const { result, lines } = await sync(simulator, standIn, { JUPITERONE_API_KEY: wrongKey });

  expect(result.exitCode).toBe(1);
  expect(result.line).toMatch(
    /^JupiterOne refused JUPITERONE_API_KEY: POST \/persister\/synchronization\/jobs answered 401.*No job was started; nothing was collected\.$/,
  );
  expect(standIn.jobs).toHaveLength(0);
  expect(standIn.requests).toHaveLength(1); // a 401 is not retried
  expect((await fetchSimulatorStats(simulator.url)).requests.total).toBe(0);
  expect(lines.join('\n')).not.toContain(wrongKey);
});

describe('readSyncSettings', () => {
  const complete = {
    JUPITERONE_API_KEY: 'k',
    JUPITERONE_ACCOUNT: 'a',
    JUPITERONE_INTEGRATION_INSTANCE_ID: INSTANCE_ID,
  };

  test("defaults to JupiterOne's production API", () => {
    expect(readSyncSettings(complete)).toEqual({
      apiKey: 'k',
      account: 'a',
      integrationInstanceId: INSTANCE_ID,
      apiBaseUrl: 'https://api.us.jupiterone.io',
    });
    expect(
      readSyncSettings({ ...complete, JUPITERONE_API_BASE_URL: 'https://x.example/' }),
    ).toEqual(expect.objectContaining({ apiBaseUrl: 'https://x.example' }));
  });

  test('names what is missing or malformed', () => {
    expect(readSyncSettings({ ...complete, JUPITERONE_API_KEY: ' ' })).toMatch(
      /^JUPITERONE_API_KEY is not set/,
    );
    expect(readSyncSettings({ ...complete, JUPITERONE_ACCOUNT: undefined })).toMatch(
      /^JUPITERONE_ACCOUNT is not set/,
    );
    expect(
      readSyncSettings({ ...complete, JUPITERONE_INTEGRATION_INSTANCE_ID: 'jumpcloud' }),
    ).toMatch(/^JUPITERONE_INTEGRATION_INSTANCE_ID must be an instance id .*got jumpcloud\.$/);
    expect(
      readSyncSettings({ ...complete, JUPITERONE_API_BASE_URL: 'api.us.jupiterone.io' }),
    ).toMatch(/^JUPITERONE_API_BASE_URL is not an http\(s\) URL/);
  });
});
