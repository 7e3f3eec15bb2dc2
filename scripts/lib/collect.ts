/**
 * Runs `j1-integration collect` (the SDK CLI, with schema validation on) as a child process
 * against a JumpCloud API, here usually the simulator. The CLI writes
 * `{graph,index,summary.json}`; it exits 0 even when a step fails, so read `summary.json`
 * (./summary.ts) for the step statuses.
 *
 * The run collects into a staging folder, `<projectPath>/.j1-integration-staging/run-*`,
 * never straight into `<projectPath>/.j1-integration/`: the caller then `publish()`es it
 * (the previous collection is replaced only now) or `setAside()`s it as
 * `.j1-integration-failed/`, so a failed run never destroys the last good graph.
 */
import { spawn } from 'child_process';
import { existsSync, promises as fs } from 'fs';
import path from 'path';
import readline from 'readline';

import { integrationCodeDir, PROJECT_ROOT, projectFile } from './paths';

export { PROJECT_ROOT };

/** The project's collection, as the SDK names it. */
export const STORAGE_DIR_NAME = '.j1-integration';
/** Where runs collect before they are published. */
export const STAGING_DIR_NAME = '.j1-integration-staging';
/** The last failed run's collection, kept for inspection. */
export const FAILED_DIR_NAME = '.j1-integration-failed';

export type CollectOutputMode =
  /** Step starts, completions and progress lines, plus every warning and error in full. */
  | 'progress'
  /** Everything the CLI prints, unchanged. */
  | 'raw'
  /** Nothing (the last lines are still kept for error messages). */
  | 'silent';

export interface CollectCliOptions {
  /**
   * JumpCloud (or simulator) base URL: BASE_URL. Leave baseUrl and apiKey out for a real
   * run: the CLI then reads BASE_URL, API_KEY and ORG_ID from the environment and `.env`.
   */
  baseUrl?: string;
  /** API_KEY. */
  apiKey?: string;
  /** ORG_ID; default none (also overrides an ORG_ID from a developer's .env). */
  orgId?: string;
  /** CONCURRENCY. */
  concurrency?: number;
  /**
   * Project whose integration is run (its compiled `dist/src` when these scripts run
   * compiled, else `src`) and whose `.j1-integration/` a successful run replaces.
   */
  projectPath?: string;
  /** LOG_LEVEL for the child; default `info` (needed for the progress lines). */
  logLevel?: string;
  output?: CollectOutputMode;
  /** Where output lines go (default: process.stdout). */
  write?: (line: string) => void;
  /** Extra environment for the child. */
  env?: NodeJS.ProcessEnv;
  /** Pass `--disable-schema-validation` (default false: validate as `collect` does). */
  disableSchemaValidation?: boolean;
  /** In `progress` output, print stack traces under warnings and errors (default true). */
  stackTraces?: boolean;
}

export interface CollectCliResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** Set when this process got SIGINT or SIGTERM during the run: the staging folder is gone. */
  interrupted?: NodeJS.Signals;
  /** The run's staging folder (`.j1-integration-staging/run-*`). */
  stagingDir: string;
  durationMs: number;
  /** This run's collection: a staging folder until `publish()` or `setAside()`. */
  storageDir: string;
  /** `<projectPath>/.j1-integration`: where `publish()` puts the collection. */
  projectStorageDir: string;
  /** The child's last output lines (ANSI colours removed), for error messages. */
  tail: string[];
  /** Replaces `<projectPath>/.j1-integration` with this run's collection; returns its path. */
  publish(): Promise<string>;
  /**
   * Leaves `<projectPath>/.j1-integration` as it was and keeps this run's collection (if it
   * wrote anything) as `<projectPath>/.j1-integration-failed`; returns that path.
   */
  setAside(): Promise<string | undefined>;
  /** Removes this run's collection; the project's stays as it was. */
  discard(): Promise<void>;
}

const TAIL_LINES = 200;

/** The CLI's `collect` command on its own (see the file); a plain script, never compiled. */
const COLLECT_COMMAND = projectFile('scripts', 'lib', 'collect-command.js');

export function collectCliPath(projectPath: string = PROJECT_ROOT): string {
  return path.join(projectPath, 'node_modules', '.bin', 'j1-integration');
}

/** Environment for the CLI child: the instance config plus quiet, non-interactive defaults. */
export function buildCollectEnv(options: CollectCliOptions): NodeJS.ProcessEnv {
  const instance =
    options.baseUrl === undefined && options.apiKey === undefined
      ? {}
      : {
          BASE_URL: options.baseUrl,
          API_KEY: options.apiKey,
          // Set even when empty: dotenv never overrides a variable that exists, so a
          // developer's .env cannot point the run at another organization.
          ORG_ID: options.orgId ?? '',
        };
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...instance,
    LOG_LEVEL: childLogLevel(options.logLevel),
    AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1',
    ...options.env,
  };
  if (options.concurrency !== undefined) env.CONCURRENCY = String(options.concurrency);
  // The CLI decides where to write from --project-path; a stale override would only confuse.
  delete env.JUPITERONE_INTEGRATION_STORAGE_DIRECTORY;
  return env;
}

