import { Entities } from '../../src/steps/constants';
import { loadDocumentedDataModel } from './data-model';
import { UnsupportedError } from './errors';
import { runQuery } from './evaluate';
import { Graph, GraphEntity, GraphRelationship } from './graph';
import { account, application, DAY_MS, device, group, NOW, relate, user } from './test-graph';

function keys(graph: Graph, query: string, now = NOW): string[] {
  return runQuery(graph, query, { now })
    .entities.map((entity) => entity._key)
    .sort();
}

function graphOf(entities: GraphEntity[], relationships: GraphRelationship[] = []): Graph {
  return Graph.from(entities, relationships);
}

describe('FIND', () => {
  const alice = user('alice');
  const laptop = device('laptop');
  const org = account('org');
  const graph = graphOf([alice, laptop, org]);

  test('a _type, a class (any of a multi-class entity), a list of both, and *', () => {
    expect(keys(graph, 'FIND jumpcloud_user')).toEqual(['alice']);
    expect(keys(graph, 'FIND Device')).toEqual(['laptop']);
    expect(keys(graph, 'FIND Organization')).toEqual(['org']);
    expect(keys(graph, 'FIND (User | jumpcloud_device | Device)')).toEqual(['alice', 'laptop']);
    expect(keys(graph, 'FIND *')).toEqual(['alice', 'laptop', 'org']);
  });

  test('a _type is not a class and a class is case-sensitive', () => {
    expect(keys(graph, 'FIND user')).toEqual([]);
    expect(keys(graph, 'FIND JumpCloud_user')).toEqual([]);
  });
});

