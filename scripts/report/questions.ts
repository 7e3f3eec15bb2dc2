/**
 * The managed questions of jupiterone/questions/questions.yaml, answered from a local graph by
 * running each question's J1QL through the engine of scripts/query (the YAML file is the one
 * place for ids, titles, descriptions and queries; there is no per-question code). A question's
 * findings are the entities its queries' `FIND` matches, over all its queries.
 */
import { readFileSync } from 'fs';
import yaml from 'js-yaml';

import type { DocumentedDataModel } from '../query/data-model';
import { runQuery, QueryResult } from '../query/evaluate';
import { compareText, Graph, GraphEntity } from '../query/graph';
import { projectFile } from '../lib/paths';

export const DEFAULT_QUESTIONS_FILE = projectFile('jupiterone', 'questions', 'questions.yaml');

export type ResultsAre = 'BAD' | 'GOOD' | 'INFORMATIVE' | 'UNKNOWN';

export interface QuestionQuery {
  name?: string;
  query: string;
  resultsAre?: ResultsAre;
}

export interface QuestionDefinition {
  id: string;
  title: string;
  description: string;
  tags: string[];
  queries: QuestionQuery[];
}

/**
 * One result row of a query for a finding: what its RETURN shows of the other aliases (a
 * binding's `direct`, the device's hostname), one value per column, and the query's name
 * when its question has several.
 */
export interface Match {
  query?: string;
  values: Record<string, string>;
}

/** One matching entity, with a short human explanation of why it matched. */
export interface Finding {
  entity: GraphEntity;
  detail?: string;
  /** Each result row that found it, with its own values (the report shows one row each). */
  matches: Match[];
}

export interface EvaluationContext {
  /** Epoch milliseconds used for `date.now`. */
  now: number;
  /** The documented data model, for the engine's typo warnings. */
  dataModel?: DocumentedDataModel;
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

export function formatDate(epochMs: unknown): string {
  return isNumber(epochMs) ? new Date(epochMs).toISOString().slice(0, 10) : '';
}

/** Best human label of an entity. */
export function entityLabel(entity: GraphEntity): string {
  for (const candidate of [entity.displayName, entity.name, entity.username, entity.hostname]) {
    if (typeof candidate === 'string' && candidate.trim() !== '') return candidate;
  }
  return entity._key;
}

const RESULTS_ARE = new Set<string>(['BAD', 'GOOD', 'INFORMATIVE', 'UNKNOWN']);

/** Reads the managed question file; throws on anything the report cannot use. */
export function loadQuestionDefinitions(file = DEFAULT_QUESTIONS_FILE): QuestionDefinition[] {
  const document = yaml.load(readFileSync(file, 'utf8')) as { questions?: unknown } | undefined;
  if (!document || !Array.isArray(document.questions)) {
    throw new Error(`${file}: no "questions" list`);
  }
  return document.questions.map((raw: unknown, index: number): QuestionDefinition => {
    const question = raw as Partial<QuestionDefinition>;
    const location = `${file}: question #${index + 1}`;
    for (const field of ['id', 'title', 'description'] as const) {
      if (typeof question[field] !== 'string' || question[field]?.trim() === '') {
        throw new Error(`${location}: "${field}" must be a non-empty string`);
      }
    }
    if (!Array.isArray(question.queries) || question.queries.length === 0) {
      throw new Error(`${location}: "queries" must be a non-empty list`);
    }
    const queries = question.queries.map((query) => {
      if (typeof query?.query !== 'string') throw new Error(`${location}: a query has no "query"`);
      const resultsAre =
        typeof query.resultsAre === 'string' ? query.resultsAre.toUpperCase() : undefined;
      if (resultsAre !== undefined && !RESULTS_ARE.has(resultsAre)) {
        throw new Error(`${location}: unknown resultsAre "${query.resultsAre}"`);
      }
      return {
        name: query.name,
        query: query.query.trim(),
        resultsAre: resultsAre as ResultsAre | undefined,
      };
    });
    return {
      id: question.id as string,
      title: (question.title as string).trim(),
      description: (question.description as string).replace(/\s+/g, ' ').trim(),
      tags: Array.isArray(question.tags) ? question.tags.map(String) : [],
      queries,
    };
  });
}

/**
 * The verdict of a question as a whole: BAD if any of its queries' results are bad, else the
 * first declared value, else UNKNOWN.
 */
export function questionResultsAre(question: QuestionDefinition): ResultsAre {
  const values = question.queries.map((query) => query.resultsAre).filter(Boolean) as ResultsAre[];
  if (values.includes('BAD')) return 'BAD';
  return values[0] ?? 'UNKNOWN';
}

export interface QuestionAnswer {
  question: QuestionDefinition;
  resultsAre: ResultsAre;
  findings: Finding[];
  /** The engine's warnings (likely typos), prefixed with the query's name. */
  warnings: string[];
}

const MAX_DETAIL_VALUES = 5;

function detailValue(value: unknown, name: string): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map((item) => detailValue(item, name)).join(', ');
  if (typeof value === 'object') {
    return entityLabel(value as GraphEntity);
  }
  if (/On$/.test(name) && isNumber(value)) return formatDate(value);
  return String(value);
}

