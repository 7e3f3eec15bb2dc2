import { existsSync, promises as fs } from 'fs';
import path from 'path';

import { DEMO_AS_OF, parseDemoArgs, runDemo } from './demo';
import { PROJECT_ROOT } from './lib/collect';
import { createLinkedProject } from './lib/linked-project';
import { DEMO_ORGANIZATION } from './lib/simulator';

const linkedProject = () => createLinkedProject('demo-project-');

const SMALL_ORG = { users: 20, groups: 3, apps: 3, systems: 10, systemGroups: 2, appleDevices: 4 };

describe('parseDemoArgs', () => {
  test('defaults: demo organization, this repository, graph page on', () => {
    expect(parseDemoArgs([])).toEqual({
      simulator: {},
      projectPath: PROJECT_ROOT,
      verbose: false,
      page: true,
      force: false,
      help: false,
    });
    expect(DEMO_ORGANIZATION.users).toBeGreaterThanOrEqual(200);
    expect(DEMO_ORGANIZATION.appleDevices).toBeGreaterThan(0);
  });

  test('sizes, faults and switches', () => {
    const options = parseDemoArgs([
      '--users',
      '50',
      '--system-groups=2',
      '--apple-devices',
      '0',
      '--fail-rate',
      '0.25',
      '--fail-path',
      '^/api/v2/applemdms',
      '--latency-ms',
      '5',
      '--verbose',
      '--no-page',
    ]);
    expect(options.simulator).toEqual({
      users: 50,
      systemGroups: 2,
      appleDevices: 0,
      failRate: 0.25,
      failPathPattern: '^/api/v2/applemdms',
      latencyMs: 5,
    });
    expect(options.verbose).toBe(true);
    expect(options.page).toBe(false);
  });

  test('bad input is refused with the usage', () => {
    expect(() => parseDemoArgs(['--users=-3'])).toThrow(/--users: invalid value/);
    expect(() => parseDemoArgs(['--users', '-3'])).toThrow(/--users needs a value/);
    expect(() => parseDemoArgs(['--fail-rate', '2'])).toThrow(/between 0 and 1/);
    expect(() => parseDemoArgs(['--bogus'])).toThrow(/unknown option --bogus/);
  });
});

describe('runDemo (j1-integration collect as a child process)', () => {
  let project: string;

  beforeAll(async () => {
    project = await linkedProject();
  });

  afterAll(async () => {
    await fs.rm(project, { recursive: true, force: true });
  });

  test('collects the simulated organization, prints the summary, writes the page', async () => {
    const lines: string[] = [];
    const result = await runDemo(
      { ...parseDemoArgs([]), simulator: SMALL_ORG, projectPath: project },
      (line) => lines.push(line),
    );
    const output = lines.join('\n');
    expect(result.exitCode).toBe(0);
    expect(result.summary?.integrationStepResults.length).toBeGreaterThanOrEqual(9);
    expect(result.summary?.integrationStepResults.every((s) => s.status === 'success')).toBe(true);
    expect(result.counts?.entities).toMatchObject({
      jumpcloud_account: 1,
      jumpcloud_user: 20,
      jumpcloud_group: 3,
      jumpcloud_application: 3,
      jumpcloud_device: 10,
      jumpcloud_device_group: 2,
      jumpcloud_apple_mdm: 1,
      jumpcloud_apple_device: 4,
    });
    expect(result.stats?.requests.total).toBeGreaterThan(10);
    expect(result.stats?.fdekeyRequests).toBe(0);
    expect(result.graphPage).toBe(path.join(project, '.j1-integration', 'graph.html'));
    expect(existsSync(result.graphPage!)).toBe(true);
    const record = JSON.parse(
      await fs.readFile(path.join(project, '.j1-integration', 'demo.json'), 'utf8'),
    ) as { asOf: string };
    expect(record.asOf).toBe(DEMO_AS_OF);

    expect(output).toContain('Running j1-integration collect (schema validation on)');
    expect(output).toMatch(/Completed step "Fetch Users"/);
    expect(output).toMatch(/jumpcloud_user\s+20/);
    expect(output).toMatch(/success\s+fetch-apple-mdm/);
    expect(output).toMatch(/Requests served by the simulator: \d+/);
    expect(output).toMatch(/Elapsed: collection [\d.]+ m?s, total/);
    expect(output).toContain('Graph page:');
    expect(output).not.toContain('Collected metric');
  });

  test('a failed step makes the exit code 1, although collect itself exits 0', async () => {
    const lines: string[] = [];
    const result = await runDemo(
      {
        ...parseDemoArgs(['--no-page']),
        simulator: {
          ...SMALL_ORG,
          failRate: 1,
          failPathPattern: '^/api/v2/applemdms',
          failKinds: ['500'],
        },
        projectPath: project,
        env: { JUMPCLOUD_RETRY_MAX_ATTEMPTS: '1', JUMPCLOUD_RETRY_BASE_DELAY_MS: '1' },
      },
      (line) => lines.push(line),
    );
    const output = lines.join('\n');
    expect(result.exitCode).toBe(1);
    const failed = result.summary?.integrationStepResults.filter((s) => s.status === 'failure');
    expect(failed?.map((s) => s.id)).toEqual(['fetch-apple-mdm']);
    expect(output).toMatch(/failure\s+<-- FAILED\s+fetch-apple-mdm/);
    expect(output).toContain('FAILED: 1 step(s) did not succeed: fetch-apple-mdm.');
    expect(output).toMatch(/ERROR/);
    expect(result.graphPage).toBeUndefined();
  });
});

describe('the demo and a real collection', () => {
  test('the demo refuses to replace what `npm start` collected, unless --force', async () => {
    const project = await linkedProject();
    try {
      const real = path.join(project, '.j1-integration');
      const file = path.join(real, 'graph', 'fetch-users', 'entities', 'real.json');
      await fs.mkdir(path.dirname(file), { recursive: true });
      await fs.writeFile(file, '{"entities":[]}');
      const lines: string[] = [];
      const result = await runDemo({ ...parseDemoArgs([]), projectPath: project }, (line) =>
        lines.push(line),
      );
      expect(result.exitCode).toBe(2);
      expect(result.stats).toBeUndefined(); // no simulator was started, nothing collected
      expect(lines.join('\n')).toMatch(
        /^REFUSED: .*\.j1-integration holds a real collection .*npm run demo -- --force/,
      );
      expect(await fs.readFile(file, 'utf8')).toBe('{"entities":[]}');
      expect(existsSync(path.join(project, '.j1-integration-staging'))).toBe(false);
      expect(parseDemoArgs(['--force']).force).toBe(true);
    } finally {
      await fs.rm(project, { recursive: true, force: true });
    }
  });
});
