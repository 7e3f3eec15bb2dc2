import { buildSpecValidators } from './spec-schemas';
import { build2026Validators } from './spec-2026';
import { UNDECLARED_PROPERTY_DEVIATIONS } from './spec-deviations';
import { documentResolver, undeclaredProperties } from './undeclared';

describe('a property the specification does not declare fails the contract', () => {
  const document = {
    definitions: {
      base: { type: 'object', properties: { id: { type: 'string' } } },
      user: {
        allOf: [
          { $ref: '#/definitions/base' },
          { properties: { name: { type: 'string' }, tags: { type: 'object' } } },
        ],
      },
      list: { properties: { results: { type: 'array', items: { $ref: '#/definitions/user' } } } },
      map: { type: 'object', additionalProperties: { type: 'string' } },
    },
  };
  const resolve = documentResolver(document as never);
  const check = (schema: object, value: unknown) =>
    [...undeclaredProperties(schema as never, value, resolve)].sort();

  test('named through $ref and allOf: declared; anything else is reported by its path', () => {
    expect(
      check(
        { $ref: '#/definitions/list' },
        {
          results: [
            { id: 'a', name: 'x' },
            { id: 'b', comment: 'invented', tags: { free: 1 } },
          ],
          totalCount: 2,
        },
      ),
    ).toEqual(['results[].comment', 'totalCount']);
  });

  test('a map or a bare object leaves its keys free', () => {
    expect(check({ $ref: '#/definitions/map' }, { anything: 'x' })).toEqual([]);
    expect(check({ type: 'object' }, { anything: 'x' })).toEqual([]);
  });

  test('the v1 systemusers list rejects an invented field; a listed deviation passes', () => {
    const validate = buildSpecValidators().forOperation('v1', '/systemusers');
    const user = { _id: '5f0c8d1e2a3b4c5d6e7f8091', username: 'ada', email: 'ada@example.com' };
    expect(validate({ totalCount: 1, results: [user] })).toBe(true);
    expect(validate({ totalCount: 1, results: [{ ...user, favouriteColour: 'teal' }] })).toBe(
      false,
    );
    expect(validate.errors?.map((e) => e.instancePath)).toEqual(['results[].favouriteColour']);
    // `id` beside `_id` is listed with its evidence (recorded).
    expect(validate({ totalCount: 1, results: [{ ...user, id: user._id }] })).toBe(true);
  });

  test("a System Insights row with osquery's comment column is rejected (JumpCloud has none)", () => {
    const validate = build2026Validators().forOperation('/systeminsights/authorized_keys');
    const row = { system_id: 's', uid: '0', algorithm: 'ssh-ed25519', key: 'AAAA', key_file: '/k' };
    expect(validate([row])).toBe(true);
    expect(validate([{ ...row, comment: 'deploy@ci' }])).toBe(false);
    expect(validate.errors?.map((e) => e.instancePath)).toEqual(['[].comment']);
  });

  test('every deviation names its evidence', () => {
    for (const deviation of UNDECLARED_PROPERTY_DEVIATIONS) {
      expect([deviation.operation, deviation.property, deviation.evidence.length > 20]).toEqual([
        deviation.operation,
        deviation.property,
        true,
      ]);
    }
  });
});
