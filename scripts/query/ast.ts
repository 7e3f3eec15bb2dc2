/** The syntax tree of a J1QL query, as the parser builds it and the evaluator reads it. */

/** `FIND *`, `FIND jumpcloud_user`, `FIND User`, `FIND (User | jumpcloud_device)`. */
export type EntitySelector =
  { kind: 'any' } | { kind: 'list'; items: Array<{ name: string; isClass: boolean }> };

/** An entity position of the chain: what it selects, its `WITH` filter and its alias. */
export interface EntityStep {
  selector: EntitySelector;
  filter?: Condition;
  alias?: string;
  /** Offset of the selector in the query, for messages. */
  offset: number;
}

/**
 * `>>`: the relationship goes from the entity on the left to the one on the right;
 * `<<`: from the right to the left; `any`: either (J1QL's default).
 */
export type Direction = 'any' | 'out' | 'in';

/** `THAT [!]VERB[|VERB...] [>>|<<] [AS edgeAlias] <entity step>`. */
export interface Hop {
  negated: boolean;
  /** Relationship classes (upper case), or `undefined` for `RELATES TO` (any class). */
  verbs?: string[];
  direction: Direction;
  edgeAlias?: string;
  target: EntityStep;
  offset: number;
}

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

export type Literal =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'undefined' }
  | { kind: 'regex'; source: string; flags: string }
  /** `date.now`, plus or minus `offsetMs`, resolved against the evaluation's "now". */
  | { kind: 'date'; offsetMs: number };

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

export type ReturnItem =
  | { kind: 'alias'; alias: string; as?: string }
  | { kind: 'property'; ref: PropertyRef; as?: string }
  | { kind: 'count'; alias: string; as?: string };

export interface OrderItem {
  ref: PropertyRef;
  descending: boolean;
}

export interface Query {
  start: EntityStep;
  hops: Hop[];
  where?: Condition;
  returns?: ReturnItem[];
  orderBy: OrderItem[];
  skip?: number;
  limit?: number;
  /** The query text, for messages. */
  text: string;
}
