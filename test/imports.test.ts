/**
 * The integration's and the programs' imports run one way: no module of `src/` or `scripts/`
 * imports itself through others (type-only imports count too). The walker is the
 * simulator's (./import-graph.ts; simulator/imports.test.ts also tests it on a graph made by
 * hand).
 */
import { join } from 'path';

import { importGraph, namedCycles, sourceFiles } from './import-graph';

const ROOT = join(__dirname, '..');

describe.each(['src', 'scripts'])('the imports of %s/', (folder) => {
  const graph = importGraph(sourceFiles(join(ROOT, folder), ['__recordings__']), ROOT);

  it('are found', () => {
    expect(graph.size).toBeGreaterThan(40);
  });

  it('form no cycle', () => {
    expect(namedCycles(graph, ROOT)).toEqual([]);
  });
});
