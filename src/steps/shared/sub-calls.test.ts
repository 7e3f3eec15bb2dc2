import {
  IntegrationProviderAPIError,
  IntegrationWarnEventName,
} from '@jupiterone/integration-sdk-core';
import { createMockIntegrationLogger } from '@jupiterone/integration-sdk-testing';

import { readUnlessDeleted } from './optional-data';
import { allSettledOrFirstError } from '../../jumpcloud/settle';
import { forEachInOrder, subCallConcurrency } from './sub-calls';

const GROUP = {
  kind: 'user group',
  id: '6026da081f24755306c2ee0d',
  orgId: '5f0c8d1e2a3b4c5d6e7f8091',
};

function apiError(status: number): IntegrationProviderAPIError {
  return new IntegrationProviderAPIError({
    endpoint: 'GET /api/v2/usergroups/6026da081f24755306c2ee0d/members',
    status,
    statusText: 'failed',
  });
}

describe('readUnlessDeleted', () => {
  test('answers true when the read succeeds, without any event', async () => {
    const logger = createMockIntegrationLogger();
    const warn = jest.spyOn(logger, 'publishWarnEvent');
    await expect(readUnlessDeleted(logger, GROUP, async () => undefined)).resolves.toBe(true);
    expect(warn).not.toHaveBeenCalled();
  });

  test('a 404 is a missing-entity warning and answers false', async () => {
    const logger = createMockIntegrationLogger();
    const warn = jest.spyOn(logger, 'publishWarnEvent');
    await expect(
      readUnlessDeleted(logger, GROUP, () => Promise.reject(apiError(404))),
    ).resolves.toBe(false);
    expect(warn).toHaveBeenCalledWith({
      name: IntegrationWarnEventName.MissingEntity,
      description: expect.stringContaining(GROUP.id),
    });
  });

  test.each([400, 429, 500, 503])('a %s propagates', async (status) => {
    const logger = createMockIntegrationLogger();
    const error = apiError(status);
    await expect(readUnlessDeleted(logger, GROUP, () => Promise.reject(error))).rejects.toBe(error);
  });

  test('a network failure propagates', async () => {
    const logger = createMockIntegrationLogger();
    const failure = new Error('socket hang up');
    await expect(readUnlessDeleted(logger, GROUP, () => Promise.reject(failure))).rejects.toBe(
      failure,
    );
  });
});

describe('subCallConcurrency', () => {
  /**
   * Requests held by a client of `limit` slots while each answer is being consumed, when
   * `forEachInOrder` queues `window` sub-calls: every answer waits for its turn, released one
   * at a time as the one before it is consumed.
   */
  async function inFlightWhileConsuming(limit: number, window: number): Promise<number[]> {
    let inFlight = 0;
    const waiting: Array<() => void> = [];
    const acquire = async () => {
      if (inFlight >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
      inFlight += 1;
    };
    const release = () => {
      inFlight -= 1;
      waiting.shift()?.();
    };
    const items = Array.from({ length: 12 }, (_, i) => i);
    const answered = items.map(() => {
      let answer!: () => void;
      const promise = new Promise<void>((resolve) => (answer = resolve));
      return { promise, answer };
    });
    answered[0].answer();
    const seen: number[] = [];
    await forEachInOrder(
      async (onItem: (item: number) => Promise<void>) => {
        for (const item of items) await onItem(item);
      },
      async (item) => {
        await acquire();
        await answered[item].promise;
        release();
      },
      async (item) => {
        await new Promise((resolve) => setImmediate(resolve));
        // Only while the list still feeds the window (not the tail).
        if (item + window < items.length) seen.push(inFlight);
        answered[item + 1]?.answer();
      },
      window,
    );
    return seen;
  }

  test('keeps every slot of the client busy while answers are consumed', async () => {
    const limit = 3;
    const seen = await inFlightWhileConsuming(limit, subCallConcurrency({ concurrency: limit }));
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((n) => n === limit)).toBe(true);
    // A window of just the limit leaves a slot idle during each consume.
    const narrow = await inFlightWhileConsuming(limit, limit);
    expect(Math.min(...narrow)).toBeLessThan(limit);
  });
});

describe('forEachInOrder', () => {
  const listOf = (items: number[]) => async (onItem: (item: number) => Promise<void>) => {
    for (const item of items) await onItem(item);
  };

  test('works on up to `window` items at once and consumes results in list order', async () => {
    let running = 0;
    let maxRunning = 0;
    const consumed: Array<[number, number]> = [];
    await forEachInOrder(
      listOf([1, 2, 3, 4, 5, 6, 7]),
      async (item) => {
        running += 1;
        maxRunning = Math.max(maxRunning, running);
        // later items finish first
        await new Promise((resolve) => setTimeout(resolve, 20 - item * 2));
        running -= 1;
        return item * 10;
      },
      async (item, result) => {
        consumed.push([item, result]);
      },
      3,
    );
    expect(consumed).toEqual([1, 2, 3, 4, 5, 6, 7].map((i) => [i, i * 10]));
    expect(maxRunning).toBe(3);
  });

  test('a failing item fails the whole walk, with nothing left unhandled', async () => {
    await expect(
      forEachInOrder(
        listOf([1, 2, 3, 4]),
        async (item) => {
          if (item === 2) throw new Error('item 2 failed');
          return item;
        },
        async () => undefined,
        4,
      ),
    ).rejects.toThrow('item 2 failed');
  });
});

describe('allSettledOrFirstError', () => {
  const later = <T>(ms: number, outcome: () => T) =>
    new Promise<T>((resolve, reject) =>
      setTimeout(() => {
        try {
          resolve(outcome());
        } catch (error) {
          reject(error);
        }
      }, ms),
    );

  test('resolves once every read has settled', async () => {
    const done: string[] = [];
    await allSettledOrFirstError([
      later(5, () => done.push('slow')),
      later(1, () => done.push('fast')),
    ]);
    expect(done.sort()).toEqual(['fast', 'slow']);
  });

  test('rejects with the first failure in the order given, after every read settled', async () => {
    const done: string[] = [];
    const outcome = allSettledOrFirstError([
      later(1, () => done.push('first')),
      later(8, () => {
        throw apiError(404);
      }),
      later(2, () => {
        throw apiError(500);
      }),
      later(12, () => done.push('last')),
    ]);
    await expect(outcome).rejects.toMatchObject({ status: 404 });
    // Nothing was still running when it rejected.
    expect(done).toEqual(['first', 'last']);
  });
});
