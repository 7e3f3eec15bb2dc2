import { promises as fs } from 'fs';
import os from 'os';
import path from 'path';

import type { Entity, Relationship } from '@jupiterone/integration-sdk-core';

import { parseGraphPageArgs } from './cli';
import { defaultGraphPagePath, writeGraphPage } from './index';
import {
  buildGraphPageModel,
  colorForType,
  entityLabel,
  GraphPageModel,
  neighbourIds,
  searchTextFor,
  TYPE_COLORS,
} from './model';
import { jsonForScript, renderGraphPage, scriptForInline } from './render';
import { buildSyntheticGraph, writeSyntheticGraph } from './testing/synthetic-graph';

let tmp: string;

beforeEach(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'graph-page-'));
});

afterEach(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

/** The JSON embedded in a rendered page, parsed back. */
function embeddedModel(html: string): GraphPageModel {
  const match = /<script type="application\/json" id="graph-data">([\s\S]*?)<\/script>/.exec(html);
  if (!match) throw new Error('no graph-data script');
  return JSON.parse(match[1]) as GraphPageModel;
}

describe('buildGraphPageModel', () => {
  const graph = buildSyntheticGraph({ users: 8, groups: 2, apps: 2, devices: 3 });
  const model = buildGraphPageModel(graph.entities, graph.relationships, {
    generatedAt: new Date(0),
  });

  test('one node per entity, one edge per relationship with both ends collected', () => {
    expect(model.nodes).toHaveLength(graph.entities.length);
    expect(model.edges).toHaveLength(graph.relationships.length - 1);
    expect(model.skippedRelationships).toBe(1);
    expect(model.edges.map((e) => e.id)).not.toContain(graph.danglingRelationshipKey);
    expect(model.generatedAt).toBe('1970-01-01T00:00:00.000Z');
  });

  test('edges are labelled with the relationship _class', () => {
    expect(new Set(model.edges.map((e) => e.label))).toEqual(new Set(['HAS', 'ASSIGNED']));
  });

  test('a legend entry per _type with its colour, shape and count', () => {
    const user = model.entityTypes.find((t) => t.type === 'jumpcloud_user');
    expect(user).toEqual({
      type: 'jumpcloud_user',
      cls: 'User',
      color: TYPE_COLORS.jumpcloud_user,
      shape: 'dot',
      count: 8,
    });
    expect(model.entityTypes.find((t) => t.type === 'jumpcloud_account')?.shape).toBe('star');
    expect(new Set(Object.values(TYPE_COLORS)).size).toBe(Object.keys(TYPE_COLORS).length);
    expect(colorForType('other_thing')).toMatch(/^#[0-9a-f]{6}$/);
    expect(colorForType('other_thing')).toBe(colorForType('other_thing'));
    const hasUser = model.relationshipTypes.find((t) => t.type === 'jumpcloud_group_has_user');
    expect(hasUser).toMatchObject({ cls: 'HAS', count: 8 });
  });

  test('nodes carry display properties but never _rawData', () => {
    const account = model.nodes.find((n) => n.type === 'jumpcloud_account')!;
    expect(account.props._rawData).toBeUndefined();
    expect(JSON.stringify(model)).not.toContain('must not reach the page');
    expect(Object.keys(account.props)[0]).toBe('name');
  });

  test('search text holds name, email, username and hostname, lower-cased', () => {
    const user = graph.entities.find((e) => e._type === 'jumpcloud_user')!;
    const text = searchTextFor(user);
    expect(text).toContain(String(user.email));
    expect(text).toContain(String(user.username));
    expect(text).toContain(String(user.name).toLowerCase());
    const device = graph.entities.find((e) => e._type === 'jumpcloud_device')!;
    expect(searchTextFor(device)).toContain(String(device.hostname));
  });

  test('labels fall back from displayName to name, hostname, email and _key', () => {
    expect(entityLabel({ _key: 'k1', displayName: 'D', name: 'N' } as unknown as Entity)).toBe('D');
    expect(entityLabel({ _key: 'k1', hostname: 'h.example' } as unknown as Entity)).toBe(
      'h.example',
    );
    expect(entityLabel({ _key: 'k1', displayName: '  ' } as unknown as Entity)).toBe('k1');
  });

  test('duplicate entity keys and mapped relationships are not drawn twice or at all', () => {
    const [a, b] = graph.entities;
    const mapped = {
      _key: 'mapped-1',
      _type: 'x_mapped',
      _class: 'HAS',
      _mapping: { sourceEntityKey: a._key },
    } as unknown as Relationship;
    const m = buildGraphPageModel([a, b, a], [mapped]);
    expect(m.nodes).toHaveLength(2);
    expect(m.edges).toHaveLength(0);
    expect(m.skippedRelationships).toBe(1);
  });

  test('neighbourIds follows edges both ways', () => {
    const user = model.nodes.find((n) => n.type === 'jumpcloud_user')!;
    const expected = new Set<string>();
    for (const r of graph.relationships) {
      if (r._fromEntityKey === user.id) expected.add(String(r._toEntityKey));
      if (r._toEntityKey === user.id) expected.add(String(r._fromEntityKey));
    }
    expect(neighbourIds(model, user.id)).toEqual(expected);
  });
});

describe('renderGraphPage', () => {
  const hostile = {
    _key: 'evil-key-0001',
    _type: 'jumpcloud_user',
    _class: ['User'],
    name: '</script><script>window.pwned=1</script><!--',
    email: 'a&b@example.com',
  } as unknown as Entity;
  const model = buildGraphPageModel([hostile], [], { title: 'Graph <b>&</b> "x"' });
  const html = renderGraphPage(model, { visNetworkSource: 'window.vis = {};' });

  test('entity data cannot break out of its script element', () => {
    expect(html.match(/<\/script>/g)).toHaveLength(3);
    expect(html).not.toContain('<script>window.pwned');
    expect(embeddedModel(html).nodes[0].label).toBe(hostile.name);
    expect(embeddedModel(html).nodes[0].props.email).toBe('a&b@example.com');
  });

  test('the title is escaped', () => {
    expect(html).toContain('<title>Graph &lt;b&gt;&amp;&lt;/b&gt; &quot;x&quot;</title>');
  });

  test('inline helpers', () => {
    expect(jsonForScript({ a: '</script>' })).toBe('{"a":"\\u003c/script\\u003e"}');
    expect(scriptForInline('var s = "</script>";')).toBe('var s = "<\\/script>";');
    expect(() => scriptForInline('"<!--" + "<script>"')).toThrow(/cannot inline/);
  });

  test('the real page inlines vis-network and loads nothing from the network', () => {
    const page = renderGraphPage(model);
    expect(page).toContain('vis-network');
    expect(page.length).toBeGreaterThan(500_000);
    expect(page).not.toMatch(/<script[^>]+src=/i);
    expect(page).not.toMatch(/<link[^>]+href=/i);
    expect(page).not.toMatch(/@import/);
    expect(page).not.toContain('sourceMappingURL');
  });
});

describe('writeGraphPage', () => {
  test('writes graph.html next to the graph directory by default', async () => {
    const graph = buildSyntheticGraph({ users: 4, groups: 1, apps: 1, devices: 2 });
    const graphDir = await writeSyntheticGraph(tmp, graph);
    const result = await writeGraphPage({ graphDir, title: 'Test graph' });
    expect(result.outFile).toBe(path.join(tmp, 'graph.html'));
    expect(result.nodeCount).toBe(graph.entities.length);
    expect(result.edgeCount).toBe(graph.relationships.length - 1);
    const html = await fs.readFile(result.outFile, 'utf8');
    expect(result.bytes).toBe(Buffer.byteLength(html));
    expect(embeddedModel(html).nodes).toHaveLength(graph.entities.length);
    expect(html).toContain('<title>Test graph</title>');
  });

  test('explains a missing graph directory', async () => {
    await expect(writeGraphPage({ graphDir: path.join(tmp, 'graph') })).rejects.toThrow(
      /run a collection first/,
    );
  });
});

describe('graph page CLI arguments', () => {
  test('defaults to .j1-integration/graph and graph.html beside it', () => {
    const args = parseGraphPageArgs([], '/repo');
    expect(args.graphDir).toBe('/repo/.j1-integration/graph');
    expect(args.outFile).toBe('/repo/.j1-integration/graph.html');
    expect(defaultGraphPagePath('/x/y/graph')).toBe('/x/y/graph.html');
  });

  test('--graph-dir, --out and --title, with or without =', () => {
    const args = parseGraphPageArgs(
      ['--graph-dir', 'g', '--out=out/page.html', '--title', 'My graph'],
      '/repo',
    );
    expect(args).toEqual({
      graphDir: '/repo/g',
      outFile: '/repo/out/page.html',
      title: 'My graph',
      help: false,
    });
  });

  test('unknown arguments and missing values are errors', () => {
    expect(() => parseGraphPageArgs(['--nope'])).toThrow(/unknown option --nope/);
    expect(() => parseGraphPageArgs(['--out'])).toThrow(/--out needs a value/);
  });
});
