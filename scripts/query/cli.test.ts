import { promises as fs } from 'fs';
import os from 'os';
import path from 'path';

import { writeDemoRecord } from '../lib/demo-record';
import { formatCell, main, parseArguments, UsageError } from './cli';
import { device, NOW, relate, user } from './test-graph';

let root: string;

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'query-cli-'));
  const alice = {
    ...user('alice', { mfaEnabled: false }),
    _rawData: [{ name: 'default', rawData: { id: 'alice' } }],
  };
  const bob = user('bob', { mfaEnabled: true });
  const laptop = device('laptop', { lastSeenOn: NOW - 40 * 24 * 3600 * 1000 });
  const write = async (file: string, data: unknown) => {
    await fs.mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await fs.writeFile(path.join(root, file), JSON.stringify(data));
  };
  await write('graph/fetch-users/entities/1.json', { entities: [alice, bob] });
  await write('graph/fetch-devices/entities/1.json', { entities: [laptop] });
  await write('graph/fetch-devices/relationships/1.json', {
    relationships: [relate(alice, 'HAS', laptop)],
  });
});

afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(
    argv,
    (text) => (out += text),
    (text) => (err += text),
  );
  return { code, out, err };
}

describe('parseArguments', () => {
  test('the query in one argument or several words, and the options', () => {
    expect(parseArguments(['FIND', 'User', '--now', '2026-01-11T00:00:00Z', '--json'])).toEqual({
      query: 'FIND User',
      graph: '.j1-integration',
      now: Date.parse('2026-01-11T00:00:00Z'),
      json: true,
      maxRows: 100,
    });
    expect(parseArguments(['--graph=x', 'FIND *'], () => 7)).toMatchObject({
      graph: 'x',
      now: 7,
      query: 'FIND *',
    });
  });

  test('refuses a missing query, a bad date and unknown flags', () => {
    expect(() => parseArguments([])).toThrow(UsageError);
    expect(() => parseArguments(['FIND *', '--now', 'yesterday'])).toThrow(/not an ISO date/);
    expect(() => parseArguments(['FIND *', '--fast'])).toThrow(/Unknown option '--fast'/);
    expect(() => parseArguments(['FIND *', '--param', 'novalue'])).toThrow(/name=value/);
  });

  test('--param (repeatable) and --strict', () => {
    expect(
      parseArguments(['FIND *', '--param', 'a=1', '--param', 'b=x=y', '--strict']),
    ).toMatchObject({ params: { a: '1', b: 'x=y' }, strict: true });
  });
});

describe('npm run query, the constructs users paste', () => {
  test('a placeholder takes its --param value; a missing one is named, never matched literally', async () => {
    const query = "FIND jumpcloud_user WITH email = '{{email}}'";
    const missing = await run('--graph', root, query);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain(
      'placeholder with no value: {{email}}; give --param "email"=<value>',
    );
    const given = await run('--graph', root, '--param', 'email=bob@example.com', query);
    expect(given.code).toBe(0);
    expect(given.out).toContain('bob');
    expect(given.out).toContain('1 result');
  });

  test('--strict makes a typo an error with exit code 2', async () => {
    const typo = await run(
      '--graph',
      root,
      '--strict',
      'FIND jumpcloud_user WITH mfaEnabeld = true',
    );
    expect(typo.code).toBe(2);
    expect(typo.err).toContain('"mfaEnabeld" is not a property of jumpcloud_user');
  });

  test('--json keeps every returned column, null when absent', async () => {
    const { code, out } = await run(
      '--graph',
      root,
      '--json',
      'FIND jumpcloud_user AS u (THAT HAS jumpcloud_device AS d)? RETURN u.username, d.hostname',
    );
    expect(code).toBe(0);
    // alice has the laptop; bob has no device, so his row has d.hostname null.
    expect(JSON.parse(out)).toEqual(
      expect.arrayContaining([
        { 'u.username': 'alice', 'd.hostname': null },
        { 'u.username': 'alice', 'd.hostname': 'laptop.local' },
        { 'u.username': 'bob', 'd.hostname': null },
      ]),
    );
  });

  test('RETURN TREE prints the vertices and edges, and --json in the API shape', async () => {
    const table = await run(
      '--graph',
      root,
      'FIND jumpcloud_user THAT HAS jumpcloud_device RETURN TREE',
    );
    expect(table.code).toBe(0);
    expect(table.out).toContain('2 vertices, 1 edges (1 FIND entities)');
    const json = await run(
      '--graph',
      root,
      '--json',
      'FIND jumpcloud_user THAT HAS jumpcloud_device RETURN TREE',
    );
    const tree = JSON.parse(json.out);
    expect(tree.type).toBe('tree');
    expect(tree.data.vertices.map((vertex: { id: string }) => vertex.id)).toEqual([
      'alice',
      'laptop',
    ]);
    expect(tree.data.edges).toHaveLength(1);
    expect(tree.data.edges[0]).toMatchObject({ fromVertexId: 'alice', toVertexId: 'laptop' });
  });
});

