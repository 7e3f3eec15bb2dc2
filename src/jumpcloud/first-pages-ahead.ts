/**
 * First pages of lists requested ahead, into slots nobody else wants: the lists that steps
 * read first (the user groups, the commands, the policies...), listed by `validateInvocation`
 * once it knows the organizations (src/steps/first-pages.ts). Every step waits for the account
 * step, which waits for the organization's record and then spends a tenth of a second of CPU
 * (the data model's schemas): the slots were empty meanwhile, and again wherever the steps
 * running wait for each other. A page read ahead is handed to the first read of the same list
 * (same organization, path and query) on this client, which then requests nothing for it.
 *
 * Each goes out only into a slot that is free while no request waits (`onlyIfIdle`,
 * ./http.ts), so it never delays a request of a step that runs, and never waits in a queue
 * (where the request's deadline would run). One that finds no such slot is not sent and waits
 * for the next (`RequestLimiter.onIdle`); one still waiting when its list is read is dropped,
 * and the reader requests the page itself.
 *
 * A page read for a step that starts minutes later may be handed over only when it holds its
 * whole list (`whole`): a longer list is then read by its step from the start, so that a
 * record moved between the first page and the next (the first being minutes older) cannot be
 * missed, and costs one request more. A failed request (after the error policy's retries) is
 * handed over as its error: the step meets it as if it had made the request itself (a 404 of
 * a feature the organization lacks costs one request, as before).
 */

import type { RequestLimiter } from './limiter';
import type { Page } from './paginate';

/** A request with `onlyIfIdle` (./http.ts) that found no idle slot: nothing was sent. */
export class NotSentError extends Error {
  constructor() {
    super('not sent: no idle slot');
  }
}

interface Queued {
  key: string;
  /** Its endpoint, as the client counts requests (`GET /api/commands`). */
  endpoint: string;
  /** Requests the page (with `onlyIfIdle`); undefined when it may not be handed over. */
  read: () => Promise<Page<unknown> | undefined>;
  /** Tells the caller of `add` the page that came, or undefined (never sent, failed). */
  settle: (page: Page<unknown> | undefined) => void;
  /** Called at once when the page came and may be handed over, before any reader has it. */
  then?: (page: Page<unknown>) => void;
}

export class FirstPagesAhead {
  private readonly queue: Queued[] = [];
  /** Pages sent, by key: in flight or answered, until taken. */
  private readonly pages = new Map<
    string,
    { page: Promise<Page<unknown> | undefined>; endpoint: string }
  >();
  /** Pages sent, and pages (or errors) a read was handed (the client's `stats`). */
  readonly counts = { sent: 0, taken: 0 };
  /**
   * Per endpoint, pages sent that no read was handed (yet): a list longer than a page where
   * only a whole one may be handed over, or a step that did not run. Each was a request more.
   */
  private readonly untaken = new Map<string, number>();
  /** Per endpoint, pages sent. */
  private readonly sentTo = new Map<string, number>();

  private sendScheduled = false;

  constructor(private readonly limiter: RequestLimiter) {
    limiter.onIdle = () => this.send();
  }

  /**
   * Queues a page to read ahead (once per key); what the idle slots allow is sent once the
   * caller's pages are all queued (a microtask later), in the order they were. Resolves to
   * the page once it came and may be handed over; to undefined when it does not come (read
   * before it was sent, failed, or not to be handed over). Never rejects.
   */
  add(
    key: string,
    endpoint: string,
    read: Queued['read'],
    then?: Queued['then'],
  ): Promise<Page<unknown> | undefined> {
    if (this.pages.has(key) || this.queue.some((queued) => queued.key === key)) {
      return Promise.resolve(undefined);
    }
    let settle!: Queued['settle'];
    const settled = new Promise<Page<unknown> | undefined>((resolve) => (settle = resolve));
    this.queue.push({ key, endpoint, read, settle, then });
    if (!this.sendScheduled) {
      this.sendScheduled = true;
      queueMicrotask(() => {
        this.sendScheduled = false;
        this.send();
      });
    }
    return settled;
  }

  /**
   * The page read ahead for `key`, taken (once): undefined when none was, or it was not sent
   * yet (then it never is), or it does not hold the whole list; its error when it failed.
   */
  async take(key: string): Promise<Page<unknown> | undefined> {
    const index = this.queue.findIndex((queued) => queued.key === key);
    if (index >= 0) this.queue.splice(index, 1)[0].settle(undefined);
    const entry = this.pages.get(key);
    if (!entry) return undefined;
    this.pages.delete(key);
    const handed = () => {
      this.counts.taken += 1;
      this.untaken.set(entry.endpoint, (this.untaken.get(entry.endpoint) ?? 1) - 1);
    };
    try {
      const taken = await entry.page;
      if (taken) handed();
      return taken;
    } catch (error) {
      // Found no idle slot after all: the reader requests it.
      if (error instanceof NotSentError) return undefined;
      handed();
      throw error;
    }
  }

  /** Pages queued and not sent (a list no step read: for tests). */
  get waiting(): number {
    return this.queue.length;
  }

  /** Per endpoint, pages sent. */
  get sentByEndpoint(): Record<string, number> {
    return Object.fromEntries(this.sentTo);
  }

  /** Per endpoint, pages sent that no read was handed: requests more than the run needed. */
  get untakenByEndpoint(): Record<string, number> {
    return Object.fromEntries([...this.untaken].filter(([, count]) => count > 0));
  }

  private send(): void {
    // Each request looks for its idle slot after a turn of microtasks: as many as are free
    // now go out; any beyond them finds none and goes back to the front of the queue.
    for (let room = this.limiter.idleSlots; room > 0 && this.queue.length > 0; room -= 1) {
      const queued = this.queue.shift() as Queued;
      const page = queued.read();
      this.pages.set(queued.key, { page, endpoint: queued.endpoint });
      const sent = () => {
        this.counts.sent += 1;
        this.sentTo.set(queued.endpoint, (this.sentTo.get(queued.endpoint) ?? 0) + 1);
        this.untaken.set(queued.endpoint, (this.untaken.get(queued.endpoint) ?? 0) + 1);
      };
      page.then(
        (came) => {
          sent();
          // Registered before a reader's: what it queues is queued before the page is read.
          if (came) queued.then?.(came);
          queued.settle(came);
        },
        (error: unknown) => {
          if (!(error instanceof NotSentError)) {
            sent();
            queued.settle(undefined);
            return;
          }
          if (this.pages.get(queued.key)?.page !== page) {
            queued.settle(undefined); // taken meanwhile: its reader requests it
            return;
          }
          this.pages.delete(queued.key);
          this.queue.unshift(queued);
        },
      );
    }
  }
}
