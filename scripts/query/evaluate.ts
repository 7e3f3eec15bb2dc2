/**
 * J1QL evaluator over a collected graph. Semantics, following JupiterOne's published J1QL
 * reference where it speaks, and the choices made where it is silent (README, "J1QL on the
 * local graph", lists the same):
 *
 * - `FIND` selects by `_type` (snake_case) or `_class` (TitleCase, matching any class of a
 *   multi-class entity); `*` selects every entity.
 * - `THAT VERB` follows relationships of that `_class` in either direction (`>>`: from the left
 *   entity to the right one, `<<`: the reverse), and only to entities present in the graph.
 *   `THAT !VERB X` keeps the entities with no such relationship to any `X` (it must be the last
 *   hop). A query's answer is the set of paths that satisfy every `WITH` and the `WHERE`.
 * - Comparisons are typed, without coercion: `'1'` is not `1`, `'true'` is not `true`.
 *   Strings compare case-sensitively; `/re/i` for case-insensitive matches.
 * - A multi-value (array) property matches when any of its values matches.
 * - Negated operators (`!=`, `!~=`, `!^=`, `!$=`) are the negation of their positive form, so
 *   they match a missing property (`encrypted != true` includes devices that never reported),
 *   and `!= ('a' OR 'b')` is "neither a nor b" (De Morgan, as JupiterOne documents).
 * - `= undefined` matches a missing or null property (or an empty list); `!= undefined` the rest.
 * - `<`, `<=`, `>`, `>=` compare a number with a number or a string with a string; a missing
 *   property or another type never matches. `date.now +/- N minutes|hours|days` is a number of
 *   epoch milliseconds (dates in the graph are `...On` epoch-millisecond numbers).
 * - In `WHERE`, `a.x = b.y` needs both values present; `a.x != b.y` is its negation, so it
 *   holds when either is missing.
 * - Without `RETURN`, the answer is the distinct `FIND` entities; with it, one row per distinct
 *   combination of the entities the `RETURN` (and `ORDER BY`) name, or one row per group of
 *   returned properties with `COUNT(alias)` (distinct entities of that alias in the group).
 *   `SKIP`/`LIMIT` apply to those; there is no implicit limit (JupiterOne's UI stops at 250).
 */
import type {
  ComparisonOperator,
  Condition,
  EntityStep,
  Hop,
  Literal,
  Operand,
  PropertyRef,
  Query,
  ReturnItem,
} from './ast';
import { classSchemaProperties, DocumentedDataModel, emptyDataModel } from './data-model';
import { QueryError, UnsupportedError } from './errors';
import { compareText, Graph, GraphEntity, GraphRelationship } from './graph';
import { parseQuery } from './parser';

export interface EvaluationOptions {
  /** Epoch milliseconds used for `date.now`. */
  now: number;
  /** For the typo check; without it only the graph itself says which properties exist. */
  dataModel?: DocumentedDataModel;
  /** Upper bound of paths enumerated before the query fails (default 5,000,000). */
  maxPaths?: number;
}

export type GraphObject = GraphEntity | GraphRelationship;

export interface ResultRow {
  values: unknown[];
  /** The `FIND` entity of the path the row comes from (not for `COUNT` rows). */
  entity?: GraphEntity;
  /** Every alias bound on the row's path (not for `COUNT` rows). */
  bindings?: Record<string, GraphObject>;
}

export interface QueryResult {
  query: Query;
  /** The distinct `FIND` entities the query matches (after ORDER BY/SKIP/LIMIT without RETURN). */
  entities: GraphEntity[];
  /** With `RETURN`: its column names and rows. */
  columns?: string[];
  rows?: ResultRow[];
  /** Likely mistakes: unknown `_type`s and classes, properties nothing carries. */
  warnings: string[];
}

const POSITIVE: Record<ComparisonOperator, ComparisonOperator> = {
  '=': '=',
  '!=': '=',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
  '~=': '~=',
  '^=': '^=',
  '$=': '$=',
  '!~=': '~=',
  '!^=': '^=',
  '!$=': '$=',
};

function isNegated(operator: ComparisonOperator): boolean {
  return operator.startsWith('!');
}

/** The values of a property: a list's items, or the one value; none when missing. */
function valuesOf(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value)
    ? value.filter((item) => item !== undefined && item !== null)
    : [value];
}

function property(object: GraphObject | undefined, name: string): unknown {
  return object ? (object as Record<string, unknown>)[name] : undefined;
}