describe('npm run query', () => {
  test('prints a table and the number of results', async () => {
    const { code, out, err } = await run(
      '--graph',
      root,
      'FIND jumpcloud_user WITH mfaEnabled != true',
    );
    expect(code).toBe(0);
    expect(out).toMatch(/^_type\s+_key\s+displayName\s+mfaEnabled\n/);
    expect(out).toMatch(/jumpcloud_user\s+alice\s+alice\s+false\n/);
    expect(out).not.toContain('bob');
    expect(out).toMatch(/\n1 result\n$/);
    expect(err).toMatch(
      // Only the users' file holds what the query can reach.
      /Loaded 2 entities and 0 relationships \(1 graph files the query can reach\) in \d+ ms; answered in \d+ ms/,
    );
  });

  test('RETURN columns, --now for date.now', async () => {
    const query =
      'FIND jumpcloud_device WITH lastSeenOn < date.now - 30 days AS d THAT HAS jumpcloud_user AS u RETURN d.hostname, d.lastSeenOn, u.email';
    const now = new Date(NOW).toISOString();
    const { out } = await run('--graph', root, '--now', now, query);
    expect(out).toMatch(/d\.hostname\s+d\.lastSeenOn\s+u\.email/);
    expect(out).toMatch(/laptop\.local\s+2026-01-20T00:00:00Z\s+alice@example\.com/);
    expect(out).toMatch(/\n1 result\n$/);
    const earlier = await run('--graph', root, '--now', '2026-02-01T00:00:00Z', query);
    expect(earlier.out).toMatch(/\n0 results\n$/);
  });

  test('without --now, a demo graph is asked as of its demo.json', async () => {
    const query = 'FIND jumpcloud_device WITH lastSeenOn < date.now - 30 days';
    const demoRoot = await fs.mkdtemp(path.join(os.tmpdir(), 'query-demo-'));
    try {
      await fs.cp(root, demoRoot, { recursive: true });
      // The laptop was last seen 40 days before NOW: stale as of now (2026-12 or later).
      expect((await run('--graph', demoRoot, query)).out).toMatch(/\n1 result\n$/);
      await writeDemoRecord(demoRoot, {
        asOf: new Date(NOW - 35 * 24 * 3600 * 1000).toISOString(),
        seed: 1,
        simulator: {},
      });
      const demo = await run('--graph', demoRoot, query);
      expect(demo.out).toMatch(/\n0 results\n$/);
      expect(demo.err).toContain(
        `date.now = ${new Date(NOW - 35 * 24 * 3600 * 1000).toISOString()}`,
      );
    } finally {
      await fs.rm(demoRoot, { recursive: true, force: true });
    }
  });

  test('--json prints the matching entities as stored, with _key and _rawData', async () => {
    const { code, out } = await run('--graph', root, '--json', 'FIND User WITH mfaEnabled = false');
    expect(code).toBe(0);
    const entities = JSON.parse(out);
    expect(entities).toHaveLength(1);
    expect(entities[0]).toMatchObject({
      _key: 'alice',
      _type: 'jumpcloud_user',
      _rawData: [{ name: 'default', rawData: { id: 'alice' } }],
    });
  });

  test('--json with RETURN prints one object per row', async () => {
    const { out } = await run(
      '--graph',
      root,
      '--json',
      'FIND jumpcloud_user AS u RETURN u.username AS name ORDER BY u.username DESC',
    );
    expect(JSON.parse(out)).toEqual([{ name: 'bob' }, { name: 'alice' }]);
  });

  test('a typo warns; a query outside the subset fails with exit code 2 and the construct', async () => {
    const typo = await run('--graph', root, 'FIND jumpcloud_user WITH mfaEnabeld = true');
    expect(typo.code).toBe(0);
    expect(typo.err).toContain(
      'warning: "mfaEnabeld" is not a property of jumpcloud_user (not in the integration\'s metadata or class schemas, and no entity in the graph carries it); did you mean mfaEnabled?',
    );
    const unsupported = await run('--graph', root, 'FIND User AS u RETURN COUNT(*)');
    expect(unsupported.code).toBe(2);
    expect(unsupported.err).toContain('not supported by the local J1QL engine: COUNT(*)');
    const missing = await run('--graph', path.join(root, 'nothing'), 'FIND *');
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('No collected graph');
  });

  test('cells: lists joined, objects by name, ...On epoch numbers as dates', () => {
    expect(formatCell(['a', 'b'])).toBe('a, b');
    expect(formatCell({ _key: 'k', displayName: 'Name' })).toBe('Name');
    expect(formatCell(0, 'createdOn')).toBe('0');
    expect(formatCell(NOW, 'createdOn')).toBe('2026-03-01T00:00:00Z');
    expect(formatCell(NOW, 'count')).toBe(String(NOW));
    expect(formatCell(undefined)).toBe('');
  });
});
