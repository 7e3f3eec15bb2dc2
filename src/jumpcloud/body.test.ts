import { decodeBody, decodeBodyChunks } from './body';

/** `text`'s UTF-8 bytes cut at `cuts`, each piece in memory of its own (as a socket gives them). */
function pieces(text: string, cuts: number[]): Uint8Array[] {
  const bytes = Buffer.from(text, 'utf8');
  const ends = [...cuts, bytes.length];
  let start = 0;
  return ends.map((end) => {
    const piece = new Uint8Array(end - start);
    piece.set(bytes.subarray(start, end));
    start = end;
    return piece;
  });
}

describe('decodeBodyChunks', () => {
  test('a character whose bytes two pieces share is decoded whole', () => {
    const text = JSON.stringify({ displayName: 'Zoë Ørsted 株式会社 🚀' });
    const bytes = Buffer.from(text, 'utf8');
    // Inside the emoji's four bytes, and inside the two bytes of 'ë'.
    const emoji = bytes.indexOf(Buffer.from('🚀'));
    const e = bytes.indexOf(Buffer.from('ë'));
    expect(decodeBodyChunks(pieces(text, [e + 1, emoji + 2]))).toBe(text);
  });

  test('each body is its own text: a shorter body after a longer one holds nothing of it', () => {
    const long = JSON.stringify(Array.from({ length: 5000 }, (_, i) => ({ id: `row-${i}` })));
    const short = JSON.stringify([{ id: 'only' }]);
    expect(decodeBodyChunks(pieces(long, [1000, 40_000, 65_536]))).toBe(long);
    expect(decodeBodyChunks(pieces(short, [3, 9]))).toBe(short);
    expect(JSON.parse(decodeBodyChunks(pieces(short, [5])))).toEqual([{ id: 'only' }]);
  });

  test('one piece, no pieces, and a body larger than the buffer kept between bodies', () => {
    expect(decodeBodyChunks(pieces('[]', []))).toBe('[]');
    expect(decodeBodyChunks([])).toBe('');
    // 9 MiB: joined into memory of its own.
    const large = `"${'x'.repeat(9 * 1024 * 1024)}é"`;
    const cuts = [1, 4 * 1024 * 1024, 9 * 1024 * 1024 + 2];
    const text = decodeBodyChunks(pieces(large, cuts));
    expect(text.length).toBe(large.length);
    expect(text).toBe(decodeBody(Buffer.from(large, 'utf8')));
  });
});
