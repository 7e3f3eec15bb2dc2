/**
 * `npm run sync`: collects JumpCloud and uploads the graph to a JupiterOne account, as the SDK's
 * `j1-integration run` does: it starts a synchronization job for the integration instance,
 * runs every step with schema validation on while their objects upload in batches, and
 * finalizes the job with the partial datasets (the types of the steps that failed, and of any
 * batch that could not be uploaded), so JupiterOne replaces what the run read whole and keeps
 * its previous data of the partial types. A run that cannot start or that JupiterOne stops
 * (a wrong JumpCloud key, a refused JupiterOne key) aborts the job: nothing changes in
 * JupiterOne. Configured from the environment or `.env` (see `.env.example`).
 *
 * Why not the CLI's `run` command itself: it exits 0 when the job is aborted and when steps
 * fail, retries every failed upload five times (a 401 too) while the steps go on, has no
 * timeout, and ends in a stack trace rather than a line saying which key is wrong. This keeps
 * its sequence and its SDK functions, with the client of `lib/jupiterone-api.ts` and the
 * uploads of `lib/sync-upload.ts`.
 *
 * Exit codes: 0 the whole graph was uploaded and the job finalized; 2 finalized with partial
 * types (some steps failed); 1 nothing changed in JupiterOne.
 */
import { promises as fs } from 'fs';
import os from 'os';
import path from 'path';
import { parseArgs } from 'util';

import {
  IntegrationError,
  IntegrationInvocationConfig,
  PartialDatasets,
  StepResultStatus,
  SynchronizationJob,
} from '@jupiterone/integration-sdk-core';
import {
  abortSynchronization,
  ApiClient,
  createEventPublishingQueue,
  createIntegrationInstanceForLocalExecution,
  createIntegrationLogger,
  executeIntegrationInstance,
  ExecuteIntegrationResult,
  FileSystemGraphObjectStore,
  finalizeSynchronization,
  initiateSynchronization,
  SynchronizationJobContext,
} from '@jupiterone/integration-sdk-runtime';

import { invocationConfig } from '../src';
import { resetClient } from '../src/jumpcloud';
import { checkEnvFile } from './lib/env-file';
import {
  DEFAULT_JUPITERONE_API_BASE_URL,
  JupiterOneApiClient,
  JupiterOneApiError,
} from './lib/jupiterone-api';
import { PROJECT_ROOT } from './lib/paths';
import { GraphUploader } from './lib/sync-upload';

/** Where the graph goes, from JUPITERONE_* settings. */
export interface SyncSettings {
  apiKey: string;
  account: string;
  integrationInstanceId: string;
  apiBaseUrl: string;
}

export interface SyncOptions {
  /** The settings' source (default process.env, after `.env`). */
  env?: NodeJS.ProcessEnv;
  /** The JupiterOne client's retry timing (tests). */
  retry?: { maxAttempts?: number; baseDelayMs?: number };
  log?: (line: string) => void;
  error?: (line: string) => void;
}

