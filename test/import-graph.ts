/**
 * The import graph of a folder of TypeScript, and its cycles: for the tests that keep imports
 * one way (simulator/imports.test.ts, test/imports.test.ts). It imports nothing but Node's
 * fs and path and the TypeScript compiler (checked by the simulator's test), so the
 * simulator may use it without reaching into the integration.
 */
import { readdirSync, readFileSync, statSync } from 'fs';
import { dirname, join, relative, resolve } from 'path';
import * as ts from 'typescript';

/** The `.ts` files under `dir`, skipping folders named in `skip` (and `node_modules`). */
export function sourceFiles(dir: string, skip: string[] = []): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory())
      return name === 'node_modules' || skip.includes(name) ? [] : sourceFiles(path, skip);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

function resolveModule(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier);
  for (const candidate of [base, `${base}.ts`, `${base}.js`, join(base, 'index.ts')]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not this one
    }
  }
  return undefined;
}

/**
 * Each file's relative imports (static, dynamic, `export ... from`; type-only imports count
 * too), resolved to files. A relative import that resolves to no file throws, naming it
 * relative to `root`.
 */
export function importGraph(files: string[], root: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = importedFiles
      .map((imported) => imported.fileName)
      .filter((specifier) => specifier.startsWith('.'))
      .map((specifier) => {
        const target = resolveModule(file, specifier);
        if (!target) throw new Error(`${relative(root, file)}: cannot resolve ${specifier}`);
        return target;
      });
    graph.set(file, targets);
  }
  return graph;
}

/** Every cycle's modules, one list per strongly connected component (Tarjan). */
export function cycles(graph: Map<string, string[]>): string[][] {
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

/** The cycles of `graph`, each as its files relative to `root`, sorted. */
export function namedCycles(graph: Map<string, string[]>, root: string): string[][] {
  return cycles(graph).map((component) => component.map((file) => relative(root, file)).sort());
}
