/**
 * `npm run demo`: the whole integration against a simulated JumpCloud organization, with
 * nothing to install or configure by hand.
 *
 * 1. starts the simulator (simulator/) on a free 127.0.0.1 port with a seeded demo
 *    organization: a few hundred users, groups, applications, systems, an Apple MDM;
 * 2. runs `j1-integration collect` (the SDK CLI, schema validation on) against it, showing
 *    step progress; a successful run replaces `.j1-integration/` (a failed one goes to
 *    `.j1-integration-failed/`), with `demo.json` recording the organization's date;
 * 3. prints entities and relationships per `_type`, the step results from summary.json,
 *    the requests the simulator served and the time taken;
 * 4. writes the offline graph page `.j1-integration/graph.html`;
 * 5. stops the simulator. Exit code 1 if collect failed or any step failed.
 *
 *   npm run demo -- [--users N] [--groups N] [--apps N] [--systems N] [--system-groups N]
 *                   [--apple-devices N] [--seed N] [--latency-ms N] [--fail-rate R]
 *                   [--fail-path REGEX] [--verbose] [--no-page]
 */
import { existsSync } from 'fs';
import path from 'path';

import { writeGraphPage } from './graph-page';
import { AS_OF_MS } from '../simulator/shared/random';
import {
  explainCollectFailure,
  PROJECT_ROOT,
  runCollectCli,
  STORAGE_DIR_NAME,
} from './lib/collect';
import { displayPath, formatBytes, formatDuration } from './lib/format';
import { countGraphFilesByType, TypeCounts } from './lib/graph-files';
import { formatRunReport } from './lib/run-summary';
import {
  DEMO_ORGANIZATION,
  fetchSimulatorStats,
  SimulatorOptions,
  SimulatorStats,
  startDemoSimulator,
} from './lib/simulator';
import { CollectionSummary, failedSteps, readCollectionSummary } from './lib/summary';
import { DEMO_RECORD_FILE, writeDemoRecord } from './lib/demo-record';
import { numberValue, parseCommandLine, runProgram, stringValue } from './lib/command-line';

process.env.AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE = '1';

/**
 * The simulated organization is dated from a fixed day so that it is the same every run;
 * date questions ("not seen for 30 days") are answered as of ten days after it.
 */
export const DEMO_AS_OF = new Date(AS_OF_MS).toISOString();

export const DEMO_USAGE = `Usage: npm run demo -- [options]

  --users N --groups N --apps N --systems N --system-groups N --apple-devices N
                      size of the simulated organization (default ${DEMO_ORGANIZATION.users} users,
                      ${DEMO_ORGANIZATION.groups} groups, ${DEMO_ORGANIZATION.apps} applications, ${DEMO_ORGANIZATION.systems} systems, ${DEMO_ORGANIZATION.systemGroups} system groups,
                      ${DEMO_ORGANIZATION.appleDevices} Apple MDM devices)
  --seed N            data seed (default ${DEMO_ORGANIZATION.seed})
  --latency-ms N      simulated API latency per request (default 0)
  --fail-rate R       probability (0..1) of an injected API fault (default 0)
  --fail-path REGEX   only API paths matching REGEX fail
  --project-path DIR  project to run (default: this repository); the graph goes to DIR/.j1-integration
  --verbose           show the CLI's full log output
  --no-page           do not write .j1-integration/graph.html
  --force             replace a real collection (from \`npm start\`) in .j1-integration/;
                      without it the demo refuses to touch one
  -h, --help          this help (runs nothing)`;

export interface DemoOptions {
  simulator: SimulatorOptions;
  projectPath: string;
  /** Extra environment for the collect child (e.g. JUMPCLOUD_RETRY_MAX_ATTEMPTS in tests). */
  env?: NodeJS.ProcessEnv;
  verbose: boolean;
  page: boolean;
  /** Replace a real run's collection (one without demo.json) in `.j1-integration/`. */
  force: boolean;
  help: boolean;
}

