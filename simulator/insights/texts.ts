/**
 * Events pages as bytes, made cheaply. The JSON of one event, projected, is the JSON of every
 * event of the same signature (kind, flags, actor, target) but for its `id` and `timestamp`,
 * which `renderEvent` takes from the event's position and time and nothing else. So an event
 * is rendered once per signature (`renderEvent`, the projection, `JSON.stringify`: the code
 * of the generic path) with stand-ins for those two values, and its UTF-8 bytes are kept as a
 * template whose holes are filled per event. An org has about ten events per signature (a
 * pair's sign-ins, successful or not), so a page is mostly copies of bytes: no object, no
 * string per event but its time. The templates are packed in large buffers and found through
 * a hash table of typed arrays (signatures pass 2^31: a Map hashes them as heap numbers, a
 * visible share of a page's time in a profile).
 */
import type { SimulatedOrg } from '../directory/generate';
import { eventId, isoTime, renderEvent, type OrgEvents } from './events';

/**
 * Stand-ins for the event's values while its signature is rendered. Their JSON (quoted, each
 * NUL as the six characters `\u0000`) is found in the text only where a string equals a
 * stand-in: within a longer string it would follow another character or an escaped quote
 * (`\"`), and a backslash of a value is escaped as two. No generated value holds a NUL.
 */
const ID_STAND_IN = '\u0000event-id\u0000';
const TIME_STAND_IN = '\u0000event-timestamp\u0000';
const ID_JSON = JSON.stringify(ID_STAND_IN);
const TIME_JSON = JSON.stringify(TIME_STAND_IN);
const HOLE_ID = 1;
const HOLE_TIME = 2;
/** Holes a template may have: the id and the timestamp, each at most once. */
const MAX_HOLES = 2;
/** A template's header: its length and its two holes, 32 bits each. */
const HEADER_BYTES = 12;

/** Bytes per buffer templates are packed in; a template never spans two. */
const CHUNK_BYTES = 1 << 24;

export type Row = Record<string, unknown>;

/** A growing buffer a page is written into. */
export class PageWriter {
  bytes: Buffer;
  length = 0;

  /** `expected`: the bytes the page will likely take (no copy while it grows to them). */
  constructor(expected = 0) {
    this.bytes = Buffer.allocUnsafe(Math.max(1 << 12, Math.ceil(expected)));
  }

  /** Room for `n` more bytes. */
  reserve(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < this.length + n) size *= 2;
    const grown = Buffer.allocUnsafe(size);
    this.bytes.copy(grown, 0, 0, this.length);
    this.bytes = grown;
  }

  byte(b: number): void {
    this.reserve(1);
    this.bytes[this.length++] = b;
  }

  /** The page: its bytes, without the room left. */
  done(): Buffer {
    return this.bytes.subarray(0, this.length);
  }
}

/**
 * The events of one org under one projection, as bytes. `project` is the projection as the
 * generic path applies it (identity when the query has no `fields`).
 *
 * Laid out for few memory reads an event (the page's events have random signatures, so each
 * read of a template's data is a cache miss; in a profile of the bench at M under load, those
 * first reads took most of a page's time): the hash
 * table holds each key beside its template's place, and a template's header (its length and
 * holes) is stored just before its bytes.
 */
export class EventTexts {
  private readonly actors: number;
  /** Hash table, two numbers a slot: the signature, then its template's `ref` (0: empty). */
  private table = new Float64Array(2 << 12);
  private count = 0;
  /**
   * Templates, each a header of three little-endian 32-bit words (its length; its holes,
   * each `offset * 4 + kind`, 0 for none) then its bytes. A template's `ref` is its place
   * plus one: chunk * CHUNK_BYTES + offset + 1. Plain arrays, not Buffers: a Buffer's
   * `subarray` is several times slower.
   */
  private readonly chunks: Uint8Array[] = [];
  /** The last chunk as a Buffer, to write templates' UTF-8 into. */
  private filling = Buffer.alloc(0);
  private used = CHUNK_BYTES;
  private eventsWritten = 0;
  private bytesWritten = 0;

