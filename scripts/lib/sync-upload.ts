/**
 * The uploads of one `npm run sync`: what the runtime flushes from the job state goes to the
 * synchronization job in batches, as the SDK's `j1-integration run` sends them (POST
 * `/persister/synchronization/jobs/{id}/entities` with `{ entities: [...] }`, the same for
 * relationships, 250 objects per batch, a `JupiterOne-Correlation-Id` per batch kept across its
 * retries), with a run-wide view of what failed instead of the SDK's per-step one:
 *
 * - The SDK's file store flushes every step's buffered objects through the uploader of the
 *   step that happened to trigger the flush, so a failed upload would fail that step and
 *   report its types partial while the objects' own types were reported complete, and
 *   JupiterOne would delete what was never uploaded. Here a batch that cannot be uploaded
 *   (after the client's retries, or refused as invalid) reports the `_type`s of its own
 *   objects partial: JupiterOne keeps their previous data.
 * - A refused key (401/403) or a job that no longer takes uploads ends the run: every later
 *   `enqueue` throws a fatal error, which stops the steps, and the caller aborts the job.
 */
import { randomUUID } from 'crypto';

import { Entity, IntegrationError, Relationship } from '@jupiterone/integration-sdk-core';
import {
  DEFAULT_UPLOAD_BATCH_SIZE,
  IntegrationLogger,
  RequestHeaders,
  StepGraphObjectDataUploader,
} from '@jupiterone/integration-sdk-runtime';
import { shrinkBatchRawData } from '@jupiterone/integration-sdk-runtime/dist/src/synchronization/shrinkBatchRawData';

import { JupiterOneApiClient, JupiterOneApiError } from './jupiterone-api';

type Kind = 'entities' | 'relationships';

interface Batch {
  kind: Kind;
  objects: Entity[] | Relationship[];
}

export interface GraphUploaderOptions {
  /** Objects per request (default the SDK's 250). */
  batchSize?: number;
  /** Batches in flight at once (default 5, the SDK CLI's upload concurrency). */
  concurrency?: number;
}

/** Graph objects flushed by the runtime: the shape its uploaders receive. */
interface Flushed {
  entities?: Entity[];
  relationships?: Relationship[];
}

export class GraphUploader {
  /** Objects JupiterOne accepted. */
  readonly uploaded: Record<Kind, number> = { entities: 0, relationships: 0 };
  /** Requests that succeeded (one per batch). */
  batches = 0;
  /** `_type`s of objects that could not be uploaded: partial in the finalize call. */
  readonly failedTypes = new Set<string>();
  /** One line per batch that could not be uploaded. */
  readonly failures: string[] = [];
  /** What ended the run: the key was refused, or the job stopped taking uploads. */
  fatal?: IntegrationError;

  private readonly inFlight = new Set<Promise<void>>();
  private readonly batchSize: number;
  private readonly concurrency: number;

  constructor(
    private readonly api: JupiterOneApiClient,
    private readonly jobId: string,
    private readonly logger: IntegrationLogger,
    options: GraphUploaderOptions = {},
  ) {
    this.batchSize = options.batchSize ?? DEFAULT_UPLOAD_BATCH_SIZE;
    this.concurrency = options.concurrency ?? 5;
  }

  /** What the runtime asks for per step; every step shares this run's uploads. */
  forStep(stepId: string): StepGraphObjectDataUploader {
    return {
      stepId,
      enqueue: (data) => this.enqueue(data),
      // Failures are accounted by type (failedTypes), not charged to whichever step flushed.
      waitUntilUploadsComplete: () => this.idle(),
    };
  }

  /** Starts uploading; waits only while `concurrency` batches are already in flight. */
  async enqueue(data: Flushed): Promise<void> {
    for (const batch of [
      ...this.batchesOf('entities', data.entities ?? []),
      ...this.batchesOf('relationships', data.relationships ?? []),
    ]) {
      while (this.inFlight.size >= this.concurrency) await Promise.race(this.inFlight);
      if (this.fatal) throw this.fatal;
      const task: Promise<void> = this.upload(batch).finally(() => this.inFlight.delete(task));
      this.inFlight.add(task);
    }
    if (this.fatal) throw this.fatal;
  }

  /** Resolves when nothing is in flight (uploads never reject: see `failures`, `fatal`). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  private batchesOf(kind: Kind, objects: Entity[] | Relationship[]): Batch[] {
    const batches: Batch[] = [];
    for (let start = 0; start < objects.length; start += this.batchSize) {
      batches.push({ kind, objects: objects.slice(start, start + this.batchSize) });
    }
    return batches;
  }

  private async upload(batch: Batch): Promise<void> {
    const correlationId = randomUUID();
    const post = () =>
      this.api.post(
        `/persister/synchronization/jobs/${this.jobId}/${batch.kind}`,
        { [batch.kind]: batch.objects },
        { headers: { [RequestHeaders.CorrelationId]: correlationId } },
      );
    try {
      try {
        await post();
      } catch (error) {
        // Too large: drop raw data from the largest objects, as the SDK does, and try once more.
        if (!(error instanceof JupiterOneApiError) || error.status !== 413) throw error;
        shrinkBatchRawData(batch.objects, this.logger);
        await post();
      }
      this.uploaded[batch.kind] += batch.objects.length;
      this.batches += 1;
    } catch (error) {
      this.fail(batch, error);
    }
  }

  private fail(batch: Batch, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    if (
      error instanceof JupiterOneApiError &&
      (error.keyRejected || error.code === 'JOB_NOT_AWAITING_UPLOADS')
    ) {
      this.fatal ??= new IntegrationError({
        code: error.keyRejected ? 'JUPITERONE_KEY_REJECTED' : 'JUPITERONE_JOB_ENDED',
        message,
        cause: error,
        fatal: true,
      });
      return;
    }
    const types = [...new Set(batch.objects.map((object) => object._type))].sort();
    for (const type of types) this.failedTypes.add(type);
    const line = `${batch.objects.length} ${batch.kind} not uploaded (${message}); reported partial: ${types.join(', ')}`;
    this.failures.push(line);
    this.logger.error({ err: error }, line);
  }
}
