/**
 * Writes the offline graph page for a collected graph.
 *
 *   npm run graph -- [--graph-dir .j1-integration/graph] [--out .j1-integration/graph.html]
 *     [--title "JumpCloud graph"]
 */
import path from 'path';

import { defaultGraphPagePath, writeGraphPage } from './index';
import { parseCommandLine, runProgram, stringValue } from '../lib/command-line';
import { displayPath, formatBytes } from '../lib/format';

export const USAGE = `Usage: npm run graph -- [--graph-dir DIR] [--out FILE] [--title TEXT]

Writes an offline page to explore a collected graph: search a user or device, see its
neighbours and the properties of each entity and edge.

  --graph-dir DIR  collected graph (default .j1-integration/graph)
  --out FILE       HTML file to write (default graph.html beside the graph dir)
  --title TEXT     page title (default "JumpCloud graph")
  -h, --help       this help (writes nothing)`;

export interface GraphPageCliArgs {
  graphDir: string;
  outFile: string;
  title?: string;
  help: boolean;
}

export function parseGraphPageArgs(
  argv: readonly string[],
  cwd: string = process.cwd(),
): GraphPageCliArgs {
  const line = parseCommandLine(argv, {
    'graph-dir': { type: 'string' },
    out: { type: 'string' },
    title: { type: 'string' },
  });
  const graphDir = path.join(cwd, '.j1-integration', 'graph');
  if (line === 'help') return { graphDir, outFile: defaultGraphPagePath(graphDir), help: true };
  const given = (name: string) => {
    const value = stringValue(line, name);
    return value === undefined ? undefined : path.resolve(cwd, value);
  };
  const dir = given('graph-dir') ?? graphDir;
  return {
    graphDir: dir,
    outFile: given('out') ?? defaultGraphPagePath(dir),
    title: stringValue(line, 'title'),
    help: false,
  };
}

async function main(argv: readonly string[]): Promise<void> {
  const args = parseGraphPageArgs(argv);
  if (args.help) {
    console.log(USAGE);
    return;
  }
  const result = await writeGraphPage(args);
  console.log(
    `Wrote ${displayPath(result.outFile)}: ${result.nodeCount} nodes, ` +
      `${result.edgeCount} edges` +
      (result.skippedRelationships
        ? ` (${result.skippedRelationships} relationships not drawn)`
        : '') +
      `, ${formatBytes(result.bytes)}. Open it in a browser; it needs no network.`,
  );
}

if (require.main === module) {
  runProgram('graph', USAGE, () => main(process.argv.slice(2)));
}
