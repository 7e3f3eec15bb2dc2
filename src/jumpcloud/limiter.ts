/**
 * The concurrency limit every request of a run shares. It adapts to throttling: a 429
 * halves the number of requests allowed in flight (never below one) and, with a
 * Retry-After, holds new requests until then; each run of successes as long as the current
 * limit raises it by one again, up to the configured maximum (additive increase,
 * multiplicative decrease). A pause is capped (`maxPauseMs`): an absurd Retry-After slows
 * the run down for a while, it never stalls it.
 */
export class RequestLimiter {
  private inFlight = 0;
  private currentLimit: number;
  private successesAtLimit = 0;
  private pausedUntil = 0;
  private readonly waiting: Array<() => void> = [];
  private pauseTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly maxConcurrency: number,
    private readonly now: () => number = Date.now,
    private readonly maxPauseMs: number = Infinity,
  ) {
    if (!Number.isInteger(maxConcurrency) || maxConcurrency < 1) {
      throw new Error(`maxConcurrency must be a positive integer, got ${maxConcurrency}`);
    }
    this.currentLimit = maxConcurrency;
  }

  get limit(): number {
    return this.currentLimit;
  }

  get active(): number {
    return this.inFlight;
  }

  /**
   * Waits for a slot (first come, first served); call the returned function once to give it
   * back. With `timeoutMs`, gives up after that long and answers undefined (no slot taken).
   */
  async acquire(timeoutMs?: number): Promise<() => void>;
  async acquire(timeoutMs: number): Promise<(() => void) | undefined>;
  async acquire(timeoutMs?: number): Promise<(() => void) | undefined> {
    if (this.waiting.length === 0 && this.canStart()) {
      this.inFlight += 1;
    } else {
      // drain() reserves the slot before it wakes us.
      const acquired = await new Promise<boolean>((resolve) => {
        let timer: NodeJS.Timeout | undefined;
        const wake = () => {
          if (timer) clearTimeout(timer);
          resolve(true);
        };
        this.waiting.push(wake);
        this.schedulePauseEnd();
        if (timeoutMs !== undefined) {
          timer = setTimeout(
            () => {
              const index = this.waiting.indexOf(wake);
              if (index >= 0) this.waiting.splice(index, 1);
              resolve(false);
            },
            Math.max(0, timeoutMs),
          );
        }
      });
      if (!acquired) return undefined;
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inFlight -= 1;
      this.drain();
    };
  }

  /** The server throttled us: slow down, and pause until `retryAfterMs` has passed. */
  onThrottled(retryAfterMs?: number): void {
    this.currentLimit = Math.max(1, Math.floor(this.currentLimit / 2));
    this.successesAtLimit = 0;
    if (retryAfterMs !== undefined && retryAfterMs > 0) {
      const pause = Math.min(retryAfterMs, this.maxPauseMs);
      this.pausedUntil = Math.max(this.pausedUntil, this.now() + pause);
      this.schedulePauseEnd();
    }
  }

  onSuccess(): void {
    if (this.currentLimit >= this.maxConcurrency) return;
    this.successesAtLimit += 1;
    if (this.successesAtLimit >= this.currentLimit) {
      this.currentLimit += 1;
      this.successesAtLimit = 0;
      this.drain();
    }
  }

  private canStart(): boolean {
    return this.inFlight < this.currentLimit && this.now() >= this.pausedUntil;
  }

  private drain(): void {
    while (this.waiting.length > 0 && this.canStart()) {
      this.inFlight += 1;
      (this.waiting.shift() as () => void)();
    }
  }

  private schedulePauseEnd(): void {
    const wait = this.pausedUntil - this.now();
    if (wait <= 0 || this.pauseTimer) return;
    this.pauseTimer = setTimeout(() => {
      this.pauseTimer = undefined;
      this.drain();
      this.schedulePauseEnd();
    }, wait);
    this.pauseTimer.unref?.();
  }
}
