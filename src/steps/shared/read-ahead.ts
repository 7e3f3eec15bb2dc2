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
 *
 * Many small lists, one per object, that steps after the users step read (each user group's
 * members, each application's user groups and users) are queued instead (`queueReadAhead`,
 * below): read a few at a time while the users step waits for the activity, and taken the
 * same way. Their requests wait in the client's limit while a request of a step running now
 * waits, until their list is taken (`LaterReading`, src/jumpcloud/limiter.ts).
 */

import type { LaterReading } from '../../jumpcloud/limiter';
import { turnIfBusy } from '../../jumpcloud/turns';

/** What a taker does with a record: a synchronous one costs no promise per record. */
type OnRecord<T> = (record: T) => Promise<void> | void;

type Iterate<T> = (onRecord: OnRecord<T>) => Promise<unknown>;

export const READ_AHEAD_MAX_RECORDS = 10_000;

class ReadAhead<T> {
  private buffer: T[] = [];
  private ended = false;
  private failure: { error: unknown } | undefined;
  /** Resolves the taker waiting for records or the end. */
  private wake: (() => void) | undefined;
  /** Resolves the reader paused on a full buffer. */
  private resume: (() => void) | undefined;
  /** Whether its list is being read (a queued read-ahead waits for its turn). */
  started = false;

  constructor(
    private readonly iterate: Iterate<T>,
    private readonly maxRecords: number,
    private readonly queue?: ReadAheadQueue,
    /** How its requests wait for a slot: for later, until taken (a queued read-ahead). */
    readonly reading?: LaterReading,
  ) {
    if (queue) queue.enqueue(this as ReadAhead<unknown>);
    else this.start();
  }

  /** Starts reading the list: at once, or when its queue gives it a turn. */
  start(): void {
    this.started = true;
    const onRecord = async (record: T) => {
      this.buffer.push(record);
      this.queue?.holding(1);
      this.wakeTaker();
      if (this.buffer.length >= this.maxRecords) {
        await new Promise<void>((resolve) => (this.resume = resolve));
      }
    };
    // Never rejects: the error is kept for the taker, who meets it where the list ends.
    this.iterate(onRecord).then(
      () => this.end(undefined),
      (error: unknown) => this.end({ error }),
    );
  }

  private end(failure: { error: unknown } | undefined): void {
    this.ended = true;
    this.failure = failure;
    this.wakeTaker();
    this.queue?.ended();
  }