  constructor(
    private readonly org: SimulatedOrg,
    private readonly events: OrgEvents,
    private readonly project: (event: Row) => Row,
  ) {
    this.actors = Math.max(org.users.length, events.administrators.length) + 1;
    const targets = Math.max(org.users.length, org.applications.length, org.systems.length) + 1;
    if (targets * this.actors * 65536 > Number.MAX_SAFE_INTEGER)
      throw new Error('too many users and targets for event signatures');
  }

  /** Bytes an event served took on average so far (0 before the first). */
  get averageEventBytes(): number {
    return this.eventsWritten === 0 ? 0 : this.bytesWritten / this.eventsWritten;
  }

  /** Templates made so far: one per signature served. */
  get templates(): number {
    return this.count;
  }

  /**
   * Makes every event's template now (`prepareEventFields`): each template is made once by
   * the generic path (`renderEvent`, the projection, `JSON.stringify`), tens of microseconds
   * an event signature, so the first pages of a run cost the simulator several times the
   * later ones. Serving then only copies bytes.
   */
  prepare(): void {
    for (let i = 0; i < this.events.count; i++) this.template(i);
  }

  /** Writes `JSON.stringify(project(renderEvent(org, events, i)))`, UTF-8. */
  write(i: number, page: PageWriter): void {
    const place = this.template(i) - 1;
    const c = Math.floor(place / CHUNK_BYTES);
    const chunk = this.chunks[c];
    let p = place - c * CHUNK_BYTES;
    const length = word(chunk, p);
    const first = word(chunk, p + 4);
    const second = word(chunk, p + 8);
    p += HEADER_BYTES;
    // At most the template and two values of at most 64 characters, quoted.
    page.reserve(length + 2 * 66);
    const out = page.bytes;
    let o = page.length;
    let from = 0;
    if (first !== 0) {
      const at = first >>> 2;
      o = copyBytes(chunk, p + from, p + at, out, o);
      o = this.value(first & 3, i, out, o);
      from = at;
      if (second !== 0) {
        const next = second >>> 2;
        o = copyBytes(chunk, p + from, p + next, out, o);
        o = this.value(second & 3, i, out, o);
        from = next;
      }
    }
    o = copyBytes(chunk, p + from, p + length, out, o);
    this.eventsWritten += 1;
    this.bytesWritten += o - page.length;
    page.length = o;
  }

  /** Writes event `i`'s id or time, quoted. */
  private value(kind: number, i: number, out: Uint8Array, o: number): number {
    const value = kind === HOLE_TIME ? isoTime(this.events.timestamp[i]) : eventId(this.events, i);
    out[o++] = 0x22;
    o = writePlain(value, out, o);
    out[o++] = 0x22;
    return o;
  }

  /**
   * A number per (kind, flags, actor, target): kind and flags are bytes, actor < `actors`,
   * target >= -1 and below the users, applications or systems (the constructor checks that
   * the largest stays an exact integer).
   */
  private signature(i: number): number {
    const events = this.events;
    return (
      ((events.target[i] + 1) * this.actors + events.actor[i]) * 65536 +
      events.flags[i] * 256 +
      events.kind[i]
    );
  }

  /** The `ref` of event `i`'s signature's template, made the first time. */
  private template(i: number): number {
    const key = this.signature(i);
    const table = this.table;
    const mask = (table.length >>> 1) - 1;
    let s = hash(key) & mask;
    for (;;) {
      const ref = table[2 * s + 1];
      if (ref === 0) break;
      if (table[2 * s] === key) return ref;
      s = (s + 1) & mask;
    }
    const ref = this.make(i);
    table[2 * s] = key;
    table[2 * s + 1] = ref;
    this.count += 1;
    if (this.count * 4 > table.length) this.rehash();
    return ref;
  }

