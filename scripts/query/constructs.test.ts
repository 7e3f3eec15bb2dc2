/**
 * One test per J1QL construct of issue 24, on a small graph written to graph files and read
 * back as `npm run query` reads it. Every expected answer is worked out by hand from the graph
 * below (the comments show the working), never taken from the engine.
 *
 *   users     alice (loginCount 5)  bob (10)  carol (0)  dave (no loginCount)
 *   devices   d1 darwin, seen 10 days ago   d2 darwin, 40 days   d3 windows, 400 days
 *   apps      a1 (tag.Production true, classification critical)   a2 (tags: Production)
 *   group     g
 *
 *   alice HAS d1, alice HAS d2, bob HAS d3
 *   alice ASSIGNED a1 (direct true), alice ASSIGNED a2 (direct false), bob ASSIGNED a1 (true)
 *   alice MANAGES bob, bob MANAGES carol
 *   g HAS alice, g HAS bob, g ASSIGNED a1
 */
import { promises as fs } from 'fs';
import os from 'os';
import path from 'path';

import { loadDocumentedDataModel } from './data-model';
import { QueryError } from './errors';
import { EvaluationOptions, GraphObject, graphSelection, QueryResult, runQuery } from './evaluate';
import { Graph, loadGraph } from './graph';
import { parseQuery } from './parser';
import { application, DAY_MS, device, group, NOW, relate, user } from './test-graph';

const alice = user('alice', {
  loginCount: 5,
  createdOn: NOW - 29 * DAY_MS,
  'tag.cost-center': 'eng',
  'special:name': 'Al',
});
const bob = user('bob', { loginCount: 10, createdOn: NOW - 27 * DAY_MS, nickname: 'bobby' });
const carol = user('carol', { loginCount: 0 });
const dave = user('dave');
const d1 = device('d1', { lastSeenOn: NOW - 10 * DAY_MS });
const d2 = device('d2', { lastSeenOn: NOW - 40 * DAY_MS });
const d3 = device('d3', { lastSeenOn: NOW - 400 * DAY_MS, platform: 'windows' });
const a1 = application('a1', { 'tag.Production': true, classification: 'critical' });
const a2 = application('a2', { tags: ['Production'] });
const g = group('g');

let graph: Graph;
let root: string;

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'query-constructs-'));
  const write = async (file: string, data: unknown) => {
    await fs.mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await fs.writeFile(path.join(root, file), JSON.stringify(data));
  };
  await write('graph/fetch-users/entities/1.json', { entities: [alice, bob, carol, dave] });
  await write('graph/fetch-devices/entities/1.json', { entities: [d1, d2, d3] });
  await write('graph/fetch-applications/entities/1.json', { entities: [a1, a2] });
  await write('graph/fetch-groups/entities/1.json', { entities: [g] });
  await write('graph/build/relationships/1.json', {
    relationships: [
      relate(alice, 'HAS', d1),
      relate(alice, 'HAS', d2),
      relate(bob, 'HAS', d3),
      relate(alice, 'ASSIGNED', a1, { direct: true }),
      relate(alice, 'ASSIGNED', a2, { direct: false }),
      relate(bob, 'ASSIGNED', a1, { direct: true }),
      relate(alice, 'MANAGES', bob),
      relate(bob, 'MANAGES', carol),
      relate(g, 'HAS', alice),
      relate(g, 'HAS', bob),
      relate(g, 'ASSIGNED', a1),
    ],
  });
  graph = await loadGraph(path.join(root, 'graph'));
});

afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

function run(query: string, options: Partial<EvaluationOptions> = {}): QueryResult {
  return runQuery(graph, query, { now: NOW, ...options });
}

function keys(query: string, options: Partial<EvaluationOptions> = {}): string[] {
  return run(query, options)
    .entities.map((entity) => entity._key)
    .sort();
}