const COUNT_FLAGS: Record<string, keyof SimulatorOptions> = {
  users: 'users',
  groups: 'groups',
  apps: 'apps',
  systems: 'systems',
  'system-groups': 'systemGroups',
  'apple-devices': 'appleDevices',
  seed: 'seed',
  'latency-ms': 'latencyMs',
};

export function parseDemoArgs(argv: readonly string[]): DemoOptions {
  const line = parseCommandLine(argv, {
    ...Object.fromEntries(Object.keys(COUNT_FLAGS).map((flag) => [flag, { type: 'string' }])),
    'fail-rate': { type: 'string' },
    'fail-path': { type: 'string' },
    'project-path': { type: 'string' },
    verbose: { type: 'boolean' },
    'no-page': { type: 'boolean' },
    force: { type: 'boolean' },
  } as const);
  const options: DemoOptions = {
    simulator: {},
    projectPath: PROJECT_ROOT,
    verbose: false,
    page: true,
    force: false,
    help: line === 'help',
  };
  if (line === 'help') return options;
  for (const [flag, key] of Object.entries(COUNT_FLAGS)) {
    const value = numberValue(line, flag);
    if (value !== undefined) (options.simulator as Record<string, number>)[key] = value;
  }
  const failRate = numberValue(line, 'fail-rate', { integer: false, max: 1 });
  if (failRate !== undefined) options.simulator.failRate = failRate;
  const failPath = stringValue(line, 'fail-path');
  if (failPath !== undefined) options.simulator.failPathPattern = failPath;
  const projectPath = stringValue(line, 'project-path');
  if (projectPath !== undefined) options.projectPath = path.resolve(projectPath);
  options.verbose = line.values.verbose === true;
  options.page = line.values['no-page'] !== true;
  options.force = line.values.force === true;
  return options;
}

/** A collection that `npm start` wrote: a graph without the demo's record beside it. */
function holdsRealCollection(storageDir: string): boolean {
  return (
    existsSync(path.join(storageDir, 'graph')) &&
    !existsSync(path.join(storageDir, DEMO_RECORD_FILE))
  );
}

export interface DemoResult {
  exitCode: number;
  summary?: CollectionSummary;
  counts?: TypeCounts;
  stats?: SimulatorStats;
  graphPage?: string;
  collectMs: number;
  totalMs: number;
}

