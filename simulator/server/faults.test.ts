import fetch from 'node-fetch';
import { TrafficControl, type FaultKind } from './faults';
import { JumpCloudApi } from './router';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from './server';
import { get } from '../test-helpers';

async function withSimulator(
  options: SimulatorOptions,
  body: (sim: RunningSimulator) => Promise<void>,
): Promise<void> {
  const sim = await startSimulator({ quiet: true, ...options });
  try {
    await body(sim);
  } finally {
    await sim.stop();
  }
}

/** Status of a request, or the error code when the connection failed. */
async function outcome(sim: RunningSimulator, path: string): Promise<string> {
  try {
    const res = await fetch(`${sim.url}${path}`, { headers: { 'x-api-key': sim.apiKey } });
    const text = await res.text();
    let parses = true;
    try {
      JSON.parse(text);
    } catch {
      parses = false;
    }
    return `${res.status}${parses ? '' : ' unparseable'}`;
  } catch (err) {
    return `error ${(err as { code?: string }).code ?? (err as Error).message}`;
  }
}

describe('simulator faults: all off by default', () => {
  it('answers everything normally and emits no rate-limit headers', async () => {
    await withSimulator({}, async (sim) => {
      const results = await Promise.all(
        Array.from({ length: 30 }, () => get(sim, '/api/systemusers')),
      );
      expect(results.every((r) => r.status === 200)).toBe(true);
      for (const r of results) {
        expect(r.headers.get('retry-after')).toBeNull();
        expect(r.headers.get('x-ratelimit-limit')).toBeNull();
      }
      expect(sim.stats().faults.total).toBe(0);
      expect(sim.stats().rateLimited).toBe(0);
    });
  });
});

describe('simulator faults: in-flight cap', () => {
  it('with maxInFlight 2, ten concurrent requests get some 429s and never more than 2 are served at once', async () => {
    await withSimulator({ maxInFlight: 2, latencyMs: 150 }, async (sim) => {
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => get(sim, `/api/systemusers?skip=${i}`)),
      );
      const statuses = results.map((r) => r.status);
      const ok = statuses.filter((s) => s === 200).length;
      const limited = statuses.filter((s) => s === 429).length;
      expect(ok + limited).toBe(10);
      expect(ok).toBeGreaterThanOrEqual(2);
      expect(limited).toBeGreaterThanOrEqual(1);
      const stats = sim.stats();
      expect(stats.maxInFlightSeen).toBeLessThanOrEqual(2);
      expect(stats.maxInFlightSeen).toBe(2);
      expect(stats.maxConcurrentSeen).toBeGreaterThan(2);
      expect(stats.rateLimited).toBe(limited);
      expect(stats.rateLimitedByReason).toEqual({
        rateLimit: 0,
        maxInFlight: limited,
        atStart: 0,
        storm: 0,
      });
      expect(stats.inFlight).toBe(0);
      // No Retry-After unless asked for.
      expect(results.find((r) => r.status === 429)?.headers.get('retry-after')).toBeNull();
    });
  });

  it('frees the slot when a request finishes, so sequential requests are never refused', async () => {
    await withSimulator({ maxInFlight: 1 }, async (sim) => {
      for (let i = 0; i < 15; i++) expect((await get(sim, '/api/systems')).status).toBe(200);
      expect(sim.stats().maxInFlightSeen).toBe(1);
    });
  });
});

