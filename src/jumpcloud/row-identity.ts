/**
 * The identity of a row of a list whose rows have no id (System Insights tables: many rows per
 * system, volumes, accounts, keys, packages): the same row only when every column is the same.
 *
 * Two 32-bit hashes over every column name and value, in the row's order (64 bits, returned
 * as a 4-character string for the paginator's repeats check). Computed over the parsed row in
 * place: no JSON copy of the row and no digest object, which at L (1.4 million System
 * Insights rows per run) were the run's largest single source of garbage. A chance collision
 * of two different rows among a million is about 1 in 37 million; it would pass one of them
 * as a repeat.
 */
export function rowIdentity(row: unknown): string | undefined {
  if (row === null || typeof row !== 'object') return undefined;
  first = FIRST_SEED;
  second = SECOND_SEED;
  const record = row as Record<string, unknown>;
  for (const column in record) {
    if (!Object.prototype.hasOwnProperty.call(record, column)) continue;
    mixText(column);
    mixValue(record[column]);
  }
  return String.fromCharCode(first >>> 16, first & 0xffff, second >>> 16, second & 0xffff);
}

const FIRST_SEED = 0x811c9dc5;
const SECOND_SEED = 0x9747b28c;

/** The running hashes of the row being read (the computation is synchronous). */
let first = FIRST_SEED;
let second = SECOND_SEED;

function mixCode(code: number): void {
  first = Math.imul(first ^ code, 0x01000193);
  second = Math.imul(second ^ code, 0x5bd1e995);
  second ^= second >>> 13;
}

/** Mixes a text and a separator, so that ("ab", "c") and ("a", "bc") differ. */
function mixText(text: string): void {
  for (let index = 0; index < text.length; index += 1) mixCode(text.charCodeAt(index));
  mixCode(0x1f);
}

/** Mixes a value with its kind, so that "1" and 1, or "null" and null, differ. */
function mixValue(value: unknown): void {
  switch (typeof value) {
    case 'string':
      mixCode(1);
      mixText(value);
      return;
    case 'number':
    case 'boolean':
      mixCode(2);
      mixText(String(value));
      return;
    case 'undefined':
      mixCode(3);
      return;
    default:
      mixCode(value === null ? 4 : 5);
      if (value !== null) mixText(JSON.stringify(value));
  }
}
