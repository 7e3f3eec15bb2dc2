import { existsSync, promises as fs } from 'fs';
import path from 'path';

import { INSIGHTS_NOW_MS, RunningSimulator, startSimulator } from '../simulator';
import { explainCollectFailure, runCollectCli } from './lib/collect';
import { createLinkedProject } from './lib/linked-project';
import { runStart } from './start';

/**
 * `npm start` runs the real collect CLI; a failure must end in one line that says what is
 * wrong and what to do. These run the CLI as `npm start` does, against a local simulator.
 */
let simulator: RunningSimulator;
let project: string;

beforeAll(async () => {
  simulator = await startSimulator({ seed: 5, users: 3, systems: 2, quiet: true });
  project = await createLinkedProject('start-project-');
});
afterAll(async () => {
  await simulator?.stop();
  if (project) await fs.rm(project, { recursive: true, force: true });
});

async function failureLine(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const run = await runCollectCli({
    projectPath: project,
    output: 'silent',
    env: {
      ORG_ID: '',
      JUMPCLOUD_RETRY_MAX_ATTEMPTS: '2',
      JUMPCLOUD_RETRY_BASE_DELAY_MS: '5',
      ...env,
    },
  });
  await run.discard();
  expect(run.exitCode).not.toBe(0);
  return explainCollectFailure(run.tail);
}

test('a wrong key: JumpCloud rejected the API key, and what to check', async () => {
  const wrongKey = 'wrong-key-0000000000000000000000000000000';
  const line = await failureLine({ API_KEY: wrongKey, BASE_URL: simulator.url });
  expect(line).toMatch(/^JumpCloud rejected the API key: .*401/);
  expect(line).toContain('API access');
  expect(line).not.toContain(wrongKey);
});

test('an unknown orgId: the organizations the key can see', async () => {
  const line = await failureLine({
    API_KEY: simulator.apiKey,
    BASE_URL: simulator.url,
    ORG_ID: 'ffffffffffffffffffffffff',
  });
  expect(line).toMatch(
    /^Configuration problem: ORG_ID ffffffffffffffffffffffff is not an organization this API key can see/,
  );
  expect(line).toContain(simulator.orgIds[0]);
  expect(line).toContain('Leave ORG_ID empty');
});

test('an unreachable BASE_URL: cannot reach JumpCloud, check BASE_URL', async () => {
  const line = await failureLine({ API_KEY: simulator.apiKey, BASE_URL: 'http://127.0.0.1:9' });
  expect(line).toMatch(/^Cannot reach JumpCloud: .*ECONNREFUSED/);
  expect(line).toContain('Check BASE_URL');
});

test('a malformed BASE_URL: named as the environment variable, without escaped quotes', async () => {
  const line = await failureLine({ API_KEY: simulator.apiKey, BASE_URL: 'console.jumpcloud' });
  expect(line).toMatch(/^Configuration problem: BASE_URL is not a URL: console\.jumpcloud\. /);
  expect(line).not.toContain('baseUrl');
  expect(line).not.toContain('\\');
});

test('an empty API_KEY: which variable, and what it must hold', async () => {
  const line = await failureLine({ API_KEY: '', BASE_URL: simulator.url });
  expect(line).toMatch(/^Configuration problem: API_KEY is not set .*API access/);
});

test('a missing API_KEY (the SDK stops before validation): which variable, and where', () => {
  expect(
    explainCollectFailure([
      'IntegrationLocalConfigFieldMissingError: Expected environment variable "API_KEY" for config field "apiKey" to be set.',
    ]),
  ).toBe(
    'Configuration missing: API_KEY is not set. Copy .env.example to .env and set API_KEY there (or in the environment).',
  );
});