/** Does one value satisfy a positive operator against one expected value? */
function matchesOne(actual: unknown, operator: ComparisonOperator, expected: unknown): boolean {
  switch (operator) {
    case '=':
      return expected instanceof RegExp
        ? typeof actual === 'string' && expected.test(actual)
        : actual === expected;
    case '<':
    case '<=':
    case '>':
    case '>=': {
      const comparable =
        (typeof actual === 'number' && typeof expected === 'number') ||
        (typeof actual === 'string' && typeof expected === 'string');
      if (!comparable) return false;
      const a = actual as number | string;
      const b = expected as number | string;
      if (operator === '<') return a < b;
      if (operator === '<=') return a <= b;
      if (operator === '>') return a > b;
      return a >= b;
    }
    case '~=':
      return (
        typeof actual === 'string' && typeof expected === 'string' && actual.includes(expected)
      );
    case '^=':
      return (
        typeof actual === 'string' && typeof expected === 'string' && actual.startsWith(expected)
      );
    case '$=':
      return (
        typeof actual === 'string' && typeof expected === 'string' && actual.endsWith(expected)
      );
    default:
      throw new Error(`not a positive operator: ${operator}`);
  }
}

function literalValue(literal: Literal, now: number): unknown {
  switch (literal.kind) {
    case 'string':
    case 'number':
    case 'boolean':
      return literal.value;
    case 'regex':
      // Stateless matching: a global or sticky flag would make `test` remember its position.
      return new RegExp(literal.source, literal.flags.replace(/[gy]/g, ''));
    case 'date':
      return now + literal.offsetMs;
    case 'undefined':
      return undefined;
  }
}

/** A compiled condition: a predicate over the bindings of a path (or one entity for WITH). */
type Predicate = (resolve: (ref: PropertyRef) => unknown) => boolean;

function compileOperand(
  operand: Operand,
  now: number,
):
  | { kind: 'values'; connective: 'and' | 'or'; values: unknown[] }
  | { kind: 'ref'; ref: PropertyRef } {
  if (operand.kind === 'property') return { kind: 'ref', ref: operand };
  if (operand.kind === 'list') {
    return {
      kind: 'values',
      connective: operand.connective,
      values: operand.values.map((value) => literalValue(value, now)),
    };
  }
  return { kind: 'values', connective: 'or', values: [literalValue(operand, now)] };
}

function compileCondition(condition: Condition, now: number): Predicate {
  switch (condition.kind) {
    case 'and': {
      const parts = condition.conditions.map((part) => compileCondition(part, now));
      return (resolve) => parts.every((part) => part(resolve));
    }
    case 'or': {
      const parts = condition.conditions.map((part) => compileCondition(part, now));
      return (resolve) => parts.some((part) => part(resolve));
    }
    case 'not': {
      const inner = compileCondition(condition.condition, now);
      return (resolve) => !inner(resolve);
    }
    case 'compare': {
      const { left, operator } = condition;
      const positive = POSITIVE[operator];
      const negated = isNegated(operator);
      const right = compileOperand(condition.right, now);
      const positiveMatch = (resolve: (ref: PropertyRef) => unknown): boolean => {
        const actual = valuesOf(resolve(left));
        if (right.kind === 'ref') {
          const expected = valuesOf(resolve(right.ref));
          return actual.some((a) => expected.some((e) => matchesOne(a, positive, e)));
        }
        const one = (expected: unknown): boolean =>
          expected === undefined
            ? actual.length === 0
            : actual.some((value) => matchesOne(value, positive, expected));
        return right.connective === 'and' ? right.values.every(one) : right.values.some(one);
      };
      return negated ? (resolve) => !positiveMatch(resolve) : (resolve) => positiveMatch(resolve);
    }
  }
}

interface Position {
  step: EntityStep;
  /** Entities the selector and the WITH accept. */
  candidates: GraphEntity[];
}

function selectEntities(graph: Graph, step: EntityStep): GraphEntity[] {
  if (step.selector.kind === 'any') return [...graph.entities()];
  if (step.selector.items.length === 1) {
    const [item] = step.selector.items;
    return [...(item.isClass ? graph.entitiesOfClass(item.name) : graph.entitiesOfType(item.name))];
  }
  const seen = new Set<GraphEntity>();
  for (const item of step.selector.items) {
    for (const entity of item.isClass
      ? graph.entitiesOfClass(item.name)
      : graph.entitiesOfType(item.name)) {
      seen.add(entity);
    }
  }
  return [...seen];
}