export interface SyncResult {
  exitCode: 0 | 1 | 2;
  /** The last line printed: where the graph went, or why it did not. */
  line: string;
  job?: SynchronizationJob;
  uploaded: { entities: number; relationships: number };
  partialTypes: string[];
  /** Steps that failed (or depend on one that did). */
  failedSteps: string[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The JupiterOne settings, or the one line that says what is missing or malformed. */
export function readSyncSettings(env: NodeJS.ProcessEnv): SyncSettings | string {
  const value = (name: string) => env[name]?.trim() ?? '';
  const where = 'in .env or the environment (README: "Into JupiterOne")';
  for (const [name, what] of [
    ['JUPITERONE_API_KEY', 'a JupiterOne API key'],
    ['JUPITERONE_ACCOUNT', 'your JupiterOne account id'],
    ['JUPITERONE_INTEGRATION_INSTANCE_ID', 'the id of the integration instance to sync into'],
  ]) {
    if (!value(name)) return `${name} is not set: set it to ${what} ${where}.`;
  }
  const integrationInstanceId = value('JUPITERONE_INTEGRATION_INSTANCE_ID');
  if (!UUID.test(integrationInstanceId)) {
    return (
      `JUPITERONE_INTEGRATION_INSTANCE_ID must be an instance id (a UUID such as ` +
      `7ad16b51-e4d6-4e74-afbd-2fac6185f398), got ${integrationInstanceId}.`
    );
  }
  const apiBaseUrl = value('JUPITERONE_API_BASE_URL') || DEFAULT_JUPITERONE_API_BASE_URL;
  let url: URL | undefined;
  try {
    url = new URL(apiBaseUrl);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    return (
      `JUPITERONE_API_BASE_URL is not an http(s) URL: ${apiBaseUrl}. Leave it empty for ` +
      `${DEFAULT_JUPITERONE_API_BASE_URL}.`
    );
  }
  return {
    apiKey: value('JUPITERONE_API_KEY'),
    account: value('JUPITERONE_ACCOUNT'),
    integrationInstanceId,
    apiBaseUrl: apiBaseUrl.replace(/\/+$/, ''),
  };
}

/** The run's error as an SDK error, when it is one. */
function codeOf(error: unknown): string | undefined {
  return (error as IntegrationError | undefined)?.code;
}

/** The JupiterOne client's error behind an SDK wrapper (`synchronizationApiError`). */
function apiErrorIn(error: unknown): JupiterOneApiError | undefined {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    if (current instanceof JupiterOneApiError) return current;
    // IntegrationError keeps its cause in _cause (and a cause() method); ES2022 errors in cause.
    const { _cause, cause } = current as { _cause?: unknown; cause?: unknown };
    current = _cause ?? (typeof cause === 'function' ? undefined : cause);
  }
  return undefined;
}

function keyRefused(settings: SyncSettings, error: JupiterOneApiError): string {
  return (
    `JupiterOne refused JUPITERONE_API_KEY: ${error.message}. Check the key, and that it ` +
    `belongs to JUPITERONE_ACCOUNT ${settings.account} at ${settings.apiBaseUrl}`
  );
}

/** The line for a run that stopped before the job could be finalized. */
function explainStop(settings: SyncSettings, error: unknown): string {
  const apiError = apiErrorIn(error);
  if (apiError?.keyRejected) return keyRefused(settings, apiError);
  if (apiError?.code === 'JOB_NOT_AWAITING_UPLOADS') {
    return `JupiterOne stopped taking uploads for this job (${apiError.message})`;
  }
  const message = error instanceof Error ? error.message : String(error);
  switch (codeOf(error)) {
    case 'PROVIDER_AUTHENTICATION_ERROR':
      return `JumpCloud rejected API_KEY: ${message}`;
    case 'PROVIDER_AUTHORIZATION_ERROR':
      return `JumpCloud's API_KEY may not read what the run starts with: ${message}`;
    case 'CONFIG_VALIDATION_ERROR':
      return `Configuration problem: ${message}`;
    default:
      return `The run failed: ${message}`;
  }
}

const sentence = (text: string) => text.replace(/([^.])$/, '$1.');

/** Runs one sync; every message goes through log/error; returns what happened. */
export async function runSync(options: SyncOptions = {}): Promise<SyncResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const error = options.error ?? ((line: string) => console.error(line));
  const nothing = {
    uploaded: { entities: 0, relationships: 0 },
    partialTypes: [],
    failedSteps: [],
  };
  const fail = (line: string, job?: SynchronizationJob): SyncResult => {
    error(`\nFAILED: ${line}`);
    return { exitCode: 1, line, job, ...nothing };
  };