/** Rows with entities shown by key, sorted, for order-free comparison. */
function rows(query: string, options: Partial<EvaluationOptions> = {}): unknown[][] {
  return (run(query, options).rows ?? [])
    .map((row) =>
      row.values.map((value) =>
        value && typeof value === 'object' && '_key' in value
          ? (value as GraphObject)._key
          : (value ?? null),
      ),
    )
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

describe('rows', () => {
  test('one row per traversed path; FIND UNIQUE for distinct rows', () => {
    // Paths: alice-a1, alice-a2, bob-a1.
    expect(
      rows('FIND jumpcloud_user AS u THAT ASSIGNED jumpcloud_application AS a RETURN u.username'),
    ).toEqual([['alice'], ['alice'], ['bob']]);
    expect(
      rows(
        'FIND UNIQUE jumpcloud_user AS u THAT ASSIGNED jumpcloud_application AS a RETURN u.username',
      ),
    ).toEqual([['alice'], ['bob']]);
  });

  test('a path never walks back over the relationship it came by', () => {
    // Two MANAGES edges, alice-bob and bob-carol, followed in either direction: only the
    // paths using two different edges, alice-bob-carol and carol-bob-alice.
    expect(
      rows(
        'FIND jumpcloud_user AS a THAT MANAGES jumpcloud_user AS b THAT MANAGES jumpcloud_user AS c ' +
          'RETURN a.username, b.username, c.username',
      ),
    ).toEqual([
      ['alice', 'bob', 'carol'],
      ['carol', 'bob', 'alice'],
    ]);
    // Without RETURN, the FIND entities of those paths: not bob (bob-alice-bob would reuse one edge).
    expect(
      keys('FIND jumpcloud_user THAT MANAGES jumpcloud_user THAT MANAGES jumpcloud_user'),
    ).toEqual(['alice', 'carol']);
  });
});

describe('optional traversals', () => {
  test('without RETURN: the FIND entities and, where the traversal exists, the entities it adds', () => {
    // Users, plus d1, d2 (alice's) and d3 (bob's).
    expect(keys('FIND jumpcloud_user (THAT HAS jumpcloud_device)?')).toEqual([
      'alice',
      'bob',
      'carol',
      'd1',
      'd2',
      'd3',
      'dave',
    ]);
  });

  test('with RETURN: the untaken traversal binds nothing (null), the taken one its entities', () => {
    expect(
      rows(
        'FIND jumpcloud_user AS u (THAT HAS jumpcloud_device AS d)? RETURN u.username, d.hostname',
      ),
    ).toEqual([
      ['alice', 'd1.local'],
      ['alice', 'd2.local'],
      ['alice', null],
      ['bob', 'd3.local'],
      ['bob', null],
      ['carol', null],
      ['dave', null],
    ]);
  });

  test('a traversal after it runs on the combined entities, and its alias names them', () => {
    // g itself ASSIGNED a1; through g HAS: alice (a1, a2) and bob (a1).
    expect(
      rows(
        'FIND jumpcloud_group (THAT HAS jumpcloud_user)? AS who THAT ASSIGNED jumpcloud_application AS a ' +
          'RETURN who._key, a._key',
      ),
    ).toEqual([
      ['alice', 'a1'],
      ['alice', 'a2'],
      ['bob', 'a1'],
      ['g', 'a1'],
    ]);
  });
});

describe('implicit aliases', () => {
  test('a _type or class as alias in RETURN, COUNT and WHERE; a relationship class in WHERE', () => {
    expect(
      rows('FIND jumpcloud_user THAT HAS Device RETURN jumpcloud_user.username, Device.hostname'),
    ).toEqual([
      ['alice', 'd1.local'],
      ['alice', 'd2.local'],
      ['bob', 'd3.local'],
    ]);
    // Only alice-a2 has direct = false.
    expect(
      rows(
        'FIND User THAT ASSIGNED jumpcloud_application WHERE ASSIGNED.direct = false RETURN User.username',
      ),
    ).toEqual([['alice']]);
    // Four users.
    expect(rows('FIND User RETURN COUNT(User)')).toEqual([[4]]);
  });
});

describe('placeholders', () => {
  test('{{name}} inside a string and ${name} as a whole value take the --param values', () => {
    expect(
      keys("FIND jumpcloud_user WITH email = '{{email}}'", {
        params: { email: 'bob@example.com' },
      }),
    ).toEqual(['bob']);
    // loginCount > 4: alice (5), bob (10).
    expect(keys('FIND jumpcloud_user WITH loginCount > ${n}', { params: { n: '4' } })).toEqual([
      'alice',
      'bob',
    ]);
  });

  test('a missing value is an error naming each placeholder, never a literal match', () => {
    expect(() =>
      run("FIND jumpcloud_user WITH email = '{{email}}' AND username = {{who}}"),
    ).toThrow(/placeholders with no value: \{\{email\}\}, \{\{who\}\}/);
    expect(() => run("FIND jumpcloud_user WITH email = '{{email}}'")).toThrow(QueryError);
  });
});

describe('dates', () => {
  test('a number glued to its unit, hr, weeks, months and years', () => {
    // lastSeenOn: d1 10 days ago, d2 40, d3 400.
    expect(keys('FIND jumpcloud_device WITH lastSeenOn < date.now-30days')).toEqual(['d2', 'd3']);
    expect(keys('FIND jumpcloud_device WITH lastSeenOn < date.now-24hr')).toEqual([
      'd1',
      'd2',
      'd3',
    ]);
    // 5 weeks = 35 days.
    expect(keys('FIND jumpcloud_device WITH lastSeenOn < date.now - 5 weeks')).toEqual([
      'd2',
      'd3',
    ]);
    expect(keys('FIND jumpcloud_device WITH lastSeenOn < date.now - 1 year')).toEqual(['d3']);
    expect(keys('FIND jumpcloud_device WITH lastSeenOn < date.now-12months')).toEqual(['d3']);
  });

  test('months on the calendar: now is 2026-03-01, so date.now - 1 month is 2026-02-01', () => {
    // alice created 29 days before (2026-01-31), bob 27 days before (2026-02-02).
    expect(keys('FIND jumpcloud_user WITH createdOn < date.now - 1 month')).toEqual(['alice']);
    expect(keys('FIND jumpcloud_user WITH createdOn < date.now - 4 weeks')).toEqual(['alice']);
  });

  test('a value on the left, and date(...)', () => {
    expect(keys('FIND jumpcloud_device WITH date.now - 30 days > lastSeenOn')).toEqual([
      'd2',
      'd3',
    ]);
    // d1 was seen on 2026-02-19.
    expect(keys('FIND jumpcloud_device WITH lastSeenOn > date(2026-02-15)')).toEqual(['d1']);
  });
});

describe('full-text search and smart classes', () => {
  test('a quoted term finds entities with a property value holding it, ignoring case', () => {
    // Only alice's values (username, email, name, webLink) hold "alice".
    expect(keys("FIND 'ALICE'")).toEqual(['alice']);
    expect(keys("'alice'")).toEqual(['alice']);
    expect(keys("FIND 'd1' WITH _type = 'jumpcloud_device'")).toEqual(['d1']);
  });

  test('#<tag> matches a tag or a true key-value tag; #CriticalAsset is the default definition', () => {
    // a2 is tagged Production; a1 has tag.Production = true.
    expect(keys('FIND #Production jumpcloud_application')).toEqual(['a1', 'a2']);
    // An Application with tag.Production = true and classification critical.
    expect(keys('FIND #CriticalAsset')).toEqual(['a1']);
  });
});

describe('RETURN values', () => {
  test('MIN, MAX, SUM, AVG over the distinct entities; COUNT of a property counts distinct values', () => {
    // loginCount 5, 10, 0 (dave has none).
    expect(
      rows(
        'FIND jumpcloud_user AS u RETURN MIN(u.loginCount), MAX(u.loginCount), SUM(u.loginCount), AVG(u.loginCount)',
      ),
    ).toEqual([[0, 10, 15, 5]]);
    // alice has two devices, yet her 5 is summed once: 5 + 10.
    expect(
      rows('FIND jumpcloud_user AS u THAT HAS jumpcloud_device RETURN SUM(u.loginCount)'),
    ).toEqual([[15]]);
    // darwin, darwin, windows.
    expect(rows('FIND jumpcloud_device AS d RETURN COUNT(d.platform)')).toEqual([[2]]);
  });

  test('arithmetic and scalar functions', () => {
    expect(
      rows(
        "FIND jumpcloud_user WITH loginCount > 0 AS u RETURN u.loginCount * 2 + 1, ROUND(u.loginCount / 3), CONCAT(u.username, '-', u.loginCount), COALESCE(u.nickname, u.username)",
      ),
    ).toEqual([
      [11, 2, 'alice-5', 'alice'],
      [21, 3, 'bob-10', 'bobby'],
    ]);
    // (lastSeenOn - now) in days: d1 -10.
    expect(
      rows(
        "FIND jumpcloud_device WITH _key = 'd1' AS d RETURN (d.lastSeenOn - date.now) / 86400000",
      ),
    ).toEqual([[-10]]);
  });

  test('ORDER BY a returned column name', () => {
    const result = run(
      'FIND jumpcloud_user AS u THAT HAS jumpcloud_device AS d RETURN u.username, COUNT(d) AS n ORDER BY n DESC',
    );
    expect(result.rows?.map((row) => row.values)).toEqual([
      ['alice', 2],
      ['bob', 1],
    ]);
  });

  test('bracketed property names, comments, alias.*, and TO after a verb', () => {
    expect(keys("FIND jumpcloud_user WITH [tag.cost-center] = 'eng'")).toEqual(['alice']);
    expect(rows("FIND jumpcloud_user WITH _key = 'alice' AS u RETURN u.[special:name]")).toEqual([
      ['Al'],
    ]);
    expect(keys("FIND jumpcloud_user /* who */ WITH username = 'bob' /* only bob */")).toEqual([
      'bob',
    ]);
    const all = run("FIND jumpcloud_group WITH _key = 'g' AS x RETURN x.*");
    expect(all.columns).toEqual(
      Object.keys(g)
        .sort()
        .map((name) => `x.${name}`),
    );
    expect(keys('FIND jumpcloud_group THAT ASSIGNED TO jumpcloud_application')).toEqual(['g']);
  });
});

describe('RETURN TREE', () => {
  test('the vertices and edges of every matched path', () => {
    const result = run(
      "FIND jumpcloud_user WITH username = 'alice' THAT HAS jumpcloud_device RETURN TREE",
    );
    expect(result.tree?.vertices.map((vertex) => vertex.id)).toEqual(['alice', 'd1', 'd2']);
    expect(
      result.tree?.edges.map((edge) => [
        edge.fromVertexId,
        edge.relationship._class,
        edge.toVertexId,
      ]),
    ).toEqual([
      ['alice', 'HAS', 'd1'],
      ['alice', 'HAS', 'd2'],
    ]);
    expect(result.tree?.vertices[0]).toMatchObject({
      entity: { _key: 'alice', _type: 'jumpcloud_user', displayName: 'alice' },
      properties: { username: 'alice', email: 'alice@example.com' },
    });
  });
});

describe('the typo check on graph files', () => {
  test('the API field names of the issue get a warning with the graph name, and --strict fails', () => {
    const dataModel = loadDocumentedDataModel();
    expect(
      run('FIND jumpcloud_device WITH lastContact < date.now - 30 days', { dataModel }).warnings,
    ).toEqual([
      expect.stringMatching(
        /^"lastContact" is not a property of jumpcloud_device .*did you mean lastSeenOn\?$/,
      ),
    ]);
    expect(() => run('FIND jumpcloud_user WITH mfa = false', { dataModel, strict: true })).toThrow(
      /"mfa" is not a property of jumpcloud_user/,
    );
  });
});

describe('reading only the files a query can reach (npm run query)', () => {
  test.each([
    'FIND jumpcloud_user AS u THAT ASSIGNED jumpcloud_application AS a RETURN u.username, a._key',
    'FIND jumpcloud_user AS a THAT MANAGES jumpcloud_user AS b THAT MANAGES jumpcloud_user AS c RETURN a._key, c._key',
    'FIND jumpcloud_group (THAT HAS jumpcloud_user)? AS who THAT ASSIGNED jumpcloud_application AS a RETURN who._key, a._key',
    'FIND User THAT !HAS Device',
    'FIND #CriticalAsset',
    "FIND 'alice'",
    'FIND * THAT RELATES TO jumpcloud_device RETURN TREE',
    'FIND Application THAT ASSIGNED (User | jumpcloud_group) AS x RETURN x._key, COUNT(x)',
  ])('%s: the same answer as from the whole graph', async (query) => {
    const partial = await loadGraph(path.join(root, 'graph'), {
      select: graphSelection(parseQuery(query)),
    });
    const answer = (from: Graph) => {
      const result = runQuery(from, query, { now: NOW });
      return {
        entities: result.entities.map((entity) => entity._key).sort(),
        rows: result.rows?.map((row) => JSON.stringify(row.values)).sort(),
        tree: result.tree,
      };
    };
    expect(answer(partial)).toEqual(answer(graph));
  });
});
