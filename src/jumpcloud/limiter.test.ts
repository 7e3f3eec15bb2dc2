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

  test('rejects a limit below one', () => {
    expect(() => new RequestLimiter(0)).toThrow('positive integer');
  });
});