  const started = Date.now();
  const config = invocationConfig as unknown as IntegrationInvocationConfig;
  let instance: ReturnType<typeof createIntegrationInstanceForLocalExecution>;
  try {
    // Reads the JumpCloud settings (and .env, through dotenv: real variables win).
    instance = createIntegrationInstanceForLocalExecution(config);
  } catch (configError) {
    const variable =
      /environment variable "?([A-Z0-9_]+)/.exec((configError as Error).message)?.[1] ?? 'API_KEY';
    return fail(
      `Configuration missing: ${variable} is not set. Copy .env.example to .env and set it ` +
        'there (or in the environment). Nothing was sent to JupiterOne.',
    );
  }
  const settings = readSyncSettings(options.env ?? process.env);
  if (typeof settings === 'string') {
    return fail(`Configuration problem: ${settings} Nothing was collected or sent.`);
  }
  const where =
    `JupiterOne account ${settings.account} at ${settings.apiBaseUrl}, ` +
    `integration instance ${settings.integrationInstanceId}`;

  const api = new JupiterOneApiClient({
    baseUrl: settings.apiBaseUrl,
    account: settings.account,
    apiKey: settings.apiKey,
    ...options.retry,
  });
  const logger = createIntegrationLogger({ name: 'sync', invocationConfig: config, pretty: true });
  // The runtime empties its storage folder first: never the project's .j1-integration/.
  const storage = await fs.mkdtemp(path.join(os.tmpdir(), 'jumpcloud-sync-'));
  process.env.JUPITERONE_INTEGRATION_STORAGE_DIRECTORY = storage;
  resetClient();
  try {
    let context: SynchronizationJobContext;
    try {
      context = await initiateSynchronization({
        logger,
        apiClient: api as unknown as ApiClient,
        // A custom integration instance run outside JupiterOne (JupiterOne's "Custom
        // integration: Code + Sync API"); 'integration-managed' is JupiterOne's own runners.
        source: 'integration-external',
        integrationInstanceId: settings.integrationInstanceId,
      });
    } catch (startError) {
      const apiError = apiErrorIn(startError);
      if (apiError?.keyRejected) {
        return fail(
          `${keyRefused(settings, apiError)}. No job was started; nothing was collected.`,
        );
      }
      if (apiError?.unreachable) {
        return fail(`${apiError.message}. Check JUPITERONE_API_BASE_URL and the network.`);
      }
      return fail(
        `JupiterOne did not start a job for JUPITERONE_INTEGRATION_INSTANCE_ID ` +
          `${settings.integrationInstanceId}: ${apiError?.message ?? (startError as Error).message}. ` +
          'Nothing was collected.',
      );
    }
    const { job } = context;
    log(`Synchronization job ${job.id} started (${where}).`);
    const events = createEventPublishingQueue(context);
    context.logger.on('event', (event) => events.enqueue(event));
    const uploader = new GraphUploader(api, job.id, context.logger);

    let result: ExecuteIntegrationResult | undefined;
    let runError: unknown;
    try {
      result = await executeIntegrationInstance(
        context.logger,
        instance,
        config,
        { current: { startedOn: job.startTimestamp } },
        {
          enableSchemaValidation: true,
          graphObjectStore: new FileSystemGraphObjectStore({
            integrationSteps: config.integrationSteps,
          }),
          createStepGraphObjectDataUploader: (stepId) => uploader.forStep(stepId),
        },
      );
    } catch (caught) {
      runError = caught;
    }
    await uploader.idle();
    await events.onIdle();

    const stop = uploader.fatal ?? runError;
    if (stop !== undefined || !result) {
      const reason = explainStop(settings, stop);
      const aborted = await abortSynchronization({ ...context, reason: api.redact(reason) }).then(
        (abortedJob) => abortedJob,
        () => undefined,
      );
      const outcome = aborted
        ? `Job ${job.id} was aborted: nothing changes in JupiterOne.`
        : `Job ${job.id} could not be aborted either; it is never finalized, so nothing changes in JupiterOne.`;
      return fail(`${sentence(reason)} ${outcome}`, aborted ?? job);
    }

    const failedSteps = result.integrationStepResults
      .filter(
        (step) =>
          step.status === StepResultStatus.FAILURE ||
          step.status === StepResultStatus.PARTIAL_SUCCESS_DUE_TO_DEPENDENCY_FAILURE,
      )
      .map((step) => step.id);
    const partialDatasets: PartialDatasets = {
      types: [
        ...new Set([...result.metadata.partialDatasets.types, ...uploader.failedTypes]),
      ].sort(),
    };
    let finalized: SynchronizationJob;
    try {
      finalized = await finalizeSynchronization({ ...context, partialDatasets });
    } catch (finalizeError) {
      const apiError = apiErrorIn(finalizeError);
      const reason = apiError?.keyRejected
        ? keyRefused(settings, apiError)
        : `JupiterOne did not accept the finalize call: ${apiError?.message ?? (finalizeError as Error).message}`;
      return fail(
        `${sentence(reason)} Job ${job.id} is not finalized: nothing changes in JupiterOne.`,
        job,
      );
    }

    const counts =
      `${uploader.uploaded.entities.toLocaleString('en-US')} entities and ` +
      `${uploader.uploaded.relationships.toLocaleString('en-US')} relationships`;
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const sent = `uploaded ${counts} in ${seconds} s to ${where}; job ${job.id} is ${finalized.status}`;
    const shared = {
      job: finalized,
      uploaded: { ...uploader.uploaded },
      partialTypes: partialDatasets.types,
      failedSteps,
    };
    if (partialDatasets.types.length === 0) {
      const line = `${sent}.`;
      log(`\nOK: ${line}`);
      return { exitCode: 0, line, ...shared };
    }
    const why = [
      failedSteps.length > 0
        ? `${failedSteps.length} step(s) did not complete (${failedSteps.join(', ')}; their errors are above)`
        : '',
      uploader.failures.length > 0
        ? `${uploader.failures.length} batch(es) could not be uploaded`
        : '',
    ]
      .filter(Boolean)
      .join(' and ');
    const line =
      `${sent}, but ${why}: ${partialDatasets.types.length} type(s) were reported partial ` +
      `(${partialDatasets.types.join(', ')}), so JupiterOne keeps their previous data.`;
    error(`\nPARTIAL: ${line}`);
    return { exitCode: 2, line, ...shared };
  } finally {
    // The storage folder stays named in the environment: when the run ends early (a refused
    // upload), steps still running may flush one more batch, and the file store resolves its
    // folder at each write. Restored, that batch would land in the project's .j1-integration/
    // beside a real collection; left, it lands in the removed temporary folder's place.
    // Best effort: such a flush may be writing while the folder is removed (ENOTEMPTY).
    await fs
      .rm(storage, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 })
      .catch(() => undefined);
    resetClient();
  }
}