describe('simulator faults: rate limit', () => {
  it('a burst beyond the bucket gets 429 with Retry-After when configured', async () => {
    await withSimulator({ rateLimitPerSecond: 5, retryAfterSeconds: 3 }, async (sim) => {
      const results: Array<{ status: number; retryAfter: string | null }> = [];
      for (let i = 0; i < 20; i++) {
        const r = await get(sim, '/api/systemusers');
        results.push({ status: r.status, retryAfter: r.headers.get('retry-after') });
      }
      expect(results.slice(0, 5).every((r) => r.status === 200)).toBe(true);
      const limited = results.filter((r) => r.status === 429);
      expect(limited.length).toBeGreaterThanOrEqual(10);
      for (const r of limited) expect(r.retryAfter).toBe('3');
      expect(sim.stats().rateLimitedByReason.rateLimit).toBe(limited.length);
      const body = await get(sim, '/api/systemusers');
      expect(body.status).toBe(429);
      expect(body.json).toEqual({ message: 'Too Many Requests' });
    });
  });

  it('keeps one bucket per key', async () => {
    await withSimulator({ rateLimitPerSecond: 2 }, async (sim) => {
      await get(sim, '/api/systemusers');
      await get(sim, '/api/systemusers');
      expect((await get(sim, '/api/systemusers')).status).toBe(429);
      // Another key has its own (full) bucket; it is refused by auth, not by the limiter.
      expect((await get(sim, '/api/systemusers', { 'x-api-key': 'another-key' })).status).toBe(401);
    });
  });
});

describe('simulator faults: injected failures', () => {
  const kinds: Array<[FaultKind, (o: string) => void]> = [
    ['500', (o) => expect(o).toBe('500')],
    ['502', (o) => expect(o).toBe('502 unparseable')],
    ['503', (o) => expect(o).toBe('503 unparseable')],
    ['truncated', (o) => expect(o).toBe('200 unparseable')],
    ['malformed', (o) => expect(o).toBe('200 unparseable')],
    ['reset', (o) => expect(o).toMatch(/^error (ECONNRESET|EPIPE|socket hang up)/)],
  ];

  it.each(kinds)('failRate 1 with kind %s', async (kind, check) => {
    await withSimulator({ failRate: 1, failKinds: [kind] }, async (sim) => {
      check(await outcome(sim, '/api/systemusers?limit=50'));
      expect(sim.stats().faults.byKind[kind]).toBe(1);
      expect(sim.stats().faults.total).toBe(1);
    });
  });

  it('a truncated body is the first part of the real one', async () => {
    await withSimulator({ failRate: 1, failKinds: ['truncated'] }, async (sim) => {
      const res = await fetch(`${sim.url}/api/systemusers?limit=5`, {
        headers: { 'x-api-key': sim.apiKey },
      });
      const text = await res.text();
      expect(() => JSON.parse(text)).toThrow();
      expect(
        JSON.stringify({ totalCount: 25, results: sim.data.orgs[0].users.slice(0, 5) }).startsWith(
          text,
        ),
      ).toBe(true);
    });
  });

  it('failPathPattern restricts failures to matching paths', async () => {
    await withSimulator(
      { failRate: 1, failKinds: ['503'], failPathPattern: '^/api/v2/systems/[^/]+/users$' },
      async (sim) => {
        const systemId = sim.data.orgs[0].systems[0].id;
        expect(await outcome(sim, `/api/v2/systems/${systemId}/users`)).toBe('503 unparseable');
        expect(await outcome(sim, '/api/systems')).toBe('200');
        expect(await outcome(sim, `/api/v2/systems/${systemId}/usergroups`)).toBe('200');
      },
    );
  });

  it('the same failSeed fails the same request sequence; another seed differs', async () => {
    const paths = Array.from({ length: 24 }, (_, i) => `/api/systemusers?skip=${i % 8}`); // each URL 3 times
    const run = async (failSeed: number) => {
      const seen: string[] = [];
      await withSimulator({ failRate: 0.4, failKinds: ['500', '503'], failSeed }, async (sim) => {
        for (const p of paths) seen.push(await outcome(sim, p));
      });
      return seen;
    };
    const first = await run(42);
    const second = await run(42);
    const other = await run(43);
    expect(second).toEqual(first);
    expect(first.filter((o) => o !== '200').length).toBeGreaterThan(0);
    expect(first.filter((o) => o === '200').length).toBeGreaterThan(0);
    expect(other).not.toEqual(first);
  });

  it('decisions do not depend on request order or concurrency (a retry gets a fresh decision)', async () => {
    const urls = Array.from({ length: 16 }, (_, i) => `/api/systems?skip=${i}`);
    const byUrl = async (concurrent: boolean) => {
      const result = new Map<string, string[]>();
      await withSimulator({ failRate: 0.5, failKinds: ['500'], failSeed: 7 }, async (sim) => {
        const order = concurrent ? [...urls].reverse() : urls;
        for (let attempt = 0; attempt < 2; attempt++) {
          const outcomes = concurrent
            ? await Promise.all(order.map((u) => outcome(sim, u)))
            : await order.reduce<Promise<string[]>>(
                async (acc, u) => [...(await acc), await outcome(sim, u)],
                Promise.resolve([]),
              );
          order.forEach((u, i) => result.set(u, [...(result.get(u) ?? []), outcomes[i]]));
        }
      });
      return result;
    };
    const sequential = await byUrl(false);
    const concurrent = await byUrl(true);
    expect(concurrent).toEqual(sequential);
    // Some URL fails once and succeeds on its retry (or the other way round).
    expect(Array.from(sequential.values()).some(([a, b]) => a !== b)).toBe(true);
  });

  it('validates its options', () => {
    expect(() => new TrafficControl({ failRate: 2 })).toThrow(/failRate/);
    expect(() => new TrafficControl({ maxInFlight: 0 })).toThrow(/maxInFlight/);
    expect(() => new TrafficControl({ failKinds: ['teapot' as FaultKind] })).toThrow(/teapot/);
  });
});