export async function runCollectCli(options: CollectCliOptions): Promise<CollectCliResult> {
  const projectPath = path.resolve(options.projectPath ?? PROJECT_ROOT);
  const cli = collectCliPath(projectPath);
  if (!existsSync(cli)) {
    throw new Error(`${cli} not found: run \`npm ci\` first.`);
  }
  const mode = options.output ?? 'progress';
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const stage = await createStage(projectPath);
  const args = ['collect', '--project-path', stage.dir];
  if (options.disableSchemaValidation) args.push('--disable-schema-validation');

  const started = Date.now();
  const child = spawn(process.execPath, [COLLECT_COMMAND, ...args.slice(1)], {
    cwd: projectPath,
    env: buildCollectEnv(options),
    stdio: ['ignore', 'pipe', 'pipe'],
  });

  const tail: string[] = [];
  const remember = (line: string) => {
    tail.push(stripAnsi(line));
    if (tail.length > TAIL_LINES) tail.shift();
  };
  const filter = createProgressFilter(write, {
    startedAt: started,
    stackTraces: options.stackTraces,
  });
  const onStdout = (line: string) => {
    remember(line);
    if (mode === 'raw') write(line);
    else if (mode === 'progress') filter(line);
  };
  const onStderr = (line: string) => {
    remember(line);
    // Without stack traces, the CLI's dump of the final error is summarised by the caller.
    if (mode === 'raw' || (mode === 'progress' && options.stackTraces !== false)) write(line);
  };
  readline.createInterface({ input: child.stdout }).on('line', onStdout);
  readline.createInterface({ input: child.stderr }).on('line', onStderr);

  // Ctrl-C (or a kill): stop the CLI, and once it has stopped, remove the staging folder, which
  // would otherwise stay behind for good. The caller says so and exits.
  let interrupted: NodeJS.Signals | undefined;
  const onSignal = (received: NodeJS.Signals) => {
    interrupted = received;
    child.kill(received);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const { code, signal } = await new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
  }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (exitCode, exitSignal) => resolve({ code: exitCode, signal: exitSignal }));
  })
    .catch(async (error: unknown) => {
      await stage.remove();
      throw error;
    })
    .finally(() => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    });
  if (interrupted) await stage.remove();
  return {
    exitCode: code,
    signal,
    interrupted,
    stagingDir: stage.dir,
    durationMs: Date.now() - started,
    storageDir: stage.storageDir,
    projectStorageDir: path.join(projectPath, STORAGE_DIR_NAME),
    tail,
    publish: () => stage.moveTo(path.join(projectPath, STORAGE_DIR_NAME)),
    setAside: async () => {
      if (existsSync(stage.storageDir))
        return stage.moveTo(path.join(projectPath, FAILED_DIR_NAME));
      await stage.remove();
      return undefined;
    },
    discard: () => stage.remove(),
  };
}

interface Stage {
  /** The project path the CLI is given: its `src` is the integration to run. */
  dir: string;
  /** Where the CLI writes the collection. */
  storageDir: string;
  /** Replaces `target` with the collection, then removes the stage. */
  moveTo(target: string): Promise<string>;
  remove(): Promise<void>;
}

/**
 * A folder the CLI takes for the project: `src` links to the integration to run, and the CLI
 * writes its collection beside it. It lies inside the project so that publishing is a rename.
 */
