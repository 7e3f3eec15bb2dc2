/**
 * `npm start`: a real collection, `j1-integration collect` as is (schema validation on),
 * configured from the environment or `.env` (API_KEY, ORG_ID, BASE_URL, CONCURRENCY). It
 * shows the run's progress, and when the run fails, ends with one line saying what is wrong
 * and what to do instead of a stack trace. The run collects into a staging folder and
 * replaces `.j1-integration/` only when it succeeded, then rebuilds the graph page and report
 * the replaced collection had: a failed run keeps the last good graph and report, and leaves
 * its own output in `.j1-integration-failed/`; an interrupted one (Ctrl-C) removes its
 * staging folder and says so.
 */
import { existsSync } from 'fs';
import path from 'path';

import {
  CollectOutputMode,
  explainCollectFailure,
  PROJECT_ROOT,
  runCollectCli,
} from './lib/collect';
import { parseCommandLine, UsageError } from './lib/command-line';
import { writeDemoRecord } from './lib/demo-record';
import { checkEnvFile, envFileValue } from './lib/env-file';
import { writeGraphPage } from './graph-page';
import { runReport } from './report/cli';
import { DEFAULT_QUESTIONS_FILE } from './report/questions';
import { failedSteps, readCollectionSummary } from './lib/summary';

export interface StartOptions {
  verbose?: boolean;
  /** The project to collect (default this repository). */
  projectPath?: string;
  /** Extra environment for the collect child (tests). */
  env?: NodeJS.ProcessEnv;
  output?: CollectOutputMode;
  /** Where the collection's progress lines go (default stdout). */
  write?: (line: string) => void;
  log?: (line: string) => void;
  error?: (line: string) => void;
}

/** `npm start` callable from code: the exit code, with every message through log/error. */
export async function runStart(options: StartOptions = {}): Promise<number> {
  const log = options.log ?? ((line: string) => console.log(line));
  const error = options.error ?? ((line: string) => console.error(line));
  const envWarnings = checkEnvFile(path.join(options.projectPath ?? PROJECT_ROOT, '.env'));
  for (const warning of envWarnings) error(`WARNING: ${warning}`);
  // A simulator's events end on its own date: read its activity as of that date (unless the
  // configuration says otherwise), as the demo does, or the window would start after them.
  const simulator = await askSimulatorInfo(options);
  const activityAsOf =
    simulator &&
    !(
      options.env?.ACTIVITY_AS_OF ??
      process.env.ACTIVITY_AS_OF ??
      envValue(options, 'ACTIVITY_AS_OF')
    )
      ? { ACTIVITY_AS_OF: simulator.asOf }
      : {};
  const run = await runCollectCli({
    projectPath: options.projectPath,
    output: options.output ?? 'progress',
    stackTraces: options.verbose ?? false,
    logLevel: process.env.LOG_LEVEL,
    env: { ...activityAsOf, ...options.env },
    write: options.write,
  });
  const where = (dir: string) => path.relative(process.cwd(), dir) || dir;
  const kept = existsSync(run.projectStorageDir)
    ? ` The previous collection in ${where(run.projectStorageDir)} is unchanged.`
    : '';

  if (run.interrupted) {
    error(
      `\nINTERRUPTED (${run.interrupted}): the collection stopped; its staging folder ` +
        `${where(run.stagingDir)} was removed.${kept}`,
    );
    return 130;
  }
  if (run.exitCode !== 0) {
    await run.discard();
    const explanation = explainCollectFailure(run.tail) ?? run.tail.slice(-5).join('\n');
    error(`\nFAILED: ${explanation.replace(/([^.])$/, '$1.')}${kept}`);
    // Repeated at the end, where a person reads first.
    for (const warning of envWarnings) error(`(${warning})`);
    return 1;
  }
  const summary = await readCollectionSummary(run.storageDir);
  const failed = failedSteps(summary);
  if (failed.length > 0) {
    const setAside = await run.setAside();
    error(
      `\nFAILED: ${failed.length} step(s) did not complete: ${failed.map((s) => s.id).join(', ')}. ` +
        `Their errors are above; what the other steps collected is in ${where(setAside ?? '?')}.${kept}`,
    );
    return 1;
  }
  // The page and report beside the collection describe it: rebuild those it had.
  const had = (file: string) => existsSync(path.join(run.projectStorageDir, file));
  const rebuildPage = had('graph.html');
  const rebuildReport = had('report.md') || had('report.html');
  const published = await run.publish();
  const simulated = await recordSimulatorDate(published, simulator);
  const rebuilt: string[] = [];
  if (rebuildPage) {
    const page = await writeGraphPage({ graphDir: path.join(published, 'graph') });
    rebuilt.push(where(page.outFile));
  }
  if (rebuildReport) {
    const report = await runReport({
      graph: published,
      now: Date.now(),
      nowFromGraph: true,
      questionsFile: DEFAULT_QUESTIONS_FILE,
    });
    rebuilt.push(where(report.markdownFile), where(report.htmlFile));
  }
  log(
    `\nOK: collected into ${where(published)}/graph in ${(run.durationMs / 1000).toFixed(1)} s.` +
      (simulated ? ` Simulated data: date questions are asked as of ${simulated}.` : '') +
      (rebuilt.length
        ? ` Rebuilt ${rebuilt.join(', ')} from it (they described the collection it replaced).`
        : ' Next: `npm run graph` to explore it, `npm run report` for the managed questions.'),
  );
  return 0;
}

