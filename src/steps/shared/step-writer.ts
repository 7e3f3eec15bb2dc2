import {
  Entity,
  IntegrationLogger,
  JobState,
  Relationship,
} from '@jupiterone/integration-sdk-core';

import { GraphWriter } from './graph-writer';
import { SkippedRecords } from './skipped-records';

const ANOTHER_TYPE = 'another kind of JumpCloud object has the same id';

/** A JumpCloud record as a warning names it. */
export interface RecordName {
  /** As a person names the record: 'system', 'command', 'IP list'. */
  what: string;
  /** Its JumpCloud id. */
  id: string;
  /** The organization it was listed in. */
  orgId: string;
}

/**
 * The one way a step writes to the job state. Every step makes one (`writeStep`), so these
 * hold for every step alike:
 *
 * - batching: entities and edges reach the job state 500 of one `_type` at a time
 *   (./graph-writer.ts);
 * - each key once: an object whose key was already written (a record listed twice, the same
 *   edge found by two routes) is passed over;
 * - a skipped record is warned and partial: a record that cannot be an entity, whose key is
 *   too short, or whose id another type already holds (JumpCloud ids are unique per
 *   collection, not across them) is skipped with a warning naming it, and the step then
 *   fails, after everything else was written, so its types are reported partial and
 *   JupiterOne keeps their earlier data (./skipped-records.ts).
 *
 * `addRecord` is for entities keyed by a JumpCloud id (the id check applies); `addEntity` for
 * entities whose key the integration computes with a prefix of their own (software, local
 * accounts), which no other type can hold.
 */
export class StepWriter {
  private readonly graph: GraphWriter;
  private readonly skipped: SkippedRecords;
  /** `_type` of every entity written through `addRecord`, by key. */
  private readonly recordTypes = new Map<string, string>();

  constructor(context: { jobState: JobState; logger: IntegrationLogger }, batchSize?: number) {
    this.graph = new GraphWriter(context.jobState, batchSize);
    this.skipped = new SkippedRecords(context.logger, 'JumpCloud');
  }

  /** How many records were skipped so far. */
  get skippedCount(): number {
    return this.skipped.count;
  }

  /** Whether an object with this key was written, by this step or an earlier one. */
  has(key: string): boolean {
    return this.graph.has(key);
  }

  /**
   * Converts an API record and writes its entity. Undefined when the record was skipped
   * (with a warning; the step will fail at `finish`) or when this step already wrote it (a
   * record listed twice: the first is kept).
   */
  async addRecord(record: RecordName, convert: () => Entity): Promise<Entity | undefined> {
    const entity = this.skipped.convert(
      record.id,
      record.orgId,
      convert,
      // Held, and not by a record this writer wrote: an earlier step's object.
      (key) => !this.recordTypes.has(key) && this.graph.has(key),
      record.what,
    );
    if (!entity) return undefined;
    const written = this.recordTypes.get(entity._key);
    if (written === entity._type) return undefined;
    if (written !== undefined) {
      this.skip(record, ANOTHER_TYPE);
      return undefined;
    }
    this.recordTypes.set(entity._key, entity._type);
    await this.graph.addEntity(entity);
    return entity;
  }

  /**
   * Whether a listed record is new, asked before its sub-calls are made: false when this step
   * already wrote it as `_type` (listed twice: the first is kept, no request is spent on the
   * copy), and false, with a warning and the step partial, when another type holds its id.
   * `addRecord` still writes it.
   */
  isNewRecord(record: RecordName, _type: string, key = record.id): boolean {
    const written = this.recordTypes.get(key);
    if (written === _type) return false;
    if (written !== undefined || this.graph.has(key)) {
      this.skip(record, ANOTHER_TYPE);
      return false;
    }
    return true;
  }

  /** Writes an entity unless its key was written; true when written. */
  addEntity(entity: Entity): Promise<boolean> {
    return this.graph.addEntity(entity);
  }

  /** Writes a relationship unless its key was written; true when written. */
  addRelationship(relationship: Relationship): Promise<boolean> {
    return this.graph.addRelationship(relationship);
  }

  /** Writes each relationship whose key was not written. */
  async addRelationships(relationships: Iterable<Relationship>): Promise<void> {
    for (const relationship of relationships) await this.graph.addRelationship(relationship);
  }

  /** Skips a record the step cannot write: a warning naming it, and the step partial. */
  skip(record: RecordName, reason: string): void {
    this.skipped.skip(record.id, record.orgId, reason, record.what);
  }

  /** Hands everything batched to the job state. */
  flush(): Promise<void> {
    return this.graph.flush();
  }

  /** Flushes, then fails the step when a record was skipped (its types reported partial). */
  async finish(): Promise<void> {
    await this.flush();
    this.skipped.finish();
  }
}

/**
 * Runs a step's writing: `write` gets the step's writer; what it wrote is flushed also when it
 * fails (the step still fails, its types partial); then the step fails if a record was
 * skipped. Code after `await writeStep(...)` runs only when nothing was skipped.
 */
export async function writeStep(
  context: { jobState: JobState; logger: IntegrationLogger },
  write: (writer: StepWriter) => Promise<unknown>,
): Promise<void> {
  const writer = new StepWriter(context);
  try {
    await write(writer);
  } finally {
    await writer.flush();
  }
  await writer.finish();
}
