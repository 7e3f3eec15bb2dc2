/**
 * `npm run query -- "FIND ..."`: one J1QL query over a collected graph, printed as a table
 * with the number of results, or as JSON (`--json`).
 */
import path from 'path';
import { parseArgs } from 'util';

import { loadDocumentedDataModel } from './data-model';
import { QueryError } from './errors';
import { evaluateQuery, graphSelection, GraphObject, QueryResult } from './evaluate';
import { parseQuery } from './parser';
import { isoDateValue, nonNegativeIntegerValue } from '../lib/cli-values';
import { runProgram } from '../lib/command-line';
import { asOf, readDemoRecord } from '../lib/demo-record';
import { GraphEntity, loadGraph, resolveGraphDirectory } from './graph';

export const USAGE = `Usage: npm run query -- "<J1QL>" [options]

Runs one J1QL query over a collected graph (after \`npm run demo\` or \`npm start\`).
What the engine reads, and where it differs from JupiterOne: docs/query.md.

Options:
  --graph <dir>         the collected graph: the storage directory or its graph/ subdirectory
                        (default: .j1-integration)
  --now <ISO date>      the "now" of date.now, e.g. 2026-01-11T00:00:00Z (default: a demo
                        graph's own date, else the current time)
  --param <name=value>  the value of a placeholder {{name}} or \${name}; repeat for each one
  --strict              a likely typo (unknown _type, class or property) is an error, exit 2
  --json                print the result as JSON: without RETURN the matching entities as
                        stored (with _key and _rawData), with RETURN one object per row with
                        every returned column (null when absent), with RETURN TREE the
                        vertices and edges
  --max-rows <n>        print at most n table rows (the count stays complete; default 100)
  -h, --help            show this help

Example:
  npm run query -- "FIND jumpcloud_user WITH mfaEnabled != true AS u RETURN u.username, u.email"
  npm run query -- --param email=alice@example.com "FIND jumpcloud_user WITH email = '{{email}}'"
`;

export interface QueryCliOptions {
  query: string;
  graph: string;
  now: number;
  /** No --now: a graph the demo collected is asked as of its own date (demo.json). */
  nowFromGraph?: boolean;
  json: boolean;
  maxRows: number;
  /** Placeholder values, by name (`--param name=value`). */
  params?: Record<string, string>;
  strict?: boolean;
}

export class UsageError extends Error {}

export function parseArguments(
  argv: string[],
  currentTime: () => number = Date.now,
): QueryCliOptions | 'help' {
  let parsed: ReturnType<typeof parseCommandLine>;
  try {
    parsed = parseCommandLine(argv);
  } catch (error) {
    // util.parseArgs names the flag; keep its words, drop its hint about "--" arguments.
    throw new UsageError((error as Error).message.replace(/\. To specify a positional.*$/s, ''));
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  const options: QueryCliOptions = {
    query: positionals.join(' ').trim(),
    graph: values.graph ?? values['graph-dir'] ?? '.j1-integration',
    now: Number.NaN,
    json: values.json ?? false,
    maxRows: 100,
  };
  if (values.graph === '' || values['graph-dir'] === '') {
    throw new UsageError('--graph needs a value');
  }
  if (values['max-rows'] !== undefined) {
    options.maxRows = nonNegativeIntegerValue('--max-rows', values['max-rows'], UsageError);
  }
  if (values.now !== undefined) options.now = isoDateValue('--now', values.now, UsageError);
  for (const pair of values.param ?? []) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new UsageError(`--param needs name=value, got: ${pair}`);
    options.params = { ...options.params, [pair.slice(0, at).trim()]: pair.slice(at + 1) };
  }
  if (values.strict) options.strict = true;
  // The query may come as one quoted argument or as several words.
  if (options.query === '') throw new UsageError('no query given');
  if (Number.isNaN(options.now)) {
    options.now = currentTime();
    options.nowFromGraph = true;
  }
  return options;
}

