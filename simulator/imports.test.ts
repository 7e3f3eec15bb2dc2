/**
 * The simulator's imports run one way: no module imports itself through others (type-only
 * imports count too), no folder either (tests aside), and nothing is imported from the
 * integration (`src/`), whose assumptions the simulator must not share.
 */
import { readdirSync, readFileSync, statSync } from 'fs';
import { dirname, join, relative, resolve, sep } from 'path';
import * as ts from 'typescript';

const ROOT = __dirname;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'specs' ? [] : sourceFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

function resolveModule(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier);
  for (const candidate of [base, `${base}.ts`, join(base, 'index.ts')]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not this one
    }
  }
  return undefined;
}

/** Each file's relative imports (static, dynamic, `export ... from`), resolved to files. */
function importGraph(files: string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = importedFiles
      .map((imported) => imported.fileName)
      .filter((specifier) => specifier.startsWith('.'))
      .map((specifier) => {
        const target = resolveModule(file, specifier);
        if (!target) throw new Error(`${relative(ROOT, file)}: cannot resolve ${specifier}`);
        return target;
      });
    graph.set(file, targets);
  }
  return graph;
}

/** Every cycle's modules, one list per strongly connected component (Tarjan). */
function cycles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      const selfImport = graph.get(node)?.includes(node) ?? false;
      if (component.length > 1 || selfImport) found.push(component);
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

const graph = importGraph(sourceFiles(ROOT));

describe("the simulator's imports", () => {
  it('finds its modules and their imports', () => {
    expect(graph.size).toBeGreaterThan(40);
    expect(graph.get(join(ROOT, 'index.ts'))?.length).toBeGreaterThan(10);
  });

  it('form no cycle', () => {
    const named = cycles(graph).map((component) =>
      component.map((file) => relative(ROOT, file)).sort(),
    );
    expect(named).toEqual([]);
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
    // The one file outside the simulator it may use: every program's command-line parser,
    // which imports nothing but Node's util (checked below), so it cannot pull the
    // integration in.
    const shared = join(ROOT, '..', 'scripts', 'lib', 'command-line.ts');
    expect(readFileSync(shared, 'utf8').match(/from '[^']*'/g)).toEqual(["from 'util'"]);
    const outside = [...graph].flatMap(([file, targets]) =>
      targets
        .filter((target) => target !== shared)
        .filter((target) => relative(ROOT, target).startsWith(`..${sep}`))
        .map((target) => `${relative(ROOT, file)} -> ${relative(ROOT, target)}`),
    );
    expect(outside).toEqual([]);
  });
});

// The checker itself, on a graph made by hand.
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
