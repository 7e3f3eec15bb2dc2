import { SLICE_MS, turnIfBusy } from './turns';

describe('turnIfBusy', () => {
  afterEach(() => jest.restoreAllMocks());

  /** Calls until it answers a turn (at most `limit` calls); the number of calls made. */
  function callsUntilTurn(limit: number): { calls: number; turn?: Promise<void> } {
    for (let calls = 1; calls <= limit; calls++) {
      const turn = turnIfBusy();
      if (turn) return { calls, turn };
    }
    return { calls: limit };
  }

  test('nothing to await within a slice; a turn of the event loop once the slice is over', async () => {
    let now = 1e9;
    jest.spyOn(performance, 'now').mockImplementation(() => now);
    // Long after the last turn: a turn within the next 64 calls; it starts a new slice.
    const first = callsUntilTurn(64);
    expect(first.turn).toBeDefined();
    await first.turn;

    // Within the slice: never a turn, whatever the number of records.
    now += SLICE_MS - 1;
    expect(callsUntilTurn(10_000).turn).toBeUndefined();

    // The slice over: a turn at the next look at the clock, after what was waiting for the
    // event loop (an answer, a request) has run.
    now += 1;
    const order: string[] = [];
    setImmediate(() => order.push('waiting before'));
    const { calls, turn } = callsUntilTurn(64);
    expect(calls).toBeLessThanOrEqual(64);
    await turn!.then(() => order.push('turn'));
    expect(order).toEqual(['waiting before', 'turn']);
  });
});
