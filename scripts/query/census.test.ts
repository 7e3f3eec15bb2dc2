/**
 * The parse census: J1QL that other people wrote, as a new user would paste it. The fixture
 * (census/queries.json) holds JupiterOne's managed questions from its public integrations
 * (jupiterone/questions/questions.yaml of ten graph-* repositories, at most 40 each), every
 * query of its public Insights dashboards (JupiterOne/insights-dashboards) and every ```j1ql
 * example of its archived J1QL documentation (JupiterOne-Archives/docs), each with its
 * repository, path and commit. docs/query.md says how it was gathered.
 */
import { readFileSync } from 'fs';
import path from 'path';

import { QueryError } from './errors';
import { parseQuery } from './parser';

interface CensusQuery {
  query: string;
  kind: 'managed-question' | 'dashboard' | 'docs-example';
  repo: string;
  path: string;
  commit: string;
  /** The refusal expected (the message without its position), when the engine refuses it. */
  refused?: string;
}

const census: CensusQuery[] = JSON.parse(
  readFileSync(path.join(__dirname, 'census', 'queries.json'), 'utf8'),
);

function outcome(query: string): string | undefined {
  try {
    parseQuery(query);
    return undefined;
  } catch (error) {
    if (!(error instanceof QueryError)) throw error;
    return error.reason;
  }
}

describe('the parse census', () => {
  test('every query names its source: repository, path and commit', () => {
    expect(census.length).toBeGreaterThan(500);
    for (const entry of census) {
      expect([entry.repo, entry.path, /^[0-9a-f]{40}$/.test(entry.commit)]).toEqual([
        expect.stringMatching(/^JupiterOne(-Archives)?\//),
        expect.any(String),
        true,
      ]);
    }
    expect(new Set(census.map((entry) => entry.kind))).toEqual(
      new Set(['managed-question', 'dashboard', 'docs-example']),
    );
  });

  test('at least 95% parse, in each source too', () => {
    const parsed = census.filter((entry) => outcome(entry.query) === undefined);
    expect(parsed.length / census.length).toBeGreaterThanOrEqual(0.95);
    for (const kind of ['managed-question', 'dashboard', 'docs-example']) {
      const ofKind = census.filter((entry) => entry.kind === kind);
      const ok = ofKind.filter((entry) => outcome(entry.query) === undefined);
      expect([kind, ok.length / ofKind.length >= 0.95]).toEqual([kind, true]);
    }
  });

  test('each refused query is refused with the message that names its construct', () => {
    const actual = census.map((entry) => [entry.query, outcome(entry.query)]);
    const expected = census.map((entry) => [entry.query, entry.refused]);
    expect(actual).toEqual(expected);
  });
});