interface SimulatorInfo {
  asOf: string;
  seed: number;
  info: Record<string, unknown>;
  baseUrl: string;
}

function envValue(options: StartOptions, name: string): string | undefined {
  return envFileValue(path.join(options.projectPath ?? PROJECT_ROOT, '.env'), name);
}

/**
 * A run against a simulator on this machine (`npm run simulator`, then `npm start` with
 * BASE_URL at it) collects simulated data dated months ago. Its date comes from the simulator
 * itself; asked only of 127.0.0.1 / localhost, so a real JumpCloud never gets the question.
 */
async function askSimulatorInfo(options: StartOptions): Promise<SimulatorInfo | undefined> {
  const baseUrl = options.env?.BASE_URL ?? process.env.BASE_URL ?? envValue(options, 'BASE_URL');
  let url: URL;
  try {
    url = new URL(baseUrl ?? '');
  } catch {
    return undefined;
  }
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) return undefined;
  try {
    const response = await fetch(`${url.origin}/__simulator/info`, {
      signal: AbortSignal.timeout(2000),
    });
    if (!response.ok) return undefined;
    const info = (await response.json()) as { asOf?: unknown; seed?: unknown };
    if (typeof info.asOf !== 'string' || Number.isNaN(Date.parse(info.asOf))) return undefined;
    const seed = typeof info.seed === 'number' ? info.seed : 0;
    return { asOf: info.asOf, seed, info, baseUrl: url.origin };
  } catch {
    return undefined; // not a simulator: real data, dated now
  }
}

/**
 * Records the simulator's date beside the collection, as the demo does, so that the report
 * and queries ask date questions as of that date instead of calling every device silent.
 * Returns the date when one was recorded.
 */
async function recordSimulatorDate(
  storageDir: string,
  simulator: SimulatorInfo | undefined,
): Promise<string | undefined> {
  if (!simulator) return undefined;
  await writeDemoRecord(storageDir, {
    asOf: simulator.asOf,
    seed: simulator.seed,
    simulator: { ...simulator.info, baseUrl: simulator.baseUrl },
  });
  return simulator.asOf.slice(0, 10);
}

export const START_USAGE = `Usage: npm start -- [options]

Collects your JumpCloud organization with \`j1-integration collect\` (schema validation on),
configured by API_KEY, ORG_ID, BASE_URL and CONCURRENCY from the environment or .env (see
.env.example). A successful run replaces .j1-integration/ (and rebuilds its graph page and
report if it had them); a failed or interrupted one leaves it as it was.

  --verbose    the CLI's stack traces under warnings and errors
  -h, --help   this help (collects nothing)`;

/** The command line of `npm start`: `'help'`, or the options to run with. */
export function parseStartArgs(argv: readonly string[]): StartOptions | 'help' {
  const line = parseCommandLine(argv, { verbose: { type: 'boolean' } });
  if (line === 'help') return 'help';
  return { verbose: line.values.verbose === true };
}

export async function main(
  argv: readonly string[],
  start: (options: StartOptions) => Promise<number> = runStart,
): Promise<number> {
  const options = parseStartArgs(argv);
  if (options === 'help') {
    console.log(START_USAGE);
    return 0;
  }
  process.chdir(PROJECT_ROOT);
  return start(options);
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      if (error instanceof UsageError) {
        console.error(`start: ${error.message}\n\n${START_USAGE}`);
        process.exit(2);
      }
      console.error(`FAILED: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
