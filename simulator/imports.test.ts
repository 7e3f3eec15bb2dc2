/**
 * The simulator's imports run one way: no module imports itself through others (type-only
 * imports count too), no folder either (tests aside), and nothing is imported from the
 * integration (`src/`), whose assumptions the simulator must not share.
 */
import { readFileSync } from 'fs';
import { dirname, join, relative, sep } from 'path';

import { cycles, importGraph, namedCycles, sourceFiles } from '../test/import-graph';

const ROOT = __dirname;

const graph = importGraph(sourceFiles(ROOT, ['specs']), ROOT);

describe("the simulator's imports", () => {
  it('finds its modules and their imports', () => {
    expect(graph.size).toBeGreaterThan(40);
    expect(graph.get(join(ROOT, 'index.ts'))?.length).toBeGreaterThan(10);
  });

  it('form no cycle', () => {
    expect(namedCycles(graph, ROOT)).toEqual([]);
  });

  it('form no cycle between folders, tests aside', () => {
    const folderOf = (file: string) => relative(ROOT, dirname(file)).split(sep)[0] || '.';
    const isTest = (file: string) => /\.test\.ts$|test-helpers\.ts$|[\\/]contract[\\/]/.test(file);
    const folders = new Map<string, string[]>();
    for (const [file, targets] of graph) {
      if (isTest(file)) continue;
      const from = folderOf(file);
      const to = targets.map(folderOf).filter((folder) => folder !== from);
      folders.set(from, [...(folders.get(from) ?? []), ...to]);
    }
    expect(folders.size).toBeGreaterThan(5);
    expect(cycles(folders)).toEqual([]);
  });

  it('never reach into the integration', () => {
    // The files outside the simulator it may use: every program's command-line parser, and
    // the import graph these tests walk; they import nothing but Node's modules and the
    // TypeScript compiler (checked below), so they cannot pull the integration in.
    const shared = new Map([
      [join(ROOT, '..', 'scripts', 'lib', 'command-line.ts'), ["from 'util'"]],
      [
        join(ROOT, '..', 'test', 'import-graph.ts'),
        ["from 'fs'", "from 'path'", "from 'typescript'"],
      ],
    ]);
    for (const [file, imports] of shared)
      expect(readFileSync(file, 'utf8').match(/from '[^']*'/g)).toEqual(imports);
    const outside = [...graph].flatMap(([file, targets]) =>
      targets
        .filter((target) => !shared.has(target))
        .filter((target) => relative(ROOT, target).startsWith(`..${sep}`))
        .map((target) => `${relative(ROOT, file)} -> ${relative(ROOT, target)}`),
    );
    expect(outside).toEqual([]);
  });
});

// The walker itself (../test/import-graph.ts), on a graph made by hand.
describe('cycles', () => {
  it('names the modules of each cycle, and nothing else', () => {
    const handMade = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a', 'd']],
      ['d', []],
      ['e', ['e']],
    ]);
    expect(cycles(handMade).map((c) => c.sort())).toEqual([['a', 'b', 'c'], ['e']]);
  });
});
