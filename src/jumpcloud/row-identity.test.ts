import { rowIdentity } from './row-identity';

test('the same columns and values give the same identity, any change another', () => {
  const row = { system_id: 's1', name: 'openssl', version: '3.0.2', uid: '0', admin: true };
  expect(rowIdentity({ ...row })).toBe(rowIdentity(row));
  const variants = [
    { ...row, version: '3.0.3' },
    { ...row, system_id: 's2' },
    { ...row, uid: 0 },
    { ...row, admin: 'true' },
    { ...row, admin: null },
    { ...row, name: 'opens', version: 'sl3.0.2' },
    { system_id: 's1', name: 'openssl', version: '3.0.2', uid: '0' },
    { ...row, extra: { nested: 1 } },
    { ...row, extra: { nested: 2 } },
  ];
  const identities = new Set([row, ...variants].map(rowIdentity));
  expect(identities.size).toBe(variants.length + 1);
});

test('no collision among 200,000 rows that differ in one column', () => {
  const seen = new Set<string | undefined>();
  for (let index = 0; index < 200_000; index += 1) {
    seen.add(rowIdentity({ system_id: `system-${index % 500}`, name: `package-${index}` }));
  }
  expect(seen.size).toBe(200_000);
});

test('not a row: no identity', () => {
  expect(rowIdentity(null)).toBeUndefined();
  expect(rowIdentity('text')).toBeUndefined();
});
