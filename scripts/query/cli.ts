/**
 * `npm run query -- "FIND ..."`: one J1QL query over a collected graph, printed as a table
 * with the number of results, or as JSON (`--json`).
 */
import path from 'path';

import { loadDocumentedDataModel } from './data-model';
import { QueryError } from './errors';
import { GraphObject, QueryResult, runQuery } from './evaluate';
import { isoDateValue, nonNegativeIntegerValue } from '../lib/cli-values';
import { asOf, readDemoRecord } from '../lib/demo-record';
import { GraphEntity, loadGraph, resolveGraphDirectory } from './graph';

export const USAGE = `Usage: npm run query -- "<J1QL>" [options]

Runs one J1QL query over a collected graph (after \`npm run demo\` or \`npm start\`).
The supported subset is in the README ("J1QL on the local graph").

Options:
  --graph <dir>      the collected graph: the storage directory or its graph/ subdirectory
                     (default: .j1-integration)
  --now <ISO date>   the "now" of date.now, e.g. 2026-01-11T00:00:00Z (default: a demo graph's own date, else the current time)
  --json             print the result as JSON: without RETURN the matching entities as stored
                     (with _key and _rawData), with RETURN one object per row
  --max-rows <n>     print at most n table rows (the count stays complete; default 100)
  -h, --help         show this help

Example:
  npm run query -- "FIND jumpcloud_user WITH mfaEnabled != true AS u RETURN u.username, u.email"
`;

export interface QueryCliOptions {
  query: string;
  graph: string;
  now: number;
  /** No --now: a graph the demo collected is asked as of its own date (demo.json). */
  nowFromGraph?: boolean;
  json: boolean;
  maxRows: number;
}

export class UsageError extends Error {}

export function parseArguments(
  argv: string[],
  currentTime: () => number = Date.now,
): QueryCliOptions | 'help' {
  const options: QueryCliOptions = {
    query: '',
    graph: '.j1-integration',
    now: Number.NaN,
    json: false,
    maxRows: 100,
  };
  const words: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    if (argument === '-h' || argument === '--help') return 'help';
    if (!argument.startsWith('--')) {
      words.push(argument);
      continue;
    }
    const at = argument.indexOf('=');
    const flag = at < 0 ? argument : argument.slice(0, at);
    const value = (): string => {
      const next = at < 0 ? argv[++index] : argument.slice(at + 1);
      if (next === undefined || next === '') throw new UsageError(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case '--graph':
      case '--graph-dir':
        options.graph = value();
        break;
      case '--now':
        options.now = isoDateValue(flag, value(), UsageError);
        break;
      case '--json':
        options.json = true;
        break;
      case '--max-rows':
        options.maxRows = nonNegativeIntegerValue(flag, value(), UsageError);
        break;
      default:
        throw new UsageError(`unknown argument: ${argument}`);
    }
  }
  // The query may come as one quoted argument or as several words.
  options.query = words.join(' ').trim();
  if (options.query === '') throw new UsageError('no query given');
  if (Number.isNaN(options.now)) {
    options.now = currentTime();
    options.nowFromGraph = true;
  }
  return options;
}

const DATE_PROPERTY = /On$/;

/** One table cell: entities by name, lists joined, `...On` epoch numbers as ISO dates. */
export function formatCell(value: unknown, name = ''): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map((item) => formatCell(item, name)).join(', ');
  if (typeof value === 'object') {
    const object = value as Record<string, unknown>;
    const label = object.displayName ?? object.name ?? object._key;
    return typeof label === 'string' ? label : JSON.stringify(value);
  }
  if (typeof value === 'number' && DATE_PROPERTY.test(name) && value > 0) {
    return new Date(value).toISOString().replace('.000Z', 'Z');
  }
  return String(value);
}

function table(header: string[], rows: string[][]): string {
  const clip = (text: string) => (text.length > 60 ? `${text.slice(0, 57)}...` : text);
  const clipped = rows.map((row) => row.map(clip));
  const widths = header.map((title, column) =>
    Math.max(title.length, ...clipped.map((row) => row[column].length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column]))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...clipped.map(line)].join(
    '\n',
  );
}

