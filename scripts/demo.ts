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
import path from 'path';

import { writeGraphPage } from './graph-page';
import { DAY_MS, EPOCH_MS } from '../simulator/random';
import { PROJECT_ROOT, runCollectCli } from './lib/collect';
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
import { writeDemoRecord } from './lib/demo-record';

process.env.AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE = '1';

/**
 * The simulated organization is dated from a fixed day so that it is the same every run;
 * date questions ("not seen for 30 days") are answered as of ten days after it.
 */
export const DEMO_AS_OF = new Date(EPOCH_MS + 10 * DAY_MS).toISOString();

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
  --help`;

export interface DemoOptions {
  simulator: SimulatorOptions;
  projectPath: string;
  /** Extra environment for the collect child (e.g. JUMPCLOUD_RETRY_MAX_ATTEMPTS in tests). */
  env?: NodeJS.ProcessEnv;
  verbose: boolean;
  page: boolean;
  help: boolean;
}

export function parseDemoArgs(argv: string[]): DemoOptions {
  const options: DemoOptions = {
    simulator: {},
    projectPath: PROJECT_ROOT,
    verbose: false,
    page: true,
    help: false,
  };
  const counts: Record<string, keyof SimulatorOptions> = {
    '--users': 'users',
    '--groups': 'groups',
    '--apps': 'apps',
    '--systems': 'systems',
    '--system-groups': 'systemGroups',
    '--apple-devices': 'appleDevices',
    '--seed': 'seed',
    '--latency-ms': 'latencyMs',
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string => {
      const v = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (v === undefined || v === '') throw new Error(`${flag} needs a value.\n\n${DEMO_USAGE}`);
      return v;
    };
    const number = (raw: string, integer: boolean): number => {
      const n = Number(raw);
      if (!Number.isFinite(n) || n < 0 || (integer && !Number.isInteger(n))) {
        throw new Error(`${flag}: invalid value "${raw}"`);
      }
      return n;
    };
    if (flag in counts) {
      (options.simulator as Record<string, number>)[counts[flag]] = number(value(), true);
    } else if (flag === '--fail-rate') {
      const rate = number(value(), false);
      if (rate > 1) throw new Error('--fail-rate must be between 0 and 1');
      options.simulator.failRate = rate;
    } else if (flag === '--fail-path') options.simulator.failPathPattern = value();
    else if (flag === '--project-path') options.projectPath = path.resolve(value());
    else if (flag === '--verbose') options.verbose = true;
    else if (flag === '--no-page') options.page = false;
    else if (flag === '--help' || flag === '-h') options.help = true;
    else throw new Error(`Unknown argument "${arg}".\n\n${DEMO_USAGE}`);
  }
  return options;
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

    let summary: CollectionSummary | undefined;
    try {
      summary = await readCollectionSummary(run.storageDir);
    } catch (err) {
      await run.discard();
      log(`j1-integration collect exited with code ${run.exitCode}: ${(err as Error).message}`);
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
      log(`FAILED: j1-integration collect exited with code ${run.exitCode}.`);
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

async function main(): Promise<void> {
  const options = parseDemoArgs(process.argv.slice(2));
  if (options.help) {
    console.log(DEMO_USAGE);
    return;
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
  process.exitCode = result.exitCode;
}

if (require.main === module) {
  main().catch((err: Error) => {
    console.error(err.stack ?? err.message);
    process.exitCode = 1;
  });
}
