import { JumpCloudClient } from '../../jumpcloud';

/**
 * Helpers for steps that make one sub-call per listed or collected object (group members,
 * application users, system access, system group members).
 */

/**
 * Sub-calls a step keeps queued. The client's shared limit decides what is really in
 * flight; queueing twice that keeps it busy even while some answers are being converted.
 */
export function subCallConcurrency(client: Pick<JumpCloudClient, 'concurrency'>): number {
  return client.concurrency * 2;
}

/**
 * Streams a list and runs `work` on up to `window` items at once, handing each result to
 * `consume` in list order. The list is read only as fast as the work keeps up, so memory
 * stays bounded by the window, and no batch boundary leaves the client idle.
 */
export async function forEachInOrder<T, R>(
  iterate: (onItem: (item: T) => Promise<void>) => Promise<unknown>,
  work: (item: T) => Promise<R>,
  consume: (item: T, result: R) => Promise<void>,
  window: number,
): Promise<void> {
  const pending: Array<{ item: T; result: Promise<R> }> = [];
  const consumeOldest = async () => {
    const oldest = pending.shift() as { item: T; result: Promise<R> };
    await consume(oldest.item, await oldest.result);
  };
  try {
    await iterate(async (item) => {
      const result = work(item);
      // Failures surface, in order, when the item is consumed.
      result.catch(() => undefined);
      pending.push({ item, result });
      if (pending.length >= window) await consumeOldest();
    });
    while (pending.length > 0) await consumeOldest();
  } finally {
    pending.length = 0;
  }
}
