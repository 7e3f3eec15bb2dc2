/**
 * The offline graph page in headless Chromium (playwright-core; CHROMIUM_PATH or
 * /usr/bin/chromium), built from a real collection: the simulator runs in this process on a
 * random port, the integration runs through the SDK runtime into a temporary directory.
 * Every request the page makes other than its own file is refused and recorded.
 *
 * Screenshots go to GRAPH_PAGE_SCREENSHOT_DIR (default `<tmp>/jumpcloud-graph-page/`, never
 * the developer's own `.j1-integration/`): graph-page.png (overview) and
 * graph-page-focus.png (a user and its neighbours).
 */
import { existsSync, promises as fs } from 'fs';
import os from 'os';
import path from 'path';

import type { Entity, Relationship } from '@jupiterone/integration-sdk-core';
import { FileSystemGraphObjectStore } from '@jupiterone/integration-sdk-runtime';
import type { Browser, Page } from 'playwright-core';

import { runIntegration } from '../lib/run-integration';
import { assertChromiumInstalled, chromiumPath, launchChromium } from '../lib/chromium';
import { readGraph } from '../lib/graph-files';
import { RunningSimulator, startDemoSimulator } from '../lib/simulator';
import { failedSteps, readCollectionSummary } from '../lib/summary';
import { writeGraphPage, WriteGraphPageResult } from './index';
import { neighbourIds } from './model';

const SCREENSHOT_DIR =
  process.env.GRAPH_PAGE_SCREENSHOT_DIR ?? path.join(os.tmpdir(), 'jumpcloud-graph-page');

const ORG = {
  seed: 7,
  users: 60,
  groups: 6,
  apps: 6,
  systems: 30,
  systemGroups: 3,
  appleDevices: 8,
};

/** What the page exposes on `window.graphPage` (see client/page.js). */
interface GraphPageHandle {
  data: { nodes: Array<{ id: string; type: string }> };
  network: { body: { nodes: Record<string, { options: { shape: string } }> } };
  legendItems(): Array<{ type: string; shape: string | null }>;
  nodeCount: number;
  edgeCount: number;
  isReady(): boolean;
  focusedId(): string | null;
  visibleNodeIds(): string[];
  visibleEdgeIds(): string[];
  search(query: string): string[];
  edgeTooltip(id: string): string;
  edgeSmooth(id: string): false | { enabled: boolean; type: string; roundness: number };
}
/**
 * The browser globals the page callbacks use. Those callbacks run in Chromium, but this
 * project compiles without the DOM lib, so they reach the page through `globalThis`.
 */
interface PageGlobals {
  graphPage: GraphPageHandle;
  document: {
    querySelector(selector: string): {
      width: number;
      height: number;
      getContext(kind: '2d'): {
        getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
      };
    };
  };
}

let simulator: RunningSimulator | undefined;
let storage: string;
let browser: Browser | undefined;
let page: WriteGraphPageResult;
let users: Entity[];
let devices: Entity[];
let entities: Entity[];
let relationships: Relationship[];

/**
 * CI installs Chromium and must run these (a missing browser fails there). On a developer's
 * machine without Chromium they are skipped with a note, so `npm test` works after `npm ci`.
 */
const runInChromium = existsSync(chromiumPath()) || Boolean(process.env.CI);
if (!runInChromium) {
  console.warn(
    `Skipping the graph page browser tests: no Chromium at ${chromiumPath()}. ` +
      'Install it with `apt-get install -y chromium`, or set CHROMIUM_PATH.',
  );
}