/** The columns of a table without RETURN: identity, then the FIND entity's WITH properties. */
function entityColumns(result: QueryResult): string[] {
  const names = new Set<string>();
  const visit = (condition: NonNullable<QueryResult['query']['start']['filter']>): void => {
    if (condition.kind === 'compare') names.add(condition.left.property);
    else if (condition.kind === 'not') visit(condition.condition);
    else condition.conditions.forEach(visit);
  };
  if (result.query.start.filter) visit(result.query.start.filter);
  return ['_type', '_key', 'displayName', ...[...names].filter((name) => !name.startsWith('_'))];
}

export function formatTable(result: QueryResult, maxRows: number): string {
  const lines: string[] = [];
  let count: number;
  if (result.rows && result.columns) {
    count = result.rows.length;
    const columns = result.columns;
    const propertyNames = (result.query.returns ?? []).map((item) =>
      item.kind === 'property' ? item.ref.property : '',
    );
    const shown = result.rows
      .slice(0, maxRows)
      .map((row) => row.values.map((value, index) => formatCell(value, propertyNames[index])));
    lines.push(table(columns, shown));
  } else {
    count = result.entities.length;
    const columns = entityColumns(result);
    const shown = result.entities
      .slice(0, maxRows)
      .map((entity) => columns.map((name) => formatCell(entity[name], name)));
    lines.push(table(columns, shown));
  }
  if (count > maxRows) lines.push(`... ${count - maxRows} more (--max-rows to show more)`);
  lines.push(`${count} result${count === 1 ? '' : 's'}`);
  return lines.join('\n');
}

export function formatJson(result: QueryResult): string {
  if (!result.rows || !result.columns) return JSON.stringify(result.entities, null, 2);
  const columns = result.columns;
  return JSON.stringify(
    result.rows.map((row) =>
      Object.fromEntries(row.values.map((value, index) => [columns[index], value])),
    ),
    null,
    2,
  );
}

export interface QueryRun {
  result: QueryResult;
  /** The "now" of date.now the query was answered at. */
  now: number;
  loadMs: number;
  answerMs: number;
  entityCount: number;
  relationshipCount: number;
}

export async function runQueryCli(options: QueryCliOptions): Promise<QueryRun> {
  const graphDirectory = await resolveGraphDirectory(options.graph);
  if (!graphDirectory) {
    throw new UsageError(
      `No collected graph under ${path.resolve(options.graph)}. ` +
        'Run `npm run demo` or `npm start` first, or pass --graph <dir>.',
    );
  }
  const loadStarted = process.hrtime.bigint();
  const graph = await loadGraph(graphDirectory, { keepRawData: options.json });
  const loadMs = Number(process.hrtime.bigint() - loadStarted) / 1e6;
  const demo = options.nowFromGraph
    ? await readDemoRecord(path.dirname(graphDirectory))
    : undefined;
  const now = asOf(demo, options.now);
  const answerStarted = process.hrtime.bigint();
  const result = runQuery(graph, options.query, { now, dataModel: loadDocumentedDataModel() });
  const answerMs = Number(process.hrtime.bigint() - answerStarted) / 1e6;
  return {
    result,
    now,
    loadMs,
    answerMs,
    entityCount: graph.entityCount,
    relationshipCount: graph.relationshipCount,
  };
}

export async function main(
  argv: string[],
  out: (text: string) => void = (text) => process.stdout.write(text),
  err: (text: string) => void = (text) => process.stderr.write(text),
): Promise<number> {
  try {
    const options = parseArguments(argv);
    if (options === 'help') {
      out(USAGE);
      return 0;
    }
    const run = await runQueryCli(options);
    for (const warning of run.result.warnings) err(`warning: ${warning}\n`);
    out(`${options.json ? formatJson(run.result) : formatTable(run.result, options.maxRows)}\n`);
    err(
      `Loaded ${run.entityCount} entities and ${run.relationshipCount} relationships in ` +
        `${Math.round(run.loadMs)} ms; answered in ${Math.round(run.answerMs)} ms ` +
        `(date.now = ${new Date(run.now).toISOString()}).\n`,
    );
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      err(`query: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof QueryError) {
      err(`query: ${error.message}\n`);
      return 2;
    }
    err(`query: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}

export type { GraphEntity, GraphObject };

if (require.main === module) {
  process.env.AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE = '1';
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
