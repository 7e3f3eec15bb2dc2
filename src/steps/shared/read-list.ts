/**
 * A list read by one step and written by a later one (Apple MDM: read before the devices step,
 * which needs its FileVault status, written after it, which the MDM step needs for its edges),
 * so that the later step neither requests it again nor behaves differently: it is handed the
 * same records in the same order, then the same error, if one ended the list.
 */
export interface ReadList<T> {
  records: T[];
  /** What ended the list early (thrown by the client); absent when it was read whole. */
  error?: unknown;
}

/** Reads a list whole, or as far as it went and the error that stopped it; never throws. */
export async function readList<T>(
  iterate: (iteratee: (record: T) => Promise<void>) => Promise<unknown>,
): Promise<ReadList<T>> {
  const records: T[] = [];
  try {
    await iterate((record) => {
      records.push(record);
      return Promise.resolve();
    });
    return { records };
  } catch (error) {
    return { records, error };
  }
}

/** Hands a read list's records to `iteratee` in order, then throws its error, if it had one. */
export async function replayList<T>(
  list: ReadList<T>,
  iteratee: (record: T) => Promise<void>,
): Promise<void> {
  for (const record of list.records) await iteratee(record);
  if ('error' in list) throw list.error;
}
