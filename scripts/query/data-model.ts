/**
 * What the documented data model says each `_type` and relationship class carries, for the
 * engine's typo check: a query that names a property no entity of the `_type` carries and
 * the documentation does not list gets a warning.
 *
 * Sources: docs/*data-model.md (the project's data model: property paragraphs that start with
 * the `_type` in backticks, entity tables with `_type` and `_class` columns, relationship tables
 * with source, `_class` and target columns) and the JupiterOne data-model schemas of the
 * classes (`@jupiterone/data-model`, the properties every entity of a class may carry).
 */
import { readdirSync, readFileSync } from 'fs';
import path from 'path';
import { projectFile } from '../lib/paths';

export interface DocumentedDataModel {
  /** `_type` -> documented property names. */
  entityProperties: Map<string, Set<string>>;
  /** `_type` -> documented prefixes (`field.<label>` documents every `field.` property). */
  entityPrefixes: Map<string, string[]>;
  /** `_type` -> its classes, from the entity tables. */
  classesOfType: Map<string, string[]>;
  /** Relationship class (upper case) -> documented property names. */
  relationshipProperties: Map<string, Set<string>>;
  /** Class -> properties of its JupiterOne schema (including Entity and GraphObject). */
  classProperties: Map<string, Set<string>>;
  /** Properties every graph object may carry (`_key`, `_type`, `displayName`, ...). */
  baseProperties: Set<string>;
}

export const DEFAULT_DOCS_DIRECTORY = projectFile('docs');

const TYPE_TOKEN = /^[a-z][a-z0-9]*_[a-z0-9_]+$/;
const BACKTICKED = /`([^`\s]+)`/g;

function backticked(text: string): string[] {
  return [...text.matchAll(BACKTICKED)].map((match) => match[1]);
}

function addAll<K, V>(map: Map<K, Set<V>>, key: K, values: Iterable<V>): void {
  const set = map.get(key) ?? new Set<V>();
  for (const value of values) set.add(value);
  map.set(key, set);
}

function cells(line: string): string[] {
  return line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((cell) => cell.trim());
}

/** Reads one Markdown data-model document into `model`. */
export function readDataModelMarkdown(markdown: string, model: DocumentedDataModel): void {
  const lines = markdown.split('\n');
  let currentTypes: string[] = [];
  let header: string[] | undefined;
  let paragraphStart = true;
  for (const line of lines) {
    const trimmed = line.trim();
    if (trimmed.startsWith('#')) {
      currentTypes = [];
      header = undefined;
      paragraphStart = true;
      continue;
    }
    if (trimmed === '') {
      header = undefined;
      paragraphStart = true;
      continue;
    }
    if (trimmed.startsWith('|')) {
      const row = cells(trimmed);
      if (!header) {
        header = row;
        continue;
      }
      if (row.every((cell) => /^:?-+:?$/.test(cell))) continue;
      readTableRow(header, row, model, currentTypes);
      paragraphStart = false;
      continue;
    }
    if (paragraphStart) {
      // A paragraph that opens with `_type`s starts the properties of those types; any
      // other paragraph continues the current ones.
      const opening = /^((?:`[a-z0-9_]+`(?:,\s*|\s+and\s+|\s+)?)+)/.exec(trimmed);
      const types = opening ? backticked(opening[1]).filter((t) => TYPE_TOKEN.test(t)) : [];
      if (types.length > 0) currentTypes = types;
    }
    paragraphStart = false;
    for (const type of currentTypes) addProperties(model, type, backticked(trimmed));
  }
}

function addProperties(model: DocumentedDataModel, type: string, tokens: string[]): void {
  const names: string[] = [];
  for (const token of tokens) {
    const open = token.indexOf('<');
    if (open > 0) {
      const prefixes = model.entityPrefixes.get(type) ?? [];
      prefixes.push(token.slice(0, open));
      model.entityPrefixes.set(type, prefixes);
    } else {
      names.push(token);
    }
  }
  addAll(model.entityProperties, type, names);
}

function readTableRow(
  header: string[],
  row: string[],
  model: DocumentedDataModel,
  currentTypes: string[],
): void {
  const column = (pattern: RegExp) => header.findIndex((cell) => pattern.test(cell));
  const typeColumn = column(/`_type`/);
  const classColumn = column(/`_class`/);
  const sourceColumn = column(/^(source|from)$/i);
  const targetColumn = column(/^(target|to)$/i);
  if (typeColumn >= 0 && classColumn >= 0) {
    const type = backticked(row[typeColumn] ?? '')[0];
    if (type) {
      const classes = backticked(row[classColumn] ?? '');
      const known = model.classesOfType.get(type) ?? [];
      model.classesOfType.set(type, [...new Set([...known, ...classes])]);
      addAll(model.entityProperties, type, []);
    }
    return;
  }
  if (classColumn >= 0 && sourceColumn >= 0 && targetColumn >= 0) {
    const relationshipClass = (row[classColumn] ?? '').replace(/`/g, '').trim().toUpperCase();
    if (!relationshipClass) return;
    const others = row.filter(
      (_, index) => index !== classColumn && index !== sourceColumn && index !== targetColumn,
    );
    addAll(
      model.relationshipProperties,
      relationshipClass,
      others.flatMap(backticked).filter((token) => /^[A-Za-z_][\w.]*$/.test(token)),
    );
    return;
  }
  // A property table under a `_type` paragraph: every backticked name documents that type.
  for (const type of currentTypes) addProperties(model, type, row.flatMap(backticked));
}

