/**
 * `_rawData` by allow-list: a converter names the fields of a JumpCloud record known to be
 * harmless, and only those are kept. A field JumpCloud adds later (a new secret, say) is
 * left out until someone reads it and adds it here, instead of flowing into the graph.
 */
export function allowListed<T extends object, K extends keyof T>(
  record: T,
  fields: readonly K[],
): Pick<T, K> {
  const kept = {} as Pick<T, K>;
  for (const field of fields) {
    if (Object.prototype.hasOwnProperty.call(record, field) && record[field] !== undefined) {
      kept[field] = record[field];
    }
  }
  return kept;
}
