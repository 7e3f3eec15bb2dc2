import { execFile } from 'child_process';
import { existsSync, promises as fs } from 'fs';
import http from 'http';
import { AddressInfo } from 'net';
import path from 'path';

import { parseCommandLine, UsageError } from './lib/command-line';
import { PROJECT_ROOT } from './lib/paths';

/**
 * Every program's command line, as a newcomer types it: `npm start -- --help` used to start a
 * real collection against the configured tenant. Each program runs as `npm run` runs it (here
 * from TypeScript), pointed at a server that counts the requests it gets.
 */
const PROGRAMS: Record<string, string> = {
  start: 'scripts/start.ts',
  demo: 'scripts/demo.ts',
  graph: 'scripts/graph-page/cli.ts',
  report: 'scripts/report.ts',
  bench: 'scripts/bench.ts',
  simulator: 'simulator/cli.ts',
};

let server: http.Server;
let url: string;
let requests = 0;

beforeAll(async () => {
  server = http.createServer((_request, response) => {
    requests += 1;
    response.writeHead(500).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

/** The project's collection folders, with each one's modification time. */
async function collections(): Promise<string[]> {
  const names = (await fs.readdir(PROJECT_ROOT)).filter((name) => name.startsWith('.j1-'));
  return Promise.all(
    names.map(async (name) => `${name} ${(await fs.stat(path.join(PROJECT_ROOT, name))).mtimeMs}`),
  );
}

function run(
  program: string,
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  const file = path.join(PROJECT_ROOT, PROGRAMS[program]);
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', file, ...args],
      {
        cwd: PROJECT_ROOT,
        env: {
          ...process.env,
          TS_NODE_PROJECT: path.join(PROJECT_ROOT, 'tsconfig.json'),
          BASE_URL: url,
          API_KEY: 'commands-test-key-000000000000000000000',
          ORG_ID: '',
        },
        timeout: 60_000,
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe.each(Object.keys(PROGRAMS))('npm run %s', (program) => {
  test('--help prints the usage and runs nothing', async () => {
    const before = await collections();
    const result = await run(program, ['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: /);
    expect(result.stdout).toMatch(/-h, --help/);
    expect(requests).toBe(0);
    // Nothing collected, staged or written where collections go.
    expect(await collections()).toEqual(before);
    expect(existsSync(path.join(PROJECT_ROOT, '.j1-integration-staging'))).toBe(false);
  }, 60_000);
});

// Each program's own tests check that its parser refuses unknown flags; this one checks that
// the refusal reaches the person as a usage error before anything runs.
test('npm start -- --verbos: refused with the usage, exit code 2, nothing collected', async () => {
  const result = await run('start', ['--verbos']);
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(/^start: unknown option --verbos\n\nUsage: npm start/);
  expect(requests).toBe(0);
}, 60_000);

describe('parseCommandLine', () => {
  const spec = { size: { type: 'string' }, verbose: { type: 'boolean' } } as const;

  test('flags with values, either form; switches', () => {
    expect(parseCommandLine(['--size', 'M', '--verbose'], spec)).toEqual({
      values: { size: 'M', verbose: true },
      positionals: [],
    });
    expect(parseCommandLine(['--size=L'], spec)).toMatchObject({ values: { size: 'L' } });
  });

  test('help wins, even beside a bad flag; not after --', () => {
    expect(parseCommandLine(['--bogus', '-h'], spec)).toBe('help');
    expect(() => parseCommandLine(['--', '--help'], spec)).toThrow(UsageError);
  });

  test('what is wrong, in one phrase', () => {
    expect(() => parseCommandLine(['--sise', 'M'], spec)).toThrow('unknown option --sise');
    expect(() => parseCommandLine(['--size'], spec)).toThrow('--size needs a value');
    expect(() => parseCommandLine(['--size='], spec)).toThrow('--size needs a value');
    expect(() => parseCommandLine(['--size', '--verbose'], spec)).toThrow(/--size needs a value/);
    expect(() => parseCommandLine(['M'], spec)).toThrow('unexpected argument "M"');
  });
});