/** The demo, callable from code; prints through `log`. Never throws for a failed run. */
export async function runDemo(
  options: DemoOptions,
  log: (line: string) => void = (line) => console.log(line),
): Promise<DemoResult> {
  const started = Date.now();
  const org = { ...DEMO_ORGANIZATION, ...options.simulator };
  const current = path.join(options.projectPath, STORAGE_DIR_NAME);
  if (!options.force && holdsRealCollection(current)) {
    log(
      `REFUSED: ${displayPath(current)} holds a real collection (from \`npm start\`: it has ` +
        `no ${DEMO_RECORD_FILE}), and the demo would replace it. Move it away, or run ` +
        '`npm run demo -- --force` to replace it.',
    );
    return { exitCode: 2, collectMs: 0, totalMs: Date.now() - started };
  }
  log(
    `Simulated JumpCloud organization: ${org.users} users, ${org.groups} user groups, ` +
      `${org.apps} applications, ${org.systems} systems, ${org.systemGroups} system groups, ` +
      `an Apple MDM with ${org.appleDevices} devices (seed ${org.seed}).`,
  );
  const simulator = await startDemoSimulator(options.simulator);
  const relative = (file: string) => displayPath(file);
  let collectMs = 0;
  try {
    log(`Simulator listening on ${simulator.url}`);
    log('');
    log('Running j1-integration collect (schema validation on)...');
    const run = await runCollectCli({
      baseUrl: simulator.url,
      apiKey: simulator.apiKey,
      projectPath: options.projectPath,
      output: options.verbose ? 'raw' : 'progress',
      write: log,
      // Sign-in activity is read as of the simulated organization's date, like the report.
      env: { ACTIVITY_AS_OF: DEMO_AS_OF, ...options.env },
    });
    collectMs = run.durationMs;
    log('');
    if (run.interrupted) {
      log(
        `INTERRUPTED (${run.interrupted}): the collection stopped; its staging folder ` +
          `${relative(run.stagingDir)} was removed, ${relative(run.projectStorageDir)} is unchanged.`,
      );
      return { exitCode: 130, collectMs, totalMs: Date.now() - started };
    }

    let summary: CollectionSummary | undefined;
    try {
      summary = await readCollectionSummary(run.storageDir);
    } catch (err) {
      await run.discard();
      log(
        `FAILED: ${explainCollectFailure(run.tail) ?? `j1-integration collect exited with code ${run.exitCode}: ${(err as Error).message}`}`,
      );
      return { exitCode: 1, collectMs, totalMs: Date.now() - started };
    }
    const counts = await countGraphFilesByType(path.join(run.storageDir, 'graph')).catch(() => ({
      entities: {},
      relationships: {},
      totalEntities: 0,
      totalRelationships: 0,
    }));
    const stats = await fetchSimulatorStats(simulator.url);
    await writeDemoRecord(run.storageDir, {
      asOf: DEMO_AS_OF,
      seed: org.seed ?? 1,
      simulator: { ...org },
    });

    const failed = failedSteps(summary);
    const succeeded = run.exitCode === 0 && failed.length === 0;
    // Only a good run replaces the last collection; a failed one is kept beside it.
    const storageDir = succeeded ? await run.publish() : await run.setAside();

    let graphPage: string | undefined;
    let pageLine: string | undefined;
    if (storageDir && options.page && counts.totalEntities > 0) {
      const page = await writeGraphPage({
        graphDir: path.join(storageDir, 'graph'),
        outFile: path.join(storageDir, 'graph.html'),
        title: 'JumpCloud demo graph',
      });
      graphPage = page.outFile;
      pageLine =
        `Graph page: ${relative(page.outFile)} (${page.nodeCount} nodes, ${page.edgeCount} ` +
        `edges, ${formatBytes(page.bytes)}); open it in a browser, it needs no network.`;
    }

    const totalMs = Date.now() - started;
    log(formatRunReport({ counts, summary, collectMs, totalMs, stats }));
    if (storageDir) log(`Graph files: ${relative(path.join(storageDir, 'graph'))}/<stepId>/`);
    if (pageLine) log(pageLine);

    let exitCode = 0;
    if (run.exitCode !== 0) {
      log(
        `FAILED: ${explainCollectFailure(run.tail) ?? `j1-integration collect exited with code ${run.exitCode}.`}`,
      );
      exitCode = 1;
    }
    if (failed.length) {
      log(
        `FAILED: ${failed.length} step(s) did not succeed: ${failed.map((s) => s.id).join(', ')}.`,
      );
      exitCode = 1;
    }
    if (!succeeded) {
      log(`The previous collection in ${relative(run.projectStorageDir)} (if any) is unchanged.`);
    }
    return { exitCode, summary, counts, stats, graphPage, collectMs, totalMs };
  } finally {
    await simulator.stop();
  }
}

export async function main(argv: readonly string[]): Promise<number> {
  const options = parseDemoArgs(argv);
  if (options.help) {
    console.log(DEMO_USAGE);
    return 0;
  }
  const result = await runDemo(options);
  if (result.exitCode === 0) {
    const steps = result.summary?.integrationStepResults.length ?? 0;
    console.log(`OK: ${steps} steps succeeded in ${formatDuration(result.totalMs)}.`);
    console.log(
      'Next: open .j1-integration/graph.html, or `npm run report` for the managed questions ' +
        `(answered as of ${DEMO_AS_OF.slice(0, 10)}, the simulated organization's own date).`,
    );
  }
  return result.exitCode;
}

if (require.main === module) {
  runProgram('demo', DEMO_USAGE, () => main(process.argv.slice(2)));
}
