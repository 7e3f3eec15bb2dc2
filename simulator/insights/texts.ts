/**
 * Events pages as bytes, made cheaply. The JSON of one event, projected, is the JSON of every
 * event of the same signature (kind, flags, actor, target) but for its `id` and `timestamp`,
 * which `renderEvent` takes from the event's position and time and nothing else. So an event
 * is rendered once per signature (`renderEvent`, the projection, `JSON.stringify`: the code
 * of the generic path) with stand-ins for those two values, and its UTF-8 bytes are kept as a
 * template whose holes are filled per event. An org has about ten events per signature (a
 * pair's sign-ins, successful or not), so a page is mostly copies of bytes: no object, no
 * string per event but its time. The templates are packed in large buffers and found through
 * a hash table of typed arrays (signatures pass 2^31: a Map would hash them as heap numbers,
 * a large share of a page's time in a profile).
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
 */
export class EventTexts {
  private readonly actors: number;
  // Hash table: signature -> template number + 1 (0: empty slot).
  private keys = new Float64Array(1 << 12);
  private slots = new Int32Array(1 << 12);
  // Per template: where its bytes are (chunk, offset, length) and its holes (offset within
  // the template, kind; offset -1: none), in the order they come.
  private count = 0;
  private chunkOf = new Uint16Array(1 << 10);
  private offset = new Uint32Array(1 << 10);
  private length = new Uint32Array(1 << 10);
  private holeAt = new Int32Array(MAX_HOLES << 10);
  private holeKind = new Uint8Array(MAX_HOLES << 10);
  /** Plain arrays, not Buffers: a Buffer's `subarray` is several times slower. */
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
  }

  /** Bytes an event served took on average so far (0 before the first). */
  get averageEventBytes(): number {
    return this.eventsWritten === 0 ? 0 : this.bytesWritten / this.eventsWritten;
  }

  /** Templates made so far: one per signature served. */
  get templates(): number {
    return this.count;
  }

  /** Writes `JSON.stringify(project(renderEvent(org, events, i)))`, UTF-8. */
  write(i: number, page: PageWriter): void {
    const t = this.template(i);
    const chunk = this.chunks[this.chunkOf[t]];
    const start = this.offset[t];
    const length = this.length[t];
    // At most the template and two values of at most 64 characters, quoted.
    page.reserve(length + 2 * 66);
    const out = page.bytes;
    let o = page.length;
    let from = 0;
    for (let h = t * MAX_HOLES; h < (t + 1) * MAX_HOLES; h++) {
      const at = this.holeAt[h];
      if (at < 0) break;
      o = copyBytes(chunk, start + from, start + at, out, o);
      const value =
        this.holeKind[h] === HOLE_TIME
          ? isoTime(this.events.timestamp[i])
          : eventId(this.events, i);
      out[o++] = 0x22;
      o = writePlain(value, out, o);
      out[o++] = 0x22;
      from = at;
    }
    o = copyBytes(chunk, start + from, start + length, out, o);
    this.eventsWritten += 1;
    this.bytesWritten += o - page.length;
    page.length = o;
  }

  /**
   * A number per (kind, flags, actor, target): kind < 8, flags < 4, actor < `actors`,
   * target >= -1 and below the users, applications or systems (under 2^53 at any size).
   */
  private signature(i: number): number {
    const events = this.events;
    return (
      ((events.target[i] + 1) * this.actors + events.actor[i]) * 32 +
      events.flags[i] * 8 +
      events.kind[i]
    );
  }

  /** The template number of event `i`'s signature, made the first time. */
  private template(i: number): number {
    const key = this.signature(i);
    const mask = this.keys.length - 1;
    let s = hash(key) & mask;
    for (;;) {
      const slot = this.slots[s];
      if (slot === 0) break;
      if (this.keys[s] === key) return slot - 1;
      s = (s + 1) & mask;
    }
    const t = this.make(i);
    this.keys[s] = key;
    this.slots[s] = t + 1;
    if (this.count * 2 > this.keys.length) this.rehash();
    return t;
  }

  private make(i: number): number {
    const event = renderEvent(this.org, this.events, i);
    // Assigned over the values already there: the key order stays renderEvent's.
    event.id = ID_STAND_IN;
    event.timestamp = TIME_STAND_IN;
    const text = JSON.stringify(this.project(event));
    // The text between the stand-ins, and where they were.
    const segments: string[] = [];
    const holes: number[] = [];
    for (let from = 0; ;) {
      const id = text.indexOf(ID_JSON, from);
      const time = text.indexOf(TIME_JSON, from);
      const at = id < 0 ? time : time < 0 ? id : Math.min(id, time);
      if (at < 0) {
        segments.push(text.slice(from));
        break;
      }
      if (holes.length === MAX_HOLES) throw new Error('an event holds its id or time twice');
      segments.push(text.slice(from, at));
      holes.push(at === id ? HOLE_ID : HOLE_TIME);
      from = at + (at === id ? ID_JSON.length : TIME_JSON.length);
    }
    const size = segments.reduce((sum, segment) => sum + Buffer.byteLength(segment), 0);
    if (this.used + size > CHUNK_BYTES) {
      if (size > CHUNK_BYTES) throw new Error('an event larger than a template chunk');
      this.filling = Buffer.allocUnsafeSlow(CHUNK_BYTES);
      const { buffer, byteOffset, length } = this.filling;
      this.chunks.push(new Uint8Array(buffer, byteOffset, length));
      this.used = 0;
    }
    const t = this.count++;
    if (t === this.offset.length) this.grow();
    this.chunkOf[t] = this.chunks.length - 1;
    this.offset[t] = this.used;
    let length = 0;
    segments.forEach((segment, k) => {
      length += this.filling.write(segment, this.used + length, 'utf8');
      if (k < holes.length) {
        this.holeAt[t * MAX_HOLES + k] = length;
        this.holeKind[t * MAX_HOLES + k] = holes[k];
      }
    });
    for (let k = holes.length; k < MAX_HOLES; k++) this.holeAt[t * MAX_HOLES + k] = -1;
    this.length[t] = length;
    this.used += length;
    return t;
  }

  private grow(): void {
    const size = this.offset.length * 2;
    const grown = <A extends Uint8Array | Uint16Array | Uint32Array | Int32Array>(
      from: A,
      to: A,
    ): A => {
      to.set(from);
      return to;
    };
    this.chunkOf = grown(this.chunkOf, new Uint16Array(size));
    this.offset = grown(this.offset, new Uint32Array(size));
    this.length = grown(this.length, new Uint32Array(size));
    this.holeAt = grown(this.holeAt, new Int32Array(size * MAX_HOLES));
    this.holeKind = grown(this.holeKind, new Uint8Array(size * MAX_HOLES));
  }

  private rehash(): void {
    const keys = this.keys;
    const slots = this.slots;
    this.keys = new Float64Array(keys.length * 2);
    this.slots = new Int32Array(slots.length * 2);
    const mask = this.keys.length - 1;
    for (let s = 0; s < keys.length; s++) {
      if (slots[s] === 0) continue;
      let to = hash(keys[s]) & mask;
      while (this.slots[to] !== 0) to = (to + 1) & mask;
      this.keys[to] = keys[s];
      this.slots[to] = slots[s];
    }
  }
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
function writePlain(value: string, out: Buffer, o: number): number {
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
