/**
 * Turns of the event loop in long stretches of conversion. Node runs one thing at a time: an
 * answer that arrived, a request to send, a record to convert. A loop that converts a page of
 * 10,000 events, or replays 10,000 users read ahead, awaits only promises that are already
 * settled, so it holds the thread until it is done: meanwhile answers wait unread, their
 * requests hold their places in the client's limit, and no new request goes out. Such loops
 * await `turnIfBusy()` between records: once the thread has been busy for SLICE_MS, it waits
 * for the next turn of the event loop (`setImmediate`), which first handles the answers that
 * arrived and sends the requests waiting for them, so the network stays busy while the CPU
 * converts.
 */

/** How long a loop keeps the thread before it lets the event loop turn. */
export const SLICE_MS = 10;

/** Calls between two looks at the clock (a power of two). */
const CHECK_EVERY = 64;

let sliceStart = performance.now();
let calls = 0;

/**
 * A promise to await when the thread has been busy for SLICE_MS since the last turn: it
 * settles on the next turn of the event loop. Undefined otherwise (nothing to await: no
 * promise made per record).
 */
export function turnIfBusy(): Promise<void> | undefined {
  calls = (calls + 1) & (CHECK_EVERY - 1);
  if (calls !== 0) return undefined;
  if (performance.now() - sliceStart < SLICE_MS) return undefined;
  return new Promise<void>((resolve) =>
    setImmediate(() => {
      sliceStart = performance.now();
      resolve();
    }),
  );
}
