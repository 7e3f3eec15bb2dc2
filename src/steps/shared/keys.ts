import * as crypto from 'crypto';

/*
 * The keys the integration computes, in one scheme (docs/data-model.md, "Keys"):
 *
 * - an entity of a JumpCloud record with an id: the id;
 * - an entity the integration derives from rows without an id of their own (local accounts,
 *   SSH keys, software): `<_type>:<identity>`, the identity in the clear when its parts are
 *   short and bounded (a system id and a uid), else `digestKey` of its parts;
 * - a relationship: `digestKey` of the SDK's own key `<from _key>|<class>|<to _key>`, 16
 *   characters (`edgeKey`).
 *
 * One digest for both: SHA-256 of the UTF-8 text, cut to 16 bytes (entities) or 12 (edges),
 * in base64url. Stable between
 * runs (a function of the parts only), and short: the SDK keeps the `_key` of every graph
 * object until the run ends, and edges are most of them.
 */

/** SHA-256; `crypto.hash` (Node 20.12 and later) avoids a hash object per call. */
const sha256: (text: string) => Buffer =
  typeof crypto.hash === 'function'
    ? (text) => crypto.hash('sha256', text, 'buffer')
    : (text) => crypto.createHash('sha256').update(text).digest();

/** Separates the parts of a digested identity; no part can contain it. */
const PART_SEPARATOR = '\u0000';

/**
 * The first `bytes` bytes of the SHA-256 of the parts joined by U+0000 (UTF-8), in base64url:
 * 16 bytes (128 bits) are 22 characters. Encoded from the cut bytes, not cut from the whole
 * digest's text: V8 keeps a cut of 13 or more characters as a view that holds the whole text
 * alive, and keys live until the run ends.
 */
export function digestKey(parts: readonly string[], bytes = 16): string {
  return sha256(parts.join(PART_SEPARATOR)).toString('base64url', 0, bytes);
}

/**
 * The `_key` of a relationship: 16 base64url characters, the first 12 bytes (96 bits) of the
 * SHA-256 of the key the SDK would give it, `<from _key>|<class>|<to _key>` (60 to 110
 * characters here). Two of 3.4 million edges (an L organization) share a key with a chance of
 * about 1 in 10^16; `_fromEntityKey` and `_toEntityKey` still name the ends.
 */
export function edgeKey(fromKey: string, verb: string, toKey: string): string {
  return digestKey([`${fromKey}|${verb}|${toKey}`], 12);
}
