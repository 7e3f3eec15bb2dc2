/**
 * A response body's text and its JSON, as the client reads them, in a module of its own so that
 * the activity's fold worker (src/steps/activity/fold-worker.ts), which parses Directory
 * Insights pages off the main thread, reads them exactly alike without loading the client.
 */
import { isAscii } from 'buffer';

/**
 * A body's text (UTF-8). JumpCloud's JSON is ASCII but for names: an ASCII body is copied as
 * Latin-1, which for ASCII is the same text, without UTF-8 decoding (a page of 10,000
 * Directory Insights events is 2.4 MB, a run reads hundreds).
 */
export function decodeBody(body: Uint8Array): string {
  const buffer = Buffer.isBuffer(body)
    ? body
    : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  return isAscii(buffer) ? buffer.toString('latin1') : buffer.toString('utf8');
}

/**
 * A body read in pieces (its chunks as the socket gave them) is put together here, in one
 * buffer per thread that is used again for every body: joined into fresh memory instead
 * (`Buffer.concat`), a page of megabytes costs several times the copy in page faults, and a
 * run reads over a hundred megabytes. Bodies larger than this are joined into memory of their
 * own, so what a thread keeps between bodies stays bounded.
 */
const JOIN_BUFFER_MAX = 8 * 1024 * 1024;
let joinBuffer: Buffer | undefined;

/**
 * The text of a body given in pieces, in order (`decodeBody` of their concatenation: a
 * character whose bytes two pieces share is decoded whole). The pieces are not kept.
 */
export function decodeBodyChunks(chunks: readonly Uint8Array[]): string {
  if (chunks.length === 1) return decodeBody(chunks[0]);
  let length = 0;
  for (const chunk of chunks) length += chunk.byteLength;
  if (length > JOIN_BUFFER_MAX) return decodeBody(Buffer.concat(chunks, length));
  if (!joinBuffer || joinBuffer.length < length) {
    let size = 64 * 1024;
    while (size < length) size *= 2;
    joinBuffer = Buffer.allocUnsafeSlow(size);
  }
  let at = 0;
  for (const chunk of chunks) {
    joinBuffer.set(chunk, at);
    at += chunk.byteLength;
  }
  // The string is a copy (Latin-1 or UTF-8 decoded): the buffer is free for the next body.
  return decodeBody(joinBuffer.subarray(0, length));
}

/** What a 2xx answer whose body is not JSON says (a cut-off or garbled answer: retried). */
export function notJsonMessage(text: string): string {
  return `response body is not valid JSON (${text.length} bytes)`;
}

/**
 * Thrown by a reader of a raw body (`readBody` of a request, ./http.ts) that found it is not
 * JSON: the client retries the request as it does a body it parsed itself.
 */
export class BodyNotJsonError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BodyNotJsonError';
  }
}
