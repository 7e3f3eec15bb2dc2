import { promises as fs } from 'fs';

import { RunningSimulator, startSimulator } from '../simulator';
import { explainCollectFailure, runCollectCli } from './lib/collect';
import { createLinkedProject } from './lib/linked-project';

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
  expect(line).toMatch(/^Configuration problem: Config orgId \(ORG_ID\) ffffffffffffffffffffffff/);
  expect(line).toContain(simulator.orgIds[0]);
});

test('an unreachable BASE_URL: cannot reach JumpCloud, check BASE_URL', async () => {
  const line = await failureLine({ API_KEY: simulator.apiKey, BASE_URL: 'http://127.0.0.1:9' });
  expect(line).toMatch(/^Cannot reach JumpCloud: .*ECONNREFUSED/);
  expect(line).toContain('Check BASE_URL');
});

test('explainCollectFailure reads the last error record and knows a missing field', () => {
  expect(
    explainCollectFailure([
      'INFO something',
      'WARN x (errorCode="CONFIG_VALIDATION_ERROR", errorId="1", reason="Config requires apiKey") (code=x)',
    ]),
  ).toBe('Configuration problem: Config requires apiKey');
  expect(explainCollectFailure(['nothing useful'])).toBeUndefined();
});
