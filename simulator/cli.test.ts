import { spawn } from 'child_process';
import fetch from 'node-fetch';
import { join } from 'path';
import { parseArgs } from './cli';

describe('simulator CLI arguments', () => {
  it('parses every flag of the issue', () => {
    const options = parseArgs([
      '--port',
      '9090',
      '--api-key',
      'KEY',
      '--seed',
      '7',
      '--orgs',
      '3',
      '--users',
      '100000',
      '--groups',
      '50',
      '--apps',
      '12',
      '--systems',
      '50000',
      '--system-groups',
      '40',
      '--apple-devices',
      '900',
      '--latency-ms',
      '25',
      '--rate-limit',
      '20/s',
      '--max-in-flight',
      '8',
      '--fail-rate',
      '0.05',
      '--retry-after',
      '2',
    ]);
    expect(options).toEqual({
      port: 9090,
      apiKey: 'KEY',
      seed: 7,
      orgs: 3,
      users: 100000,
      groups: 50,
      apps: 12,
      systems: 50000,
      systemGroups: 40,
      appleDevices: 900,
      latencyMs: 25,
      rateLimitPerSecond: 20,
      maxInFlight: 8,
      failRate: 0.05,
      retryAfterSeconds: 2,
    });
  });

  it('--prepare generates before listening (the bench passes it)', () => {
    expect(parseArgs(['--prepare']).prepare).toBe(true);
    expect(parseArgs([]).prepare).toBeUndefined();
    expect(
      parseArgs(['--prepare', '--prepare-event-fields', 'timestamp,initiated_by.id'])
        .prepareEventFields,
    ).toEqual(['timestamp', 'initiated_by.id']);
    expect(() => parseArgs(['--prepare-event-fields', ','])).toThrow(/comma list/);
  });

  it('accepts --flag=value, plain rates and the extra knobs', () => {
    expect(
      parseArgs([
        '--rate-limit=20',
        '--fail-kinds',
        '500,reset',
        '--fail-path',
        '^/api/v2/',
        '--fail-seed',
        '3',
        '--apple-mdm',
        'absent',
        '--latency-jitter-ms',
        '5',
        '--quiet',
      ]),
    ).toEqual({
      port: 8080,
      rateLimitPerSecond: 20,
      failKinds: ['500', 'reset'],
      failPathPattern: '^/api/v2/',
      failSeed: 3,
      appleMdm: 'absent',
      latencyJitterMs: 5,
      quiet: true,
    });
  });

  it('parses the hostile knobs and the data quirks', () => {
    expect(
      parseArgs([
        '--fail-kinds',
        'cut-short,429,hang,trickle',
        '--retry-after',
        '100000',
        '--throttle-first',
        '20',
        '--ignore-skip',
        '^/api/systemusers$',
        '--low-total=^/api/systems$',
        '--duplicate',
        'members$',
        '--echo-api-key',
        '--quirks',
        'odd-ids,shared-id,old-agents',
      ]),
    ).toEqual({
      port: 8080,
      failKinds: ['cut-short', '429', 'hang', 'trickle'],
      retryAfterSeconds: 100000,
      throttleFirstRequests: 20,
      ignoreSkipPathPattern: '^/api/systemusers$',
      lowTotalPathPattern: '^/api/systems$',
      duplicatePathPattern: 'members$',
      echoApiKey: true,
      quirks: ['odd-ids', 'shared-id', 'old-agents'],
    });
    expect(() => parseArgs(['--quirks', 'haunted'])).toThrow(/haunted/);
    expect(() => parseArgs(['--ignore-skip', '('])).toThrow();
  });

  it('rejects bad values and unknown flags', () => {
    expect(() => parseArgs(['--users', '-3'])).toThrow(/--users/);
    expect(() => parseArgs(['--users', 'many'])).toThrow(/--users/);
    expect(() => parseArgs(['--fail-rate', '1.5'])).toThrow(/fail-rate/);
    expect(() => parseArgs(['--fail-kinds', 'teapot'])).toThrow(/teapot/);
    expect(() => parseArgs(['--apple-mdm', 'maybe'])).toThrow(/apple-mdm/);
    expect(() => parseArgs(['--rate-limit', '0'])).toThrow(/rate-limit/);
    expect(() => parseArgs(['--frobnicate'])).toThrow(/frobnicate/);
    expect(() => parseArgs(['--port'])).toThrow(/--port/);
  });
});

describe('simulator CLI process', () => {
  it('prints exactly one "listening on" line on stdout, serves, and stops on SIGTERM', async () => {
    const root = join(__dirname, '..');
    const child = spawn(
      process.execPath,
      [
        '-r',
        'ts-node/register/transpile-only',
        'simulator/cli.ts',
        '--port',
        '0',
        '--api-key',
        'cli-test-key',
        '--users',
        '7',
        '--orgs',
        '2',
      ],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (code) => resolve(code)),
    );
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          stdout += d.toString();
          const m = /^listening on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(stdout);
          if (m) resolve(m[1]);
        });
        child.on('exit', () => reject(new Error(`exited early: ${stderr}`)));
      });
      expect(stdout).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+\n$/);
      expect(stderr).toContain('cli-test-key');
      const orgs = (await (
        await fetch(`${url}/api/organizations`, { headers: { 'x-api-key': 'cli-test-key' } })
      ).json()) as { totalCount: number; results: Array<{ id: string }> };
      expect(orgs.totalCount).toBe(2);
      for (const org of orgs.results) expect(stderr).toContain(org.id);
      const users = await fetch(`${url}/api/systemusers`, {
        headers: { 'x-api-key': 'cli-test-key', 'x-org-id': orgs.results[1].id },
      });
      expect(((await users.json()) as { totalCount: number }).totalCount).toBe(7);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  }, 30000);
});
