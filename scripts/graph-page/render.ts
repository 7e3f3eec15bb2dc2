/**
 * Renders the self-contained graph page: the vis-network standalone UMD build, the page's
 * own script and style and the graph data are all inlined, so the file works from disk
 * with no network at all.
 */
import { readFileSync } from 'fs';
import path from 'path';

import { projectFile } from '../lib/paths';
import type { GraphPageModel } from './model';

/** The page's own script and style: plain files, read from the repository, not compiled. */
const CLIENT_DIR = projectFile('scripts', 'graph-page', 'client');

export interface RenderOptions {
  /** JavaScript of vis-network's standalone UMD build; read from node_modules by default. */
  visNetworkSource?: string;
}

let cachedVisSource: string | undefined;

/** The minified standalone UMD build of vis-network (defines `window.vis`). */
export function readVisNetworkSource(): string {
  if (cachedVisSource === undefined) {
    const file = require.resolve('vis-network/standalone/umd/vis-network.min.cjs');
    cachedVisSource = readFileSync(file, 'utf8').replace(/\/\/# sourceMappingURL=\S+\s*$/, '');
  }
  return cachedVisSource;
}

/** JSON that is safe inside a `<script>` element (no `</script>`, no `<!--`). */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * Script text that cannot close its own `<script>` element early: `</script` becomes
 * `<\/script` (the same characters inside a JS string, regex or comment). `<!--` with
 * `<script` could switch the HTML parser into the "double escaped" state; refuse that.
 */
export function scriptForInline(source: string): string {
  if (/<!--/.test(source) && /<script/i.test(source)) {
    throw new Error('Inline script contains both "<!--" and "<script": cannot inline it safely.');
  }
  return source.replace(/<\/(script)/gi, '<\\/$1');
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export function renderGraphPage(model: GraphPageModel, options: RenderOptions = {}): string {
  const css = readFileSync(path.join(CLIENT_DIR, 'page.css'), 'utf8');
  const script = readFileSync(path.join(CLIENT_DIR, 'page.js'), 'utf8');
  const vis = options.visNetworkSource ?? readVisNetworkSource();
  const title = escapeHtml(model.title);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="scripts/graph-page (offline; vis-network inlined)">
<title>${title}</title>
<style>
${css}
</style>
</head>
<body>
<aside id="sidebar">
  <header>
    <h1>${title}</h1>
    <p class="meta" id="meta"></p>
  </header>
  <section class="search" role="search">
    <label for="search">Find a user or device</label>
    <input id="search" type="search" placeholder="Name, email or hostname" autocomplete="off" spellcheck="false" aria-controls="results">
    <ul id="results" role="listbox" aria-label="Search results"></ul>
  </section>
  <section id="focus-bar" hidden>
    <div class="focus-title">Neighbours of <strong id="focus-name"></strong></div>
    <div class="focus-actions">
      <button type="button" id="reset">Show full graph</button>
      <label><input type="checkbox" id="between"> links between neighbours</label>
    </div>
  </section>
  <section id="details" hidden>
    <h2 id="details-title"></h2>
    <p class="details-type" id="details-type"></p>
    <button type="button" id="details-focus">Show neighbours</button>
    <h3>Neighbours <span id="neighbour-count"></span></h3>
    <ul id="neighbours"></ul>
    <h3>Properties</h3>
    <dl id="properties"></dl>
  </section>
  <section class="legend">
    <h2>Entities</h2>
    <ul id="entity-legend"></ul>
    <h2>Relationships</h2>
    <ul id="relationship-legend"></ul>
  </section>
  <footer>Click a node for details, double-click to show its neighbours. Scroll to zoom, drag to pan. Untick a type to hide it.</footer>
</aside>
<main id="graph-wrap">
  <div id="graph" aria-label="Graph of entities and relationships"></div>
  <div id="status" role="status">Loading…</div>
</main>
<script type="application/json" id="graph-data">${jsonForScript(model)}</script>
<script>
${scriptForInline(vis)}
</script>
<script>
${scriptForInline(script)}
</script>
</body>
</html>
`;
}