function candidatesOf(graph: Graph, step: EntityStep, now: number): GraphEntity[] {
  const selected = selectEntities(graph, step);
  if (!step.filter) return selected;
  const predicate = compileCondition(step.filter, now);
  return selected.filter((entity) => predicate((ref) => entity[ref.property]));
}

/** The relationships of a hop from `entity` to an entity of `targets`, with that entity. */
function* neighbours(
  graph: Graph,
  entity: GraphEntity,
  hop: Hop,
  targets: Set<GraphEntity>,
): Generator<{ relationship: GraphRelationship; other: GraphEntity }> {
  for (const relationship of graph.relationshipsOf(entity._key)) {
    if (hop.verbs && !hop.verbs.includes(String(relationship._class).toUpperCase())) continue;
    const isFrom = relationship._fromEntityKey === entity._key;
    const isTo = relationship._toEntityKey === entity._key;
    // A relationship from an entity to itself is seen once, as an outgoing one.
    const ends: string[] = [];
    if (isFrom && hop.direction !== 'in') ends.push(relationship._toEntityKey);
    if (isTo && hop.direction !== 'out' && !(isFrom && hop.direction === 'any')) {
      ends.push(relationship._fromEntityKey);
    }
    for (const key of ends) {
      const other = graph.entity(key);
      if (other && targets.has(other)) yield { relationship, other };
    }
  }
}

function hasNeighbour(graph: Graph, entity: GraphEntity, hop: Hop, targets: Set<GraphEntity>) {
  return !neighbours(graph, entity, hop, targets).next().done;
}

function sortValue(a: unknown, b: unknown): number {
  const first = (value: unknown) => (Array.isArray(value) ? value[0] : value);
  const x = first(a);
  const y = first(b);
  const missingX = x === undefined || x === null;
  const missingY = y === undefined || y === null;
  if (missingX || missingY) return missingX === missingY ? 0 : missingX ? 1 : -1;
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  if (typeof x === 'boolean' && typeof y === 'boolean') return Number(x) - Number(y);
  if (typeof x === typeof y) return compareText(String(x), String(y));
  return compareText(typeof x, typeof y);
}

function columnName(item: ReturnItem): string {
  if (item.as) return item.as;
  if (item.kind === 'alias') return item.alias;
  if (item.kind === 'count') return `COUNT(${item.alias})`;
  return `${item.ref.alias}.${item.ref.property}`;
}

/** Parses and evaluates a query (see the module comment for the semantics). */
export function runQuery(graph: Graph, text: string, options: EvaluationOptions): QueryResult {
  return evaluateQuery(graph, parseQuery(text), options);
}