describe('WITH comparisons', () => {
  const graph = graphOf([
    user('a', { state: 'activated', username: 'James.Smith', loginCount: 5, tags: ['x', 'y'] }),
    user('b', { state: 'suspended', username: 'jim', loginCount: 10, tags: ['z'] }),
    user('c', { state: 'Suspended', username: 'james', loginCount: '5', tags: [] }),
    user('d', { state: undefined, username: undefined, loginCount: null }),
  ]);

  test('= and != are typed and case-sensitive; != matches a missing property', () => {
    expect(keys(graph, "FIND jumpcloud_user WITH state = 'suspended'")).toEqual(['b']);
    expect(keys(graph, "FIND jumpcloud_user WITH state != 'suspended'")).toEqual(['a', 'c', 'd']);
    expect(keys(graph, 'FIND jumpcloud_user WITH loginCount = 5')).toEqual(['a']);
    expect(keys(graph, "FIND jumpcloud_user WITH loginCount = '5'")).toEqual(['c']);
  });

  test('< <= > >= on numbers (and strings with strings); missing or other types never match', () => {
    expect(keys(graph, 'FIND jumpcloud_user WITH loginCount < 10')).toEqual(['a']);
    expect(keys(graph, 'FIND jumpcloud_user WITH loginCount <= 10')).toEqual(['a', 'b']);
    expect(keys(graph, 'FIND jumpcloud_user WITH loginCount > 5')).toEqual(['b']);
    expect(keys(graph, 'FIND jumpcloud_user WITH loginCount >= 5')).toEqual(['a', 'b']);
    expect(keys(graph, "FIND jumpcloud_user WITH username < 'j'")).toEqual(['a']);
  });

  test('~= ^= $= and their negations, case-sensitive', () => {
    expect(keys(graph, "FIND jumpcloud_user WITH username ~= 'am'")).toEqual(['a', 'c']);
    expect(keys(graph, "FIND jumpcloud_user WITH username ^= 'j'")).toEqual(['b', 'c']);
    expect(keys(graph, "FIND jumpcloud_user WITH username $= 'Smith'")).toEqual(['a']);
    expect(keys(graph, "FIND jumpcloud_user WITH username !~= 'am'")).toEqual(['b', 'd']);
    expect(keys(graph, "FIND jumpcloud_user WITH username !^= 'j'")).toEqual(['a', 'd']);
    expect(keys(graph, "FIND jumpcloud_user WITH username !$= 'Smith'")).toEqual(['b', 'c', 'd']);
  });

  test('a regular expression; /i makes it case-insensitive', () => {
    expect(keys(graph, 'FIND jumpcloud_user WITH username = /james/')).toEqual(['c']);
    expect(keys(graph, 'FIND jumpcloud_user WITH username = /james/i')).toEqual(['a', 'c']);
    expect(keys(graph, 'FIND jumpcloud_user WITH username != /^j/')).toEqual(['a', 'd']);
    // A global flag does not make matching depend on the previous entity.
    expect(keys(graph, 'FIND jumpcloud_user WITH username = /a/g')).toEqual(['a', 'c']);
  });

  test('a multi-value property matches when any value matches', () => {
    expect(keys(graph, "FIND jumpcloud_user WITH tags = 'y'")).toEqual(['a']);
    expect(keys(graph, "FIND jumpcloud_user WITH tags != 'y'")).toEqual(['b', 'c', 'd']);
    expect(keys(graph, "FIND jumpcloud_user WITH tags ^= 'z'")).toEqual(['b']);
  });

  test('undefined: missing, null or an empty list', () => {
    expect(keys(graph, 'FIND jumpcloud_user WITH loginCount = undefined')).toEqual(['d']);
    expect(keys(graph, 'FIND jumpcloud_user WITH tags = undefined')).toEqual(['c', 'd']);
    expect(keys(graph, 'FIND jumpcloud_user WITH username != undefined')).toEqual(['a', 'b', 'c']);
  });

  test('booleans: != true includes false and missing', () => {
    const flags = graphOf([
      user('on', { mfaEnabled: true }),
      user('off', { mfaEnabled: false }),
      user('unknown', { mfaEnabled: undefined }),
      user('text', { mfaEnabled: 'true' }),
    ]);
    expect(keys(flags, 'FIND jumpcloud_user WITH mfaEnabled = true')).toEqual(['on']);
    expect(keys(flags, 'FIND jumpcloud_user WITH mfaEnabled = FALSE')).toEqual(['off']);
    expect(keys(flags, 'FIND jumpcloud_user WITH mfaEnabled != true')).toEqual([
      'off',
      'text',
      'unknown',
    ]);
  });

  test("value lists: = ('a' OR 'b') is either; != ('a' OR 'b') neither; AND lists by De Morgan", () => {
    expect(keys(graph, "FIND jumpcloud_user WITH state = ('suspended' OR 'activated')")).toEqual([
      'a',
      'b',
    ]);
    expect(keys(graph, "FIND jumpcloud_user WITH state != ('suspended' OR 'activated')")).toEqual([
      'c',
      'd',
    ]);
    expect(keys(graph, "FIND jumpcloud_user WITH tags = ('x' AND 'y')")).toEqual(['a']);
    expect(keys(graph, "FIND jumpcloud_user WITH tags != ('x' AND 'y')")).toEqual(['b', 'c', 'd']);
    expect(keys(graph, 'FIND jumpcloud_user WITH loginCount > (6 OR 1)')).toEqual(['a', 'b']);
  });

  test('AND, OR, NOT and parentheses (AND binds tighter than OR)', () => {
    expect(
      keys(
        graph,
        "FIND jumpcloud_user WITH state = 'activated' OR state = 'suspended' AND loginCount = 5",
      ),
    ).toEqual(['a']);
    expect(
      keys(
        graph,
        "FIND jumpcloud_user WITH (state = 'activated' OR state = 'suspended') AND loginCount = 10",
      ),
    ).toEqual(['b']);
    expect(keys(graph, "FIND jumpcloud_user WITH NOT state = 'suspended'")).toEqual([
      'a',
      'c',
      'd',
    ]);
    expect(
      keys(graph, "FIND jumpcloud_user WITH NOT (state = 'suspended' OR username = 'james')"),
    ).toEqual(['a', 'd']);
  });

  test('date.now plus or minus minutes, hours and days', () => {
    const dates = graphOf([
      device('old', { lastSeenOn: NOW - 31 * DAY_MS }),
      device('edge', { lastSeenOn: NOW - 30 * DAY_MS }),
      device('hour', { lastSeenOn: NOW - 90 * 60 * 1000 }),
      device('minute', { lastSeenOn: NOW - 2 * 60 * 1000 }),
      device('future', { lastSeenOn: NOW + 2 * DAY_MS }),
      device('never', { lastSeenOn: null }),
      device('text', { lastSeenOn: '2020-01-01' }),
    ]);
    expect(keys(dates, 'FIND jumpcloud_device WITH lastSeenOn < date.now - 30 days')).toEqual([
      'old',
    ]);
    expect(keys(dates, 'FIND jumpcloud_device WITH lastSeenOn <= date.now - 30 days')).toEqual([
      'edge',
      'old',
    ]);
    expect(
      keys(
        dates,
        'FIND jumpcloud_device WITH lastSeenOn > date.now - 1 hour AND lastSeenOn < date.now',
      ),
    ).toEqual(['minute']);
    expect(keys(dates, 'FIND jumpcloud_device WITH lastSeenOn > date.now - 5 minutes')).toEqual([
      'future',
      'minute',
    ]);
    expect(keys(dates, 'FIND jumpcloud_device WITH lastSeenOn > date.now + 1 day')).toEqual([
      'future',
    ]);
    // "now" is the evaluation's, not the clock's.
    expect(
      keys(dates, 'FIND jumpcloud_device WITH lastSeenOn < date.now - 30 days', NOW + 2 * DAY_MS),
    ).toEqual(['edge', 'old']);
  });
});

