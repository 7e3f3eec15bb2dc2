import { digestKey, edgeKey } from './keys';

/**
 * SHA-256 test vectors published with the standard (FIPS 180-2, Appendix B; NIST's "SHA-256
 * examples"), as hex digests: the digest is SHA-256 itself, cut, in base64url.
 */
const SHA256_VECTORS: Array<[string, string]> = [
  ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
  ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
  [
    'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq',
    '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
  ],
];

/** A hex digest as the base64url characters the keys use (RFC 4648, section 5). */
function base64url(hex: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const bits = [...hex].map((digit) => parseInt(digit, 16).toString(2).padStart(4, '0')).join('');
  let text = '';
  for (let i = 0; i + 6 <= bits.length; i += 6) text += alphabet[parseInt(bits.slice(i, i + 6), 2)];
  return text;
}

/** The last character of 16 bytes in base64url: the low 2 bits of the last byte, then 0000. */
function tail(lastByteHex: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  return alphabet[(parseInt(lastByteHex, 16) & 3) << 4];
}

test.each(SHA256_VECTORS)('digestKey(%j) is the published SHA-256, cut', (text, hex) => {
  // The whole digest (32 bytes: 42 full characters and 4 bits of a 43rd), then 16 bytes.
  expect(digestKey([text], 32).slice(0, 42)).toBe(base64url(hex));
  expect(digestKey([text])).toBe(base64url(hex.slice(0, 32)) + tail(hex.slice(30, 32)));
});

test('parts are joined by U+0000: moving text between parts gives another key', () => {
  expect(digestKey(['a', 'bc'])).not.toBe(digestKey(['ab', 'c']));
  expect(digestKey(['a', 'bc'])).toBe(digestKey(['a\u0000bc']));
});

test('an edge key and a software key, against SHA-256 computed apart (coreutils, Python)', () => {
  // printf '6026bec6b8207255280d5981|assigned|5f0c8d1e2a3b4c5d6e7f8091' | sha256sum
  expect(edgeKey('6026bec6b8207255280d5981', 'assigned', '5f0c8d1e2a3b4c5d6e7f8091')).toBe(
    base64url('3aa819bbfe464be34987e8fd14831959f0e6df93f70e4355b7f8223cca79f079'.slice(0, 24)),
  );
  // python3 -c "import hashlib; print(hashlib.sha256(b'org\x00darwin\x00Google Chrome\x00131.0').hexdigest())"
  expect(digestKey(['org', 'darwin', 'Google Chrome', '131.0'])).toBe(
    base64url('cb4edef767551e0911d232d296e8f35343b7253d3df567fa7b39707390771c0c'.slice(0, 32)) +
      tail('cb4edef767551e0911d232d296e8f35343b7253d3df567fa7b39707390771c0c'.slice(30, 32)),
  );
});

test('16 base64url characters, the same for the same edge, another for any other', () => {
  const key = edgeKey('6026bec6b8207255280d5981', 'assigned', '5f0c8d1e2a3b4c5d6e7f8091');
  expect(key).toMatch(/^[A-Za-z0-9_-]{16}$/);
  expect(edgeKey('6026bec6b8207255280d5981', 'assigned', '5f0c8d1e2a3b4c5d6e7f8091')).toBe(key);
  const others = [
    edgeKey('5f0c8d1e2a3b4c5d6e7f8091', 'assigned', '6026bec6b8207255280d5981'),
    edgeKey('6026bec6b8207255280d5981', 'has', '5f0c8d1e2a3b4c5d6e7f8091'),
    edgeKey('6026bec6b8207255280d598', '1assigned', '5f0c8d1e2a3b4c5d6e7f8091'),
    edgeKey('6026bec6b8207255280d5981', 'assigned', '5f0c8d1e2a3b4c5d6e7f8092'),
    edgeKey('', 'assigned', ''),
    edgeKey('é', 'assigned', 'ü'),
  ];
  expect(new Set([key, ...others]).size).toBe(others.length + 1);
});

test('no collision among 200,000 edges of close keys, and every character is used', () => {
  const keys = new Set<string>();
  const characters = new Set<string>();
  for (let user = 0; user < 500; user += 1) {
    for (let system = 0; system < 400; system += 1) {
      const key = edgeKey(
        `6026bec6b8207255280${String(user).padStart(5, '0')}`,
        'assigned',
        `5f0c8d1e2a3b4c5d6e7${String(system).padStart(5, '0')}`,
      );
      keys.add(key);
      if (user === 0) for (const character of key) characters.add(character);
    }
  }
  expect(keys.size).toBe(200_000);
  expect(characters.size).toBe(64);
});
