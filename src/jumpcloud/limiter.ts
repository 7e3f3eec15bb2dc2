/**
 * The concurrency limit every request of a run shares. It adapts to throttling: a 429
 * halves the number of requests allowed in flight (never below one) and holds new requests
 * for a while: as long as its Retry-After says, or, without one, for an exponential backoff
 * that the whole run shares; each run of successes as long as the current limit raises the
 * limit by one again, up to the configured maximum (additive increase, multiplicative
 * decrease). A Retry-After pause is capped (`maxPauseMs`): an absurd Retry-After slows the
 * run down for a while, it never stalls it.
 *
 * The backoff without Retry-After grows by rounds of one endpoint (`GET /api/v2/usergroups/
 * {id}/members`), not by answers: the 429s of requests that were already in flight when the
 * first of them came back are one round (one wait); the next round is a 429 to a request
 * sent after that. So a 429 storm on an endpoint costs the run one request per round once
 * the limit is down to one, with waits of 1, 2, 4, 8, 16, 16, ... s (each up to half as long
 * again, at random), however many objects are waiting to be read: a 20 s storm sees the
 * requests of the first round and at most four more. A success on that endpoint, sent after
 * its last 429, ends its storm; an isolated 429 elsewhere (probing the limit back up) waits
 * one round, not the storm's.
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

/**
 * How the requests of one list wait for a slot: `later` while the list is read ahead for a
 * step that has not begun to take it; the reader turns it false when that step takes it.
 */
export interface LaterReading {
  later: boolean;
}

export class RequestLimiter {
  private inFlight = 0;
  private currentLimit: number;
  private successesAtLimit = 0;
  private pausedUntil = 0;
  private readonly waiting: Array<() => void> = [];
  /**
   * Requests for lists a later step will take (read ahead while it waits: a user group's
   * members, an application's users and groups): served when no other request waits, so
   * that the lists the steps running now need go first (those of the devices step, which
   * seven steps wait for), and the read-aheads fill whatever room is left. One whose list a
   * step has begun to take (its `later` turned false) goes first again.
   */
  private readonly waitingLater: Array<{ wake: () => void; reading: LaterReading }> = [];
  private pauseTimer: NodeJS.Timeout | undefined;
  /** Per endpoint: rounds of 429s without Retry-After since its last success. */
  private readonly storms = new Map<string, { rounds: number; lastThrottleAt: number }>();

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
   * Requests that could start now without making any other wait: free slots while no request
   * waits and the run is not paused (0 otherwise).
   */
  get idleSlots(): number {
    if (this.waiting.length + this.waitingLater.length > 0 || this.now() < this.pausedUntil) {
      return 0;
    }
    return Math.max(0, this.currentLimit - this.inFlight);
  }

  /**
   * Called when a slot given back is left free (no request waited for it): the client then
   * sends the first pages it reads ahead into idle slots (./first-pages-ahead.ts).
   */
  onIdle: (() => void) | undefined;

  /**
   * Waits for a slot (first come, first served; a request whose `reading` is for later, only
   * once no other waits); call the returned function once to give it back. With `timeoutMs`,
   * gives up after that long and answers undefined (no slot taken).
   */
  async acquire(timeoutMs?: number, reading?: LaterReading): Promise<() => void>;
  async acquire(timeoutMs: number, reading?: LaterReading): Promise<(() => void) | undefined>;
  async acquire(timeoutMs?: number, reading?: LaterReading): Promise<(() => void) | undefined> {
    const later = reading?.later === true;
    if (
      this.waiting.length === 0 &&
      (!later || this.waitingLater.length === 0) &&
      this.canStart()
    ) {
      this.inFlight += 1;
    } else {
      // drain() reserves the slot before it wakes us.
      const acquired = await new Promise<boolean>((resolve) => {
        let timer: NodeJS.Timeout | undefined;
        const wake = () => {
          if (timer) clearTimeout(timer);
          resolve(true);
        };
        const entry = later && reading ? { wake, reading } : undefined;
        if (entry) this.waitingLater.push(entry);
        else this.waiting.push(wake);
        this.schedulePauseEnd();
        if (timeoutMs !== undefined) {
          timer = setTimeout(
            () => {
              const queue: unknown[] = entry ? this.waitingLater : this.waiting;
              const index = queue.indexOf(entry ?? wake);
              if (index >= 0) queue.splice(index, 1);
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
      if (this.onIdle && this.idleSlots > 0) this.onIdle();
    };
  }

  /**
   * The server throttled us: slow down, and pause every request, as long as `retryAfterMs`
   * says (capped by `maxPauseMs`) or, without it, for the backoff of the endpoint's storm.
   * `attemptStartedAt` is when the throttled attempt was sent: a 429 to a request sent before
   * the endpoint's previous 429 came back belongs to the same round. Answers how long the
   * throttled request should wait before its next attempt: the Retry-After itself, or what is
   * left of the run's pause.
   */
  onThrottled(retryAfterMs?: number, attemptStartedAt = -Infinity, endpoint = ''): number {
    this.currentLimit = Math.max(1, Math.floor(this.currentLimit / 2));
    this.successesAtLimit = 0;
    const now = this.now();
    if (retryAfterMs !== undefined) {
      if (retryAfterMs > 0) this.pause(Math.min(retryAfterMs, this.maxPauseMs));
      return retryAfterMs;
    }
    let storm = this.storms.get(endpoint);
    if (!storm) {
      storm = { rounds: 0, lastThrottleAt: -Infinity };
      this.storms.set(endpoint, storm);
    }
    if (storm.rounds === 0 || attemptStartedAt > storm.lastThrottleAt) {
      storm.rounds += 1;
      const { baseDelayMs, maxDelayMs, random = Math.random } = this.backoff;
      const delay = Math.min(maxDelayMs, baseDelayMs * 2 ** (storm.rounds - 1));
      // Jitter upward (up to half as long again), so waiting requests do not return at once
      // and no wait is shorter than the round's.
      this.pause(Math.round(delay * (1 + random() / 2)));
    }
    storm.lastThrottleAt = now;
    return Math.max(0, this.pausedUntil - now);
  }

  /** Rounds of 429s without Retry-After on `endpoint` since its last success. */
  throttleRound(endpoint = ''): number {
    return this.storms.get(endpoint)?.rounds ?? 0;
  }

  private pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
    this.schedulePauseEnd();
  }

  /** A request succeeded; one to `endpoint` sent after its last 429 ends its storm. */
  onSuccess(endpoint = '', attemptStartedAt = Infinity): void {
    const storm = this.storms.get(endpoint);
    if (storm && attemptStartedAt > storm.lastThrottleAt) this.storms.delete(endpoint);
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
    while (this.waiting.length + this.waitingLater.length > 0 && this.canStart()) {
      this.inFlight += 1;
      this.next()();
    }
  }

  /**
   * The next to wake: a later request whose list is being taken, else the first request for
   * now, else the first later one. The later queue holds the requests of the few lists read
   * ahead at once (their queue's width), so looking through it costs little.
   */
  private next(): () => void {
    const promoted = this.waitingLater.findIndex((entry) => !entry.reading.later);
    if (promoted >= 0) return this.waitingLater.splice(promoted, 1)[0].wake;
    if (this.waiting.length > 0) return this.waiting.shift() as () => void;
    return (this.waitingLater.shift() as { wake: () => void }).wake;
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