export function evaluateQuery(graph: Graph, query: Query, options: EvaluationOptions): QueryResult {
  const { now } = options;
  const maxPaths = options.maxPaths ?? 5_000_000;
  const steps = [query.start, ...query.hops.map((hop) => hop.target)];
  const findAlias = query.start.alias;

  // Where each alias lives: an entity position, or the relationship of a hop.
  const aliasPosition = new Map<string, { kind: 'entity' | 'edge'; index: number }>();
  steps.forEach((step, index) => {
    if (step.alias) aliasPosition.set(step.alias, { kind: 'entity', index });
  });
  query.hops.forEach((hop, index) => {
    if (hop.edgeAlias) aliasPosition.set(hop.edgeAlias, { kind: 'edge', index });
  });

  const warnings = typoWarnings(graph, query, aliasPosition, options.dataModel ?? emptyDataModel());

  const positions: Position[] = steps.map((step) => ({
    step,
    candidates: candidatesOf(graph, step, now),
  }));

  // Backwards: which entities at each position can complete the rest of the chain.
  const alive: Array<Set<GraphEntity>> = new Array(steps.length);
  alive[steps.length - 1] = new Set(positions[steps.length - 1].candidates);
  for (let index = steps.length - 2; index >= 0; index--) {
    const hop = query.hops[index];
    const next = alive[index + 1];
    alive[index] = new Set(
      positions[index].candidates.filter((entity) =>
        hop.negated
          ? !hasNeighbour(graph, entity, hop, next)
          : hasNeighbour(graph, entity, hop, next),
      ),
    );
  }

  const where = query.where ? compileCondition(query.where, now) : undefined;
  const referenced = referencedAliases(query);
  const needsPaths =
    where !== undefined ||
    (query.returns !== undefined && [...referenced].some((alias) => alias !== findAlias));

  if (!query.returns) {
    let entities: GraphEntity[];
    if (!needsPaths) {
      entities = [...alive[0]];
    } else {
      const matched = new Set<GraphEntity>();
      forEachPath(graph, query, alive, maxPaths, (bindings, path) => {
        if (!where || where(resolver(bindings))) matched.add(path[0]);
      });
      entities = [...matched];
    }
    for (const item of query.orderBy) {
      if (item.ref.alias !== undefined && item.ref.alias !== findAlias) {
        throw new UnsupportedError(
          `ORDER BY ${item.ref.alias}.${item.ref.property} without RETURN (only the FIND entity's properties)`,
          query.text,
          item.ref.offset,
        );
      }
    }
    entities = orderEntities(entities, query);
    return { query, entities: page(entities, query), warnings };
  }

  // RETURN: rows over the aliases it and ORDER BY name.
  const rowAliases = [...referenced];
  const rows: ResultRow[] = [];
  const seenRows = new Set<string>();
  const matched = new Set<GraphEntity>();
  const collect = (bindings: Record<string, GraphObject>, start: GraphEntity) => {
    if (where && !where(resolver(bindings))) return;
    matched.add(start);
    const identity = rowAliases.map((alias) => bindings[alias]?._key ?? '').join('\u0000');
    if (seenRows.has(identity)) return;
    seenRows.add(identity);
    rows.push({ values: [], entity: start, bindings });
  };
  if (needsPaths) {
    forEachPath(graph, query, alive, maxPaths, (bindings, path) => collect(bindings, path[0]));
  } else {
    for (const entity of alive[0]) collect(findAlias ? { [findAlias]: entity } : {}, entity);
  }

  const items = query.returns;
  const columns = items.map(columnName);
  const valueOf = (item: ReturnItem, bindings: Record<string, GraphObject>): unknown =>
    item.kind === 'alias'
      ? bindings[item.alias]
      : item.kind === 'property'
        ? property(bindings[item.ref.alias as string], item.ref.property)
        : undefined;

  let result: ResultRow[];
  if (items.some((item) => item.kind === 'count')) {
    result = groupAndCount(rows, items, valueOf, query);
  } else {
    for (const row of rows) row.values = items.map((item) => valueOf(item, row.bindings ?? {}));
    result = rows;
    if (query.orderBy.length > 0) {
      const resolve = resolverFor(query);
      result = [...rows].sort((a, b) => {
        for (const item of query.orderBy) {
          const order = sortValue(
            resolve(item.ref, a.bindings ?? {}),
            resolve(item.ref, b.bindings ?? {}),
          );
          if (order !== 0) return item.descending ? -order : order;
        }
        return 0;
      });
    }
  }
  return {
    query,
    entities: orderEntities([...matched], query),
    columns,
    rows: page(result, query),
    warnings,
  };
}

function resolver(bindings: Record<string, GraphObject>) {
  return (ref: PropertyRef) => property(bindings[ref.alias as string], ref.property);
}

/** ORDER BY references: `alias.prop`, or a bare property of the FIND entity. */
function resolverFor(query: Query) {
  return (ref: PropertyRef, bindings: Record<string, GraphObject>): unknown => {
    const alias = ref.alias ?? query.start.alias;
    if (alias === undefined) return undefined;
    return property(bindings[alias], ref.property);
  };
}

function orderEntities(entities: GraphEntity[], query: Query): GraphEntity[] {
  if (query.orderBy.length === 0) return entities;
  return [...entities].sort((a, b) => {
    for (const item of query.orderBy) {
      if (item.ref.alias !== undefined && item.ref.alias !== query.start.alias) continue;
      const order = sortValue(a[item.ref.property], b[item.ref.property]);
      if (order !== 0) return item.descending ? -order : order;
    }
    return 0;
  });
}

function page<T>(list: T[], query: Query): T[] {
  const skip = query.skip ?? 0;
  return list.slice(skip, query.limit === undefined ? undefined : skip + query.limit);
}

function referencedAliases(query: Query): Set<string> {
  const aliases = new Set<string>();
  if (query.start.alias) aliases.add(query.start.alias);
  for (const item of query.returns ?? []) {
    aliases.add(item.kind === 'property' ? (item.ref.alias as string) : item.alias);
  }
  for (const item of query.orderBy) if (item.ref.alias) aliases.add(item.ref.alias);
  return aliases;
}

