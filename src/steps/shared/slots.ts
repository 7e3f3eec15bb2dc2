/**
 * A bound on work in progress, in process memory: at most `limit` places taken, waiters served
 * first come, first served, and a bound that can be lifted (never lowered) for good. Used where
 * a step holds back its own work, not requests (those are the client's: ../../jumpcloud/
 * limiter.ts, with its throttling): the access reads beside the activity (../devices/read.ts)
 * and the pages at the fold worker (../activity/fold-thread.ts).
 */
export class Slots {
  private taken = 0;
  private most = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private limit: number) {}

  /** The most places taken at once so far. */
  get peak(): number {
    return this.most;
  }

  /** Waits for a place; the returned function gives it back (once). */
  async take(): Promise<() => void> {
    while (this.taken >= this.limit) {
      await new Promise<void>((wake) => this.waiting.push(wake));
    }
    return this.takeNow();
  }

  /** Takes a place now, beyond the bound if need be; the returned function gives it back. */
  takeNow(): () => void {
    this.taken += 1;
    this.most = Math.max(this.most, this.taken);
    let given = false;
    return () => {
      if (given) return;
      given = true;
      this.taken -= 1;
      this.waiting.shift()?.();
    };
  }

  /** `work` in a place, given back however it ends. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    const release = await this.take();
    try {
      return await work();
    } finally {
      release();
    }
  }

  /** No bound from now on: every waiter goes on. */
  lift(): void {
    this.limit = Infinity;
    for (const wake of this.waiting.splice(0)) wake();
  }
}
