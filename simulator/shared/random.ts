/**
 * Seeded randomness for the simulator. Nothing here reads the clock or Math.random: the same
 * inputs always give the same numbers, ids and timestamps.
 */

/** All generated timestamps are relative to this instant (2026-01-01T00:00:00.000Z). */
export const EPOCH_MS = Date.UTC(2026, 0, 1);
export const DAY_MS = 24 * 60 * 60 * 1000;
/**
 * The day the generated organization is "as of": ten days after EPOCH_MS (its activity is
 * dated before it). Date questions ("not seen for 30 days") about simulated data are asked
 * then, not at the real date, which would call every device silent. `/__simulator/info`
 * reports it, so that a collection from a simulator started on its own is dated too.
 */
export const AS_OF_MS = EPOCH_MS + 10 * DAY_MS;

/** murmur3 finalizer: spreads the bits of a 32-bit integer. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Hashes a list of numbers and strings to an unsigned 32-bit integer. Parts are separated,
 * so hash(1, 23) differs from hash(12, 3).
 */
export function hash32(...parts: Array<number | string>): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    if (typeof part === 'number') {
      // Numbers may exceed 32 bits (seeds, counters): fold the high part in as well.
      const low = part >>> 0;
      const high = Math.floor(part / 0x100000000) >>> 0;
      h = fmix32(Math.imul(h ^ low, 0x5bd1e995) ^ high ^ 0x27d4eb2f);
    } else {
      for (let i = 0; i < part.length; i++) {
        h = Math.imul(h ^ part.charCodeAt(i), 0x01000193);
      }
      h = fmix32(h ^ part.length ^ 0x165667b1);
    }
  }
  return fmix32(h);
}

/** A uniform float in [0, 1) from a hash of the parts. */
export function hashUnit(...parts: Array<number | string>): number {
  return hash32(...parts) / 0x100000000;
}

/** Small, fast seeded generator (mulberry32). One instance per record keeps records independent. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 0x100000000;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Integer in [min, max]. */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** Picks by weight: `weighted([['a', 3], ['b', 1]])` gives 'a' three times out of four. */
  weighted<T>(items: ReadonlyArray<readonly [T, number]>): T {
    let total = 0;
    for (const [, weight] of items) total += weight;
    let roll = this.next() * total;
    for (const [item, weight] of items) {
      roll -= weight;
      if (roll < 0) return item;
    }
    return items[items.length - 1][0];
  }

  /** `count` lowercase hex digits. */
  hex(count: number): string {
    return this.chars(HEX, count);
  }

  /** `count` characters from the alphabet. */
  chars(alphabet: string, count: number): string {
    // Built from char codes in one go: concatenating in a loop would leave rope strings
    // that cost tens of bytes per character until V8 flattens them.
    const codes = new Array<number>(count);
    for (let i = 0; i < count; i++) codes[i] = alphabet.charCodeAt(this.int(alphabet.length));
    return String.fromCharCode(...codes);
  }

  /**
   * `k` distinct integers from [0, n), in ascending order (Floyd's algorithm: O(k) work and
   * memory whatever n is).
   */
  sample(n: number, k: number): number[] {
    const take = Math.min(k, n);
    const chosen = new Set<number>();
    for (let j = n - take; j < n; j++) {
      const t = this.int(j + 1);
      chosen.add(chosen.has(t) ? j : t);
    }
    return Array.from(chosen).sort((a, b) => a - b);
  }
}

const HEX = '0123456789abcdef';
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Pseudo-random base64 text (no padding) of the given length. */
export function fakeBase64(rng: Rng, length: number): string {
  return rng.chars(BASE64, length);
}

/** Collection codes, one byte of every generated id, so ids never collide across collections. */
export const CollectionCode = {
  organization: 0x01,
  user: 0x02,
  userGroup: 0x03,
  application: 0x04,
  system: 0x05,
  systemGroup: 0x06,
  appleMdm: 0x07,
  appleMdmDevice: 0x08,
  sshKey: 0x09,
  address: 0x0a,
  phoneNumber: 0x0b,
} as const;

/**
 * A MongoDB-ObjectId-shaped id (24 lowercase hex digits): 4 bytes of creation time in
 * seconds, 3 bytes naming the organization, 1 byte naming the collection, 4 bytes of counter
 * (a per-collection random base plus the record's index). Unique per (org tag, collection,
 * index); ordered like the creation time when the time grows with the index.
 */
export function objectId(
  createdMs: number,
  orgTag: number,
  collection: number,
  counter: number,
): string {
  const seconds = Math.floor(createdMs / 1000) >>> 0;
  return (
    seconds.toString(16).padStart(8, '0') +
    (orgTag & 0xffffff).toString(16).padStart(6, '0') +
    (collection & 0xff).toString(16).padStart(2, '0') +
    (counter >>> 0).toString(16).padStart(8, '0')
  );
}

export function isoDate(ms: number): string {
  return new Date(ms).toISOString();
}