describe('THAT', () => {
  const alice = user('alice', { state: 'suspended' });
  const bob = user('bob', { state: 'activated' });
  const carol = user('carol', { state: 'suspended' });
  const laptop = device('laptop');
  const server = device('server');
  const team = group('team');
  const app = application('app');
  const graph = graphOf(
    [alice, bob, carol, laptop, server, team, app],
    [
      relate(alice, 'HAS', laptop),
      // Stored the other way round: J1QL follows a class in both directions.
      relate(server, 'HAS', bob),
      relate(alice, 'ASSIGNED', server, { sudo: true, direct: false }),
      relate(bob, 'ASSIGNED', laptop, { sudo: false, direct: true }),
      relate(team, 'HAS', carol),
      relate(team, 'ASSIGNED', app),
      // An edge to an entity that is not in the graph is never followed.
      relate(carol, 'HAS', { _key: 'gone', _type: Entities.DEVICE._type }),
    ],
  );

  test('follows a relationship class in either direction, only to entities in the graph', () => {
    expect(keys(graph, 'FIND jumpcloud_user THAT HAS jumpcloud_device')).toEqual(['alice', 'bob']);
    expect(keys(graph, 'FIND jumpcloud_device THAT HAS jumpcloud_user')).toEqual([
      'laptop',
      'server',
    ]);
    expect(keys(graph, 'FIND jumpcloud_user THAT (HAS|ASSIGNED) jumpcloud_device')).toEqual([
      'alice',
      'bob',
    ]);
    expect(keys(graph, 'FIND jumpcloud_user THAT RELATES TO jumpcloud_group')).toEqual(['carol']);
  });

  test('>> and << pick the direction', () => {
    expect(keys(graph, 'FIND jumpcloud_user THAT HAS >> jumpcloud_device')).toEqual(['alice']);
    expect(keys(graph, 'FIND jumpcloud_user THAT HAS << jumpcloud_device')).toEqual(['bob']);
    expect(keys(graph, 'FIND jumpcloud_device THAT HAS << jumpcloud_user')).toEqual(['laptop']);
  });

  test('! keeps the entities with no such relationship to such an entity', () => {
    expect(keys(graph, 'FIND jumpcloud_user THAT !HAS jumpcloud_device')).toEqual(['carol']);
    expect(
      keys(graph, "FIND jumpcloud_device THAT !HAS jumpcloud_user WITH state = 'suspended'"),
    ).toEqual(['server']);
  });

  test('WITH on the target entity, several hops', () => {
    expect(
      keys(graph, "FIND jumpcloud_device THAT HAS jumpcloud_user WITH state = 'suspended'"),
    ).toEqual(['laptop']);
    expect(
      keys(
        graph,
        'FIND jumpcloud_user THAT HAS jumpcloud_group THAT ASSIGNED jumpcloud_application',
      ),
    ).toEqual(['carol']);
    expect(
      keys(
        graph,
        'FIND jumpcloud_application THAT ASSIGNED jumpcloud_group THAT HAS jumpcloud_user THAT HAS jumpcloud_device',
      ),
    ).toEqual([]);
  });

  test('WHERE on an edge alias and on entity aliases, alias against alias', () => {
    expect(
      keys(
        graph,
        'FIND jumpcloud_user AS u THAT ASSIGNED AS binding jumpcloud_device AS d WHERE binding.sudo = true',
      ),
    ).toEqual(['alice']);
    expect(
      keys(
        graph,
        "FIND jumpcloud_user AS u THAT ASSIGNED AS b jumpcloud_device AS d WHERE b.direct = true OR u.state = 'x'",
      ),
    ).toEqual(['bob']);
    const owners = graphOf(
      [
        device('same', { primaryUserId: 'u1' }),
        device('differs', { primaryUserId: 'u1' }),
        device('none', {}),
        { ...device('a-same'), _type: 'jumpcloud_asset_device', ownerId: 'u1' },
        { ...device('a-differs'), _type: 'jumpcloud_asset_device', ownerId: 'u2' },
        { ...device('a-none'), _type: 'jumpcloud_asset_device', ownerId: 'u2' },
      ],
      [],
    );
    const [same, differs, none, aSame, aDiffers, aNone] = [...owners.entities()];
    for (const [d, a] of [
      [same, aSame],
      [differs, aDiffers],
      [none, aNone],
    ]) {
      owners.addRelationship(relate(d, 'IS', a));
    }
    expect(
      keys(
        owners,
        'FIND jumpcloud_device AS d THAT IS jumpcloud_asset_device AS a WHERE a.ownerId != d.primaryUserId',
      ),
    ).toEqual(['differs', 'none']);
    expect(
      keys(
        owners,
        'FIND jumpcloud_device AS d THAT IS jumpcloud_asset_device AS a WHERE a.ownerId = d.primaryUserId',
      ),
    ).toEqual(['same']);
  });

  test('a relationship from an entity to itself is one path', () => {
    const loop = user('loop');
    const self = graphOf([loop], [relate(loop, 'HAS', loop)]);
    const result = runQuery(
      self,
      'FIND jumpcloud_user AS a THAT HAS jumpcloud_user AS b RETURN a.username, b.username',
      {
        now: NOW,
      },
    );
    expect(result.rows?.map((row) => row.values)).toEqual([['loop', 'loop']]);
  });

  test('too many paths fail instead of running out of memory', () => {
    expect(() =>
      runQuery(graph, 'FIND jumpcloud_user AS u THAT RELATES TO * AS x WHERE x._key != u._key', {
        now: NOW,
        maxPaths: 2,
      }),
    ).toThrow(/more than 2 paths/);
  });
});

