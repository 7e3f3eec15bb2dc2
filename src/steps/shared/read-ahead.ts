/**
 * A list read ahead for a step that must wait for another before it may write, though not
 * before it may read: the users step waits for the activity step (JupiterOne cannot change a
 * user once written, and each user carries its sign-in activity), yet its list needs only the
 * organizations. The step it waits for starts the read (`startReadAhead`); the waiting step
 * takes it (`takeReadAhead`) and is handed the same records in the same order, then the same
 * end or error, as if it had read the list itself: the same requests, made earlier, while the
 * wait lasts instead of after it.
 *
 * At most `maxRecords` records wait in memory (about twice that while the taker converts a
 * batch): beyond them reading pauses until the taker catches up, so a list far longer than
 * the wait costs no more memory than that. A read-ahead nobody takes (the waiting step does
 * not run in this process: `collect --step` of the earlier one) stops there; it is one
 * run's, so it goes with the run.
 */

type Iterate<T> = (onRecord: (record: T) => Promise<void>) => Promise<unknown>;

export const READ_AHEAD_MAX_RECORDS = 10_000;

class ReadAhead<T> {
  private buffer: T[] = [];
  private ended = false;
  private failure: { error: unknown } | undefined;
  /** Resolves the taker waiting for records or the end. */
  private wake: (() => void) | undefined;
  /** Resolves the reader paused on a full buffer. */
  private resume: (() => void) | undefined;

  constructor(iterate: Iterate<T>, maxRecords: number) {
    const onRecord = async (record: T) => {
      this.buffer.push(record);
      this.wakeTaker();
      if (this.buffer.length >= maxRecords) {
        await new Promise<void>((resolve) => (this.resume = resolve));
      }
    };
    // Never rejects: the error is kept for the taker, who meets it where the list ends.
    iterate(onRecord).then(
      () => this.end(undefined),
      (error: unknown) => this.end({ error }),
    );
  }

  private end(failure: { error: unknown } | undefined): void {
    this.ended = true;
    this.failure = failure;
    this.wakeTaker();
  }

  private wakeTaker(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  /** Hands every record to `iteratee` in list order, then throws the list's error, if any. */
  async replay(iteratee: (record: T) => Promise<void>): Promise<void> {
    for (;;) {
      if (this.buffer.length > 0) {
        const records = this.buffer;
        this.buffer = [];
        const resume = this.resume;
        this.resume = undefined;
        resume?.();
        for (const record of records) await iteratee(record);
        continue;
      }
      if (this.ended) {
        if (this.failure) throw this.failure.error;
        return;
      }
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }
}

const byRun = new WeakMap<object, Map<string, ReadAhead<unknown>>>();

/** Starts reading a list for a later step of the run; a key already started is left alone. */
export function startReadAhead<T>(
  run: object,
  key: string,
  iterate: Iterate<T>,
  maxRecords = READ_AHEAD_MAX_RECORDS,
): void {
  let started = byRun.get(run);
  if (!started) byRun.set(run, (started = new Map()));
  if (!started.has(key)) {
    started.set(key, new ReadAhead(iterate, maxRecords) as ReadAhead<unknown>);
  }
}

/**
 * Reads a list through its read-ahead when one was started for this run (taking it: a list is
 * replayed once), else directly.
 */
export function readAheadOr<T>(
  run: object,
  key: string,
  iterate: Iterate<T>,
  onRecord: (record: T) => Promise<void>,
): Promise<unknown> {
  const started = byRun.get(run)?.get(key) as ReadAhead<T> | undefined;
  if (!started) return iterate(onRecord);
  byRun.get(run)!.delete(key);
  return started.replay(onRecord);
}
