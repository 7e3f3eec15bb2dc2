import { promises as fs } from 'fs';
import os from 'os';
import path from 'path';

import { StepResultStatus } from '@jupiterone/integration-sdk-core';

import { buildSyntheticGraph, writeSyntheticGraph } from '../graph-page/testing/synthetic-graph';
import { assertChromiumInstalled, chromiumPath } from './chromium';
import { buildCollectEnv, childLogLevel, createProgressFilter, stripAnsi } from './collect';
import { displayPath, formatBytes, formatDuration, formatTable } from './format';
import { countByType, countGraphFilesByType, listGraphFiles, readGraph } from './graph-files';
import { formatRunReport, formatSimulatorStats } from './run-summary';
import type { SimulatorStats } from './simulator';
import {
  CollectionSummary,
  countStepStatuses,
  failedSteps,
  readCollectionSummary,
} from './summary';

let tmp: string;

beforeEach(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'scripts-lib-'));
});

afterEach(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

describe('graphFiles', () => {
  test('reads every entity and relationship file of a collection, plain or brotli', async () => {
    const graph = buildSyntheticGraph({ users: 7, groups: 2, apps: 2, devices: 3 });
    for (const compressed of [false, true]) {
      const storage = path.join(tmp, compressed ? 'brotli' : 'plain');
      const graphDir = await writeSyntheticGraph(storage, graph, { compressed });
      const read = await readGraph(graphDir);
      expect(read.entities).toHaveLength(graph.entities.length);
      expect(read.relationships).toHaveLength(graph.relationships.length);
      expect(new Set(read.entities.map((e) => e._key))).toEqual(
        new Set(graph.entities.map((e) => e._key)),
      );
      expect(read.fileCount).toBe((await listGraphFiles(graphDir)).length);
    }
  });

  test('counts per _type, sorted by type', async () => {
    const graph = buildSyntheticGraph({ users: 5, groups: 1, apps: 1, devices: 2 });
    const graphDir = await writeSyntheticGraph(tmp, graph);
    const counts = await countGraphFilesByType(graphDir);
    expect(counts.entities).toEqual({
      jumpcloud_account: 1,
      jumpcloud_application: 1,
      jumpcloud_device: 2,
      jumpcloud_group: 1,
      jumpcloud_user: 5,
    });
    expect(Object.keys(counts.relationships)).toEqual(
      [...Object.keys(counts.relationships)].sort(),
    );
    expect(counts.totalEntities).toBe(10);
    expect(counts.totalRelationships).toBe(graph.relationships.length);
    expect(countByType([{ _type: 'b' }, { _type: 'a' }, { _type: 'b' }])).toEqual({ a: 1, b: 2 });
  });

  test('a missing graph directory says how to make one', async () => {
    await expect(listGraphFiles(path.join(tmp, 'nope'))).rejects.toThrow(/run a collection first/);
  });

  test('a corrupt file names the file', async () => {
    const dir = path.join(tmp, 'graph', 'step', 'entities');
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(path.join(dir, 'bad.json'), '{"entities": [');
    await expect(readGraph(path.join(tmp, 'graph'))).rejects.toThrow(/bad\.json is not valid JSON/);
  });
});

describe('summary', () => {
  const step = (id: string, status: StepResultStatus) => ({
    id,
    name: id,
    declaredTypes: [],
    partialTypes: [],
    encounteredTypes: [],
    status,
  });
  const summary: CollectionSummary = {
    integrationStepResults: [
      step('fetch-account', StepResultStatus.SUCCESS),
      step('fetch-users', StepResultStatus.FAILURE),
      step('build-group-members', StepResultStatus.PARTIAL_SUCCESS_DUE_TO_DEPENDENCY_FAILURE),
      step('fetch-apple-mdm', StepResultStatus.DISABLED),
    ],
    metadata: { partialDatasets: { types: ['jumpcloud_user'] } },
  };

  test('failure and dependency failure count as failed; disabled does not', () => {
    expect(failedSteps(summary).map((s) => s.id)).toEqual(['fetch-users', 'build-group-members']);
    expect(countStepStatuses(summary)).toEqual({
      success: 1,
      failure: 1,
      partial_success_due_to_dependency_failure: 1,
      disabled: 1,
    });
  });

  test('reads summary.json, and explains a missing one', async () => {
    await fs.writeFile(path.join(tmp, 'summary.json'), JSON.stringify(summary));
    expect((await readCollectionSummary(tmp)).integrationStepResults).toHaveLength(4);
    await expect(readCollectionSummary(path.join(tmp, 'none'))).rejects.toThrow(/did not finish/);
  });

  test('the report marks failed steps and lists partial types', () => {
    const text = formatRunReport({
      counts: {
        entities: { jumpcloud_user: 3 },
        relationships: { jumpcloud_group_has_user: 2 },
        totalEntities: 3,
        totalRelationships: 2,
      },
      summary,
      collectMs: 1234,
      totalMs: 2500,
    });
    expect(text).toContain('Entities (3)');
    expect(text).toMatch(/jumpcloud_user\s+3/);
    expect(text).toMatch(/failure {2}<-- FAILED\s+fetch-users/);
    expect(text).toContain('Steps (4, 2 failed)');
    expect(text).toContain('partial types: jumpcloud_user');
    expect(text).toContain('Elapsed: collection 1.2 s, total 2.5 s');
  });
});

describe('simulator stats', () => {
  test('prints the total, the busiest endpoints and any 429s or faults', () => {
    const stats = {
      requests: {
        total: 30,
        byEndpoint: { 'GET /a': 10, 'GET /b': 8, 'GET /c': 5, 'GET /d': 4, 'GET /e': 3 },
        byStatus: { '200': 28, '429': 2 },
      },
      rateLimited: 2,
      rateLimitedByReason: { rateLimit: 2, maxInFlight: 0 },
      faults: { total: 0, byKind: {} },
      maxInFlightSeen: 4,
      maxConcurrentSeen: 5,
      inFlight: 0,
      fdekeyRequests: 0,
    } as unknown as SimulatorStats;
    const text = formatSimulatorStats(stats, 3);
    expect(text).toContain('Requests served by the simulator: 30');
    expect(text).toMatch(/GET \/a\s+10/);
    expect(text).toMatch(/\(2 other endpoints\)\s+7/);
    expect(text).toContain('status codes: 200: 28, 429: 2');
    expect(text).toContain('rate limited (429): 2');
    expect(text).not.toContain('injected faults');
    expect(text).not.toContain('FDE');
  });
});

describe('collect CLI helpers', () => {
  test('the child environment carries the config and hides a stray ORG_ID', () => {
    const saved = process.env.JUPITERONE_INTEGRATION_STORAGE_DIRECTORY;
    process.env.JUPITERONE_INTEGRATION_STORAGE_DIRECTORY = '/somewhere/else';
    try {
      const env = buildCollectEnv({ baseUrl: 'http://127.0.0.1:1', apiKey: 'k', concurrency: 3 });
      expect(env).toMatchObject({
        BASE_URL: 'http://127.0.0.1:1',
        API_KEY: 'k',
        ORG_ID: '',
        CONCURRENCY: '3',
        LOG_LEVEL: 'info',
        AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1',
      });
      expect(env.JUPITERONE_INTEGRATION_STORAGE_DIRECTORY).toBeUndefined();
    } finally {
      if (saved === undefined) delete process.env.JUPITERONE_INTEGRATION_STORAGE_DIRECTORY;
      else process.env.JUPITERONE_INTEGRATION_STORAGE_DIRECTORY = saved;
    }
  });

  test('the progress filter keeps step lines and whole warnings, drops dumps', () => {
    const out: string[] = [];
    const filter = createProgressFilter((line) => out.push(line), { startedAt: Date.now() });
    const esc = '\u001b';
    [
      'TypeScript files detected. Registering ts-node.',
      `${esc}[90m05:29:37.760Z${esc}[39m ${esc}[32m INFO${esc}[39m Local: ${esc}[36mStarting execution with config...${esc}[39m`,
      '05:29:37.831Z  INFO Local: Starting step "Fetch Organizations"... (stepId=fetch-account)',
      '05:29:37.906Z  INFO Local: Collected metric.',
      '  metric: {',
      '    "name": "duration-collect",',
      '  }',
      '05:29:37.929Z  INFO Local: Done: 25 groups (stepId=fetch-groups, groups=25)',
      '05:29:38.000Z  WARN Local: Skipped 2 members (stepId=build-group-members)',
      '  detail line of the warning',
      '05:29:38.100Z ERROR Local: Step "Fetch Users" failed to complete due to error.',
      '  Error: Provider API failed at GET /api/systemusers: 500',
      '      at toIntegrationError (src/jumpcloud/errors.ts:106:12)',
      '05:29:38.200Z  INFO Local: Step summary (stepId=fetch-users)',
      '  summary: {...}',
      '05:29:38.300Z  INFO Local: Integration data collection has completed.',
      '  collectionResult: {',
      'Results:',
      'Step "fetch-account" completed with status: success',
    ].forEach(filter);
    const text = out.join('\n');
    expect(out[0]).toMatch(/^ {2}\+ +\d+\.\ds {2}Starting step "Fetch Organizations"/);
    expect(text).toContain('Done: 25 groups');
    expect(text).toContain('WARN  Skipped 2 members');
    expect(text).toContain('  detail line of the warning');
    expect(text).toContain('ERROR Step "Fetch Users" failed');
    expect(text).toContain('at toIntegrationError');
    for (const dropped of [
      'Registering ts-node',
      'Starting execution',
      'Collected metric',
      'duration-collect',
      'Step summary',
      'summary: {',
      'collectionResult',
      'Results:',
      'completed with status',
    ]) {
      expect(text).not.toContain(dropped);
    }
    expect(text).not.toContain(esc);
  });

  test('stripAnsi', () => {
    expect(stripAnsi('\u001b[31mred\u001b[39m plain')).toBe('red plain');
  });
});

describe('format', () => {
  test('tables align numbers right and text left', () => {
    expect(
      formatTable(
        ['_type', 'count'],
        [
          ['jumpcloud_user', 300],
          ['jumpcloud_account', 1],
        ],
      ),
    ).toBe(
      [
        '  _type              count',
        '  -----------------  -----',
        '  jumpcloud_user       300',
        '  jumpcloud_account      1',
      ].join('\n'),
    );
  });

  test('durations and sizes', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(12_345)).toBe('12.3 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(2048)).toBe('2.0 KiB');
    expect(formatBytes(3 * 1024 * 1024)).toBe('3.0 MiB');
  });

  test('paths inside the working directory are shown relative, others absolute', () => {
    expect(displayPath('/repo/.j1-integration/graph.html', '/repo')).toBe(
      '.j1-integration/graph.html',
    );
    expect(displayPath('/tmp/x/graph.html', '/repo')).toBe('/tmp/x/graph.html');
    expect(displayPath('/repo', '/repo')).toBe('.');
  });
});

describe('chromium', () => {
  test('a missing browser fails with the install command', () => {
    expect(() => assertChromiumInstalled('/nonexistent/chromium')).toThrow(
      /Chromium not found at \/nonexistent\/chromium\. Install it with `apt-get update && apt-get install -y chromium`/,
    );
    expect(chromiumPath({ CHROMIUM_PATH: '/opt/chrome' })).toBe('/opt/chrome');
    expect(chromiumPath({})).toBe('/usr/bin/chromium');
  });
});

describe('childLogLevel', () => {
  // LOG_LEVEL=error once turned npm start's one-line failure into a raw error dump: the
  // failure is read from the runtime's warning records.
  test('never quieter than warn, so a failure can still be explained', () => {
    expect(childLogLevel('error')).toBe('warn');
    expect(childLogLevel('FATAL')).toBe('warn');
  });
  test('the level asked for otherwise, info by default', () => {
    expect(childLogLevel(undefined)).toBe('info');
    expect(childLogLevel('')).toBe('info');
    expect(childLogLevel('debug')).toBe('debug');
    expect(childLogLevel('warn')).toBe('warn');
  });
});