describe('simulator faults: latency', () => {
  it('is fixed plus a deterministic jitter within bounds', () => {
    const control = new TrafficControl({ latencyMs: 40, latencyJitterMs: 10, failSeed: 1 });
    const delays = Array.from({ length: 200 }, (_, i) =>
      control.latencyFor(`GET /api/systems?skip=${i}`, 0),
    );
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(40);
    expect(Math.max(...delays)).toBeLessThanOrEqual(50);
    expect(new Set(delays).size).toBeGreaterThan(5);
    const again = new TrafficControl({ latencyMs: 40, latencyJitterMs: 10, failSeed: 1 });
    expect(
      Array.from({ length: 200 }, (_, i) => again.latencyFor(`GET /api/systems?skip=${i}`, 0)),
    ).toEqual(delays);
    expect(new TrafficControl({ latencyMs: 25 }).latencyFor('GET /x', 3)).toBe(25);
  });

  it('is the whole time to answer: the answer is made as the request comes, sent once the latency has passed', async () => {
    // Made after the latency, an answer would come as late as its making took besides (an
    // events page of 10,000 takes tens of milliseconds): the bench would count it as the
    // client's time.
    const made: number[] = [];
    const original = JumpCloudApi.prototype.handle;
    const handle = jest.spyOn(JumpCloudApi.prototype, 'handle').mockImplementation(function (
      this: JumpCloudApi,
      ...args: Parameters<JumpCloudApi['handle']>
    ) {
      made.push(performance.now());
      return original.apply(this, args);
    });
    try {
      await withSimulator({ latencyMs: 2000 }, async (sim) => {
        const sent = performance.now();
        const answer = get(sim, '/api/systemusers');
        const status = (await answer).status;
        const answered = performance.now();
        expect(status).toBe(200);
        expect(made).toHaveLength(1);
        // Made at once (long before the latency ran out), answered after it.
        expect(made[0] - sent).toBeLessThan(1000);
        expect(answered - sent).toBeGreaterThanOrEqual(1990);
      });
    } finally {
      handle.mockRestore();
    }
  });

  it('is applied with timers: a delayed request does not hold up the stats endpoint', async () => {
    await withSimulator({ latencyMs: 400 }, async (sim) => {
      const slow = get(sim, '/api/systemusers');
      await new Promise((r) => setTimeout(r, 50));
      const stats = await fetch(`${sim.url}/__simulator/stats`).then(
        (r) => r.json() as Promise<{ inFlight: number }>,
      );
      // Answered while the other request is still waiting out its latency.
      expect(stats.inFlight).toBe(1);
      expect((await slow).status).toBe(200);
      expect(sim.stats().inFlight).toBe(0);
    });
  });
});
