import { execFile } from 'child_process';
import { promises as fs } from 'fs';
import os from 'os';
import path from 'path';

/**
 * `npm test` ended in red `ERROR Local: Step "..." failed to complete` lines and stack traces
 * from tests that make steps fail on purpose, though everything passed. The environment in
 * test/environment.js holds the SDK's records back and prints them only for a failing test.
 * This runs jest on two small tests with it: one passes, one fails, both log like the SDK.
 */
const ROOT = path.join(__dirname, '..');

test('SDK log records are shown for a failing test only', async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'quiet-env-'));
  try {
    const record = (step: string) =>
      `\\u001b[31m12:00:00.000Z ERROR Local: Step \\"${step}\\" failed to complete due to error.\\u001b[39m\\n    at stack (file.js:1:1)\\n`;
    await fs.writeFile(
      path.join(dir, 'fixture.test.js'),
      [
        `test('passes', () => { process.stdout.write("${record('expected failure')}"); console.log('plain output'); });`,
        `test('fails', () => { process.stdout.write("${record('unexpected failure')}"); expect(1).toBe(2); });`,
      ].join('\n'),
    );
    const config = {
      rootDir: dir,
      testEnvironment: path.join(ROOT, 'test', 'environment.js'),
      testMatch: ['<rootDir>/fixture.test.js'],
    };
    const output = await new Promise<string>((resolve) => {
      execFile(
        process.execPath,
        [
          require.resolve('jest/bin/jest', { paths: [ROOT] }),
          '--config',
          JSON.stringify(config),
          '--ci',
        ],
        { cwd: dir, timeout: 60_000 },
        (_error, stdout, stderr) => resolve(stdout + stderr),
      );
    });
    expect(output).toMatch(/1 failed, 1 passed/);
    expect(output).not.toContain('"expected failure"');
    expect(output).toContain('SDK log of the failed test "fails"');
    expect(output.split('Step "unexpected failure" failed to complete')).toHaveLength(2);
    expect(output).toContain('plain output');
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}, 90_000);