  private wakeTaker(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  /** Hands every record to `iteratee` in list order, then throws the list's error, if any. */
  async replay(iteratee: OnRecord<T>): Promise<void> {
    for (;;) {
      if (this.buffer.length > 0) {
        const records = this.buffer;
        this.buffer = [];
        this.queue?.holding(-records.length);
        const resume = this.resume;
        this.resume = undefined;
        resume?.();
        for (const record of records) {
          const handled = iteratee(record);
          if (handled) await handled;
          const turn = turnIfBusy();
          if (turn) await turn;
        }
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

/**
 * The lists a step reads after a first one of its own, in an order its output depends on
 * (which of two copies of one software on a device is kept, which keys an account carries):
 * each `readAfter` gives the taker of one list, whose requests go out, all at once, as soon
 * as the first list has answered (`begin`: its first record, or its end when it is empty),
 * and whose records wait (at most `maxRecords`, then reading pauses until they are taken) to
 * be handed over in list order, then its end or its error, when the step takes it. Read one
 * after another, the lists made a chain of requests the step waited on one by one. Not before
 * the first has answered: a feature the organization lacks answers the first request with a
 * 404, and nothing more is requested of it. A list never taken (the first failed) stops
 * where its buffer is full; taking one begins them all (the first list ended empty).
 */
export class ListsAfterFirst {
  private begun = false;
  private readonly waiting: Array<() => void> = [];

  /** The first list has answered: every later list starts. */
  begin(): void {
    if (this.begun) return;
    this.begun = true;
    for (const start of this.waiting.splice(0)) start();
  }

  readAfter<T>(
    iterate: Iterate<T>,
    maxRecords = READ_AHEAD_MAX_RECORDS,
  ): (onRecord: OnRecord<T>) => Promise<void> {
    let ahead: ReadAhead<T> | undefined;
    const start = () => {
      ahead ??= new ReadAhead(iterate, maxRecords);
    };
    if (this.begun) start();
    else this.waiting.push(start);
    return (onRecord) => {
      // The first list is over: every later one goes out, if it has not yet.
      this.begin();
      return (ahead as ReadAhead<T>).replay(onRecord);
    };
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
  onRecord: OnRecord<T>,
): Promise<unknown> {
  const started = byRun.get(run)?.get(key) as ReadAhead<T> | undefined;
  if (!started) return iterate(onRecord);
  byRun.get(run)!.delete(key);
  // Its taker waits for it now: its requests are no longer for later.
  if (started.reading) started.reading.later = false;
  if (!started.started) {
    // Still waiting in its queue: read now, without the detour.
    queues.get(run)?.remove(started as ReadAhead<unknown>);
    return iterate(onRecord);
  }
  return started.replay(onRecord);
}

// ---- queued read-aheads: one small list per object -------------------------------------

/**
 * Records that queued read-aheads of a run may hold in all, waiting for their takers: a list
 * starts only while fewer are held. A run whose takers come late reads the rest itself.
 */
export const QUEUED_READ_AHEAD_MAX_RECORDS = 100_000;

/**
 * The read-aheads of one small list per object (a user group's members, an application's
 * users and groups), started in turn once the queue is open: at most `lists` of them read at
 * once, so that the requests of lists needed sooner (the sign-in events the users step waits
 * for) still find room in the client's queue, and a list starts only while fewer than
 * `maxRecords` records wait for their takers.
 */
class ReadAheadQueue {
  private reading = 0;
  private held = 0;
  private readonly waiting: Array<ReadAhead<unknown>> = [];
  private open: { lists: number; maxRecords: number } | undefined;

  enqueue(readAhead: ReadAhead<unknown>): void {
    this.waiting.push(readAhead);
    this.pump();
  }

  /** Taken before its turn: its taker reads the list itself. */
  remove(readAhead: ReadAhead<unknown>): void {
    const index = this.waiting.indexOf(readAhead);
    if (index >= 0) this.waiting.splice(index, 1);
  }

  /** Records put in (positive) or handed to a taker (negative). */
  holding(records: number): void {
    this.held += records;
    if (records < 0) this.pump();
  }

  ended(): void {
    this.reading -= 1;
    this.pump();
  }

  openWith(lists: number, maxRecords: number): void {
    this.open = { lists: Math.max(1, lists), maxRecords };
    this.pump();
  }

  private pump(): void {
    const open = this.open;
    if (!open) return;
    while (this.reading < open.lists && this.held < open.maxRecords && this.waiting.length > 0) {
      this.reading += 1;
      (this.waiting.shift() as ReadAhead<unknown>).start();
    }
  }
}

const queues = new WeakMap<object, ReadAheadQueue>();

function queueOf(run: object): ReadAheadQueue {
  let queue = queues.get(run);
  if (!queue) queues.set(run, (queue = new ReadAheadQueue()));
  return queue;
}

/**
 * Like `startReadAhead`, for one of many small lists (one per object) that a later step of the
 * run takes with `readAheadOr`: put in the run's one queue of such lists, which reads them in
 * the order they were queued once it is open (`openReadAheadQueue`). A list its taker asks for
 * before its turn is read by the taker directly.
 */
export function queueReadAhead<T>(
  run: object,
  key: string,
  iterate: (onRecord: OnRecord<T>, reading: LaterReading) => Promise<unknown>,
): void {
  let started = byRun.get(run);
  if (!started) byRun.set(run, (started = new Map()));
  if (started.has(key)) return;
  // Its requests wait while requests of the steps running now do, until it is taken.
  const reading: LaterReading = { later: true };
  started.set(
    key,
    new ReadAhead<T>(
      (onRecord) => iterate(onRecord, reading),
      READ_AHEAD_MAX_RECORDS,
      queueOf(run),
      reading,
    ) as ReadAhead<unknown>,
  );
}

/**
 * Lets the run's queued read-aheads start, `lists` at a time (the client's concurrency), while
 * fewer than `maxRecords` records wait for their takers; lists queued later start as they
 * come. Called when the run has a wait for them to fill: the users step waiting for the
 * sign-in activity, for which the steps that take them wait in turn. Until then nothing is
 * requested, so a step run without its takers (`collect --step`, a step test) spends no
 * request on lists nobody reads.
 */
export function openReadAheadQueue(
  run: object,
  lists: number,
  maxRecords = QUEUED_READ_AHEAD_MAX_RECORDS,
): void {
  queueOf(run).openWith(lists, maxRecords);
}
