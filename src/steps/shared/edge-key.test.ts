import { edgeKey } from './edge-key';

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