describe('RETURN, COUNT, ORDER BY, SKIP, LIMIT', () => {
  const [zed, amy, bob] = [
    user('zed', { username: 'zed', department: 'eng' }),
    user('amy', { username: 'amy', department: 'ops' }),
    user('bob', { username: 'bob', department: 'eng' }),
  ];
  const [d1, d2, d3] = [device('d1'), device('d2'), device('d3')];
  const graph = graphOf(
    [zed, amy, bob, d1, d2, d3],
    [relate(zed, 'HAS', d1), relate(zed, 'HAS', d2), relate(amy, 'HAS', d3)],
  );

  test('properties with AS, one row per path; UNIQUE for distinct rows', () => {
    const result = runQuery(
      graph,
      'FIND jumpcloud_user AS u THAT HAS jumpcloud_device AS d RETURN u.username AS who, d.hostname',
      { now: NOW },
    );
    expect(result.columns).toEqual(['who', 'd.hostname']);
    expect(result.rows?.map((row) => row.values)).toEqual([
      ['zed', 'd1.local'],
      ['zed', 'd2.local'],
      ['amy', 'd3.local'],
    ]);
    expect(result.entities.map((entity) => entity._key)).toEqual(['zed', 'amy']);
    const users = runQuery(
      graph,
      'FIND jumpcloud_user AS u THAT HAS jumpcloud_device AS d RETURN u.username',
      { now: NOW },
    );
    // One row per path (JupiterOne's documented model): zed has two devices.
    expect(users.rows?.map((row) => row.values)).toEqual([['zed'], ['zed'], ['amy']]);
    const unique = runQuery(
      graph,
      'FIND UNIQUE jumpcloud_user AS u THAT HAS jumpcloud_device AS d RETURN u.username',
      { now: NOW },
    );
    expect(unique.rows?.map((row) => row.values)).toEqual([['zed'], ['amy']]);
  });

  test('COUNT alone, and grouped by the returned properties', () => {
    const total = runQuery(graph, 'FIND jumpcloud_user AS u RETURN COUNT(u)', { now: NOW });
    expect(total.rows?.map((row) => row.values)).toEqual([[3]]);
    const none = runQuery(graph, "FIND jumpcloud_user WITH username = 'x' AS u RETURN COUNT(u)", {
      now: NOW,
    });
    expect(none.rows?.map((row) => row.values)).toEqual([[0]]);
    const grouped = runQuery(
      graph,
      'FIND jumpcloud_user AS u THAT HAS jumpcloud_device AS d RETURN u.department, COUNT(u) AS users, COUNT(d) ORDER BY u.department DESC',
      { now: NOW },
    );
    expect(grouped.columns).toEqual(['u.department', 'users', 'COUNT(d)']);
    expect(grouped.rows?.map((row) => row.values)).toEqual([
      ['ops', 1, 1],
      ['eng', 1, 2],
    ]);
  });

  test('ORDER BY ascending and descending, then SKIP and LIMIT', () => {
    expect(
      runQuery(graph, 'FIND jumpcloud_user AS u ORDER BY u.username', { now: NOW }).entities.map(
        (e) => e._key,
      ),
    ).toEqual(['amy', 'bob', 'zed']);
    expect(
      runQuery(
        graph,
        'FIND jumpcloud_user AS u ORDER BY u.department ASC, u.username DESC SKIP 1 LIMIT 1',
        {
          now: NOW,
        },
      ).entities.map((e) => e._key),
    ).toEqual(['bob']);
    const rows = runQuery(
      graph,
      'FIND jumpcloud_user AS u THAT HAS jumpcloud_device AS d RETURN u.username, d.hostname ORDER BY d.hostname DESC LIMIT 2',
      { now: NOW },
    );
    expect(rows.rows?.map((row) => row.values)).toEqual([
      ['amy', 'd3.local'],
      ['zed', 'd2.local'],
    ]);
  });

  test('a whole alias returns the object', () => {
    const result = runQuery(graph, "FIND jumpcloud_user WITH username = 'amy' AS u RETURN u", {
      now: NOW,
    });
    expect(result.rows?.[0].values[0]).toEqual(amy);
  });

  test('ORDER BY another alias without RETURN is refused, not ignored', () => {
    expect(() =>
      runQuery(
        graph,
        'FIND jumpcloud_user AS u THAT HAS jumpcloud_device AS d ORDER BY d.hostname',
        {
          now: NOW,
        },
      ),
    ).toThrow(UnsupportedError);
    // An entity next to an aggregate groups by that entity.
    expect(
      runQuery(graph, 'FIND jumpcloud_user AS u RETURN u, COUNT(u)', { now: NOW }).rows?.map(
        (row) => [(row.values[0] as GraphEntity)._key, row.values[1]],
      ),
    ).toEqual([
      ['zed', 1],
      ['amy', 1],
      ['bob', 1],
    ]);
  });
});

