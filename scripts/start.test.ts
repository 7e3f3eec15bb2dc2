import { spawn } from 'child_process';
import { existsSync, promises as fs } from 'fs';
import http from 'http';
import { AddressInfo } from 'net';
import path from 'path';

import { INSIGHTS_NOW_MS, RunningSimulator, startSimulator } from '../simulator';
import { explainCollectFailure, runCollectCli } from './lib/collect';
import { createLinkedProject } from './lib/linked-project';
import { DEMO_AS_OF } from './demo';
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
  expect(line).toMatch(/^Cannot reach JumpCloud\b.*ECONNREFUSED/);
  expect(line).toContain('Check BASE_URL');
});

/** Everything `npm start` prints for a run, progress and end, in order. */
async function startOutput(env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  const lines: string[] = [];
  const code = await runStart({
    projectPath: project,
    output: 'progress',
    write: (line) => lines.push(line),
    log: (line) => lines.push(line),
    error: (line) => lines.push(line),
    env: { ORG_ID: '', JUMPCLOUD_RETRY_MAX_ATTEMPTS: '2', ...env },
  });
  return { code, output: lines.join('\n') };
}

const count = (text: string, part: string) => text.split(part).length - 1;

describe('a failure is said once, in one line', () => {
  // A newcomer saw the SDK's WARN record, then `FAILED: Cannot reach JumpCloud: Cannot reach
  // JumpCloud at ...: ... Check BASE_URL (...) and the network.. Check BASE_URL (...) ...`.
  test('an unreachable BASE_URL', async () => {
    const { code, output } = await startOutput({
      API_KEY: simulator.apiKey,
      BASE_URL: 'http://127.0.0.1:9',
    });
    expect(code).toBe(1);
    expect(output).not.toContain('Error occurred while validating');
    expect(count(output, 'Cannot reach JumpCloud')).toBe(1);
    expect(count(output, 'Check BASE_URL')).toBe(1);
    expect(count(output, 'ECONNREFUSED')).toBe(1);
    expect(output).not.toContain('..');
    expect(output.trim().split('\n')).toHaveLength(1);
    expect(output.trim()).toMatch(/^FAILED: Cannot reach JumpCloud at http:\/\/127\.0\.0\.1:9\b/);
  });

  test('a wrong key: no "likely misconfigured" boilerplate', async () => {
    const { code, output } = await startOutput({
      API_KEY: 'wrong-key-0000000000000000000000000000000',
      BASE_URL: simulator.url,
    });
    expect(code).toBe(1);
    expect(output).not.toContain('likely misconfigured');
    expect(count(output, '401')).toBe(1);
    expect(output.trim()).toMatch(/^FAILED: JumpCloud rejected the API key: .*401/);
  });

  // A BASE_URL that answers but is not JumpCloud (a proxy's page, another service).
  test('a web server that is not JumpCloud: BASE_URL is named', async () => {
    const other = http.createServer((_request, response) => {
      response.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not Found</h1>');
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    try {
      const { code, output } = await startOutput({
        API_KEY: simulator.apiKey,
        BASE_URL: `http://127.0.0.1:${(other.address() as AddressInfo).port}`,
      });
      expect(code).toBe(1);
      expect(output.trim().split('\n')).toHaveLength(1);
      expect(output.trim()).toMatch(
        /^FAILED: BASE_URL answered, but not as JumpCloud does: .*404 Not Found\. Check BASE_URL \(https:\/\/console\.jumpcloud\.com/,
      );
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
  });
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

  /** A run against the test simulator that succeeds: what it logged. */
  async function successfulRun(): Promise<string[]> {
    const lines: string[] = [];
    const code = await runStart({
      ...quiet,
      projectPath: project,
      env: env(),
      log: (l) => lines.push(l),
    });
    expect(code).toBe(0);
    return lines;
  }

  test('a successful run replaces the previous collection', async () => {
    const lines = await successfulRun();
    expect(existsSync(marker())).toBe(false);
    expect(existsSync(path.join(storage(), 'summary.json'))).toBe(true);
    expect(existsSync(path.join(project, '.j1-integration-staging'))).toBe(false);
    expect(lines.join('\n')).toContain('OK: collected into');
    // The simulator said its date: the report asks date questions then, not today.
    const record = JSON.parse(await fs.readFile(path.join(storage(), 'demo.json'), 'utf8')) as {
      asOf: string;
    };
    expect(record.asOf).toBe(DEMO_AS_OF);
    expect(lines.join('\n')).toContain(
      `Simulated data: date questions are asked as of ${DEMO_AS_OF.slice(0, 10)}.`,
    );
  });

  // A newcomer's page and report vanished after a successful `npm start`.
  test('a success rebuilds the graph page and report the replaced collection had', async () => {
    await fs.writeFile(path.join(storage(), 'graph.html'), 'the old page');
    await fs.writeFile(path.join(storage(), 'report.md'), 'the old report');
    const lines = await successfulRun();
    const page = await fs.readFile(path.join(storage(), 'graph.html'), 'utf8');
    expect(page).toContain('<html');
    // The simulator's three users are on the new page.
    expect(count(page, '"type":"jumpcloud_user"')).toBeGreaterThanOrEqual(3);
    const report = await fs.readFile(path.join(storage(), 'report.md'), 'utf8');
    expect(report).not.toBe('the old report');
    expect(existsSync(path.join(storage(), 'report.html'))).toBe(true);
    expect(lines.join('\n')).toMatch(/Rebuilt .*graph\.html, .*report\.md, .*report\.html/);
  });

  // A newcomer's Ctrl-C printed nothing and left .j1-integration-staging/run-* for good.
  test('Ctrl-C stops the run, removes its staging folder and says so', async () => {
    const slow = await startSimulator({
      seed: 5,
      users: 3,
      systems: 2,
      quiet: true,
      latencyMs: 300,
    });
    try {
      const code = [
        `require(${JSON.stringify(path.join(__dirname, 'start'))})`,
        `.runStart({ projectPath: ${JSON.stringify(project)}, output: 'silent' })`,
        '.then((code) => process.exit(code));',
      ].join('');
      const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', code], {
        cwd: path.join(__dirname, '..'),
        env: { ...process.env, ...env({ API_KEY: slow.apiKey, BASE_URL: slow.url }) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const staging = path.join(project, '.j1-integration-staging');
      // Interrupt once the run is collecting (its staging folder holds the CLI's output).
      for (let waited = 0; waited < 30_000; waited += 100) {
        const runs = existsSync(staging) ? await fs.readdir(staging) : [];
        if (runs.some((run) => existsSync(path.join(staging, run, '.j1-integration')))) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(existsSync(staging)).toBe(true);
      child.kill('SIGINT');
      const exitCode = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(exitCode).toBe(130);
      expect(stderr).toMatch(/INTERRUPTED \(SIGINT\): .*staging folder .*run-\w+ was removed\./);
      expect(stderr).toContain('The previous collection in');
      expect(existsSync(staging)).toBe(false);
      expect(await fs.readFile(marker(), 'utf8')).toBe('the last good collection');
    } finally {
      await slow.stop();
    }
  });
});
