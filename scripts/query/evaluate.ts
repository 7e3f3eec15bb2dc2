/**
 * J1QL evaluator over a collected graph. docs/query.md gives the semantics with JupiterOne's
 * documentation as the source, and the choices made where it is silent. In short:
 *
 * - `FIND` selects by `_type` (snake_case) or `_class` (TitleCase, any class of a multi-class
 *   entity), `*`, a smart class (`#CriticalAsset`, `#<tag>`) or full-text search (`'text'`).
 * - `THAT VERB` follows relationships of that `_class` in either direction (`>>` left to right,
 *   `<<` right to left), only to entities present in the graph, and never the same relationship
 *   twice in one path. `THAT !VERB X` keeps the entities with no such relationship to any `X`
 *   (it must be the last hop). `(THAT ...)?` is optional: the position after it holds the entity
 *   before it (not taken) or the entity at its end (taken).
 * - The answer is the set of paths that satisfy every `WITH` and the `WHERE`. Without `RETURN`:
 *   the distinct `FIND` entities (with leading optional traversals, the entities they add).
 *   With `RETURN`: one row per path, `FIND UNIQUE` for distinct rows; with aggregates, one row
 *   per group of the non-aggregated values. `RETURN TREE`: the vertices and edges of the paths.
 * - Comparisons are typed, without coercion; strings compare case-sensitively; a multi-value
 *   property matches when any value matches; negated operators are the negation of their
 *   positive form (so they match a missing property); `= undefined` matches a missing one.
 */
import type {
  ChainElement,
  ComparisonOperator,
  Condition,
  EntityStep,
  Expression,
  Hop,
  Literal,
  Operand,
  PropertyRef,
  Query,
  ReturnItem,
  TextValue,
} from './ast';
import { DocumentedDataModel, emptyDataModel } from './data-model';
import { QueryError, UnsupportedError } from './errors';
import { compareText, Graph, GraphEntity, GraphRelationship, GraphSelection } from './graph';
import { parseQuery } from './parser';
import { PLACEHOLDER } from './tokenizer';
import { typoWarnings } from './typos';

export interface EvaluationOptions {
  /** Epoch milliseconds used for `date.now`. */
  now: number;
  /** Known `_type`s, classes and properties, for the typo check. */
  dataModel?: DocumentedDataModel;
  /** Values of the query's placeholders (`{{name}}`, `${name}`), by name. */
  params?: Record<string, string>;
  /** Upper bound of paths enumerated before the query fails (default 5,000,000). */
  maxPaths?: number;
  /** Typo warnings are errors (`--strict`; the report and the tests use it). */
  strict?: boolean;
}

export type GraphObject = GraphEntity | GraphRelationship;

export interface ResultRow {
  values: unknown[];
  /** The `FIND` entity of the path the row comes from (not for aggregated rows). */
  entity?: GraphEntity;
  /** Every alias bound on the row's path (not for aggregated rows). */
  bindings?: Record<string, GraphObject | undefined>;
}

/** `RETURN TREE`, in the shape of JupiterOne's graph API (`vertices`, `edges`). */
export interface TreeResult {
  vertices: Array<{
    id: string;
    entity: Record<string, unknown>;
    properties: Record<string, unknown>;
  }>;
  edges: Array<{
    id: string;
    fromVertexId: string;
    toVertexId: string;
    relationship: Record<string, unknown>;
    properties: Record<string, unknown>;
  }>;
}