function parseCommandLine(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      graph: { type: 'string' },
      'graph-dir': { type: 'string' },
      now: { type: 'string' },
      param: { type: 'string', multiple: true },
      strict: { type: 'boolean' },
      json: { type: 'boolean' },
      'max-rows': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
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
  if (result.tree) {
    const { vertices, edges } = result.tree;
    const label = (key: string) => {
      const vertex = vertices.find((candidate) => candidate.id === key);
      return formatCell(vertex?.entity.displayName ?? key);
    };
    lines.push(
      table(
        ['vertex', '_type', 'displayName'],
        vertices
          .slice(0, maxRows)
          .map((vertex) => [vertex.id, String(vertex.entity._type), label(vertex.id)]),
      ),
    );
    if (vertices.length > maxRows) lines.push(`... ${vertices.length - maxRows} more vertices`);
    lines.push('');
    lines.push(
      table(
        ['from', '_class', 'to'],
        edges
          .slice(0, maxRows)
          .map((edge) => [
            label(edge.fromVertexId),
            String(edge.relationship._class),
            label(edge.toVertexId),
          ]),
      ),
    );
    if (edges.length > maxRows) lines.push(`... ${edges.length - maxRows} more edges`);
    lines.push(
      `${vertices.length} vertices, ${edges.length} edges (${result.entities.length} FIND entities)`,
    );
    return lines.join('\n');
  }
  if (result.rows && result.columns) {
    count = result.rows.length;
    const columns = result.columns;
    // A column named like a date property (`u.lastSeenOn`, `alias.*` expanded) shows ISO dates.
    const items = result.query.returns ?? [];
    const propertyNames = items.some((item) => item.kind === 'all')
      ? columns.map((column) => column.slice(column.lastIndexOf('.') + 1))
      : items.map((item) => (item.kind === 'property' ? item.ref.property : ''));
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
  // RETURN TREE: the shape of JupiterOne's API answer ({ type: 'tree', data: { vertices, edges } }).
  if (result.tree) return JSON.stringify({ type: 'tree', data: result.tree }, null, 2);
  if (!result.rows || !result.columns) return JSON.stringify(result.entities, null, 2);
  const columns = result.columns;
  // Every row has every returned column: null when the value is absent, never a dropped key.
  return JSON.stringify(
    result.rows.map((row) =>
      Object.fromEntries(columns.map((column, index) => [column, row.values[index] ?? null])),
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
  /** Graph files read: those holding something the query can reach. */
  files: number;
}

export async function runQueryCli(options: QueryCliOptions): Promise<QueryRun> {
  const graphDirectory = await resolveGraphDirectory(options.graph);
  if (!graphDirectory) {
    throw new UsageError(
      `No collected graph under ${path.resolve(options.graph)}. ` +
        'Run `npm run demo` or `npm start` first, or pass --graph <dir>.',
    );
  }
  // Parse first: a query that cannot run fails before the graph loads, and the graph files
  // that hold nothing the query can reach are not read (query-index.json says which).
  const query = parseQuery(options.query);
  const loadStarted = process.hrtime.bigint();
  const graph = await loadGraph(graphDirectory, {
    keepRawData: options.json,
    select: graphSelection(query),
  });
  const loadMs = Number(process.hrtime.bigint() - loadStarted) / 1e6;
  const demo = options.nowFromGraph
    ? await readDemoRecord(path.dirname(graphDirectory))
    : undefined;
  const now = asOf(demo, options.now);
  const answerStarted = process.hrtime.bigint();
  const result = evaluateQuery(graph, query, {
    now,
    dataModel: loadDocumentedDataModel(),
    params: options.params,
    strict: options.strict,
  });
  const answerMs = Number(process.hrtime.bigint() - answerStarted) / 1e6;
  return {
    result,
    now,
    loadMs,
    answerMs,
    entityCount: graph.entityCount,
    relationshipCount: graph.relationshipCount,
    files: graph.stats.files,
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
      `Loaded ${run.entityCount} entities and ${run.relationshipCount} relationships ` +
        `(${run.files} graph files the query can reach) in ` +
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
  runProgram('query', USAGE, () => main(process.argv.slice(2)));
}