function groupAndCount(
  rows: ResultRow[],
  items: ReturnItem[],
  valueOf: (item: ReturnItem, bindings: Record<string, GraphObject>) => unknown,
  query: Query,
): ResultRow[] {
  for (const item of items) {
    if (item.kind === 'alias') {
      throw new UnsupportedError(
        `RETURN ${item.alias} together with COUNT (return properties)`,
        query.text,
      );
    }
  }
  const groups = new Map<string, { values: unknown[]; counts: Map<number, Set<string>> }>();
  for (const row of rows) {
    const bindings = row.bindings ?? {};
    const keyValues = items.map((item) => (item.kind === 'count' ? null : valueOf(item, bindings)));
    const key = JSON.stringify(keyValues);
    let group = groups.get(key);
    if (!group) {
      group = { values: keyValues, counts: new Map() };
      groups.set(key, group);
    }
    items.forEach((item, index) => {
      if (item.kind !== 'count') return;
      const set = group?.counts.get(index) ?? new Set<string>();
      const bound = bindings[item.alias];
      if (bound) set.add(bound._key);
      group?.counts.set(index, set);
    });
  }
  if (groups.size === 0 && items.every((item) => item.kind === 'count')) {
    return [{ values: items.map(() => 0) }];
  }
  const result = [...groups.values()].map((group) => ({
    values: group.values.map((value, index) =>
      items[index].kind === 'count' ? (group.counts.get(index)?.size ?? 0) : value,
    ),
  }));
  if (query.orderBy.length > 0) {
    const columnsOrder = query.orderBy.map((order) => {
      const index = items.findIndex(
        (item) =>
          item.kind === 'property' &&
          item.ref.alias === (order.ref.alias ?? query.start.alias) &&
          item.ref.property === order.ref.property,
      );
      if (index < 0) {
        throw new UnsupportedError(
          'ORDER BY on a property that the COUNT query does not RETURN',
          query.text,
          order.ref.offset,
        );
      }
      return { index, descending: order.descending };
    });
    result.sort((a, b) => {
      for (const { index, descending } of columnsOrder) {
        const order = sortValue(a.values[index], b.values[index]);
        if (order !== 0) return descending ? -order : order;
      }
      return 0;
    });
  }
  return result;
}

/** Every path through the alive entities, with its alias bindings. */
function forEachPath(
  graph: Graph,
  query: Query,
  alive: Array<Set<GraphEntity>>,
  maxPaths: number,
  visit: (bindings: Record<string, GraphObject>, path: GraphEntity[]) => void,
): void {
  let count = 0;
  const bindings: Record<string, GraphObject> = {};
  const path: GraphEntity[] = [];
  const walk = (index: number, entity: GraphEntity) => {
    const alias = index === 0 ? query.start.alias : query.hops[index - 1].target.alias;
    if (alias) bindings[alias] = entity;
    path[index] = entity;
    const hop = query.hops[index];
    if (!hop || hop.negated) {
      // A negated last hop was checked when `alive` was built; it binds nothing.
      if (++count > maxPaths) {
        throw new QueryError(
          `the query matches more than ${maxPaths} paths; narrow it with WITH filters`,
        );
      }
      visit({ ...bindings }, path.slice());
      return;
    }
    for (const { relationship, other } of neighbours(graph, entity, hop, alive[index + 1])) {
      if (hop.edgeAlias) bindings[hop.edgeAlias] = relationship;
      walk(index + 1, other);
    }
  };
  for (const entity of alive[0]) walk(0, entity);
}

// --- the typo check ----------------------------------------------------------------------

