import { Entity, JobState, Relationship } from '@jupiterone/integration-sdk-core';

/** Graph objects a writer holds before it hands them to the job state. */
const DEFAULT_BATCH_SIZE = 500;

/**
 * Adds entities and relationships to the job state in batches, so the SDK's per-call work
 * (key checks, store, flush checks, promises) happens once per batch instead of once per row:
 * a bulk table of a million rows is a million calls otherwise. A key already in the job state
 * or in the batch is passed once (the same edge found twice, a row listed twice).
 *
 * `flush()` must run when the step's reading ends, also when it fails: what was read is then
 * written (the step still fails and its types are reported partial).
 */
export class GraphWriter {
  private entities: Entity[] = [];
  private relationships: Relationship[] = [];
  private readonly batched = new Set<string>();

  constructor(
    private readonly jobState: JobState,
    private readonly batchSize = DEFAULT_BATCH_SIZE,
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
    return this.add(entity, this.entities);
  }

  /** Adds the relationship unless its key is known; true when added. */
  addRelationship(relationship: Relationship): Promise<boolean> {
    return this.add(relationship, this.relationships);
  }

  private async add<T extends Entity | Relationship>(object: T, batch: T[]): Promise<boolean> {
    if (this.has(object._key)) return false;
    this.batched.add(object._key);
    batch.push(object);
    if (this.entities.length + this.relationships.length >= this.batchSize) await this.flush();
    return true;
  }

  /** Hands everything batched to the job state: entities first, then relationships. */
  async flush(): Promise<void> {
    const { entities, relationships } = this;
    this.entities = [];
    this.relationships = [];
    try {
      if (entities.length > 0) await this.jobState.addEntities(entities);
      if (relationships.length > 0) await this.jobState.addRelationships(relationships);
    } finally {
      // Known to the job state now; until then `has` still answers from the batch.
      for (const { _key } of entities) this.batched.delete(_key);
      for (const { _key } of relationships) this.batched.delete(_key);
    }
  }
}
