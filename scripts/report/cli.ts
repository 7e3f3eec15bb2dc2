/**
 * `npm run report`: answers the managed questions from a collected graph and writes a
 * Markdown report and a self-contained HTML page.
 */
import { promises as fs } from 'fs';
import path from 'path';

import { isoDateValue, nonNegativeIntegerValue } from '../lib/cli-values';
import { parseCommandLine, stringValue, UsageError } from '../lib/command-line';
import { asOf, readDemoRecord } from '../lib/demo-record';
import { loadDocumentedDataModel } from '../query/data-model';
import { loadGraph, resolveGraphDirectory } from '../query/graph';
import { renderHtml } from './html';
import { renderMarkdown } from './markdown';
import { buildReport, Report } from './model';
import { answerQuestions, DEFAULT_QUESTIONS_FILE, loadQuestionDefinitions } from './questions';

export const USAGE = `Usage: npm run report -- [options]

Answers the managed questions of jupiterone/questions/questions.yaml from a collected graph
(after \`npm run demo\` or \`npm start\`) by running their J1QL through the local engine
(\`npm run query\`), and writes report.md and report.html.

Options:
  --graph <dir>      the collected graph: the storage directory or its graph/ subdirectory
                     (default: .j1-integration, where \`npm start\` writes; alias --graph-dir)
  --out <dir>        where to write report.md and report.html (default: the storage directory)
  --now <ISO date>   the "now" of date questions, e.g. 2026-01-15T00:00:00Z (default: the
                     simulated organization's date for a graph from \`npm run demo\`, else
                     the current time)
  --max-rows <n>     list at most n entities per question (counts stay complete)
  --questions <file> question file (default: jupiterone/questions/questions.yaml)
  -h, --help         show this help (reads and writes nothing)
`;

export interface ReportOptions {
  graph: string;
  out?: string;
  now: number;
  /** No --now: a graph the demo collected is evaluated as of its own date (demo.json). */
  nowFromGraph?: boolean;
  maxRows?: number;
  questionsFile: string;
}

export { UsageError };

export function parseArguments(
  argv: readonly string[],
  currentTime: () => number = Date.now,
): ReportOptions | 'help' {
  const line = parseCommandLine(argv, {
    graph: { type: 'string' },
    'graph-dir': { type: 'string' },
    out: { type: 'string' },
    now: { type: 'string' },
    'max-rows': { type: 'string' },
    questions: { type: 'string' },
  });
  if (line === 'help') return 'help';
  const now = stringValue(line, 'now');
  const maxRows = stringValue(line, 'max-rows');
  const options: ReportOptions = {
    // `j1-integration collect` always writes here, whatever the environment says.
    graph: stringValue(line, 'graph') ?? stringValue(line, 'graph-dir') ?? '.j1-integration',
    out: stringValue(line, 'out'),
    now: now === undefined ? currentTime() : isoDateValue('--now', now, UsageError),
    questionsFile: stringValue(line, 'questions') ?? DEFAULT_QUESTIONS_FILE,
  };
  if (now === undefined) options.nowFromGraph = true;
  if (maxRows !== undefined) {
    options.maxRows = nonNegativeIntegerValue('--max-rows', maxRows, UsageError);
  }
  if (options.out === undefined) delete options.out;
  return options;
}

/** Relative to the working directory when inside it, else absolute. */
function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative === '' ? '.' : relative.startsWith('..') ? path.resolve(file) : relative;
}

export interface ReportResult {
  report: Report;
  /** The J1QL engine's warnings (likely typos in a question's query). */
  warnings: string[];
  /** Set when "now" came from the demo's record rather than --now or the clock. */
  demoAsOf?: string;
  markdownFile: string;
  htmlFile: string;
}

export async function runReport(options: ReportOptions): Promise<ReportResult> {
  const graphDirectory = await resolveGraphDirectory(options.graph);
  if (!graphDirectory) {
    throw new UsageError(
      `No collected graph under ${path.resolve(options.graph)}. ` +
        'Run `npm run demo` or `npm start` first, or pass --graph <dir>.',
    );
  }
  // The demo's record says the data is simulated (its links point at the stopped simulator)
  // and, unless --now is given, the date its date questions are asked at.
  const record = await readDemoRecord(path.dirname(graphDirectory));
  const demo = options.nowFromGraph ? record : undefined;
  const now = asOf(demo, options.now);
  const questions = loadQuestionDefinitions(options.questionsFile);
  const graph = await loadGraph(graphDirectory);
  const answers = answerQuestions(graph, questions, { now, dataModel: loadDocumentedDataModel() });
  const report = buildReport(graph, answers, {
    graphDirectory: displayPath(graphDirectory),
    now,
    maxRows: options.maxRows,
    simulated: record !== undefined,
  });

  const outDirectory = options.out ?? path.dirname(graphDirectory);
  await fs.mkdir(outDirectory, { recursive: true });
  const markdownFile = path.join(outDirectory, 'report.md');
  const htmlFile = path.join(outDirectory, 'report.html');
  await fs.writeFile(markdownFile, renderMarkdown(report), 'utf8');
  await fs.writeFile(htmlFile, renderHtml(report), 'utf8');
  return {
    report,
    markdownFile,
    htmlFile,
    warnings: answers.flatMap((answer) => answer.warnings),
    demoAsOf: demo?.asOf,
  };
}

export function summarize(result: ReportResult): string {
  const { report } = result;
  const width = Math.max(...report.sections.map((s) => String(s.count).length), 1);
  const lines = report.sections.map(
    (s) => `${String(s.count).padStart(width)}  ${s.resultsAre.padEnd(11)}  ${s.title}`,
  );
  return [
    `Evaluated ${report.sections.length} questions at ${report.evaluatedAt} on ` +
      `${report.entityCount} entities and ${report.relationshipCount} relationships.`,
    ...(result.demoAsOf
      ? ["(Simulated data: dates are as of the simulated organization's own day, from demo.json.)"]
      : []),
    ...lines,
    ...result.warnings.map((warning) => `warning: ${warning}`),
    `Wrote ${displayPath(result.markdownFile)} and ${displayPath(result.htmlFile)}`,
  ].join('\n');
}

export async function main(argv: readonly string[]): Promise<number> {
  try {
    const options = parseArguments(argv);
    if (options === 'help') {
      process.stdout.write(USAGE);
      return 0;
    }
    const result = await runReport(options);
    process.stdout.write(`${summarize(result)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`report: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    process.stderr.write(`report: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}
