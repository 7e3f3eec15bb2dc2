/**
 * Writes the offline graph page for a collected graph.
 *
 *   ts-node --transpile-only scripts/graph-page/cli.ts [--graph-dir .j1-integration/graph]
 *     [--out .j1-integration/graph.html] [--title "JumpCloud graph"]
 */
import path from 'path';

import { defaultGraphPagePath, writeGraphPage } from './index';
import { displayPath, formatBytes } from '../lib/format';

const USAGE = `Usage: graph-page [--graph-dir DIR] [--out FILE] [--title TEXT]

  --graph-dir DIR  collected graph (default .j1-integration/graph)
  --out FILE       HTML file to write (default graph.html beside the graph dir)
  --title TEXT     page title (default "JumpCloud graph")`;

export interface GraphPageCliArgs {
  graphDir: string;
  outFile: string;
  title?: string;
  help: boolean;
}

export function parseGraphPageArgs(argv: string[], cwd: string = process.cwd()): GraphPageCliArgs {
  let graphDir = path.join(cwd, '.j1-integration', 'graph');
  let outFile: string | undefined;
  let title: string | undefined;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? arg.split(/=(.*)/s) : [arg];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new Error(`${flag} needs a value.\n\n${USAGE}`);
      return v;
    };
    if (flag === '--graph-dir') graphDir = path.resolve(cwd, value());
    else if (flag === '--out') outFile = path.resolve(cwd, value());
    else if (flag === '--title') title = value();
    else if (flag === '-h' || flag === '--help') help = true;
    else throw new Error(`Unknown argument "${arg}".\n\n${USAGE}`);
  }
  return { graphDir, outFile: outFile ?? defaultGraphPagePath(graphDir), title, help };
}

async function main(): Promise<void> {
  const args = parseGraphPageArgs(process.argv.slice(2));
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
  main().catch((err: Error) => {
    console.error(err.message);
    process.exitCode = 1;
  });
}
