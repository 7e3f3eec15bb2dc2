/**
 * The `_key` of a relationship: 16 base64url characters, 96 bits of a MurmurHash3 (x86, 128-bit
 * variant) of `<from _key>|<class>|<to _key>`, the SDK's default key, which is 60 to 110
 * characters here.
 *
 * Why not the SDK's key itself: the SDK keeps the `_key` of every graph object until the run
 * ends (its duplicate check), and edges are most of them. An L organization has 3.4 million
 * edges: at 80 to 128 bytes per key string that is 270 MB kept for the whole run, against 110
 * MB at 32 bytes. The key stays a pure function of the edge's ends and class, so it is as
 * stable between runs as the SDK's, and `_fromEntityKey`/`_toEntityKey` still name the ends.
 * Two different edges share a key with a chance of about 1 in 10^16 among 3.4 million.
 *
 * Computed over the UTF-16 code units of the three parts in place (no concatenated string, no
 * digest object), in the module's state: the computation is synchronous.
 */
export function edgeKey(fromKey: string, verb: string, toKey: string): string {
  h1 = h2 = h3 = h4 = SEED;
  filled = 0;
  units = 0;
  mixText(fromKey);
  mixUnit(SEPARATOR);
  mixText(verb);
  mixUnit(SEPARATOR);
  mixText(toKey);
  return finish();
}

const SEED = 0x9747b28c;
/** `|`, as in the SDK's key. */
const SEPARATOR = 0x7c;
const C1 = 0x239b961b;
const C2 = 0xab0e9789;
const C3 = 0x38b34ae5;
const C4 = 0xa1e38b93;

let h1 = SEED;
let h2 = SEED;
let h3 = SEED;
let h4 = SEED;
/** The block being filled: four 32-bit words of two code units each. */
const block = new Int32Array(4);
/** Code units in the current block (0 to 7). */
let filled = 0;
/** Code units mixed in all. */
let units = 0;

function rotl(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r));
}

function mixText(text: string): void {
  for (let index = 0; index < text.length; index += 1) mixUnit(text.charCodeAt(index));
}

function mixUnit(unit: number): void {
  const word = filled >> 1;
  block[word] = filled & 1 ? block[word] | (unit << 16) : unit;
  filled += 1;
  units += 1;
  if (filled === 8) {
    mixBlock();
    filled = 0;
  }
}

function mixBlock(): void {
  h1 ^= mixK1(block[0]);
  h1 = rotl(h1, 19);
  h1 = (h1 + h2) | 0;
  h1 = (Math.imul(h1, 5) + 0x561ccd1b) | 0;
  h2 ^= mixK2(block[1]);
  h2 = rotl(h2, 17);
  h2 = (h2 + h3) | 0;
  h2 = (Math.imul(h2, 5) + 0x0bcaa747) | 0;
  h3 ^= mixK3(block[2]);
  h3 = rotl(h3, 15);
  h3 = (h3 + h4) | 0;
  h3 = (Math.imul(h3, 5) + 0x96cd1c35) | 0;
  h4 ^= mixK4(block[3]);
  h4 = rotl(h4, 13);
  h4 = (h4 + h1) | 0;
  h4 = (Math.imul(h4, 5) + 0x32ac3b17) | 0;
}

function mixK1(k: number): number {
  return Math.imul(rotl(Math.imul(k, C1), 15), C2);
}
function mixK2(k: number): number {
  return Math.imul(rotl(Math.imul(k, C2), 16), C3);
}
function mixK3(k: number): number {
  return Math.imul(rotl(Math.imul(k, C3), 17), C4);
}
function mixK4(k: number): number {
  return Math.imul(rotl(Math.imul(k, C4), 18), C1);
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** The base64url character of the 6 bits of `value` from bit `shift` up. */
function c(value: number, shift: number): number {
  return BASE64URL.charCodeAt((value >>> shift) & 63);
}

function finish(): string {
  // The tail: the words of a partly filled block, as in MurmurHash3's tail.
  if (filled > 0) {
    const words = (filled + 1) >> 1;
    if (words > 3) h4 ^= mixK4(block[3]);
    if (words > 2) h3 ^= mixK3(block[2]);
    if (words > 1) h2 ^= mixK2(block[1]);
    h1 ^= mixK1(block[0]);
  }
  h1 ^= units;
  h2 ^= units;
  h3 ^= units;
  h4 ^= units;
  h1 = (h1 + h2 + h3 + h4) | 0;
  h2 = (h2 + h1) | 0;
  h3 = (h3 + h1) | 0;
  h4 = (h4 + h1) | 0;
  h1 = fmix(h1);
  h2 = fmix(h2);
  h3 = fmix(h3);
  h4 = fmix(h4);
  h1 = (h1 + h2 + h3 + h4) | 0;
  h2 = (h2 + h1) | 0;
  h3 = (h3 + h1) | 0;
  // 96 bits, 6 per character: h1, h2, h3 in 16 characters.
  return String.fromCharCode(
    c(h1, 26),
    c(h1, 20),
    c(h1, 14),
    c(h1, 8),
    c(h1, 2),
    c(((h1 & 3) << 4) | (h2 >>> 28), 0),
    c(h2, 22),
    c(h2, 16),
    c(h2, 10),
    c(h2, 4),
    c(((h2 & 15) << 2) | (h3 >>> 30), 0),
    c(h3, 24),
    c(h3, 18),
    c(h3, 12),
    c(h3, 6),
    c(h3, 0),
  );
}
