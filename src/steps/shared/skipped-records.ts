import {
  Entity,
  IntegrationError,
  IntegrationLogger,
  IntegrationWarnEventName,
} from '@jupiterone/integration-sdk-core';

/** Shortest `_key` the JupiterOne data model accepts. */
const MIN_KEY_LENGTH = 10;

/**
 * Records a step could not turn into a valid entity (an id too short for a `_key`, an id
 * another type already holds, a record the schema rejects). Each is skipped with a warning
 * that names it; `finish()` then fails the step, after everything else was written, so its
 * types are reported partial and JupiterOne keeps their earlier data instead of deleting
 * what it did not see. Never a record dropped in silence.
 */
export class SkippedRecords {
  private readonly skipped: Array<{ id: string; orgId: string; reason: string; what: string }> = [];

  constructor(
    private readonly logger: IntegrationLogger,
    /** As a person names the records: 'user', 'system' (each `skip` may name its own). */
    private readonly what: string,
  ) {}

  get count(): number {
    return this.skipped.length;
  }

  skip(id: string, orgId: string, reason: string, what = this.what): void {
    this.skipped.push({ id, orgId, reason, what });
    this.logger.publishWarnEvent({
      name: IntegrationWarnEventName.MissingEntity,
      description:
        `JumpCloud ${what} ${JSON.stringify(id)} (organization ${orgId}) was skipped: ` +
        `${reason}. Its type is reported partial, so JupiterOne keeps its earlier data.`,
    });
  }

  /**
   * The entity `convert` makes, or undefined (skipped, with a warning) when it throws, when
   * its key is too short, or when the key is already held by an entity of another type
   * (`keyTakenByOtherType`).
   */
  convert(
    id: string,
    orgId: string,
    convert: () => Entity,
    keyTakenByOtherType: (key: string) => boolean = () => false,
    what = this.what,
  ): Entity | undefined {
    let entity: Entity;
    try {
      entity = convert();
    } catch (error) {
      this.skip(id, orgId, `it cannot be made a valid entity (${(error as Error).message})`, what);
      return undefined;
    }
    if (typeof entity._key !== 'string' || entity._key.length < MIN_KEY_LENGTH) {
      this.skip(id, orgId, `its id is too short to be a JupiterOne key`, what);
      return undefined;
    }
    if (keyTakenByOtherType(entity._key)) {
      this.skip(id, orgId, `another kind of JumpCloud object has the same id`, what);
      return undefined;
    }
    return entity;
  }

  /** Fails the step when anything was skipped: its types are then reported partial. */
  finish(): void {
    if (this.skipped.length === 0) return;
    const named = this.skipped
      .slice(0, 10)
      .map((record) => JSON.stringify(record.id))
      .join(', ');
    const more = this.skipped.length > 10 ? ` and ${this.skipped.length - 10} more` : '';
    throw new IntegrationError({
      code: 'SKIPPED_INVALID_RECORDS',
      message:
        `${this.skipped.length} ${whatOf(this.skipped)} record(s) could not be ingested ` +
        `(${named}${more}); ` +
        `the others were collected and this step's types are reported partial.`,
    });
  }
}

/** What the skipped records are, when they are all of one kind; else just "JumpCloud". */
function whatOf(skipped: ReadonlyArray<{ what: string }>): string {
  const kinds = new Set(skipped.map((record) => record.what));
  return kinds.size === 1 ? [...kinds][0] : 'JumpCloud';
}
