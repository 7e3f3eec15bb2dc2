import { Entity, JobState, Relationship } from '@jupiterone/integration-sdk-core';

import { turnIfBusy } from '../../jumpcloud/turns';

/**
 * Graph objects of one `_type` a writer holds before it hands them to the job state: the
 * runtime's file store writes 500 to a file (DEFAULT_GRAPH_OBJECT_FILE_SIZE).
 */
const DEFAULT_BATCH_SIZE = 500;

/**
 * Batches of one writer on their way to the job state at once. The runtime's file store writes
 * to disk under one lock for every step, so a batch may wait for other steps' writes: with
 * room for a few, the step goes on converting (and its reading goes on) meanwhile. At most
 * this many batches of 500 are held beyond the one filling.
 */
const BATCHES_IN_FLIGHT = 8;

/**
 * Adds entities and relationships to the job state in batches, so the SDK's per-call work
 * (key checks, store, flush checks, promises) happens once per batch instead of once per row:
 * a bulk table of a million rows is a million calls otherwise. A key already in the job state
 * or in the batch is passed once (the same edge found twice, a row listed twice).
 *
 * A batch is of one `_type`: the runtime's file store writes what it holds, each time a batch
 * arrives, as a file per step and `_type` (and one per 500 objects). A batch of the step's
 * edges of three kinds mixed was three files of fewer than 500, each a file opened, written,
 * closed and linked into the type's index; now it is one file of 500.
 *
 * `flush()` must run when the step's reading ends, also when it fails: what was read is then
 * written (the step still fails and its types are reported partial). A full batch is handed
 * over without waiting for it (the job state may be writing to disk): reading goes on while
 * it is written, up to BATCHES_IN_FLIGHT batches at a time; `flush()` waits for everything.
 */
export class GraphWriter {
  /** The objects not handed over yet, by `_type`. */
  private readonly entities = new Map<string, Entity[]>();
  private readonly relationships = new Map<string, Relationship[]>();
  private readonly batched = new Set<string>();
  /** The batches on their way to the job state, oldest first. */
  private readonly handing: Array<Promise<void>> = [];

  constructor(
    private readonly jobState: JobState,
    private readonly batchSize = DEFAULT_BATCH_SIZE,
    private readonly batchesInFlight = BATCHES_IN_FLIGHT,
  ) {}

  /**
   * Whether a graph object with this key was added, to the job state or to the batch. The
   * runtime's `hasKey` answers synchronously (TOOLCHAIN §12); were it ever a promise, the key
   * would count as new and the SDK would refuse the duplicate loudly.
   */
  has(key: string): boolean {
    return this.batched.has(key) || this.jobState.hasKey(key) === true;
  }

  /** Adds the entity unless its key is known; true when added. */
  addEntity(entity: Entity): Promise<boolean> {
    return this.add(entity, true);
  }

  /** Adds the relationship unless its key is known; true when added. */
  addRelationship(relationship: Relationship): Promise<boolean> {
    return this.add(relationship, false);
  }

  private async add(object: Entity | Relationship, isEntity: boolean): Promise<boolean> {
    // Every step writes through here: a step converting a long list lets answers in and
    // requests out between its objects (../../jumpcloud/turns.ts). Meanwhile another caller
    // may have filled and handed over the batch: the batch is the one current after the turn.
    const turn = turnIfBusy();
    if (turn) await turn;
    if (this.has(object._key)) return false;
    this.batched.add(object._key);
    const batches: Map<string, Array<Entity | Relationship>> = isEntity
      ? this.entities
      : this.relationships;
    let batch = batches.get(object._type);
    if (!batch) batches.set(object._type, (batch = []));
    batch.push(object);
    if (batch.length >= this.batchSize) {
      // Taken now: what other callers add meanwhile starts the type's next batch.
      batches.delete(object._type);
      // The caller (a page being converted) waits only when the batches already travelling
      // to the job state fill every place: then for the oldest, whose failure it throws.
      if (this.handing.length >= this.batchesInFlight) await this.handing.shift();
      this.handing.push(
        isEntity
          ? this.handOver(batch as Entity[], [])
          : this.handOver([], batch as Relationship[]),
      );
    }
    return true;
  }

  /** Hands everything batched to the job state: entities first, then relationships. */
  async flush(): Promise<void> {
    let failure: unknown;
    // Each batch in flight is waited for; the first failure is thrown, once, at the end.
    for (let batch = this.handing.shift(); batch; batch = this.handing.shift()) {
      try {
        await batch;
      } catch (error) {
        failure ??= error;
      }
    }
    // Written also after a failed batch: what was read is kept (the step still fails).
    const entities = [...this.entities.values()].flat();
    const relationships = [...this.relationships.values()].flat();
    this.entities.clear();
    this.relationships.clear();
    await this.handOver(entities, relationships);
    if (failure !== undefined) throw failure;
  }

  /**
   * Starts handing objects to the job state (the runtime's file store writes them to disk
   * when its buffer is full, which is why this is not awaited by `add`). Until they arrive,
   * `has` answers for their keys from `batched`.
   */
  private handOver(entities: Entity[], relationships: Relationship[]): Promise<void> {
    if (entities.length === 0 && relationships.length === 0) return Promise.resolve();
    const done = (async () => {
      try {
        if (entities.length > 0) await this.jobState.addEntities(entities);
        if (relationships.length > 0) await this.jobState.addRelationships(relationships);
      } finally {
        // Known to the job state now; until then `has` still answers from the batch.
        for (const { _key } of entities) this.batched.delete(_key);
        for (const { _key } of relationships) this.batched.delete(_key);
      }
    })();
    // Its failure is thrown by the next `add` that waits for it, or by `flush`.
    done.catch(() => undefined);
    return done;
  }
}
