/** The syntax tree of a J1QL query, as the parser builds it and the evaluator reads it. */

export interface SelectorItem {
  name: string;
  /** TitleCase names are classes, the rest `_type`s (J1QL decides by case, as here). */
  isClass: boolean;
}

/** `FIND *`, `FIND jumpcloud_user`, `FIND User`, `FIND (User | jumpcloud_device)`. */
export type EntitySelector = { kind: 'any' } | { kind: 'list'; items: SelectorItem[] };

/** An entity position of the chain: what it selects, its `WITH` filter and its alias. */
export interface EntityStep {
  selector: EntitySelector;
  /** `#CriticalAsset`, `#Production`: smart classes the entity must also match. */
  smartClasses?: string[];
  /** Full-text search: `FIND 'Joe Adams'` (a string that may hold placeholders). */
  search?: TextValue;
  filter?: Condition;
  alias?: string;
  /** The alias was implied by a class, `_type` used as an alias (`RETURN User.name`). */
  implicitAlias?: boolean;
  /** Offset of the selector in the query, for messages. */
  offset: number;
}

/**
 * `>>`: the relationship goes from the entity on the left to the one on the right;
 * `<<`: from the right to the left; `any`: either (J1QL's default).
 */
export type Direction = 'any' | 'out' | 'in';

/** `THAT [!]VERB[|VERB...] [TO] [>>|<<] [AS edgeAlias] <entity step>`. */
export interface Hop {
  kind: 'hop';
  negated: boolean;
  /** Relationship classes (upper case), or `undefined` for `RELATES TO` (any class). */
  verbs?: string[];
  direction: Direction;
  edgeAlias?: string;
  target: EntityStep;
  offset: number;
}

/**
 * `(THAT ... THAT ...)? [AS alias]`: the position after it holds the entity before it (the
 * traversal not taken) or the entity at its end (taken); `alias` names that union.
 */
export interface OptionalTraversal {
  kind: 'optional';
  hops: Hop[];
  alias?: string;
  offset: number;
}

export type ChainElement = Hop | OptionalTraversal;

export type ComparisonOperator =
  '=' | '!=' | '<' | '<=' | '>' | '>=' | '~=' | '^=' | '$=' | '!~=' | '!^=' | '!$=';

/** A property of the entity being filtered (`WITH`), or of an alias (`WHERE`, `RETURN`). */
export interface PropertyRef {
  kind: 'property';
  /** Undefined inside `WITH`: the entity the filter belongs to. */
  alias?: string;
  property: string;
  offset: number;
}

/** A string, possibly holding placeholders (`'{{email}}'`) that `--param` fills in. */
export interface TextValue {
  kind: 'string';
  value: string;
  /** Names of the placeholders the string holds; the evaluator substitutes them. */
  placeholders?: string[];
}

export type DateUnit = 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year';

export type Literal =
  | TextValue
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'undefined' }
  | { kind: 'regex'; source: string; flags: string }
  /** A placeholder standing for a whole value: `{{name}}`, `${name}`. */
  | { kind: 'parameter'; name: string; offset: number }
  /**
   * `date.now`, plus or minus amounts of units, resolved against the evaluation's "now"
   * (months and years on the calendar, UTC).
   */
  | { kind: 'date'; offsets: Array<{ amount: number; unit: DateUnit }> }
  /** `date(2019-10-30)`: epoch milliseconds. */
  | { kind: 'staticDate'; value: number };

/** `('a' OR 'b')`, `(1 AND 2)`: the comparison is made with each value and combined. */
export interface ValueList {
  kind: 'list';
  connective: 'and' | 'or';
  values: Literal[];
}

export type Operand = Literal | ValueList | PropertyRef;

export type Condition =
  | { kind: 'and'; conditions: Condition[] }
  | { kind: 'or'; conditions: Condition[] }
  | { kind: 'not'; condition: Condition }
  | {
      kind: 'compare';
      left: PropertyRef;
      operator: ComparisonOperator;
      right: Operand;
      offset: number;
    };

export type AggregateFunction = 'COUNT' | 'MIN' | 'MAX' | 'AVG' | 'SUM';
export type ScalarFunction =
  'ABS' | 'SQRT' | 'CEIL' | 'FLOOR' | 'ROUND' | 'COALESCE' | 'CONCAT' | 'MERGE';

/** A computed `RETURN` value. */
export type Expression =
  | { kind: 'property'; ref: PropertyRef }
  | { kind: 'alias'; alias: string }
  | { kind: 'literal'; value: Literal }
  | { kind: 'binary'; operator: '+' | '-' | '*' | '/' | '^'; left: Expression; right: Expression }
  | { kind: 'negate'; operand: Expression }
  | { kind: 'call'; name: ScalarFunction; args: Expression[] }
  /** `COUNT(alias)`, `COUNT(alias.property)`, `MIN(alias.property)`, ... */
  | { kind: 'aggregate'; name: AggregateFunction; alias: string; property?: string };

export type ReturnItem =
  | { kind: 'alias'; alias: string; as?: string }
  | { kind: 'property'; ref: PropertyRef; as?: string }
  /** `alias.*`: every property of the alias, one column each. */
  | { kind: 'all'; alias: string; as?: string }
  | { kind: 'count'; alias: string; property?: string; as?: string }
  /** Anything else: arithmetic, scalar functions, MIN/MAX/AVG/SUM; `text` is its source. */
  | { kind: 'expression'; expression: Expression; text: string; as?: string };

export interface OrderItem {
  /** `alias.property`, or a bare property of the FIND entity. */
  ref?: PropertyRef;
  /** The name of a returned column (`ORDER BY total` after `COUNT(u) AS total`). */
  column?: string;
  descending: boolean;
}

export interface Query {
  /** `FIND UNIQUE`: one row per distinct row of values. */
  unique: boolean;
  start: EntityStep;
  hops: ChainElement[];
  where?: Condition;
  /** `RETURN TREE`: the matched subgraph, vertices and edges. */
  returnTree: boolean;
  returns?: ReturnItem[];
  orderBy: OrderItem[];
  skip?: number;
  limit?: number;
  /** Every placeholder the query holds, in order of first appearance. */
  parameters: string[];
  /** The query text, for messages. */
  text: string;
}
