import { RequestLimiter } from './limiter';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('RequestLimiter', () => {
  test('never lets more than the limit run at once, first come first served', async () => {
    const limiter = new RequestLimiter(2);
    const order: number[] = [];
    const releases: Array<() => void> = [];
    const tasks = [0, 1, 2, 3].map(async (n) => {
      const release = await limiter.acquire();
      order.push(n);
      releases.push(release);
    });
    await tick();
    expect(order).toEqual([0, 1]);
    expect(limiter.active).toBe(2);

    releases[0]();
    await tick();
    expect(order).toEqual([0, 1, 2]);
    expect(limiter.active).toBe(2);

    releases[1]();
    releases[2]();
    await tick();
    releases[3]();
    await Promise.all(tasks);
    expect(order).toEqual([0, 1, 2, 3]);
    expect(limiter.active).toBe(0);
  });

  test('a request for a later step waits until no other request waits; among them, first come first served', async () => {
    const limiter = new RequestLimiter(1);
    const order: string[] = [];
    const first = await limiter.acquire();
    const waiter = (name: string, later: boolean) =>
      limiter.acquire(undefined, { later }).then((release) => {
        order.push(name);
        release();
      });
    const all = [
      waiter('later 1', true),
      waiter('now 1', false),
      waiter('later 2', true),
      waiter('now 2', false),
    ];
    await tick();
    expect(order).toEqual([]);
    first();
    await Promise.all(all);
    expect(order).toEqual(['now 1', 'now 2', 'later 1', 'later 2']);

    // With a free slot and nobody waiting, a later request starts at once.
    const release = await limiter.acquire(undefined, { later: true });
    expect(limiter.active).toBe(1);
    release();
  });

  test('a later request whose list a step begins to take goes first again', async () => {
    const limiter = new RequestLimiter(1);
    const order: string[] = [];
    const first = await limiter.acquire();
    const waiter = (name: string, reading?: { later: boolean }) =>
      limiter.acquire(undefined, reading).then((release) => {
        order.push(name);
        release();
      });
    const taken = { later: true };
    const all = [
      waiter('later, not taken', { later: true }),
      waiter('later, taken', taken),
      waiter('now'),
    ];
    await tick();
    taken.later = false;
    first();
    await Promise.all(all);
    expect(order).toEqual(['later, taken', 'now', 'later, not taken']);
  });

  test('a later request that times out leaves its queue', async () => {
    const limiter = new RequestLimiter(1);
    const held = await limiter.acquire();
    expect(await limiter.acquire(5, { later: true })).toBeUndefined();
    held();
    const release = await limiter.acquire(100);
    expect(release).toBeDefined();
    expect(limiter.active).toBe(1);
  });

  test('a release function counts once', async () => {
    const limiter = new RequestLimiter(1);
    const release = await limiter.acquire();
    release();
    release();
    expect(limiter.active).toBe(0);
  });

  test('throttling halves the limit and successes raise it back', async () => {
    const limiter = new RequestLimiter(8);
    limiter.onThrottled();
    expect(limiter.limit).toBe(4);
    limiter.onThrottled();
    limiter.onThrottled();
    limiter.onThrottled();
    expect(limiter.limit).toBe(1);

    limiter.onSuccess();
    expect(limiter.limit).toBe(2);
    limiter.onSuccess();
    expect(limiter.limit).toBe(2);
    limiter.onSuccess();
    expect(limiter.limit).toBe(3);
    for (let i = 0; i < 100; i += 1) limiter.onSuccess();
    expect(limiter.limit).toBe(8);
  });

  test('a Retry-After pause holds new requests until it has passed', async () => {
    let now = 1_000;
    const limiter = new RequestLimiter(4, () => now);
    limiter.onThrottled(50);
    let started = false;
    const waiting = limiter.acquire().then((release) => {
      started = true;
      release();
    });
    await tick();
    expect(started).toBe(false);
    now += 60;
    await waiting;
    expect(started).toBe(true);
  });

  describe('429s without Retry-After: one backoff for the whole run', () => {
    const backoff = { baseDelayMs: 1_000, maxDelayMs: 16_000, random: () => 0 };

    test('each round waits twice as long, 1 s up to 16 s, and every request waits with it', () => {
      let now = 0;
      const limiter = new RequestLimiter(8, () => now, Infinity, backoff);
      const waits: number[] = [];
      for (let round = 0; round < 7; round += 1) {
        const sentAt = now;
        now += 10; // the 429 comes back
        const wait = limiter.onThrottled(undefined, sentAt);
        waits.push(wait);
        now += wait; // the retry is sent once the wait is over
      }
      expect(waits).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 16_000, 16_000]);
      expect(limiter.throttleRound()).toBe(7);
      expect(limiter.limit).toBe(1);
    });

    test('429s to requests already in flight when the first came back are one round', () => {
      let now = 0;
      const limiter = new RequestLimiter(8, () => now, Infinity, backoff);
      // Six requests sent at once, their 429s arriving one after the other.
      const waits = [0, 1, 2, 3, 4, 5].map((n) => {
        now = 10 + n;
        return limiter.onThrottled(undefined, 0);
      });
      expect(limiter.throttleRound()).toBe(1);
      // Each waits for the end of the same pause.
      expect(waits).toEqual([1_000, 999, 998, 997, 996, 995]);
      // The next request sent after those 429s and throttled too: round 2.
      now = 1_010;
      const sentAt = now;
      now += 10;
      expect(limiter.onThrottled(undefined, sentAt)).toBe(2_000);
      expect(limiter.throttleRound()).toBe(2);
    });

    test('jitter only lengthens a wait, by at most half', () => {
      let now = 0;
      const longest = new RequestLimiter(8, () => now, Infinity, { ...backoff, random: () => 1 });
      expect(longest.onThrottled(undefined, 0)).toBe(1_500);
      now = 1_600;
      expect(longest.onThrottled(undefined, 1_550)).toBe(3_000);
    });

    test('a success on the endpoint, sent after its last 429, ends its storm', () => {
      let now = 0;
      const limiter = new RequestLimiter(8, () => now, Infinity, backoff);
      const members = 'GET /api/v2/usergroups/{id}/members';
      limiter.onThrottled(undefined, 0, members);
      now = 1_010;
      expect(limiter.onThrottled(undefined, 1_005, members)).toBe(2_000);
      // A success elsewhere, or one sent before that 429, changes nothing.
      limiter.onSuccess('GET /api/systemusers', 1_020);
      limiter.onSuccess(members, 1_000);
      expect(limiter.throttleRound(members)).toBe(2);
      // A 429 on another endpoint is a round of its own.
      now = 3_020;
      expect(limiter.onThrottled(undefined, 3_015, 'GET /api/systemusers')).toBe(1_000);
      expect(limiter.throttleRound(members)).toBe(2);
      limiter.onSuccess(members, 3_030);
      expect(limiter.throttleRound(members)).toBe(0);
    });

    test('a Retry-After is waited as told and does not change the backoff', () => {
      const now = 0;
      const limiter = new RequestLimiter(8, () => now, Infinity, backoff);
      expect(limiter.onThrottled(3_000, now)).toBe(3_000);
      expect(limiter.throttleRound()).toBe(0);
    });

    test('the backoff pause holds new requests until it has passed', async () => {
      const limiter = new RequestLimiter(4, Date.now, Infinity, {
        baseDelayMs: 30,
        maxDelayMs: 30,
        random: () => 0,
      });
      limiter.onThrottled(undefined, Date.now());
      let started = false;
      const waiting = limiter.acquire().then((release) => {
        started = true;
        release();
      });
      await tick();
      expect(started).toBe(false);
      await waiting;
      expect(started).toBe(true);
    });
  });

  test('rejects a limit below one', () => {
    expect(() => new RequestLimiter(0)).toThrow('positive integer');
  });
});