test('explainCollectFailure reads the last error record and knows a missing field', () => {
  expect(
    explainCollectFailure([
      'INFO something',
      'WARN x (errorCode="CONFIG_VALIDATION_ERROR", errorId="1", reason="Config requires apiKey") (code=x)',
    ]),
  ).toBe('Configuration problem: Config requires apiKey');
  expect(
    explainCollectFailure([
      'WARN x (errorCode="CONFIG_VALIDATION_ERROR", reason="a \\"quoted\\" \\\\ value") (code=x)',
    ]),
  ).toBe('Configuration problem: a "quoted" \\ value');
  expect(explainCollectFailure(['nothing useful'])).toBeUndefined();
});

describe('runStart: a run replaces .j1-integration only when it succeeded', () => {
  const storage = () => path.join(project, '.j1-integration');
  const marker = () => path.join(storage(), 'previous-run.txt');
  const quiet = { output: 'silent' as const, log: () => undefined };
  const env = (extra: NodeJS.ProcessEnv = {}) => ({
    API_KEY: simulator.apiKey,
    BASE_URL: simulator.url,
    ORG_ID: '',
    JUMPCLOUD_RETRY_MAX_ATTEMPTS: '1',
    JUMPCLOUD_RETRY_BASE_DELAY_MS: '1',
    // Sign-in activity as of the simulated organization's date (its events end there).
    ACTIVITY_AS_OF: new Date(INSIGHTS_NOW_MS).toISOString(),
    ...extra,
  });

  beforeEach(async () => {
    await fs.rm(storage(), { recursive: true, force: true });
    await fs.rm(path.join(project, '.j1-integration-failed'), { recursive: true, force: true });
    await fs.mkdir(storage(), { recursive: true });
    await fs.writeFile(marker(), 'the last good collection');
  });

  test('a run that cannot start keeps the previous collection and says so', async () => {
    const errors: string[] = [];
    // A .env with a near miss: the warning says which setting was meant.
    await fs.writeFile(path.join(project, '.env'), 'APIKEY=abc\nBASE_ULR=https://x\n');
    const code = await runStart({
      ...quiet,
      projectPath: project,
      env: env({ API_KEY: 'wrong-key-0000000000000000000000000000000' }),
      error: (line) => errors.push(line),
    });
    expect(code).toBe(1);
    expect(await fs.readFile(marker(), 'utf8')).toBe('the last good collection');
    expect(errors.join('\n')).toContain('The previous collection in');
    expect(errors).toContain(
      'WARNING: .env sets APIKEY, which nothing reads: did you mean API_KEY?',
    );
    expect(errors).toContain('(.env sets BASE_ULR, which nothing reads: did you mean BASE_URL?)');
    expect(existsSync(path.join(project, '.j1-integration-staging'))).toBe(false);
    await fs.rm(path.join(project, '.env'));
  });

  test('a failed step keeps the previous collection; the run goes to .j1-integration-failed', async () => {
    const failing = await startSimulator({
      seed: 5,
      users: 3,
      systems: 2,
      quiet: true,
      failRate: 1,
      failKinds: ['500'],
      failPathPattern: '^/api/v2/applemdms',
    });
    try {
      const errors: string[] = [];
      const code = await runStart({
        ...quiet,
        projectPath: project,
        env: env({ API_KEY: failing.apiKey, BASE_URL: failing.url }),
        error: (line) => errors.push(line),
      });
      expect(code).toBe(1);
      expect(await fs.readFile(marker(), 'utf8')).toBe('the last good collection');
      expect(existsSync(path.join(project, '.j1-integration-failed', 'summary.json'))).toBe(true);
      expect(errors.join('\n')).toMatch(/fetch-apple-mdm[\s\S]*\.j1-integration-failed/);
    } finally {
      await failing.stop();
    }
  });

  test('a successful run replaces the previous collection', async () => {
    const lines: string[] = [];
    const code = await runStart({
      ...quiet,
      projectPath: project,
      env: env(),
      log: (l) => lines.push(l),
    });
    expect(code).toBe(0);
    expect(existsSync(marker())).toBe(false);
    expect(existsSync(path.join(storage(), 'summary.json'))).toBe(true);
    expect(existsSync(path.join(project, '.j1-integration-staging'))).toBe(false);
    expect(lines.join('\n')).toContain('OK: collected into');
  });
});
