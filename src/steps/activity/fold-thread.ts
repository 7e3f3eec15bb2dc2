/**
 * The activity's fold worker seen from the main thread. Directory Insights is the run's
 * largest read (at M, 151 pages of 10,000 events, about 0.5 GB of JSON): parsing and folding
 * it on the main thread kept that thread busy for seconds, while every other step's answers
 * waited unread and their next requests waited behind them. Here the one client still makes
 * every request (one error policy, one limit); a page's body goes, its bytes transferred, not
 * copied, to a worker thread (./fold-worker.ts) that parses it, checks its rows as the
 * paginator does and folds them; the main thread reads only the page's headers (the next
 * page's token is one) and a few numbers back.
 *
 * - A page is parsed before its request resolves (`readBody`), so a body that is not JSON is
 *   retried by the client as before, and the paginator knows the page's rows.
 * - Bounded: a page is requested only while fewer than `MAX_PAGES_AT_WORKER` pages are in
 *   flight or at the worker unfolded, so the worker's memory does not grow when the network
 *   outpaces it.
 * - A worker that fails or exits fails every read in progress with a `FoldWorkerError`.
 * - The worker holds the process only while it has work (`ref` while a message awaits its
 *   answer); `terminate()` ends it (the activity step does, whatever happened).
 */
import path from 'path';
import { Worker } from 'worker_threads';

import { BodyNotJsonError } from '../../jumpcloud/body';
import type { EventPageHead, EventPageReader } from '../../jumpcloud/insights';
import { pageHeaders } from '../../jumpcloud/insights';
import { IncompleteListError } from '../../jumpcloud/paginate';
import { Slots } from '../shared/slots';
import { ActivityFold } from './fold';
import type { FromWorker, ToWorker } from './fold-messages';

/** Pages in flight or at the worker unfolded, at most (8 slices: one each, and a few more). */
export const MAX_PAGES_AT_WORKER = 12;

/** The worker failed or stopped: the events it held are lost. */
export class FoldWorkerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FoldWorkerError';
  }
}

/** A page read into the worker: its head, and the `id` its rows are kept under there. */
export interface WorkerPage extends EventPageHead {
  page: number;
}

type Answer<K extends FromWorker['kind']> = Extract<FromWorker, { kind: K }>;

/**
 * The worker file beside this module: compiled, `fold-worker.js`; under ts-node or jest, the
 * `.ts` source, loaded through ts-node in the worker (a dev dependency, as the tests are).
 */
function spawn(): Worker {
  const file = path.join(__dirname, `fold-worker${path.extname(__filename)}`);
  if (file.endsWith('.ts'))
    return new Worker(
      `require('ts-node').register({ transpileOnly: true }); require(${JSON.stringify(file)});`,
      { eval: true },
    );
  return new Worker(file);
}

