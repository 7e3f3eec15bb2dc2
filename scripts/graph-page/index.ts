/**
 * Offline graph page for a collected graph: `writeGraphPage({ graphDir, outFile })` reads
 * `<graphDir>/<stepId>/{entities,relationships}/*.json` and writes one self-contained HTML
 * file (vis-network inlined; no CDN, no network).
 */
import { promises as fs } from 'fs';
import path from 'path';

import { readGraph } from '../lib/graph-files';
import { buildGraphPageModel, GraphPageModel } from './model';
import { renderGraphPage } from './render';

export { buildGraphPageModel, neighbourIds, TYPE_COLORS } from './model';
export type { GraphPageModel, PageNode, PageEdge } from './model';
export { renderGraphPage } from './render';

export interface WriteGraphPageOptions {
  /** Directory holding `<stepId>/{entities,relationships}/*.json`, e.g. `.j1-integration/graph`. */
  graphDir: string;
  /** Output HTML file; default: `graph.html` next to `graphDir` (`.j1-integration/graph.html`). */
  outFile?: string;
  title?: string;
  /** Fixed "generated at" time, for reproducible output. */
  generatedAt?: Date;
}

export interface WriteGraphPageResult {
  outFile: string;
  nodeCount: number;
  edgeCount: number;
  skippedRelationships: number;
  bytes: number;
  model: GraphPageModel;
}

export function defaultGraphPagePath(graphDir: string): string {
  return path.join(path.dirname(path.resolve(graphDir)), 'graph.html');
}

export async function writeGraphPage(
  options: WriteGraphPageOptions,
): Promise<WriteGraphPageResult> {
  const graphDir = path.resolve(options.graphDir);
  const outFile = path.resolve(options.outFile ?? defaultGraphPagePath(graphDir));
  const graph = await readGraph(graphDir);
  const model = buildGraphPageModel(graph.entities, graph.relationships, {
    title: options.title,
    source: path.relative(process.cwd(), graphDir) || '.',
    generatedAt: options.generatedAt,
  });
  const html = renderGraphPage(model);
  await fs.mkdir(path.dirname(outFile), { recursive: true });
  await fs.writeFile(outFile, html, 'utf8');
  return {
    outFile,
    nodeCount: model.nodes.length,
    edgeCount: model.edges.length,
    skippedRelationships: model.skippedRelationships,
    bytes: Buffer.byteLength(html),
    model,
  };
}
