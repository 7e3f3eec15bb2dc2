import { promises as fs } from 'fs';
import os from 'os';
import path from 'path';
import zlib from 'zlib';

import { Entities } from '../../src/steps/constants';
import { graphSelection } from './evaluate';
import { Graph, loadGraph, resolveGraphDirectory } from './graph';
import { parseQuery } from './parser';
import { device, relate, user } from './test-graph';

let root: string;

beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'report-graph-'));
});

afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

async function write(relativePath: string, data: unknown, compress = false): Promise<void> {
  const file = path.join(root, relativePath);
  await fs.mkdir(path.dirname(file), { recursive: true });
  const text = JSON.stringify(data);
  await fs.writeFile(file, compress ? zlib.brotliCompressSync(text) : text);
}

describe('loadGraph with a selection (npm run query)', () => {
  test('reads only the files holding what the query can reach, from an index kept beside graph/', async () => {
    const alice = user('alice');
    const laptop = device('laptop');
    await write('graph/fetch-users/entities/a.json', { entities: [alice] });
    await write('graph/fetch-devices/entities/c.json', { entities: [laptop] });
    await write('graph/fetch-devices/relationships/d.json', {
      relationships: [relate(alice, 'HAS', laptop)],
    });
    const graphDirectory = path.join(root, 'graph');
    const load = (query: string) =>
      loadGraph(graphDirectory, { select: graphSelection(parseQuery(query)) });

    const users = await load("FIND jumpcloud_user WITH username = 'alice'");
    expect([users.stats.files, users.entityCount, users.relationshipCount]).toEqual([1, 1, 0]);
    // The device _type exists in the collection, unread: still a known _type.
    expect(users.entityTypes()).toEqual(['jumpcloud_device', 'jumpcloud_user']);
    const index = JSON.parse(await fs.readFile(path.join(root, 'query-index.json'), 'utf8'));
    expect(Object.keys(index.files).sort()).toEqual([
      'fetch-devices/entities/c.json',
      'fetch-devices/relationships/d.json',
      'fetch-users/entities/a.json',
    ]);
    expect(index.files['fetch-devices/relationships/d.json'].relationshipClasses).toEqual(['HAS']);

    const hop = await load('FIND User THAT HAS Device');
    expect([hop.stats.files, hop.entityCount, hop.relationshipCount]).toEqual([3, 2, 1]);
    expect((await load('FIND User THAT MANAGES User')).stats.files).toBe(1);
    expect((await load('FIND *')).stats.files).toBe(2);

    // A file that changed is summarized again: new classes are found.
    await write('graph/fetch-users/entities/a.json', {
      entities: [alice, { ...laptop, _key: 'x' }],
    });
    const devices = await load('FIND Device');
    expect(devices.entitiesOfClass('Device').map((entity) => entity._key)).toEqual(['laptop', 'x']);
  });
});

describe('loadGraph', () => {
  test('reads every entities and relationships file of every step, nested or compressed', async () => {
    const alice = { ...user('alice'), _rawData: [{ name: 'default', rawData: { secret: 1 } }] };
    const bob = user('bob');
    const laptop = device('laptop');
    await write('graph/fetch-users/entities/a.json', { entities: [alice] });
    await write('graph/fetch-users/entities/b.json', { entities: [bob] }, true);
    await write('graph/fetch-devices/entities/c.json', { entities: [laptop] });
    await write('graph/fetch-devices/relationships/d.json', {
      relationships: [
        relate(alice, 'HAS', laptop),
        // A mapped relationship has no _toEntityKey; it cannot be traversed locally.
        { _key: 'mapped', _type: 'x', _class: 'IS', _fromEntityKey: 'alice', _mapping: {} },
      ],
    });
    await write('graph/fetch-devices/relationships/empty.json', {});
    await fs.writeFile(path.join(root, 'graph/notes.txt'), 'not a graph file');

    const graph = await loadGraph(path.join(root, 'graph'));

    expect(graph.stats).toEqual({ files: 5, duplicateKeys: 0, skippedRelationships: 1 });
    expect(graph.entityCount).toBe(3);
    expect(graph.relationshipCount).toBe(1);
    expect(graph.entitiesOfType(Entities.USER._type).map((e) => e._key)).toEqual(['alice', 'bob']);
    expect(graph.entity('alice')).not.toHaveProperty('_rawData');
    expect(graph.entity('alice')?.email).toBe('alice@example.com');
    expect(graph.related('laptop', 'HAS', Entities.USER._type).map((n) => n.entity._key)).toEqual([
      'alice',
    ]);
    expect(graph.typeCounts()).toEqual({
      entities: { jumpcloud_device: 1, jumpcloud_user: 2 },
      relationships: { jumpcloud_user_has_device: 1 },
    });
  });

  test('keeps the first of duplicate keys and counts the others', async () => {
    await write('graph/a/entities/1.json', { entities: [user('alice', { state: 'first' })] });
    await write('graph/b/entities/1.json', { entities: [user('alice', { state: 'second' })] });
    const graph = await loadGraph(path.join(root, 'graph'));
    expect(graph.entity('alice')?.state).toBe('first');
    expect(graph.stats.duplicateKeys).toBe(1);
  });

  test('names the file it cannot parse', async () => {
    await fs.mkdir(path.join(root, 'graph/s/entities'), { recursive: true });
    await fs.writeFile(path.join(root, 'graph/s/entities/bad.json'), '{"entities": [');
    await expect(loadGraph(path.join(root, 'graph'))).rejects.toThrow(/bad\.json/);
  });

  test('copes with tens of thousands of entities', async () => {
    const perFile = 1000;
    for (let file = 0; file < 40; file++) {
      const entities = Array.from({ length: perFile }, (_, i) => user(`u-${file}-${i}`));
      await write(`graph/fetch-users/entities/${file}.json`, { entities });
    }
    const graph = await loadGraph(path.join(root, 'graph'));
    expect(graph.entityCount).toBe(40 * perFile);
    expect(graph.entitiesOfClass('User')).toHaveLength(40 * perFile);
  });
});

describe('resolveGraphDirectory', () => {
  test('accepts the storage directory or its graph directory', async () => {
    await fs.mkdir(path.join(root, 'graph'), { recursive: true });
    expect(await resolveGraphDirectory(root)).toBe(path.join(root, 'graph'));
    expect(await resolveGraphDirectory(path.join(root, 'graph'))).toBe(path.join(root, 'graph'));
    expect(await resolveGraphDirectory(path.join(root, 'missing'))).toBeUndefined();
  });
});

describe('Graph.related', () => {
  test('follows the class in both directions and skips ends missing from the graph', () => {
    const alice = user('alice');
    const laptop = device('laptop');
    const graph = Graph.from(
      [alice, laptop],
      [
        relate(alice, 'ASSIGNED', laptop, { sudo: true }),
        relate(laptop, 'HAS', alice),
        relate(alice, 'HAS', { _key: 'gone', _type: Entities.DEVICE._type }),
      ],
    );
    expect(graph.related('alice', 'ASSIGNED', Entities.DEVICE._type)).toHaveLength(1);
    expect(graph.related('alice', 'HAS', Entities.DEVICE._type).map((n) => n.entity._key)).toEqual([
      'laptop',
    ]);
    expect(graph.related('alice', 'HAS', Entities.APPLICATION._type)).toEqual([]);
  });
});