async function createStage(projectPath: string): Promise<Stage> {
  const root = path.join(projectPath, STAGING_DIR_NAME);
  await fs.mkdir(root, { recursive: true });
  const dir = await fs.mkdtemp(path.join(root, 'run-'));
  await fs.symlink(integrationCodeDir(projectPath), path.join(dir, 'src'), 'junction');
  const storageDir = path.join(dir, STORAGE_DIR_NAME);
  const remove = async () => {
    await fs.rm(dir, { recursive: true, force: true });
    await fs.rmdir(root).catch(() => undefined); // only when no other run is staged
  };
  return {
    dir,
    storageDir,
    remove,
    async moveTo(target: string) {
      // rename() cannot replace a folder that has files: move the old one into the stage.
      if (existsSync(target)) await fs.rename(target, path.join(dir, 'replaced'));
      await fs.rename(storageDir, target);
      await remove();
      return target;
    },
  };
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

/** A bunyan-format "short" record header: `05:29:37.831Z  INFO Local: message (fields)`. */
const RECORD = /^(\d\d:\d\d:\d\d\.\d+Z)\s+(TRACE|DEBUG|INFO|WARN|ERROR|FATAL)\s+[^:]*:\s(.*)$/;

/** INFO messages that carry no progress: metrics, per-step summaries, the final dump. */
const NOISE = [
  /^Collected metric\.?$/,
  /^Step summary\b/,
  /^Integration data collection has completed\.?/,
  /^Starting execution with config\b/,
];

/**
 * The SDK's record of a failed configuration check: its reason is the whole story, and the
 * caller prints it as its last line, without the SDK's "likely misconfigured" boilerplate.
 */
const SAID_BY_CALLER = /^Error occurred while validating integration configuration\b/;

/**
 * A line filter for the CLI's output. INFO records are shortened to
 * `  +1.2s  message (fields)` and their continuation lines (metric and summary dumps)
 * dropped; WARN, ERROR and FATAL records are passed on in full, continuation lines and stack
 * traces included, except a failed configuration check, which the caller explains in one line
 * (explainCollectFailure). Anything before the first record (the CLI's banner) and the CLI's own
 * result list after the last one are dropped: the caller prints step results itself.
 */
export function createProgressFilter(
  write: (line: string) => void,
  options: { startedAt?: number; stackTraces?: boolean } = {},
): (line: string) => void {
  const stackTraces = options.stackTraces ?? true;
  let passContinuation = false;
  const startedAt = options.startedAt ?? Date.now();
  return (rawLine: string) => {
    const line = stripAnsi(rawLine);
    const match = RECORD.exec(line);
    if (!match) {
      if (passContinuation) write(line);
      return;
    }
    const [, , level, message] = match;
    if (level === 'INFO' || level === 'DEBUG' || level === 'TRACE') {
      passContinuation = false;
      if (level !== 'INFO' || NOISE.some((pattern) => pattern.test(message))) return;
      const offset = ((Date.now() - startedAt) / 1000).toFixed(1);
      write(`  +${offset.padStart(5)}s  ${message}`);
      return;
    }
    if (SAID_BY_CALLER.test(message)) {
      // The caller ends with this failure's reason (explainCollectFailure), once.
      passContinuation = false;
      return;
    }
    passContinuation = stackTraces;
    write(`  ${level.padEnd(5)} ${message}`);
  };
}

/** What a person should read when a collection failed: one line, from the CLI's output. */
export function explainCollectFailure(tail: string[]): string | undefined {
  const text = tail.map(stripAnsi);
  for (let index = text.length - 1; index >= 0; index -= 1) {
    const code = /errorCode="([A-Z_]+)"/.exec(text[index])?.[1];
    // bunyan quotes the reason and escapes quotes inside it: show it as it was written.
    const reason = /reason="((?:[^"\\]|\\.)*)"/.exec(text[index])?.[1]?.replace(/\\(["\\])/g, '$1');
    if (!code) continue;
    const headline = FAILURE_HEADLINES[code] ?? `Collection failed (${code})`;
    const networkFailure =
      reason?.includes('NETWORK_ERROR') ||
      /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|within \d+ ms/.test(reason ?? '');
    if (networkFailure && reason) {
      // The client's own message may already say all of it: say it once.
      const what = /^Cannot reach JumpCloud\b/.test(reason)
        ? reason
        : `Cannot reach JumpCloud: ${reason}`;
      return /Check BASE_URL/.test(what)
        ? what
        : `${withStop(what)} Check BASE_URL (${CONSOLES}) and the network.`;
    }
    // The first request (the organizations list) answered, but not as JumpCloud would: a
    // BASE_URL that points at another web server.
    if (
      code === 'PROVIDER_API_ERROR' &&
      /validating integration configuration/.test(text[index]) &&
      / (404|405|410)\b|not JSON|invalid json|Unexpected token/i.test(reason ?? '')
    ) {
      return (
        `BASE_URL answered, but not as JumpCloud does: ${withStop(reason ?? '')} ` +
        `Check BASE_URL (${CONSOLES}).`
      );
    }
    return reason ? `${headline}: ${reason}` : headline;
  }
  const missing = text.find((line) =>
    /LOCAL_CONFIG_FIELD_MISSING|Expected environment variable/i.test(line),
  );
  if (missing) {
    const variable = /environment variable \\?"?([A-Z0-9_]+)/.exec(missing)?.[1] ?? 'API_KEY';
    return (
      `Configuration missing: ${variable} is not set. Copy .env.example to .env and set ` +
      `${variable} there (or in the environment).`
    );
  }
  return undefined;
}

const CONSOLES =
  'https://console.jumpcloud.com, or https://console.eu.jumpcloud.com for EU tenants';

function withStop(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

const FAILURE_HEADLINES: Record<string, string> = {
  CONFIG_VALIDATION_ERROR: 'Configuration problem',
  PROVIDER_AUTHENTICATION_ERROR: 'JumpCloud rejected the API key',
  PROVIDER_AUTHORIZATION_ERROR: 'The API key is not allowed to read part of JumpCloud',
  PROVIDER_API_ERROR: 'JumpCloud answered with an error',
};

/**
 * The child's LOG_LEVEL: the one asked for (default `info`, which the progress lines need),
 * but never quieter than `warn`: the reason a run failed is read from the runtime's warning
 * and error records (`explainCollectFailure`), so `LOG_LEVEL=error` would otherwise turn the
 * one-line failure into a raw error dump.
 */
export function childLogLevel(asked: string | undefined): string {
  const quieterThanWarn = ['error', 'fatal'];
  if (asked === undefined || asked === '') return 'info';
  return quieterThanWarn.includes(asked.toLowerCase()) ? 'warn' : asked;
}
