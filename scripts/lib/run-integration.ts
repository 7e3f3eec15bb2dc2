import os from 'os';
import path from 'path';
import { promises as fs } from 'fs';

import {
  Entity,
  GraphObjectStore,
  IntegrationInvocationConfig,
  IntegrationStepResult,
  Relationship,
} from '@jupiterone/integration-sdk-core';
import {
  createIntegrationInstanceForLocalExecution,
  createIntegrationLogger,
  executeIntegrationInstance,
  InMemoryGraphObjectStore,
  registerIntegrationLoggerEventHandlers,
  unregisterIntegrationLoggerEventHandlers,
} from '@jupiterone/integration-sdk-runtime';

import { invocationConfig } from '../../src';
import { ClientStats, getCurrentClient, resetClient } from '../../src/jumpcloud';
import { INSIGHTS_NOW_MS } from '../../simulator';

/** The runtime flushes to its store as it goes; memory is where the test reads from. */
class MemoryStore extends InMemoryGraphObjectStore {
  async flush(): Promise<void> {
    // keep everything in memory
  }
}

export interface IntegrationRun {
  entities: Entity[];
  relationships: Relationship[];
  stepResults: IntegrationStepResult[];
  partialTypes: string[];
  /** The run's client counters: requests, retries, 429s. */
  clientStats?: ClientStats;
}

export interface RunOptions {
  apiKey: string;
  baseUrl: string;
  orgId?: string;
  concurrency?: number;
  /**
   * Where the runtime puts what it collects. Default: memory, returned in the result. Pass
   * a store of your own (for example one that writes to disk and counts, as the benchmark
   * does) and `entities`/`relationships` come back empty.
   */
  graphObjectStore?: GraphObjectStore;
  /** Where the runtime may write; default a temporary folder removed afterwards. */
  storageDirectory?: string;
  /**
   * Ingestion sources turned off for the instance, as a JupiterOne user does in the instance
   * settings (`instance.disabledSources`; a local run has no other way to set them).
   */
  disabledSources?: string[];
  /** Schema validation of every entity and relationship, as `collect` does (default true). */
  enableSchemaValidation?: boolean;
  /**
   * The end of the activity window (ISO): default the simulated organizations' date
   * (INSIGHTS_NOW_MS), since every run made here is against the simulator.
   */
  activityAsOf?: string;
  /** ACTIVITY_WINDOW_DAYS (default the integration's). */
  activityWindowDays?: number;
}

/**
 * Runs the whole integration in-process the way `j1-integration collect` does (config from
 * the environment, validateInvocation, every step, schema validation on), and returns what
 * it collected. The environment is restored afterwards.
 */
export async function runIntegration(options: RunOptions): Promise<IntegrationRun> {
  const env = {
    API_KEY: options.apiKey,
    BASE_URL: options.baseUrl,
    ORG_ID: options.orgId,
    CONCURRENCY: options.concurrency === undefined ? undefined : String(options.concurrency),
    ACTIVITY_AS_OF: options.activityAsOf ?? new Date(INSIGHTS_NOW_MS).toISOString(),
    ACTIVITY_WINDOW_DAYS:
      options.activityWindowDays === undefined ? undefined : String(options.activityWindowDays),
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'error',
    // The runtime sets this for the process and never unsets it: set or clear it per run.
    ENABLE_GRAPH_OBJECT_SCHEMA_VALIDATION:
      options.enableSchemaValidation === false ? undefined : 'true',
    JUPITERONE_INTEGRATION_STORAGE_DIRECTORY:
      options.storageDirectory ?? (await fs.mkdtemp(path.join(os.tmpdir(), 'jumpcloud-run-'))),
  };
  const saved = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  resetClient();
  const memory = options.graphObjectStore ? undefined : new MemoryStore();
  try {
    // What executeIntegrationLocally does, with the instance's disabled sources added.
    const config = invocationConfig as unknown as IntegrationInvocationConfig;
    const instance = {
      ...createIntegrationInstanceForLocalExecution(config),
      disabledSources: (options.disabledSources ?? []).map((id) => ({ ingestionSourceId: id })),
    };
    const logger = createIntegrationLogger({
      name: 'Local',
      invocationConfig: config,
      pretty: true,
    });
    const handlers = registerIntegrationLoggerEventHandlers(() => logger);
    const result = await executeIntegrationInstance(
      logger,
      instance,
      config,
      { current: { startedOn: Date.now() } },
      {
        graphObjectStore: options.graphObjectStore ?? memory,
        enableSchemaValidation: options.enableSchemaValidation ?? true,
      },
    ).finally(() => unregisterIntegrationLoggerEventHandlers(handlers));
    return {
      entities: memory?.collectEntities() ?? [],
      relationships: memory?.collectRelationships() ?? [],
      stepResults: result.integrationStepResults,
      partialTypes: result.metadata.partialDatasets.types,
      clientStats: getCurrentClient()?.stats,
    };
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    if (!options.storageDirectory) {
      await fs.rm(env.JUPITERONE_INTEGRATION_STORAGE_DIRECTORY, { recursive: true, force: true });
    }
    resetClient();
  }
}

export { countByType } from './graph-files';