export interface QueryResult {
  query: Query;
  /** The distinct `FIND` entities the query matches (after ORDER BY/SKIP/LIMIT without RETURN). */
  entities: GraphEntity[];
  /** With `RETURN`: its column names and rows. */
  columns?: string[];
  rows?: ResultRow[];
  /** With `RETURN TREE`. */
  tree?: TreeResult;
  /** Likely mistakes: unknown `_type`s, classes and properties, smart classes nothing defines. */
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

const FIXED_UNIT_MS = { minute: 60_000, hour: 3_600_000, day: 86_400_000, week: 604_800_000 };

interface Context {
  now: number;
  params: Record<string, string>;
}

/** `{{name}}` and `${name}` in a string, replaced by their values. */
function substitute(text: TextValue, context: Context): string {
  if (!text.placeholders) return text.value;
  return text.value.replace(
    new RegExp(PLACEHOLDER.source, 'g'),
    (_, braces?: string, dollar?: string) => {
      return context.params[(braces ?? dollar ?? '').trim()];
    },
  );
}

/** A whole-value placeholder's text as a J1QL value: a number, true/false, or a string. */
function parameterValue(text: string): unknown {
  if (/^-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$/.test(text.trim())) return Number(text);
  if (text === 'true' || text === 'false') return text === 'true';
  return text;
}

function literalValue(literal: Literal, context: Context): unknown {
  switch (literal.kind) {
    case 'string':
      return substitute(literal, context);
    case 'number':
    case 'boolean':
      return literal.value;
    case 'regex':
      // Stateless matching: a global or sticky flag would make `test` remember its position.
      return new RegExp(literal.source, literal.flags.replace(/[gy]/g, ''));
    case 'parameter':
      return parameterValue(context.params[literal.name]);
    case 'staticDate':
      return literal.value;
    case 'date': {
      let time = context.now;
      for (const { amount, unit } of literal.offsets) {
        if (unit === 'month' || unit === 'year') {
          // Calendar arithmetic (UTC): date.now - 1 month is the same day of the previous month.
          const date = new Date(time);
          if (unit === 'month') date.setUTCMonth(date.getUTCMonth() + amount);
          else date.setUTCFullYear(date.getUTCFullYear() + amount);
          time = date.getTime();
        } else {
          time += amount * FIXED_UNIT_MS[unit];
        }
      }
      return time;
    }
    case 'undefined':
      return undefined;
  }
}

/** A compiled condition: a predicate over the values a property reference resolves to. */
type Predicate = (resolve: (ref: PropertyRef) => unknown) => boolean;

function compileOperand(
  operand: Operand,
  context: Context,
):
  | { kind: 'values'; connective: 'and' | 'or'; values: unknown[] }
  | { kind: 'ref'; ref: PropertyRef } {
  if (operand.kind === 'property') return { kind: 'ref', ref: operand };
  if (operand.kind === 'list') {
    return {
      kind: 'values',
      connective: operand.connective,
      values: operand.values.map((value) => literalValue(value, context)),
    };
  }
  return { kind: 'values', connective: 'or', values: [literalValue(operand, context)] };
}

function compileCondition(condition: Condition, context: Context): Predicate {
  switch (condition.kind) {
    case 'and': {
      const parts = condition.conditions.map((part) => compileCondition(part, context));
      return (resolve) => parts.every((part) => part(resolve));
    }
    case 'or': {
      const parts = condition.conditions.map((part) => compileCondition(part, context));
      return (resolve) => parts.some((part) => part(resolve));
    }
    case 'not': {
      const inner = compileCondition(condition.condition, context);
      return (resolve) => !inner(resolve);
    }
    case 'compare': {
      const { left, operator } = condition;
      const positive = POSITIVE[operator];
      const negated = operator.startsWith('!');
      const right = compileOperand(condition.right, context);
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
      return negated ? (resolve) => !positiveMatch(resolve) : positiveMatch;
    }
  }
}

/** JupiterOne's default critical-asset definition (docs/query.md, "Smart classes"). */
const CRITICAL_ASSET_CLASSES = new Set([
  'Application',
  'CodeRepo',
  'DataStore',
  'Function',
  'Host',
  'Logs',
]);

function classesOf(entity: GraphEntity): string[] {
  return Array.isArray(entity._class) ? entity._class : [entity._class];
}

function hasTag(entity: GraphEntity, tag: string): boolean {
  const tags = entity.tags;
  return (Array.isArray(tags) ? tags : [tags]).includes(tag);
}

function smartClassMatches(entity: GraphEntity, name: string): boolean {
  if (hasTag(entity, name)) return true;
  if (name === 'CriticalAsset') {
    const production = entity['tag.Production'];
    return (
      classesOf(entity).some((entityClass) => CRITICAL_ASSET_CLASSES.has(entityClass)) &&
      (production === true || production === 'true') &&
      entity.classification === 'critical'
    );
  }
  // A key-value tag matches when its value is true.
  return entity[`tag.${name}`] === true;
}

/** Full-text search: a property value (or a list's item) holding the text, ignoring case. */
function textMatches(entity: GraphEntity, needle: string): boolean {
  for (const [name, value] of Object.entries(entity)) {
    if (name === '_rawData') continue;
    for (const item of valuesOf(value)) {
      if (
        (typeof item === 'string' || typeof item === 'number') &&
        String(item).toLowerCase().includes(needle)
      ) {
        return true;
      }
    }
  }
  return false;
}

function selectEntities(graph: Graph, step: EntityStep): Iterable<GraphEntity> {
  if (step.selector.kind === 'any') return graph.entities();
  if (step.selector.items.length === 1) {
    const [item] = step.selector.items;
    return item.isClass ? graph.entitiesOfClass(item.name) : graph.entitiesOfType(item.name);
  }
  const seen = new Set<GraphEntity>();
  for (const item of step.selector.items) {
    for (const entity of item.isClass
      ? graph.entitiesOfClass(item.name)
      : graph.entitiesOfType(item.name)) {
      seen.add(entity);
    }
  }
  return seen;
}

function candidatesOf(graph: Graph, step: EntityStep, context: Context): Set<GraphEntity> {
  const filter = step.filter ? compileCondition(step.filter, context) : undefined;
  const needle = step.search ? substitute(step.search, context).toLowerCase() : undefined;
  const smart = step.smartClasses ?? [];
  const result = new Set<GraphEntity>();
  for (const entity of selectEntities(graph, step)) {
    if (smart.some((name) => !smartClassMatches(entity, name))) continue;
    if (needle !== undefined && !textMatches(entity, needle)) continue;
    if (filter && !filter((ref) => entity[ref.property])) continue;
    result.add(entity);
  }
  return result;
}

/** The relationships of a hop from `entity` to an entity of `targets`, with that entity. */
function* neighbours(
  graph: Graph,
  entity: GraphEntity,
  hop: Hop,
  targets: Set<GraphEntity> | null,
): Generator<{ relationship: GraphRelationship; other: GraphEntity }> {
  for (const relationship of graph.relationshipsOf(entity._key)) {
    if (hop.verbs && !hop.verbs.includes(String(relationship._class).toUpperCase())) continue;
    const isFrom = relationship._fromEntityKey === entity._key;
    const isTo = relationship._toEntityKey === entity._key;
    // A relationship from an entity to itself is seen once, as an outgoing one.
    let otherKey: string | undefined;
    if (isFrom && hop.direction !== 'in') otherKey = relationship._toEntityKey;
    else if (isTo && hop.direction !== 'out') otherKey = relationship._fromEntityKey;
    if (otherKey === undefined) continue;
    const other = graph.entity(otherKey);
    if (other && (targets === null || targets.has(other))) yield { relationship, other };
  }
}

/** The entities with at least one hop relationship to an entity of `targets`. */
function sourcesOf(
  graph: Graph,
  hop: Hop,
  targets: Set<GraphEntity>,
  within: Set<GraphEntity> | null,
): Set<GraphEntity> {
  const result = new Set<GraphEntity>();
  if (within && within.size <= targets.size) {
    for (const entity of within) {
      if (!neighbours(graph, entity, hop, targets).next().done) result.add(entity);
    }
    return result;
  }
  const reverse: Hop = {
    ...hop,
    direction: hop.direction === 'out' ? 'in' : hop.direction === 'in' ? 'out' : 'any',
  };
  for (const target of targets) {
    for (const { other } of neighbours(graph, target, reverse, within)) result.add(other);
  }
  return result;
}

function intersect(a: Set<GraphEntity>, b: Set<GraphEntity> | null): Set<GraphEntity> {
  if (b === null) return a;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  return new Set([...small].filter((entity) => large.has(entity)));
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
  if (typeof x === 'object' && typeof y === 'object') {
    return compareText(String((x as GraphEntity)._key), String((y as GraphEntity)._key));
  }
  if (typeof x === typeof y) return compareText(String(x), String(y));
  return compareText(typeof x, typeof y);
}

function columnName(item: ReturnItem): string {
  if (item.as) return item.as;
  switch (item.kind) {
    case 'alias':
    case 'all':
      return item.alias;
    case 'count':
      return `COUNT(${item.alias}${item.property ? `.${item.property}` : ''})`;
    case 'property':
      return `${item.ref.alias}.${item.ref.property}`;
    case 'expression':
      return item.text;
  }
}

function hasAggregate(expression: Expression): boolean {
  switch (expression.kind) {
    case 'aggregate':
      return true;
    case 'binary':
      return hasAggregate(expression.left) || hasAggregate(expression.right);
    case 'negate':
      return hasAggregate(expression.operand);
    case 'call':
      return expression.args.some(hasAggregate);
    default:
      return false;
  }
}

function isAggregateItem(item: ReturnItem): boolean {
  return item.kind === 'count' || (item.kind === 'expression' && hasAggregate(item.expression));
}

type Bindings = Record<string, GraphObject | undefined>;

function numeric(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function evaluateExpression(
  expression: Expression,
  bindings: Bindings,
  context: Context,
  aggregate?: (expression: Extract<Expression, { kind: 'aggregate' }>) => unknown,
): unknown {
  const recurse = (inner: Expression) => evaluateExpression(inner, bindings, context, aggregate);
  switch (expression.kind) {
    case 'property':
      return property(bindings[expression.ref.alias as string], expression.ref.property);
    case 'alias':
      return bindings[expression.alias];
    case 'literal':
      return literalValue(expression.value, context);
    case 'aggregate':
      if (!aggregate) throw new Error('aggregate outside a group');
      return aggregate(expression);
    case 'negate': {
      const value = numeric(recurse(expression.operand));
      return value === undefined ? undefined : -value;
    }
    case 'binary': {
      // Arithmetic works on numbers only, as JupiterOne documents ('1' is not 1).
      const left = numeric(recurse(expression.left));
      const right = numeric(recurse(expression.right));
      if (left === undefined || right === undefined) return undefined;
      switch (expression.operator) {
        case '+':
          return left + right;
        case '-':
          return left - right;
        case '*':
          return left * right;
        case '/':
          return right === 0 ? undefined : left / right;
        case '^':
          return left ** right;
      }
      return undefined;
    }
    case 'call': {
      const args = expression.args.map(recurse);
      const number = numeric(args[0]);
      switch (expression.name) {
        case 'ABS':
          return number === undefined ? undefined : Math.abs(number);
        case 'SQRT':
          return number === undefined || number < 0 ? undefined : Math.sqrt(number);
        case 'CEIL':
          return number === undefined ? undefined : Math.ceil(number);
        case 'FLOOR':
          return number === undefined ? undefined : Math.floor(number);
        case 'ROUND':
          return number === undefined ? undefined : Math.round(number);
        case 'COALESCE':
          return args.find((value) => value !== undefined && value !== null);
        case 'CONCAT':
          // A missing value is an empty string; numbers and booleans become text.
          return args
            .map((value) =>
              value === undefined || value === null ? '' : valuesOf(value).join(','),
            )
            .join('');
        case 'MERGE':
          return args.flatMap(valuesOf);
      }
    }
  }
  return undefined;
}

/**
 * The graph objects a query can reach: the entities its steps select and the relationships of
 * its hops' classes. Loading only the files that hold them gives the same answer.
 */
export function graphSelection(query: Query): GraphSelection {
  const selection: GraphSelection = {
    entityTypes: new Set(),
    entityClasses: new Set(),
    allEntities: false,
    relationshipClasses: new Set(),
    allRelationships: false,
  };
  const step = (entityStep: EntityStep) => {
    if (entityStep.selector.kind === 'any') {
      selection.allEntities = true;
      return;
    }
    for (const item of entityStep.selector.items) {
      (item.isClass ? selection.entityClasses : selection.entityTypes).add(item.name);
    }
  };
  const hop = (element: Hop) => {
    if (element.verbs) element.verbs.forEach((verb) => selection.relationshipClasses.add(verb));
    else selection.allRelationships = true;
    step(element.target);
  };
  step(query.start);
  for (const element of query.hops) {
    if (element.kind === 'hop') hop(element);
    else element.hops.forEach(hop);
  }
  return selection;
}

/** Parses and evaluates a query (see the module comment for the semantics). */
export function runQuery(graph: Graph, text: string, options: EvaluationOptions): QueryResult {
  return evaluateQuery(graph, parseQuery(text), options);
}

/** Every placeholder the query holds must have a value: never a literal `{{name}}` match. */
function checkParameters(query: Query, params: Record<string, string>): void {
  const missing = query.parameters.filter((name) => params[name] === undefined);
  if (missing.length === 0) return;
  throw new QueryError(
    `the query has placeholder${missing.length === 1 ? '' : 's'} with no value: ` +
      `${missing.map((name) => `{{${name}}}`).join(', ')}; give ` +
      missing.map((name) => `--param ${JSON.stringify(name)}=<value>`).join(' '),
  );
}

/** Position i of the chain: the step there (none after an optional traversal) and its alias. */
interface Position {
  step?: EntityStep;
  alias?: string;
  candidates: Set<GraphEntity> | null;
}

export function evaluateQuery(graph: Graph, query: Query, options: EvaluationOptions): QueryResult {
  const context: Context = { now: options.now, params: options.params ?? {} };
  checkParameters(query, context.params);
  const maxPaths = options.maxPaths ?? 5_000_000;
  const elements: ChainElement[] = query.hops;
  const warnings = typoWarnings(graph, query, options.dataModel ?? emptyDataModel());
  if (options.strict && warnings.length > 0) {
    throw new QueryError(`${warnings.join('\n')}\n(--strict: warnings are errors)`);
  }

  const positions: Position[] = [
    {
      step: query.start,
      alias: query.start.alias,
      candidates: candidatesOf(graph, query.start, context),
    },
  ];
  const innerCandidates = new Map<Hop, Set<GraphEntity>>();
  for (const element of elements) {
    if (element.kind === 'hop') {
      positions.push({
        step: element.target,
        alias: element.target.alias,
        candidates: candidatesOf(graph, element.target, context),
      });
    } else {
      for (const hop of element.hops) {
        innerCandidates.set(hop, candidatesOf(graph, hop.target, context));
      }
      positions.push({ alias: element.alias, candidates: null });
    }
  }
  const n = elements.length;

  // Backwards: the entities at each position that can complete the rest of the chain
  // (null: any entity). Inside optional traversals, per inner hop: its target's live entities.
  const alive: Array<Set<GraphEntity> | null> = new Array(n + 1);
  const innerAlive = new Map<Hop, Set<GraphEntity>>();
  alive[n] = positions[n].candidates;
  for (let index = n - 1; index >= 0; index--) {
    const element = elements[index];
    const own = positions[index].candidates;
    const next = alive[index + 1];
    if (element.kind === 'hop') {
      if (element.negated) {
        const targets = positions[index + 1].candidates as Set<GraphEntity>;
        const within = own ?? new Set(graph.entities());
        alive[index] = new Set(
          [...within].filter((entity) => neighbours(graph, entity, element, targets).next().done),
        );
      } else {
        alive[index] = sourcesOf(graph, element, next as Set<GraphEntity>, own);
      }
      continue;
    }
    let targets = intersect(
      innerCandidates.get(element.hops[element.hops.length - 1]) as Set<GraphEntity>,
      next,
    );
    for (let inner = element.hops.length - 1; inner >= 0; inner--) {
      const hop = element.hops[inner];
      innerAlive.set(hop, targets);
      const before =
        inner > 0 ? (innerCandidates.get(element.hops[inner - 1]) as Set<GraphEntity>) : own;
      targets = sourcesOf(graph, hop, targets, before);
    }
    // Not taken: the entity itself must be alive after the traversal.
    if (next === null) alive[index] = own;
    else {
      const union = new Set([...targets, ...(own ? intersect(own, next) : next)]);
      alive[index] = own ? intersect(own, union) : union;
    }
  }

  // The position whose entities are the answer without RETURN: FIND's, or after the
  // optional traversals right behind it (`FIND User (THAT IS Person)?` finds Users and Persons).
  let resultPosition = 0;
  while (resultPosition < n && elements[resultPosition].kind === 'optional') resultPosition++;

  const where = query.where ? compileCondition(query.where, context) : undefined;
  const needsPaths =
    where !== undefined ||
    query.returns !== undefined ||
    query.returnTree ||
    elements.some((element) => element.kind === 'optional') ||
    elements.filter((element) => element.kind === 'hop' && !element.negated).length > 1;

  if (!needsPaths) {
    return finishEntities([...(alive[0] as Set<GraphEntity>)], query, warnings);
  }

  // Forward: every path through the live entities, never over the same relationship twice.
  let pathCount = 0;
  const bindings: Bindings = {};
  const pathEntities: GraphEntity[] = [];
  const pathEdges: GraphRelationship[] = [];
  const used = new Set<string>();
  const atPosition: GraphEntity[] = [];
  type Visit = (bindings: Bindings, result: GraphEntity) => boolean;
  let visit: Visit = () => false;

  const onPath = (): boolean => {
    if (++pathCount > maxPaths) {
      throw new QueryError(
        `the query matches more than ${maxPaths} paths; narrow it with WITH filters`,
      );
    }
    if (where && !where((ref) => property(bindings[ref.alias as string], ref.property)))
      return false;
    return visit(bindings, atPosition[resultPosition]);
  };

  const follow = (
    hop: Hop,
    entity: GraphEntity,
    targets: Set<GraphEntity> | null,
    then: (other: GraphEntity) => boolean,
  ): boolean => {
    for (const { relationship, other } of neighbours(graph, entity, hop, targets)) {
      if (used.has(relationship._key)) continue;
      used.add(relationship._key);
      pathEdges.push(relationship);
      pathEntities.push(other);
      if (hop.edgeAlias) bindings[hop.edgeAlias] = relationship;
      if (hop.target.alias) bindings[hop.target.alias] = other;
      const stop = then(other);
      if (hop.edgeAlias) delete bindings[hop.edgeAlias];
      if (hop.target.alias) delete bindings[hop.target.alias];
      pathEntities.pop();
      pathEdges.pop();
      used.delete(relationship._key);
      if (stop) return true;
    }
    return false;
  };

  const walk = (index: number, entity: GraphEntity): boolean => {
    const alias = positions[index].alias;
    if (alias) bindings[alias] = entity;
    atPosition[index] = entity;
    let stop = false;
    const element = elements[index];
    if (index === n || (element.kind === 'hop' && element.negated)) {
      // A negated last hop was checked when `alive` was built; it binds nothing.
      stop = onPath();
    } else if (element.kind === 'hop') {
      stop = follow(element, entity, alive[index + 1], (other) => walk(index + 1, other));
    } else {
      const next = alive[index + 1];
      if (next === null || next.has(entity)) stop = walk(index + 1, entity);
      const inner = (hopIndex: number, from: GraphEntity): boolean => {
        const hop = element.hops[hopIndex];
        return follow(hop, from, innerAlive.get(hop) as Set<GraphEntity>, (other) =>
          hopIndex + 1 < element.hops.length ? inner(hopIndex + 1, other) : walk(index + 1, other),
        );
      };
      if (!stop) stop = inner(0, entity);
    }
    if (alias) delete bindings[alias];
    return stop;
  };

  /** `each` returns true to stop walking the paths of the current FIND entity. */
  const walkAll = (each: Visit) => {
    visit = each;
    for (const entity of alive[0] as Set<GraphEntity>) {
      pathEntities.length = 0;
      pathEntities.push(entity);
      walk(0, entity);
    }
  };

  if (query.returnTree) {
    const vertices = new Map<string, GraphEntity>();
    const edges = new Map<string, GraphRelationship>();
    const matched = new Set<GraphEntity>();
    walkAll((_, result) => {
      matched.add(result);
      for (const entity of pathEntities) vertices.set(entity._key, entity);
      for (const edge of pathEdges) edges.set(edge._key, edge);
      return false;
    });
    const result = finishEntities([...matched], query, warnings);
    result.tree = treeOf([...vertices.values()], [...edges.values()]);
    return result;
  }

  if (!query.returns) {
    const matched = new Set<GraphEntity>();
    walkAll((_, result) => {
      matched.add(result);
      // Without optional traversals, one path per FIND entity is enough.
      return resultPosition === 0;
    });
    return finishEntities([...matched], query, warnings);
  }

  // RETURN: one row per path.
  const rows: ResultRow[] = [];
  const matched = new Set<GraphEntity>();
  walkAll((bound, result) => {
    matched.add(result);
    rows.push({ values: [], entity: result, bindings: { ...bound } });
    return false;
  });

  const items = query.returns;
  let columns = items.map(columnName);
  let result: ResultRow[];
  if (items.some(isAggregateItem)) {
    result = groupAndAggregate(rows, items, context);
  } else {
    for (const row of rows) {
      row.values = items.map((item) => itemValue(item, row.bindings ?? {}, context));
    }
    result = rows;
  }
  if (query.unique) result = distinctRows(result);
  result = orderRows(result, query, columns, items);
  ({ columns, rows: result } = expandAll(columns, result, items));
  return {
    query,
    entities: orderEntities([...matched], query),
    columns,
    rows: page(result, query),
    warnings,
  };
}

function finishEntities(entities: GraphEntity[], query: Query, warnings: string[]): QueryResult {
  for (const item of query.orderBy) {
    if (
      item.column !== undefined ||
      (item.ref?.alias !== undefined && item.ref.alias !== query.start.alias)
    ) {
      throw new UnsupportedError(
        `ORDER BY ${item.column ?? `${item.ref?.alias}.${item.ref?.property}`} without RETURN; ` +
          "order by the FIND entity's properties, or RETURN what you order by",
        query.text,
        item.ref?.offset,
      );
    }
  }
  return { query, entities: page(orderEntities(entities, query), query), warnings };
}

function itemValue(item: ReturnItem, bindings: Bindings, context: Context): unknown {
  switch (item.kind) {
    case 'alias':
    case 'all':
      return bindings[item.alias];
    case 'property':
      return property(bindings[item.ref.alias as string], item.ref.property);
    case 'expression':
      return evaluateExpression(item.expression, bindings, context);
    case 'count':
      return undefined;
  }
}

function rowKey(values: unknown[]): string {
  return JSON.stringify(values, (_, value: unknown) =>
    value && typeof value === 'object' && !Array.isArray(value) && '_key' in value
      ? `\u0000${String((value as GraphEntity)._key)}`
      : value === undefined
        ? null
        : value,
  );
}

function distinctRows(rows: ResultRow[]): ResultRow[] {
  const seen = new Set<string>();
  return rows.filter((row) => {
    const key = rowKey(row.values);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function orderRows(
  rows: ResultRow[],
  query: Query,
  columns: string[],
  items: ReturnItem[],
): ResultRow[] {
  if (query.orderBy.length === 0) return rows;
  const aggregated = items.some(isAggregateItem);
  const keys = query.orderBy.map((order) => {
    if (order.column !== undefined) {
      const index = columns.findIndex(
        (column) => column === order.column || column.toLowerCase() === order.column?.toLowerCase(),
      );
      if (index < 0) {
        throw new QueryError(
          `ORDER BY ${order.column}: no returned column has that name`,
          query.text,
        );
      }
      return { index, descending: order.descending };
    }
    const ref = order.ref as PropertyRef;
    const alias = ref.alias ?? query.start.alias;
    const index = items.findIndex(
      (item) =>
        item.kind === 'property' && item.ref.alias === alias && item.ref.property === ref.property,
    );
    if (aggregated && index < 0) {
      throw new UnsupportedError(
        'ORDER BY on a property that the aggregating query does not RETURN; RETURN it too',
        query.text,
        ref.offset,
      );
    }
    return { index, alias, property: ref.property, descending: order.descending };
  });
  return [...rows].sort((a, b) => {
    for (const key of keys) {
      const value = (row: ResultRow) =>
        key.index >= 0
          ? row.values[key.index]
          : property(row.bindings?.[key.alias ?? ''], key.property ?? '');
      const order = sortValue(value(a), value(b));
      if (order !== 0) return key.descending ? -order : order;
    }
    return 0;
  });
}

/** `alias.*`: one column per property any bound object of the alias carries. */
function expandAll(
  columns: string[],
  rows: ResultRow[],
  items: ReturnItem[],
): { columns: string[]; rows: ResultRow[] } {
  if (!items.some((item) => item.kind === 'all')) return { columns, rows };
  const parts = items.map((item, index) => {
    if (item.kind !== 'all') return { names: [columns[index]], expand: undefined };
    const names = new Set<string>();
    for (const row of rows) {
      const object = row.values[index] as Record<string, unknown> | undefined;
      for (const name of Object.keys(object ?? {})) if (name !== '_rawData') names.add(name);
    }
    const sorted = [...names].sort(compareText);
    return { names: sorted.map((name) => `${item.alias}.${name}`), expand: sorted };
  });
  return {
    columns: parts.flatMap((part) => part.names),
    rows: rows.map((row) => ({
      ...row,
      values: parts.flatMap((part, index) =>
        part.expand
          ? part.expand.map((name) => property(row.values[index] as GraphObject | undefined, name))
          : [row.values[index]],
      ),
    })),
  };
}

function orderEntities(entities: GraphEntity[], query: Query): GraphEntity[] {
  if (query.orderBy.length === 0) return entities;
  return [...entities].sort((a, b) => {
    for (const item of query.orderBy) {
      if (!item.ref || (item.ref.alias !== undefined && item.ref.alias !== query.start.alias))
        continue;
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

/**
 * Aggregation: the non-aggregated items are the group key; `COUNT(alias)` counts distinct
 * entities, `COUNT(alias.property)` distinct values, and MIN/MAX/AVG/SUM take each distinct
 * entity's value once (a path count must not multiply a sum).
 */
function groupAndAggregate(rows: ResultRow[], items: ReturnItem[], context: Context): ResultRow[] {
  const groups = new Map<string, { values: unknown[]; members: Bindings[] }>();
  for (const row of rows) {
    const bindings = row.bindings ?? {};
    const keyValues = items.map((item) =>
      isAggregateItem(item) ? null : itemValue(item, bindings, context),
    );
    const key = rowKey(keyValues);
    let group = groups.get(key);
    if (!group) {
      group = { values: keyValues, members: [] };
      groups.set(key, group);
    }
    group.members.push(bindings);
  }
  if (groups.size === 0 && items.every(isAggregateItem)) {
    groups.set('', { values: items.map(() => null), members: [] });
  }
  return [...groups.values()].map((group) => {
    const aggregate = (expression: { name: string; alias: string; property?: string }): unknown => {
      const entities = new Map<string, GraphObject>();
      for (const member of group.members) {
        const bound = member[expression.alias];
        if (bound) entities.set(bound._key, bound);
      }
      if (expression.name === 'COUNT') {
        if (!expression.property) return entities.size;
        const values = new Set<string>();
        for (const entity of entities.values()) {
          for (const value of valuesOf(property(entity, expression.property))) {
            values.add(JSON.stringify(value));
          }
        }
        return values.size;
      }
      const numbers = [...entities.values()].flatMap((entity) =>
        valuesOf(property(entity, expression.property ?? '')).filter(
          (value): value is number => numeric(value) !== undefined,
        ),
      );
      if (numbers.length === 0) return expression.name === 'SUM' ? 0 : undefined;
      switch (expression.name) {
        case 'MIN':
          return Math.min(...numbers);
        case 'MAX':
          return Math.max(...numbers);
        case 'SUM':
          return numbers.reduce((a, b) => a + b, 0);
        default:
          return numbers.reduce((a, b) => a + b, 0) / numbers.length;
      }
    };
    return {
      values: items.map((item, index) => {
        if (item.kind === 'count')
          return aggregate({ name: 'COUNT', alias: item.alias, property: item.property });
        if (item.kind === 'expression' && hasAggregate(item.expression)) {
          return evaluateExpression(item.expression, {}, context, aggregate);
        }
        return group.values[index];
      }),
    };
  });
}

/** Vertices and edges as JupiterOne's graph API returns them: metadata apart from properties. */
function treeOf(entities: GraphEntity[], relationships: GraphRelationship[]): TreeResult {
  const split = (object: Record<string, unknown>) => {
    const metadata: Record<string, unknown> = {};
    const properties: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(object)) {
      if (name === '_rawData') continue;
      if (name.startsWith('_') || name === 'displayName') metadata[name] = value;
      if (!name.startsWith('_')) properties[name] = value;
    }
    return { metadata, properties };
  };
  const byKey = (a: { _key: string }, b: { _key: string }) => compareText(a._key, b._key);
  return {
    vertices: [...entities].sort(byKey).map((entity) => {
      const { metadata, properties } = split(entity);
      return { id: entity._key, entity: metadata, properties };
    }),
    edges: [...relationships].sort(byKey).map((relationship) => {
      const { metadata, properties } = split(relationship);
      return {
        id: relationship._key,
        fromVertexId: relationship._fromEntityKey,
        toVertexId: relationship._toEntityKey,
        relationship: metadata,
        properties,
      };
    }),
  };
}