function typoWarnings(
  graph: Graph,
  query: Query,
  aliasPosition: Map<string, { kind: 'entity' | 'edge'; index: number }>,
  model: DocumentedDataModel,
): string[] {
  const warnings: string[] = [];
  const steps = [query.start, ...query.hops.map((hop) => hop.target)];
  const stepTypes = steps.map((step) => typesOf(graph, step, model, warnings));

  const entityRefs: Array<Set<string>> = steps.map(() => new Set());
  const edgeRefs: Array<Set<string>> = query.hops.map(() => new Set());
  steps.forEach((step, index) => {
    if (step.filter)
      for (const name of conditionProperties(step.filter)) entityRefs[index].add(name);
  });
  const addRef = (alias: string | undefined, name: string) => {
    const position = aliasPosition.get(alias ?? query.start.alias ?? '') ?? {
      kind: 'entity' as const,
      index: 0,
    };
    (position.kind === 'entity' ? entityRefs : edgeRefs)[position.index].add(name);
  };
  if (query.where) {
    for (const ref of conditionRefs(query.where)) addRef(ref.alias, ref.property);
  }
  for (const item of query.returns ?? []) {
    if (item.kind === 'property') addRef(item.ref.alias, item.ref.property);
  }
  for (const item of query.orderBy) addRef(item.ref.alias, item.ref.property);

  steps.forEach((step, index) => {
    const types = stepTypes[index];
    if (!types || types.length === 0) return;
    for (const name of entityRefs[index]) {
      if (isKnownEntityProperty(graph, types, name, model)) continue;
      warnings.push(
        `property "${name}" is carried by no ${types.join('/')} entity in the graph and is not in ` +
          `the documented data model of ${types.join(', ')}: a typo?`,
      );
    }
  });
  query.hops.forEach((hop, index) => {
    for (const name of edgeRefs[index]) {
      if (isKnownRelationshipProperty(graph, hop, name, model)) continue;
      warnings.push(
        `property "${name}" is carried by no ${(hop.verbs ?? ['']).join('/')} relationship in the ` +
          'graph and is not in the documented data model: a typo?',
      );
    }
  });
  return warnings;
}

/** The `_type`s a selector may match (undefined for `*`); warns on unknown names. */
function typesOf(
  graph: Graph,
  step: EntityStep,
  model: DocumentedDataModel,
  warnings: string[],
): string[] | undefined {
  if (step.selector.kind === 'any') return undefined;
  const types = new Set<string>();
  for (const item of step.selector.items) {
    if (item.isClass) {
      const found = new Set<string>();
      for (const entity of graph.entitiesOfClass(item.name)) found.add(entity._type);
      for (const [type, classes] of model.classesOfType) {
        if (classes.includes(item.name)) found.add(type);
      }
      if (found.size === 0) {
        warnings.push(`no entity of class ${item.name} in the graph or the documented data model`);
      }
      for (const type of found) types.add(type);
    } else {
      if (graph.entitiesOfType(item.name).length === 0 && !model.entityProperties.has(item.name)) {
        warnings.push(`no entity of _type ${item.name} in the graph or the documented data model`);
      }
      types.add(item.name);
    }
  }
  return [...types].sort(compareText);
}

function isKnownEntityProperty(
  graph: Graph,
  types: string[],
  name: string,
  model: DocumentedDataModel,
): boolean {
  if (model.baseProperties.has(name)) return true;
  for (const type of types) {
    if (model.entityProperties.get(type)?.has(name)) return true;
    if ((model.entityPrefixes.get(type) ?? []).some((prefix) => name.startsWith(prefix))) {
      return true;
    }
    for (const entityClass of model.classesOfType.get(type) ?? []) {
      if (classSchemaProperties(model, entityClass).has(name)) return true;
    }
    for (const entity of graph.entitiesOfType(type)) {
      if (entity[name] !== undefined) return true;
    }
  }
  return false;
}

const RELATIONSHIP_BASE = new Set([
  '_key',
  '_type',
  '_class',
  '_fromEntityKey',
  '_toEntityKey',
  'displayName',
]);

function isKnownRelationshipProperty(
  graph: Graph,
  hop: Hop,
  name: string,
  model: DocumentedDataModel,
): boolean {
  if (RELATIONSHIP_BASE.has(name)) return true;
  for (const verb of hop.verbs ?? [...model.relationshipProperties.keys()]) {
    if (model.relationshipProperties.get(verb)?.has(name)) return true;
  }
  for (const relationship of graph.relationships()) {
    if (hop.verbs && !hop.verbs.includes(String(relationship._class).toUpperCase())) continue;
    if (relationship[name] !== undefined) return true;
  }
  return false;
}

function conditionRefs(condition: Condition): PropertyRef[] {
  switch (condition.kind) {
    case 'and':
    case 'or':
      return condition.conditions.flatMap(conditionRefs);
    case 'not':
      return conditionRefs(condition.condition);
    case 'compare':
      return condition.right.kind === 'property'
        ? [condition.left, condition.right]
        : [condition.left];
  }
}

function conditionProperties(condition: Condition): string[] {
  return conditionRefs(condition).map((ref) => ref.property);
}