function readSchemaProperties(
  schemasDirectory: string,
  name: string,
  seen = new Set<string>(),
): Set<string> {
  const properties = new Set<string>();
  if (seen.has(name)) return properties;
  seen.add(name);
  let schema: unknown;
  try {
    schema = JSON.parse(readFileSync(path.join(schemasDirectory, `${name}.json`), 'utf8'));
  } catch {
    return properties;
  }
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const object = node as Record<string, unknown>;
    if (typeof object.$ref === 'string' && object.$ref.startsWith('#')) {
      for (const property of readSchemaProperties(schemasDirectory, object.$ref.slice(1), seen)) {
        properties.add(property);
      }
    }
    if (object.properties && typeof object.properties === 'object') {
      for (const property of Object.keys(object.properties)) properties.add(property);
    }
    for (const key of ['allOf', 'anyOf', 'oneOf']) {
      if (Array.isArray(object[key])) for (const item of object[key] as unknown[]) visit(item);
    }
  };
  visit(schema);
  return properties;
}

function schemasDirectory(): string | undefined {
  try {
    const entry = require.resolve('@jupiterone/data-model/package.json');
    return path.join(path.dirname(entry), 'dist', 'schemas');
  } catch {
    return undefined;
  }
}

export function emptyDataModel(): DocumentedDataModel {
  return {
    entityProperties: new Map(),
    entityPrefixes: new Map(),
    classesOfType: new Map(),
    relationshipProperties: new Map(),
    classProperties: new Map(),
    baseProperties: new Set(['_key', '_type', '_class', '_id', '_source', 'displayName']),
  };
}

/**
 * Reads every `*data-model.md` under `docsDirectory` and the JupiterOne class schemas of the
 * classes it mentions. A missing directory gives a model with the base properties only.
 */
export function loadDocumentedDataModel(
  docsDirectory: string = DEFAULT_DOCS_DIRECTORY,
): DocumentedDataModel {
  const model = emptyDataModel();
  let files: string[] = [];
  try {
    files = readdirSync(docsDirectory)
      .filter((file) => file.endsWith('data-model.md'))
      .sort();
  } catch {
    files = [];
  }
  for (const file of files) {
    readDataModelMarkdown(readFileSync(path.join(docsDirectory, file), 'utf8'), model);
  }
  const schemas = schemasDirectory();
  if (schemas) {
    for (const property of readSchemaProperties(schemas, 'Entity')) {
      model.baseProperties.add(property);
    }
  }
  return model;
}

/** The JupiterOne schema properties of a class (cached in the model). */
export function classSchemaProperties(
  model: DocumentedDataModel,
  entityClass: string,
): Set<string> {
  let properties = model.classProperties.get(entityClass);
  if (!properties) {
    const schemas = schemasDirectory();
    properties = schemas ? readSchemaProperties(schemas, entityClass) : new Set<string>();
    model.classProperties.set(entityClass, properties);
  }
  return properties;
}