  private make(i: number): number {
    const event = renderEvent(this.org, this.events, i);
    // Assigned over the values already there: the key order stays renderEvent's.
    event.id = ID_STAND_IN;
    event.timestamp = TIME_STAND_IN;
    const text = JSON.stringify(this.project(event));
    // Room for the text's UTF-8 at most (3 bytes a UTF-16 unit).
    const room = HEADER_BYTES + 3 * text.length;
    if (this.used + room > CHUNK_BYTES) {
      if (room > CHUNK_BYTES) throw new Error('an event larger than a template chunk');
      this.filling = Buffer.allocUnsafeSlow(CHUNK_BYTES);
      const { buffer, byteOffset, length } = this.filling;
      this.chunks.push(new Uint8Array(buffer, byteOffset, length));
      this.used = 0;
    }
    const place = this.used;
    const chunk = this.chunks[this.chunks.length - 1];
    const start = place + HEADER_BYTES;
    let o = start;
    // The text between the stand-ins, each replaced by a hole in the header.
    let holes = 0;
    for (let from = 0; ;) {
      const id = text.indexOf(ID_JSON, from);
      const time = text.indexOf(TIME_JSON, from);
      const at = id < 0 ? time : time < 0 ? id : Math.min(id, time);
      o = this.writeText(text, from, at < 0 ? text.length : at, chunk, o);
      if (at < 0) break;
      if (holes === MAX_HOLES) throw new Error('an event holds its id or time twice');
      holes += 1;
      putWord(chunk, place + 4 * holes, (o - start) * 4 + (at === id ? HOLE_ID : HOLE_TIME));
      from = at + (at === id ? ID_JSON.length : TIME_JSON.length);
    }
    for (let k = holes + 1; k <= MAX_HOLES; k++) putWord(chunk, place + 4 * k, 0);
    putWord(chunk, place, o - start);
    this.used = o;
    return (this.chunks.length - 1) * CHUNK_BYTES + place + 1;
  }

  /** Writes `text[from, to)` as UTF-8 at `o` of the last chunk, returns the end. */
  private writeText(text: string, from: number, to: number, chunk: Uint8Array, o: number): number {
    for (let k = from; k < to; k++) {
      const c = text.charCodeAt(k);
      if (c >= 0x80) return o + this.filling.write(text.slice(k, to), o, 'utf8');
      chunk[o++] = c;
    }
    return o;
  }

  private rehash(): void {
    const old = this.table;
    const table = new Float64Array(old.length * 2);
    const mask = (table.length >>> 1) - 1;
    for (let s = 0; s < old.length; s += 2) {
      if (old[s + 1] === 0) continue;
      let to = hash(old[s]) & mask;
      while (table[2 * to + 1] !== 0) to = (to + 1) & mask;
      table[2 * to] = old[s];
      table[2 * to + 1] = old[s + 1];
    }
    this.table = table;
  }
}

function putWord(bytes: Uint8Array, p: number, value: number): void {
  bytes[p] = value & 0xff;
  bytes[p + 1] = (value >>> 8) & 0xff;
  bytes[p + 2] = (value >>> 16) & 0xff;
  bytes[p + 3] = value >>> 24;
}

/** The little-endian 32-bit word at `p`. */
function word(bytes: Uint8Array, p: number): number {
  return (bytes[p] | (bytes[p + 1] << 8) | (bytes[p + 2] << 16) | (bytes[p + 3] << 24)) >>> 0;
}

/** Mixes a signature (an integer below 2^53) into 32 bits. */
function hash(key: number): number {
  const low = key >>> 0;
  const high = (key / 4294967296) >>> 0;
  let h = Math.imul(low ^ Math.imul(high, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * Writes a value whose JSON is itself quoted (printable ASCII, no quote nor backslash: the
 * ids and times generated), or throws: a template's hole never takes anything else.
 */
function writePlain(value: string, out: Uint8Array, o: number): number {
  if (value.length > 64) throw new Error(`an event value too long for its hole: ${value}`);
  for (let k = 0; k < value.length; k++) {
    const c = value.charCodeAt(k);
    if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c)
      throw new Error(`an event value that JSON would escape: ${JSON.stringify(value)}`);
    out[o++] = c;
  }
  return o;
}

/**
 * Copies `from[a, b)` to `to` at `o`, returns the end: a short run byte by byte, a long one
 * with `set` (Buffer's `copy` makes a view per call).
 */
function copyBytes(from: Uint8Array, a: number, b: number, to: Uint8Array, o: number): number {
  if (b - a <= 32) {
    for (let k = a; k < b; k++) to[o++] = from[k];
    return o;
  }
  to.set(from.subarray(a, b), o);
  return o + b - a;
}
