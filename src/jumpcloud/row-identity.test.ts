import { RowIdentities, rowIdentity } from './row-identity';

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

test('RowIdentities answers as a Set of the identities does, in about 20 bytes a row', () => {
  const identities = new RowIdentities();
  const truth = new Set<string>();
  const answers: boolean[] = [];
  const truthAnswers: boolean[] = [];
  // 300,000 rows, a tenth of them repeated, plus identities of other shapes.
  for (let index = 0; index < 330_000; index += 1) {
    const n = index % 300_000;
    const row = { system_id: `system-${n % 700}`, name: `package-${n}` };
    const id = index % 50_000 === 7 ? `other-${index % 3}` : (rowIdentity(row) as string);
    answers.push(identities.has(id));
    truthAnswers.push(truth.has(id));
    identities.add(id);
    truth.add(id);
  }
  expect(answers).toEqual(truthAnswers);
  expect(truthAnswers.filter(Boolean).length).toBeGreaterThan(29_000);
  // Identities that differ from one seen only in one half are not taken for it.
  const [first] = truth;
  const twin = first.slice(0, 2) + String.fromCharCode(first.charCodeAt(2) ^ 1) + first.slice(3);
  expect(identities.has(twin)).toBe(truth.has(twin));
  expect(identities.byteLength / truth.size).toBeLessThan(27);
});