describe('the typo check', () => {
  const graph = graphOf(
    [user('alice', { mfaEnabled: true }), device('laptop')],
    [relate(user('alice'), 'ASSIGNED', device('laptop'), { sudo: true })],
  );
  // The integration's own metadata, plus a `_type` no entity of this graph has.
  const dataModel = loadDocumentedDataModel();
  dataModel.classesOfType.set('jumpcloud_phone', ['Device']);
  dataModel.entityProperties.set('jumpcloud_user', new Set(['schemaOnly']));
  const warnings = (query: string) => runQuery(graph, query, { now: NOW, dataModel }).warnings;

  test('warns with the nearest known name when neither the graph, the metadata nor the class schema has the property', () => {
    expect(warnings('FIND jumpcloud_user WITH mfaEnabeld = true')).toEqual([
      '"mfaEnabeld" is not a property of jumpcloud_user (not in the integration\'s metadata or class schemas, and no entity in the graph carries it); did you mean mfaEnabled?',
    ]);
    // The API's field names are not the graph's.
    expect(warnings('FIND jumpcloud_device WITH lastContact < date.now - 30 days')).toEqual([
      '"lastContact" is not a property of jumpcloud_device (not in the integration\'s metadata or class schemas, and no entity in the graph carries it); did you mean lastSeenOn?',
    ]);
  });

  test('no warning for a property in the graph, in the metadata schema, or in the class schema', () => {
    expect(warnings('FIND jumpcloud_user WITH mfaEnabled = true')).toEqual([]);
    expect(warnings('FIND jumpcloud_user WITH schemaOnly = true')).toEqual([]);
    // `shortLoginId` is in the JupiterOne User schema.
    expect(warnings('FIND jumpcloud_user WITH shortLoginId = "a"')).toEqual([]);
    expect(warnings('FIND jumpcloud_user WITH _key = "alice" AND displayName = "x"')).toEqual([]);
  });

  test('checks WHERE, RETURN and ORDER BY on entity and edge aliases', () => {
    expect(
      warnings(
        'FIND jumpcloud_user AS u THAT ASSIGNED AS b jumpcloud_device AS d WHERE b.sudo = true AND b.direct = true AND b.sudoo = true RETURN d.hostnam ORDER BY u.usernme',
      ).map((warning) => warning.replace(/ \(.*\)/, '')),
    ).toEqual([
      '"usernme" is not a property of jumpcloud_user; did you mean username?',
      '"sudoo" is not a property of ASSIGNED relationships; did you mean sudo?',
      '"hostnam" is not a property of jumpcloud_device; did you mean hostname?',
    ]);
  });

  test('warns on a _type or class that neither the graph nor the metadata has, with the nearest', () => {
    expect(warnings('FIND jumpcloud_usr')).toEqual([
      'no entity of _type jumpcloud_usr in the graph, and the integration writes none; did you mean jumpcloud_user?',
    ]);
    expect(warnings('FIND Usr')).toEqual([
      'no entity of class Usr in the graph, and the integration writes none; did you mean User?',
    ]);
    expect(warnings('FIND jumpcloud_phone')).toEqual([]);
  });

  test('a class selector checks every _type of that class', () => {
    expect(warnings('FIND Device WITH hostname != undefined')).toEqual([]);
    expect(warnings('FIND Device WITH hostnme != undefined')).toHaveLength(1);
  });

  test('--strict makes a warning an error', () => {
    expect(() =>
      runQuery(graph, 'FIND jumpcloud_user WITH mfa = false', {
        now: NOW,
        dataModel,
        strict: true,
      }),
    ).toThrow(/"mfa" is not a property of jumpcloud_user[\s\S]*--strict/);
  });
});