export class FoldThread {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (answer: FromWorker) => void; reject: (error: Error) => void }
  >();
  private failure: FoldWorkerError | undefined;
  private terminated = false;
  /** Pages in flight or at the worker unfolded. */
  private readonly pages = new Slots(MAX_PAGES_AT_WORKER);
  private readonly listIds = new WeakMap<object, number>();

  constructor() {
    this.worker = spawn();
    this.worker.unref();
    this.worker.on('message', (answer: FromWorker) => {
      const call = this.pending.get(answer.id);
      if (!call) return;
      this.pending.delete(answer.id);
      if (this.pending.size === 0) this.worker.unref();
      call.resolve(answer);
    });
    this.worker.on('error', (error) =>
      this.stop(`the activity's fold worker failed: ${error.message}`),
    );
    this.worker.on('exit', (code) =>
      this.stop(`the activity's fold worker stopped (exit code ${code})`),
    );
  }

  /** The most pages in flight or at the worker at once so far. */
  get peakPages(): number {
    return this.pages.peak;
  }

  /** Why the worker stopped working before `terminate()`, if it did. */
  get failed(): FoldWorkerError | undefined {
    return this.terminated ? undefined : this.failure;
  }

  /** Ends the worker; what it held is dropped. */
  async terminate(): Promise<void> {
    this.terminated = true;
    this.stop('the activity step ended');
    await this.worker.terminate();
  }

  private stop(message: string): void {
    this.failure ??= new FoldWorkerError(message);
    for (const call of this.pending.values()) call.reject(this.failure);
    this.pending.clear();
    this.pages.lift();
  }

  private call<K extends FromWorker['kind']>(
    message: ToWorker,
    transfer: ArrayBuffer[] = [],
  ): Promise<Answer<K>> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<FromWorker>((resolve, reject) => {
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(message.id, { resolve, reject });
      this.worker.postMessage(message, transfer);
    }).then((answer) => {
      if (answer.kind === 'failed') {
        const { incomplete } = answer;
        if (incomplete)
          throw new IncompleteListError(
            incomplete.reason,
            incomplete.count,
            incomplete.total,
            answer.message,
          );
        // Not a list that failed its checks: the worker's own failure, as if it had crashed.
        this.stop(`the activity's fold worker failed: ${answer.message}`);
        throw this.failure;
      }
      return answer as Answer<K>;
    });
  }

  /** Waits until a page may be requested; the returned function gives its place back. */
  private async room(): Promise<() => void> {
    if (this.failure) throw this.failure;
    // A failure lifts the bound, so every waiter wakes and meets it here.
    const release = await this.pages.take();
    if (this.failure) {
      release();
      throw this.failure;
    }
    return release;
  }

  /**
   * One organization's events: `reader` reads them into the worker (for `iterateAuthEvents`),
   * `onRows` hears how many each page kept, and `finish` ends the organization: with its fold
   * when `keep`, else dropping it. Every place a page held is given back by `finish`. `adopt`
   * hands the worker a page read and parsed in the main thread already (the list's first page,
   * ./read-events.ts), its bytes transferred: the worker parses them again, and the page is
   * then handed over as one it read; the caller does not wait for the worker (nor for its
   * start) to go on reading.
   */
  organization(
    orgId: string,
    onRows: (kept: number) => void = () => undefined,
  ): {
    reader: EventPageReader<WorkerPage>;
    adopt(bytes: ArrayBuffer[], head: EventPageHead): WorkerPage;
    finish(keep: boolean): Promise<ActivityFold | undefined>;
  } {
    const session = this.nextId++;
    const places = new Map<number, () => void>();
    /** Pages adopted: their parse, which their fold waits for. */
    const adopted = new Map<number, Promise<Answer<'parsed' | 'not-json'>>>();
    let finished = false;
    const reader: EventPageReader<WorkerPage> = {
      read: async (send, body) => {
        const release = await this.room();
        let page: number | undefined;
        try {
          const response = await send({
            body,
            readBody: async (bytes) => {
              if (finished) throw new FoldWorkerError('the activity read of this page ended');
              const id = this.nextId++;
              const buffers = bytes.map((chunk) => chunk.buffer as ArrayBuffer);
              const parsed = await this.call<'parsed' | 'not-json'>(
                { kind: 'parse', id, session, bytes: buffers },
                buffers,
              );
              if (parsed.kind === 'not-json') throw new BodyNotJsonError(parsed.message);
              page = id;
              places.set(id, release);
              return parsed;
            },
          });
          const parsed = response.body as Answer<'parsed'>;
          return {
            page: parsed.id,
            rows: parsed.rows,
            lastTime: parsed.lastTime,
            ...pageHeaders(response.headers),
          };
        } catch (error) {
          if (page === undefined) release();
          throw error;
        }
      },
      hand: async (page, list, end) => {
        try {
          const parse = adopted.get(page.page);
          adopted.delete(page.page);
          // Parsed here already, so JSON: not parsed there is the worker's failure.
          if (parse && (await parse).kind !== 'parsed')
            throw new FoldWorkerError('the fold worker could not parse a page parsed here');
          const folded = await this.call<'folded'>({
            kind: 'fold',
            id: this.nextId++,
            session,
            orgId,
            page: page.page,
            list: this.listId(list),
            count: list.count,
            pages: list.pages,
            total: list.total,
            end,
          });
          list.count = folded.count;
          onRows(folded.kept);
          return folded.kept;
        } finally {
          places.get(page.page)?.();
          places.delete(page.page);
        }
      },
    };
    return {
      reader,
      adopt: (bytes, head) => {
        if (finished) throw new FoldWorkerError('the activity read of this page ended');
        const id = this.nextId++;
        places.set(id, this.pages.takeNow());
        const parse = this.call<'parsed' | 'not-json'>(
          { kind: 'parse', id, session, bytes },
          bytes,
        );
        parse.catch(() => undefined);
        adopted.set(id, parse);
        return { ...head, page: id };
      },
      finish: async (keep) => {
        finished = true;
        adopted.clear();
        for (const release of places.values()) release();
        places.clear();
        const ended = await this.call<'ended'>({ kind: 'end', id: this.nextId++, session, keep });
        return ended.fold ? new ActivityFold(ended.fold) : undefined;
      },
    };
  }

  private listId(list: object): number {
    let id = this.listIds.get(list);
    if (id === undefined) this.listIds.set(list, (id = this.nextId++));
    return id;
  }
}