const USAGE = `Usage: npm run sync

Collects JumpCloud and uploads the graph to a JupiterOne integration instance. Settings come
from the environment or .env (see .env.example): API_KEY (and ORG_ID, BASE_URL, CONCURRENCY)
for JumpCloud; JUPITERONE_API_KEY, JUPITERONE_ACCOUNT, JUPITERONE_INTEGRATION_INSTANCE_ID and
JUPITERONE_API_BASE_URL (default ${DEFAULT_JUPITERONE_API_BASE_URL}) for JupiterOne.
LOG_LEVEL=warn keeps only warnings and errors. Exit codes: 0 the whole graph was uploaded,
2 uploaded with partial types, 1 nothing changed in JupiterOne.`;

if (require.main === module) {
  try {
    const { values } = parseArgs({ options: { help: { type: 'boolean', short: 'h' } } });
    if (values.help) {
      console.log(USAGE);
      process.exit(0);
    }
  } catch (argsError) {
    console.error(`${(argsError as Error).message}\n\n${USAGE}`);
    process.exit(1); // 2 means a partial upload
  }
  process.chdir(PROJECT_ROOT);
  for (const warning of checkEnvFile(path.join(PROJECT_ROOT, '.env'))) {
    console.error(`WARNING: ${warning}`);
  }
  runSync().then(
    (result) => process.exit(result.exitCode),
    (caught) => {
      console.error(`FAILED: ${caught instanceof Error ? caught.message : String(caught)}`);
      process.exit(1);
    },
  );
}