(runInChromium ? describe : describe.skip)('the graph page in headless Chromium', () => {
  beforeAll(async () => {
    // Fails the suite at once, saying how to install Chromium, when it is missing.
    assertChromiumInstalled(chromiumPath());

    storage = await fs.mkdtemp(path.join(os.tmpdir(), 'graph-page-browser-'));
    simulator = await startDemoSimulator(ORG);
    await runIntegration({
      apiKey: simulator.apiKey,
      baseUrl: simulator.url,
      graphObjectStore: new FileSystemGraphObjectStore(),
      storageDirectory: storage,
    });
    const summary = await readCollectionSummary(storage);
    expect(failedSteps(summary)).toEqual([]);

    page = await writeGraphPage({
      graphDir: path.join(storage, 'graph'),
      outFile: path.join(storage, 'graph.html'),
      title: 'JumpCloud test graph',
    });
    const graph = await readGraph(path.join(storage, 'graph'));
    users = graph.entities.filter((e) => e._type === 'jumpcloud_user');
    devices = graph.entities.filter((e) => e._type === 'jumpcloud_device');
    entities = graph.entities;
    relationships = graph.relationships;
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await simulator?.stop();
    if (storage) await fs.rm(storage, { recursive: true, force: true });
  });

  /** Opens the page with the network cut off; returns what it tried to fetch and its errors. */
  async function openPage(hash = ''): Promise<{ tab: Page; blocked: string[]; errors: string[] }> {
    const context = await browser!.newContext({ viewport: { width: 1400, height: 900 } });
    const blocked: string[] = [];
    const errors: string[] = [];
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      blocked.push(url);
      return route.abort();
    });
    const tab = await context.newPage();
    tab.on('pageerror', (err) => errors.push(err.message));
    tab.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(msg.text());
    });
    await tab.goto(`file://${page.outFile}${hash}`);
    await tab.waitForFunction(
      () => (globalThis as unknown as PageGlobals).graphPage?.isReady(),
      null,
      {
        timeout: 30_000,
      },
    );
    return { tab, blocked, errors };
  }

  /** Pixels drawn on the network canvas, and how many have exactly the given colours. */
  async function canvasPixels(tab: Page, colours: string[]) {
    return tab.evaluate((hexes) => {
      const canvas = (globalThis as unknown as PageGlobals).document.querySelector('#graph canvas');
      const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
      const wanted = hexes.map((hex) => parseInt(hex.slice(1), 16));
      const perColour = wanted.map(() => 0);
      let drawn = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3] === 0) continue;
        drawn++;
        const rgb = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
        const at = wanted.indexOf(rgb);
        if (at >= 0 && data[i + 3] === 255) perColour[at]++;
      }
      return { drawn, total: canvas.width * canvas.height, perColour };
    }, colours);
  }

  test('the page renders every entity offline, coloured by _type, with a legend', async () => {
    const { tab, blocked, errors } = await openPage();
    try {
      const counts = await tab.evaluate(() => {
        const g = (globalThis as unknown as PageGlobals).graphPage;
        return { nodes: g.nodeCount, edges: g.edgeCount, visible: g.visibleNodeIds().length };
      });
      expect(counts).toEqual({
        nodes: page.nodeCount,
        edges: page.edgeCount,
        visible: page.nodeCount,
      });
      expect(page.nodeCount).toBeGreaterThan(100);

      const typeColours = Object.fromEntries(page.model.entityTypes.map((t) => [t.type, t.color]));
      const pixels = await canvasPixels(tab, [
        typeColours.jumpcloud_user,
        typeColours.jumpcloud_device,
      ]);
      expect(pixels.drawn / pixels.total).toBeGreaterThan(0.01);
      expect(pixels.perColour[0]).toBeGreaterThan(50); // user fill colour
      expect(pixels.perColour[1]).toBeGreaterThan(50); // device fill colour

      const legend = await tab.$$eval('#entity-legend li', (items) =>
        items.map((li) => [
          li.querySelector('.name')?.textContent,
          Number(li.querySelector('.count')?.textContent),
          Boolean(li.querySelector('svg.swatch')),
        ]),
      );
      expect(legend).toEqual(page.model.entityTypes.map((t) => [t.type, t.count, true]));
      // Each type's legend swatch has the shape vis-network draws for that type on the canvas.
      const shapes = await tab.evaluate(() => {
        const g = (globalThis as unknown as PageGlobals).graphPage;
        const canvas: Record<string, string> = {};
        for (const node of g.data.nodes) {
          canvas[node.type] ??= g.network.body.nodes[node.id].options.shape;
        }
        const legend: Record<string, string | null> = {};
        for (const li of g.legendItems()) legend[li.type] = li.shape;
        return { canvas, legend };
      });
      expect(shapes.legend).toEqual(shapes.canvas);
      expect(shapes.canvas.jumpcloud_location).toBe('box');
      const relationshipLegend = await tab.$$eval(
        '#relationship-legend li',
        (items) => items.length,
      );
      expect(relationshipLegend).toBe(page.model.relationshipTypes.length);

      await fs.mkdir(SCREENSHOT_DIR, { recursive: true });
      await tab.screenshot({ path: path.join(SCREENSHOT_DIR, 'graph-page.png') });
      expect(blocked).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await tab.context().close();
    }
  });

  test('searching a user by email shows that user and exactly its neighbours', async () => {
    // The user with the most relationships: a group member with applications and devices.
    const degree = (key: string) => neighbourIds(page.model, key).size;
    const user = [...users].sort(
      (a, b) => degree(b._key) - degree(a._key) || a._key.localeCompare(b._key),
    )[0];
    const neighbours = neighbourIds(page.model, user._key);
    expect(neighbours.size).toBeGreaterThanOrEqual(3);
    const email = String(user.email);

    const { tab, blocked, errors } = await openPage();
    try {
      await tab.fill('#search', email.toUpperCase());
      const firstResult = tab.locator('#results li').first();
      await expect(firstResult.textContent()).resolves.toContain(
        String(user.displayName ?? user.name),
      );
      await expect(firstResult.textContent()).resolves.toContain(email);
      await tab.press('#search', 'Enter');

      await tab.waitForFunction(
        (key) => (globalThis as unknown as PageGlobals).graphPage.focusedId() === key,
        user._key,
      );
      const visible = await tab.evaluate(() =>
        (globalThis as unknown as PageGlobals).graphPage.visibleNodeIds(),
      );
      expect(new Set(visible)).toEqual(new Set([user._key, ...neighbours]));
      // Only the user's own relationships are drawn (links between neighbours are off).
      const visibleEdges = await tab.evaluate(() =>
        (globalThis as unknown as PageGlobals).graphPage.visibleEdgeIds(),
      );
      const ownEdges = page.model.edges
        .filter((e) => e.from === user._key || e.to === user._key)
        .map((e) => e.id);
      expect(new Set(visibleEdges)).toEqual(new Set(ownEdges));

      await expect(tab.textContent('#focus-name')).resolves.toBe(
        String(user.displayName ?? user.name),
      );
      await expect(tab.textContent('#details-title')).resolves.toBe(
        String(user.displayName ?? user.name),
      );
      await expect(tab.locator('#neighbours li').count()).resolves.toBe(ownEdges.length);
      await expect(tab.textContent('#properties')).resolves.toContain(email);

      await tab.screenshot({ path: path.join(SCREENSHOT_DIR, 'graph-page-focus.png') });

      // A neighbour in the list moves the focus there; "Show full graph" brings everything back.
      const neighbourKey = await tab.locator('#neighbours li').first().getAttribute('data-id');
      await tab.locator('#neighbours li').first().click();
      await tab.waitForFunction(
        (key) => (globalThis as unknown as PageGlobals).graphPage.focusedId() === key,
        neighbourKey,
      );
      await tab.click('#reset');
      const after = await tab.evaluate(() => {
        const g = (globalThis as unknown as PageGlobals).graphPage;
        return { focused: g.focusedId(), visible: g.visibleNodeIds().length };
      });
      expect(after).toEqual({ focused: null, visible: page.nodeCount });
      expect(blocked).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await tab.context().close();
    }
  });

  test('searching a device by hostname finds it; #focus=<key> links open focused', async () => {
    const device = devices.find((d) => typeof d.hostname === 'string' && d.hostname)!;
    const { tab } = await openPage(`#focus=${encodeURIComponent(device._key)}`);
    try {
      const focused = await tab.evaluate(() =>
        (globalThis as unknown as PageGlobals).graphPage.focusedId(),
      );
      expect(focused).toBe(device._key);
      await tab.fill('#search', String(device.hostname));
      const ids = await tab.$$eval('#results li[data-id]', (items) =>
        items.map((li) => li.getAttribute('data-id')),
      );
      expect(ids).toContain(device._key);
      await tab.fill('#search', 'no-such-thing-anywhere');
      await expect(tab.textContent('#results')).resolves.toMatch(/No user, device or other entity/);
    } finally {
      await tab.context().close();
    }
  });

  // A newcomer could not see who is admin where: edges carried only their class.
  test("a binding's sudo shows in the side panel and on hover", async () => {
    const binding = relationships.find(
      (r) => r._type === 'jumpcloud_user_assigned_device' && r.sudo === true,
    )!;
    expect(binding).toBeDefined();
    const user = String(binding._fromEntityKey);
    const { tab, errors } = await openPage(`#focus=${encodeURIComponent(user)}`);
    try {
      const row = tab.locator(`#neighbours li[data-id="${String(binding._toEntityKey)}"]`);
      // The neighbour says what it is and what the binding grants.
      await expect(row.locator('.result-type').first().textContent()).resolves.toBe('device');
      await expect(row.locator('.edge-props').first().textContent()).resolves.toMatch(
        /(^| · )sudo: true( · |$)/,
      );
      const tooltip = await tab.evaluate(
        (id) => (globalThis as unknown as PageGlobals).graphPage.edgeTooltip(id),
        binding._key,
      );
      expect(tooltip.split('\n')).toContain('sudo: true');
      expect(tooltip.split('\n')).toContain(`direct: ${String(binding.direct)}`);
      expect(errors).toEqual([]);
    } finally {
      await tab.context().close();
    }
  });

  // A newcomer searched "lamport" and found local accounts (`elamport299 on MBP-00026`)
  // burying the user.
  test('searching a surname lists the user first, before local accounts with it', async () => {
    const others = (surname: string) =>
      entities.filter(
        (e) =>
          e._type !== 'jumpcloud_user' &&
          JSON.stringify([e.name, e.displayName, e.username]).toLowerCase().includes(surname),
      ).length;
    const withSurname = users
      .map((u) => ({ user: u, surname: String(u.lastName ?? '').toLowerCase() }))
      .filter((u) => u.surname.length > 2)
      .sort((a, b) => others(b.surname) - others(a.surname));
    const { user, surname } = withSurname[0];
    expect(others(surname)).toBeGreaterThan(0);
    const { tab } = await openPage();
    try {
      await tab.fill('#search', surname);
      const ids = await tab.$$eval('#results li[data-id]', (items) =>
        items.map((li) => li.getAttribute('data-id')),
      );
      const types = ids.map((id) => entities.find((e) => e._key === id)?._type);
      expect(types[0]).toBe('jumpcloud_user');
      expect(ids).toContain(user._key);
      // Every user with that surname comes before anything else.
      const lastUser = types.lastIndexOf('jumpcloud_user');
      expect(types.slice(0, lastUser + 1).every((t) => t === 'jumpcloud_user')).toBe(true);
      expect(types.length).toBeGreaterThan(lastUser + 1);
    } finally {
      await tab.context().close();
    }
  });

  test('two relationships between the same entities are drawn apart', async () => {
    const pairs = new Map<string, string[]>();
    for (const edge of page.model.edges) {
      const pair = [edge.from, edge.to].sort().join(' ');
      pairs.set(pair, [...(pairs.get(pair) ?? []), edge.id]);
    }
    const parallel = [...pairs.values()].find((ids) => ids.length >= 2)!;
    expect(parallel).toBeDefined();
    const { tab } = await openPage();
    try {
      const shapes = await tab.evaluate(
        (ids) => ids.map((id) => (globalThis as unknown as PageGlobals).graphPage.edgeSmooth(id)),
        parallel,
      );
      for (const shape of shapes) expect(shape).toMatchObject({ enabled: true });
      // Each one bends its own way or by its own amount, seen from the same end.
      const drawn = shapes.map((s, index) => {
        const edge = page.model.edges.find((e) => e.id === parallel[index])!;
        const flip = edge.from > edge.to ? -1 : 1;
        return s ? (s.type === 'curvedCW' ? 1 : -1) * flip * s.roundness : 0;
      });
      expect(new Set(drawn).size).toBe(drawn.length);
    } finally {
      await tab.context().close();
    }
  });
});
