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

/** What the paginator asks of the identities of the rows it has passed on. */
export interface SeenIdentities {
  has(id: string): boolean;
  add(id: string): void;
}

/**
 * The identities `rowIdentity` gave the rows of one list so far, as 64-bit hashes in typed
 * arrays (open addressing, linear probing): about 20 bytes a row instead of about 55 for its
 * 4-character string and a `Set` entry. A list lives as long as it is read, and at size L one
 * System Insights table has 870,000 rows (linux_packages), read while other steps read theirs.
 * An identity of another shape (none is made) goes to a plain set, so nothing is ever lost.
 */
export class RowIdentities implements SeenIdentities {
  private firsts = new Int32Array(1 << 10);
  private seconds = new Int32Array(1 << 10);
  private used = new Uint8Array(1 << 10);
  private size = 0;
  private readonly others = new Set<string>();

  /** Bytes of the typed arrays: at most 9 per slot, a slot per row below 0.7 full. */
  get byteLength(): number {
    return this.firsts.byteLength + this.seconds.byteLength + this.used.byteLength;
  }

  has(id: string): boolean {
    if (id.length !== 4) return this.others.has(id);
    return this.used[this.slot(id)] === 1;
  }

  add(id: string): void {
    if (id.length !== 4) {
      this.others.add(id);
      return;
    }
    const slot = this.slot(id);
    if (this.used[slot] === 1) return;
    this.put(slot, firstOf(id), secondOf(id));
    if (this.size * 10 > this.used.length * 7) this.grow();
  }

  /** Where `id` is, or the empty slot where it would go. */
  private slot(id: string): number {
    return this.find(firstOf(id), secondOf(id));
  }

  private find(first: number, second: number): number {
    const mask = this.used.length - 1;
    let slot = (first ^ Math.imul(second, 0x9e3779b1)) & mask;
    while (this.used[slot] === 1) {
      if (this.firsts[slot] === first && this.seconds[slot] === second) return slot;
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  private put(slot: number, first: number, second: number): void {
    this.firsts[slot] = first;
    this.seconds[slot] = second;
    this.used[slot] = 1;
    this.size += 1;
  }

  private grow(): void {
    const { firsts, seconds, used } = this;
    this.firsts = new Int32Array(used.length * 2);
    this.seconds = new Int32Array(used.length * 2);
    this.used = new Uint8Array(used.length * 2);
    this.size = 0;
    for (let slot = 0; slot < used.length; slot += 1) {
      if (used[slot] === 1)
        this.put(this.find(firsts[slot], seconds[slot]), firsts[slot], seconds[slot]);
    }
  }
}

function firstOf(id: string): number {
  return (id.charCodeAt(0) << 16) | id.charCodeAt(1) | 0;
}

function secondOf(id: string): number {
  return (id.charCodeAt(2) << 16) | id.charCodeAt(3) | 0;
}
