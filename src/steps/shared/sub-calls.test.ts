import {
  IntegrationProviderAPIError,
  IntegrationWarnEventName,
} from '@jupiterone/integration-sdk-core';
import { createMockIntegrationLogger } from '@jupiterone/integration-sdk-testing';

import { readUnlessDeleted } from './optional-data';
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
  test('queues twice the client limit', () => {
    expect(subCallConcurrency({ concurrency: 8 })).toBe(16);
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
