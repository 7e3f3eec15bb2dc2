import { QueryError, UnsupportedError } from './errors';
import { parseQuery } from './parser';
import { tokenize } from './tokenizer';

describe('tokenize', () => {
  test('words with dots and inner hyphens, quoted strings with escapes, numbers', () => {
    const tokens = tokenize(`FIND x WITH tag.cost-center = 'it\\'s' AND n >= -1.5 AND s = "a b"`);
    expect(tokens.map((t) => [t.kind, t.text])).toEqual([
      ['word', 'FIND'],
      ['word', 'x'],
      ['word', 'WITH'],
      ['word', 'tag.cost-center'],
      ['operator', '='],
      ['string', "it's"],
      ['word', 'AND'],
      ['word', 'n'],
      ['operator', '>='],
      ['operator', '-'],
      ['number', '1.5'],
      ['word', 'AND'],
      ['word', 's'],
      ['operator', '='],
      ['string', 'a b'],
      ['end', ''],
    ]);
  });

  test('longest operator first; a regular expression keeps its flags', () => {
    const tokens = tokenize('a !~= b !^= c !$= d != /ja[/]mes/i << >> <= ~= ^= $=');
    expect(tokens.filter((t) => t.kind !== 'word').map((t) => [t.kind, t.text, t.flags])).toEqual([
      ['operator', '!~=', undefined],
      ['operator', '!^=', undefined],
      ['operator', '!$=', undefined],
      ['operator', '!=', undefined],
      ['regex', 'ja[/]mes', 'i'],
      ['operator', '<<', undefined],
      ['operator', '>>', undefined],
      ['operator', '<=', undefined],
      ['operator', '~=', undefined],
      ['operator', '^=', undefined],
      ['operator', '$=', undefined],
      ['end', '', undefined],
    ]);
  });

  test('date.now-30 splits before the minus', () => {
    expect(tokenize('date.now-30 days').map((t) => t.text)).toEqual([
      'date.now',
      '-',
      '30',
      'days',
      '',
    ]);
  });

  test('unterminated strings and regular expressions, and stray characters, fail with a position', () => {
    expect(() => tokenize("FIND x WITH a = 'open")).toThrow(
      /unterminated string \(line 1, column 17/,
    );
    expect(() => tokenize('FIND x WITH a = /open')).toThrow(/unterminated regular expression/);
    expect(() => tokenize('FIND x WITH a = #')).toThrow(/expected a smart class name after "#"/);
    expect(() => tokenize('FIND x WITH a = @')).toThrow(/unexpected character "@"/);
  });
});

describe('parseQuery', () => {
  test('FIND a _type with WITH and AS, keywords in any case', () => {
    const query = parseQuery("find jumpcloud_user with state = 'suspended' and sudo != true as u");
    expect(query.start).toMatchObject({
      selector: { kind: 'list', items: [{ name: 'jumpcloud_user', isClass: false }] },
      alias: 'u',
      filter: {
        kind: 'and',
        conditions: [
          {
            kind: 'compare',
            left: { property: 'state' },
            operator: '=',
            right: { kind: 'string', value: 'suspended' },
          },
          {
            kind: 'compare',
            left: { property: 'sudo' },
            operator: '!=',
            right: { kind: 'boolean', value: true },
          },
        ],
      },
    });
    expect(query.hops).toEqual([]);
  });

  test('classes, lists of classes and types, and *', () => {
    expect(parseQuery('FIND User').start.selector).toEqual({
      kind: 'list',
      items: [{ name: 'User', isClass: true }],
    });
    expect(parseQuery('FIND (User | jumpcloud_device)').start.selector).toEqual({
      kind: 'list',
      items: [
        { name: 'User', isClass: true },
        { name: 'jumpcloud_device', isClass: false },
      ],
    });
    expect(parseQuery('FIND *').start.selector).toEqual({ kind: 'any' });
  });

  test('AND binds tighter than OR; NOT and parentheses', () => {
    const query = parseQuery('FIND x WITH a = 1 OR b = 2 AND NOT (c = 3 OR d = 4)');
    expect(query.start.filter).toMatchObject({
      kind: 'or',
      conditions: [
        { kind: 'compare', left: { property: 'a' } },
        {
          kind: 'and',
          conditions: [
            { kind: 'compare', left: { property: 'b' } },
            { kind: 'not', condition: { kind: 'or' } },
          ],
        },
      ],
    });
  });

  test('value lists, undefined, regular expressions, date.now arithmetic', () => {
    const query = parseQuery(
      "FIND x WITH s = ('a' OR 'b') AND t != (1 AND 2) AND u = undefined AND v = /x/i " +
        'AND w < date.now - 30 days AND y > date.now + 2 hours AND z > date.now - 5 minutes ' +
        'AND n = date.now',
    );
    const parts = (query.start.filter as { conditions: Array<{ right: unknown }> }).conditions.map(
      (c) => c.right,
    );
    expect(parts).toEqual([
      {
        kind: 'list',
        connective: 'or',
        values: [
          { kind: 'string', value: 'a' },
          { kind: 'string', value: 'b' },
        ],
      },
      {
        kind: 'list',
        connective: 'and',
        values: [
          { kind: 'number', value: 1 },
          { kind: 'number', value: 2 },
        ],
      },
      { kind: 'undefined' },
      { kind: 'regex', source: 'x', flags: 'i' },
      { kind: 'date', offsets: [{ amount: -30, unit: 'day' }] },
      { kind: 'date', offsets: [{ amount: 2, unit: 'hour' }] },
      { kind: 'date', offsets: [{ amount: -5, unit: 'minute' }] },
      { kind: 'date', offsets: [] },
    ]);
  });

  test('THAT with negation, verb lists, RELATES TO, edge alias, direction, several hops', () => {
    const query = parseQuery(
      'FIND jumpcloud_user AS u THAT ASSIGNED AS binding >> jumpcloud_device AS d ' +
        'THAT (HAS|IS) << * THAT !RELATES TO jumpcloud_apple_device',
    );
    expect(query.hops).toMatchObject([
      {
        negated: false,
        verbs: ['ASSIGNED'],
        direction: 'out',
        edgeAlias: 'binding',
        target: { alias: 'd' },
      },
      {
        negated: false,
        verbs: ['HAS', 'IS'],
        direction: 'in',
        target: { selector: { kind: 'any' } },
      },
      { negated: true, verbs: undefined, direction: 'any' },
    ]);
    expect(parseQuery('FIND a THAT has b').hops[0]).toMatchObject({ verbs: ['HAS'] });
  });

  test('WHERE on aliases (entity and edge, alias against alias), RETURN, ORDER BY, SKIP, LIMIT', () => {
    const query = parseQuery(
      'FIND jumpcloud_device AS d THAT IS AS link jumpcloud_asset_device AS a ' +
        'WHERE a.ownerId != d.primaryUserId AND link.direct = true ' +
        'RETURN d.displayName AS name, a.tag.Owner, a, COUNT(d) AS n ' +
        'ORDER BY d.displayName DESC, a.serial ASC SKIP 5 LIMIT 10',
    );
    expect(query.where).toMatchObject({
      kind: 'and',
      conditions: [
        {
          left: { alias: 'a', property: 'ownerId' },
          operator: '!=',
          right: { kind: 'property', alias: 'd', property: 'primaryUserId' },
        },
        { left: { alias: 'link', property: 'direct' } },
      ],
    });
    expect(query.returns).toEqual([
      {
        kind: 'property',
        ref: expect.objectContaining({ alias: 'd', property: 'displayName' }),
        as: 'name',
      },
      { kind: 'property', ref: expect.objectContaining({ alias: 'a', property: 'tag.Owner' }) },
      { kind: 'alias', alias: 'a' },
      { kind: 'count', alias: 'd', as: 'n' },
    ]);
    expect(query.orderBy).toEqual([
      { ref: expect.objectContaining({ alias: 'd', property: 'displayName' }), descending: true },
      { ref: expect.objectContaining({ alias: 'a', property: 'serial' }), descending: false },
    ]);
    expect([query.skip, query.limit]).toEqual([5, 10]);
  });

  test.each([
    ['FIND User THAT HAS WITH x = 1 Device', /WITH on a relationship/],
    ['FIND User AS u RETURN COUNT(DISTINCT u)', /COUNT\(DISTINCT/],
    ['FIND User AS u RETURN COUNT(*)', /COUNT\(\*\).*future development/],
    ['FIND User AS u RETURN PATH', /RETURN PATH/],
    ['FIND User AS u RETURN MEDIAN(u.x)', /the function MEDIAN\(\).*supported: COUNT/],
    ['FIND User WITH x = null', /null; J1QL writes a missing value as undefined/],
    ['FIND User WITH x ~= /a/', /regular expression with ~=/],
    ["FIND User WITH x = ('a' OR 'b' AND 'c')", /mixes AND and OR/],
    ['FIND User THAT !HAS Device THAT HAS Group', /traversal after a negated relationship/],
    ['FIND User (THAT !HAS Device)?', /negated relationship inside an optional traversal/],
    ['FIND User AS u GROUP BY u.x', /GROUP/],
    ['FIND User WITH x = date.today', /date.today/],
    ['FIND {{type}}', /placeholder in place of a _type/],
  ])('%s fails as unsupported, naming the construct', (query, message) => {
    expect(() => parseQuery(query)).toThrow(UnsupportedError);
    expect(() => parseQuery(query)).toThrow(message);
  });

  test.each([
    ['FIND', /expected an entity _type/],
    ['FIND User WITH', /expected a property name/],
    ['FIND User WITH state suspended', /expected a comparison operator/],
    ['FIND User WITH state = suspended', /quote strings/],
    ['FIND User WITH a < true', /< true has no meaning/],
    ['FIND User WITH a >= undefined', />= undefined has no meaning/],
    ['FIND User WITH a ~= 3', /~= compares strings/],
    ['FIND User AS u WHERE x.y = 1', /unknown alias "x"/],
    ['FIND User AS u WHERE y = 1', /needs an alias/],
    ['FIND User AS u THAT HAS Device AS u', /alias u is declared twice/],
    ['FIND User THAT !HAS Device AS d', /binds nothing/],
    ['FIND User THAT Device', /expected a relationship class|expected an entity/],
    ['FIND User LIMIT x', /LIMIT needs a whole number/],
    ['FIND User WHERE 1', /expected a comparison operator/],
    ["FIND User WITH a = ('x', 'y')", /not commas/],
    ['FIND User WITH a = /(/', /invalid regular expression/],
    ['FIND User garbage', /unexpected "garbage"/],
    ['FIND User AS u RETURN COUNT(v)', /unknown alias "v"; did you mean u\?/],
    ['FIND User WITH x > date.now - 2 fortnights', /expected a unit after date.now - 2/],
    ['FIND User WITH x > date(2019-13-45)', /not an ISO 8601 date/],
    ['FIND User (THAT IS Person)', /expected "\?" after an optional traversal/],
    ['FIND User AS u THAT HAS User RETURN User.name', /"User" names 2 places/],
    ['FIND User AS u RETURN TREE, u', /RETURN TREE stands alone/],
    ['FIND User FIND Device', /a second FIND/],
    ['FIND User /* open', /unterminated comment/],
  ])('%s is not J1QL: fails with a reason', (query, message) => {
    expect(() => parseQuery(query)).toThrow(QueryError);
    expect(() => parseQuery(query)).toThrow(message);
  });
});
