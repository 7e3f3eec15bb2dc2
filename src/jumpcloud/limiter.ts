/**
 * The concurrency limit every request of a run shares. It adapts to throttling: a 429
 * halves the number of requests allowed in flight (never below one) and holds new requests
 * for a while: as long as its Retry-After says, or, without one, for an exponential backoff
 * that the whole run shares; each run of successes as long as the current limit raises the
 * limit by one again, up to the configured maximum (additive increase, multiplicative
 * decrease). A Retry-After pause is capped (`maxPauseMs`): an absurd Retry-After slows the
 * run down for a while, it never stalls it.
 *
 * The backoff without Retry-After grows by rounds, not by answers: the 429s of requests that
 * were already in flight when the first of them came back are one round (one wait); the next
 * round is a 429 to a request sent after that. So a 429 storm costs the run one request per
 * round once the limit is down to one, with waits of 1, 2, 4, 8, 16, 16, ... s (each up to
 * half as long again, at random), however many objects are waiting to be read: a 20 s storm
 * sees the requests of the first round and at most four more. The backoff starts over once
 * no 429 came for twice the last wait.
 */
export interface ThrottleBackoff {
  /** The first wait (before jitter); it doubles with each round. */
  baseDelayMs: number;
  /** The longest wait (before jitter). */
  maxDelayMs: number;
  /** The source of jitter (tests make it fixed). */
  random?: () => number;
}

export const DEFAULT_THROTTLE_BACKOFF: ThrottleBackoff = { baseDelayMs: 1_000, maxDelayMs: 16_000 };

export class RequestLimiter {
  private inFlight = 0;
  private currentLimit: number;
  private successesAtLimit = 0;
  private pausedUntil = 0;
  private readonly waiting: Array<() => void> = [];
  private pauseTimer: NodeJS.Timeout | undefined;
  /** Rounds of 429s without Retry-After in the current storm (0: none lately). */
  private throttleRounds = 0;
  private lastThrottleAt = -Infinity;
  private roundWaitMs = 0;

  constructor(
    readonly maxConcurrency: number,
    private readonly now: () => number = Date.now,
    private readonly maxPauseMs: number = Infinity,
    private readonly backoff: ThrottleBackoff = DEFAULT_THROTTLE_BACKOFF,
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

  /**
   * The server throttled us: slow down, and pause every request, as long as `retryAfterMs`
   * says (capped by `maxPauseMs`) or, without it, for the run's backoff. `attemptStartedAt`
   * is when the throttled attempt was sent: a 429 to a request sent before the previous 429
   * came back belongs to the same round. Answers how long the throttled request should wait
   * before its next attempt: the Retry-After itself, or what is left of the run's pause.
   */
  onThrottled(retryAfterMs?: number, attemptStartedAt = -Infinity): number {
    this.currentLimit = Math.max(1, Math.floor(this.currentLimit / 2));
    this.successesAtLimit = 0;
    const now = this.now();
    if (retryAfterMs !== undefined) {
      if (retryAfterMs > 0) this.pause(Math.min(retryAfterMs, this.maxPauseMs));
      return retryAfterMs;
    }
    if (this.throttleRounds > 0 && now - this.lastThrottleAt > 2 * this.roundDelayMs()) {
      this.throttleRounds = 0; // quiet for long enough: the storm is over
    }
    if (this.throttleRounds === 0 || attemptStartedAt > this.lastThrottleAt) {
      this.throttleRounds += 1;
      const delay = this.roundDelayMs();
      // Jitter upward (up to half as long again), so waiting requests do not return at once
      // and no wait is shorter than the round's.
      this.roundWaitMs = Math.round(delay * (1 + (this.backoff.random ?? Math.random)() / 2));
      this.pause(this.roundWaitMs);
    }
    this.lastThrottleAt = now;
    return Math.max(0, this.pausedUntil - now);
  }

  /** Rounds of 429s without Retry-After in the current storm. */
  get throttleRound(): number {
    return this.throttleRounds;
  }

  /** The current round's backoff before jitter: base, doubled each round, capped. */
  private roundDelayMs(): number {
    const { baseDelayMs, maxDelayMs } = this.backoff;
    return Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, this.throttleRounds - 1));
  }

  private pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
    this.schedulePauseEnd();
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