/**
 * Why an entity matched, from the queries that found it: the query's name when the question
 * has several, and what the RETURN clause shows of the other aliases (`app.name: Box, Zoom`).
 */
function describe(result: QueryResult, entity: GraphEntity): string[] {
  const items = result.query.returns ?? [];
  const findAlias = result.query.start.alias;
  const parts: string[] = [];
  items.forEach((item, index) => {
    // Details come from plain values; aggregates and computed columns say nothing per entity.
    if (item.kind !== 'alias' && item.kind !== 'property') return;
    const alias = item.kind === 'alias' ? item.alias : item.ref.alias;
    if (alias === findAlias) return;
    const name = item.kind === 'property' ? item.ref.property : '';
    const values = new Set<string>();
    for (const row of result.rows ?? []) {
      if (row.entity !== entity) continue;
      const text = detailValue(row.values[index], name);
      if (text !== '') values.add(text);
    }
    if (values.size === 0) return;
    const sorted = [...values].sort(compareText);
    const shown = sorted.slice(0, MAX_DETAIL_VALUES).join(', ');
    const more =
      sorted.length > MAX_DETAIL_VALUES ? ` and ${sorted.length - MAX_DETAIL_VALUES} more` : '';
    parts.push(`${result.columns?.[index] ?? name}: ${shown}${more}`);
  });
  return parts;
}

/** The result rows of `entity`, each with its own values of the other aliases. */
function matchesOf(result: QueryResult, entity: GraphEntity, query?: string): Match[] {
  const items = result.query.returns ?? [];
  const findAlias = result.query.start.alias;
  const seen = new Set<string>();
  const matches: Match[] = [];
  for (const row of result.rows ?? []) {
    if (row.entity !== entity) continue;
    const values: Record<string, string> = {};
    items.forEach((item, index) => {
      // Details come from plain values; aggregates and computed columns say nothing per row.
      if (item.kind !== 'alias' && item.kind !== 'property') return;
      const alias = item.kind === 'alias' ? item.alias : item.ref.alias;
      if (alias === findAlias) return;
      const name = item.kind === 'property' ? item.ref.property : '';
      values[result.columns?.[index] ?? name] = detailValue(row.values[index], name);
    });
    const key = JSON.stringify(values);
    if (seen.has(key)) continue;
    seen.add(key);
    matches.push({ ...(query ? { query } : {}), values });
  }
  return matches.length > 0 ? matches : [{ ...(query ? { query } : {}), values: {} }];
}

/**
 * Answers every question of the file, in file order, by running its J1QL through the engine.
 * A query the engine cannot read fails the whole report with the question's id.
 */
export function answerQuestions(
  graph: Graph,
  questions: QuestionDefinition[],
  context: EvaluationContext,
): QuestionAnswer[] {
  return questions.map((question) => {
    const found = new Map<GraphEntity, string[]>();
    const matches = new Map<GraphEntity, Match[]>();
    const warnings: string[] = [];
    for (const query of question.queries) {
      let result: QueryResult;
      try {
        result = runQuery(graph, query.query, { now: context.now, dataModel: context.dataModel });
      } catch (error) {
        throw new Error(
          `${question.id}${query.name ? ` ("${query.name}")` : ''}: ${(error as Error).message}`,
        );
      }
      for (const warning of result.warnings) {
        warnings.push(`${question.id}${query.name ? ` ("${query.name}")` : ''}: ${warning}`);
      }
      for (const entity of result.entities) {
        const parts = found.get(entity) ?? [];
        const details = describe(result, entity);
        if (question.queries.length > 1 && query.name) {
          parts.push(details.length > 0 ? `${query.name} (${details.join('; ')})` : query.name);
        } else {
          parts.push(...details);
        }
        found.set(entity, parts);
        const name = question.queries.length > 1 ? query.name : undefined;
        matches.set(entity, [...(matches.get(entity) ?? []), ...matchesOf(result, entity, name)]);
      }
    }
    const findings: Finding[] = [...found.entries()].map(([entity, parts]) => ({
      entity,
      ...(parts.length > 0 ? { detail: parts.join('; ') } : {}),
      matches: matches.get(entity) ?? [],
    }));
    findings.sort(
      (a, b) =>
        compareText(entityLabel(a.entity).toLowerCase(), entityLabel(b.entity).toLowerCase()) ||
        compareText(a.entity._key, b.entity._key),
    );
    return { question, resultsAre: questionResultsAre(question), findings, warnings };
  });
}
