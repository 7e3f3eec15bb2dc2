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
