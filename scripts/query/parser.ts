/**
 * J1QL parser: query text to the syntax tree of ./ast.ts, for the subset this engine
 * evaluates (see README, "J1QL on the local graph"). Keywords are case-insensitive;
 * `_type`s, classes, aliases and property names are not. A J1QL construct outside the
 * subset throws `UnsupportedError` naming it, so that no query silently means something
 * else here than in JupiterOne.
 */
import type {
  ComparisonOperator,
  Condition,
  Direction,
  EntitySelector,
  EntityStep,
  Hop,
  Literal,
  Operand,
  OrderItem,
  PropertyRef,
  Query,
  ReturnItem,
  ValueList,
} from './ast';
import { QueryError, UnsupportedError } from './errors';
import { Token, tokenize } from './tokenizer';

const COMPARISONS = new Set<string>([
  '=',
  '!=',
  '<',
  '<=',
  '>',
  '>=',
  '~=',
  '^=',
  '$=',
  '!~=',
  '!^=',
  '!$=',
]);

const MINUTE_MS = 60 * 1000;
const UNITS: Record<string, number> = {
  minute: MINUTE_MS,
  minutes: MINUTE_MS,
  hour: 60 * MINUTE_MS,
  hours: 60 * MINUTE_MS,
  day: 24 * 60 * MINUTE_MS,
  days: 24 * 60 * MINUTE_MS,
};
const UNSUPPORTED_UNITS = new Set([
  'second',
  'seconds',
  'week',
  'weeks',
  'month',
  'months',
  'year',
  'years',
]);

/** Words that end a clause: never an alias, a `_type` or a property. */
const RESERVED = new Set([
  'FIND',
  'WITH',
  'AS',
  'THAT',
  'WHERE',
  'RETURN',
  'ORDER',
  'BY',
  'SKIP',
  'LIMIT',
  'AND',
  'OR',
  'NOT',
]);

const AGGREGATES = new Set(['MIN', 'MAX', 'AVG', 'SUM', 'CONCAT']);

type Context = 'with' | 'where';

class Parser {
  private position = 0;
  private readonly tokens: Token[];
  private readonly aliases = new Map<string, 'entity' | 'edge'>();

  constructor(private readonly text: string) {
    this.tokens = tokenize(text);
  }

  parse(): Query {
    this.expectKeyword('FIND');
    if (this.isKeyword('UNIQUE')) this.unsupported('FIND UNIQUE');
    if (this.peek().kind === 'string') this.unsupported('full-text search (FIND "text")');
    const start = this.entityStep();
    const hops: Hop[] = [];
    while (this.isKeyword('THAT')) hops.push(this.hop(hops));
    if (this.isOperator('(') && this.isKeyword('THAT', 1)) {
      this.unsupported('optional traversals "(THAT ...)?"');
    }

    const query: Query = { start, hops, orderBy: [], text: this.text };
    const seen = new Set<string>();
    const once = (clause: string) => {
      if (seen.has(clause)) this.fail(`${clause} given twice`);
      seen.add(clause);
    };
    for (;;) {
      const token = this.peek();
      if (token.kind === 'end') break;
      if (this.isKeyword('WHERE')) {
        once('WHERE');
        this.next();
        query.where = this.condition('where');
      } else if (this.isKeyword('RETURN')) {
        once('RETURN');
        this.next();
        query.returns = this.returnItems();
      } else if (this.isKeyword('ORDER')) {
        once('ORDER BY');
        this.next();
        this.expectKeyword('BY');
        query.orderBy = this.orderItems();
      } else if (this.isKeyword('SKIP')) {
        once('SKIP');
        this.next();
        query.skip = this.count('SKIP');
      } else if (this.isKeyword('LIMIT')) {
        once('LIMIT');
        this.next();
        query.limit = this.count('LIMIT');
      } else if (this.isKeyword('THAT')) {
        this.fail('THAT after WHERE, RETURN, ORDER BY, SKIP or LIMIT');
      } else {
        this.unexpected();
      }
    }
    return query;
  }

  // --- the chain -------------------------------------------------------------------------

  private entityStep(): EntityStep {
    const offset = this.peek().offset;
    const step: EntityStep = { selector: this.selector(), offset };
    for (;;) {
      if (this.isKeyword('WITH')) {
        if (step.filter) this.fail('a second WITH on the same entity (join them with AND)');
        this.next();
        step.filter = this.condition('with');
      } else if (this.isKeyword('AS')) {
        if (step.alias) this.fail('a second AS on the same entity');
        this.next();
        step.alias = this.declareAlias('entity');
      } else {
        return step;
      }
    }
  }

  private selector(): EntitySelector {
    if (this.isOperator('*')) {
      this.next();
      return { kind: 'any' };
    }
    const names: string[] = [];
    if (this.isOperator('(')) {
      this.next();
      names.push(this.selectorName());
      while (this.isOperator('|')) {
        this.next();
        names.push(this.selectorName());
      }
      this.expectOperator(')');
    } else {
      names.push(this.selectorName());
    }
    if (names.includes('*')) return { kind: 'any' };
    return { kind: 'list', items: names.map((name) => ({ name, isClass: /^[A-Z]/.test(name) })) };
  }

  private selectorName(): string {
    const token = this.peek();
    if (token.kind === 'operator' && token.text === '*') {
      this.next();
      return '*';
    }
    if (token.kind !== 'word' || RESERVED.has(token.text.toUpperCase())) {
      this.fail('expected an entity _type, a class or *');
    }
    if (token.text.includes('.')) this.fail(`"${token.text}" is not a _type or a class`);
    this.next();
    return token.text;
  }

  private hop(previous: Hop[]): Hop {
    const offset = this.next().offset; // THAT
    if (previous.some((hop) => hop.negated)) {
      this.unsupported('a traversal after a negated relationship (THAT !VERB ... THAT)');
    }
    let negated = false;
    if (this.isOperator('!')) {
      this.next();
      negated = true;
    }
    let verbs: string[] | undefined;
    if (this.isKeyword('RELATES')) {
      this.next();
      this.expectKeyword('TO');
    } else if (this.isOperator('(')) {
      this.next();
      verbs = [this.verb()];
      while (this.isOperator('|')) {
        this.next();
        verbs.push(this.verb());
      }
      this.expectOperator(')');
    } else {
      verbs = [this.verb()];
    }
    let direction: Direction = this.direction();
    let edgeAlias: string | undefined;
    if (this.isKeyword('AS')) {
      this.next();
      edgeAlias = this.declareAlias('edge');
      if (negated) this.fail(`alias ${edgeAlias} on a negated relationship binds nothing`);
    }
    if (direction === 'any') direction = this.direction();
    if (this.isKeyword('WITH')) {
      this.unsupported('WITH on a relationship (give the relationship an alias and use WHERE)');
    }
    const target = this.entityStep();
    if (negated && target.alias) {
      this.fail(`alias ${target.alias} after a negated relationship binds nothing`);
    }
    return { negated, verbs, direction, edgeAlias, target, offset };
  }

  private verb(): string {
    const token = this.peek();
    if (token.kind !== 'word' || !/^[A-Za-z_]+$/.test(token.text)) {
      this.fail('expected a relationship class (HAS, ASSIGNED, IS, ...) after THAT');
    }
    if (RESERVED.has(token.text.toUpperCase())) {
      this.fail(`expected a relationship class, found the keyword ${token.text}`);
    }
    this.next();
    return token.text.toUpperCase();
  }

  private direction(): Direction {
    if (this.isOperator('>>')) {
      this.next();
      return 'out';
    }
    if (this.isOperator('<<')) {
      this.next();
      return 'in';
    }
    return 'any';
  }

  private declareAlias(kind: 'entity' | 'edge'): string {
    const token = this.peek();
    if (
      token.kind !== 'word' ||
      token.text.includes('.') ||
      RESERVED.has(token.text.toUpperCase())
    ) {
      this.fail('expected an alias name after AS');
    }
    if (this.aliases.has(token.text)) this.fail(`alias ${token.text} is declared twice`);
    this.aliases.set(token.text, kind);
    this.next();
    return token.text;
  }

  // --- conditions ------------------------------------------------------------------------

  private condition(context: Context): Condition {
    const conditions = [this.conjunction(context)];
    while (this.isKeyword('OR')) {
      this.next();
      conditions.push(this.conjunction(context));
    }
    return conditions.length === 1 ? conditions[0] : { kind: 'or', conditions };
  }

  private conjunction(context: Context): Condition {
    const conditions = [this.unary(context)];
    while (this.isKeyword('AND')) {
      this.next();
      conditions.push(this.unary(context));
    }
    return conditions.length === 1 ? conditions[0] : { kind: 'and', conditions };
  }

  private unary(context: Context): Condition {
    if (this.isKeyword('NOT')) {
      this.next();
      return { kind: 'not', condition: this.unary(context) };
    }
    if (this.isOperator('(')) {
      this.next();
      const inner = this.condition(context);
      this.expectOperator(')');
      return inner;
    }
    return this.comparison(context);
  }

  private comparison(context: Context): Condition {
    const offset = this.peek().offset;
    const left = this.propertyRef(context);
    const token = this.peek();
    if (token.kind !== 'operator' || !COMPARISONS.has(token.text)) {
      this.fail('expected a comparison operator (=, !=, <, <=, >, >=, ~=, ^=, $=, !~=, !^=, !$=)');
    }
    this.next();
    const operator = token.text as ComparisonOperator;
    const right = this.operand(context);
    if (right.kind === 'regex' && operator !== '=' && operator !== '!=') {
      this.unsupported(`a regular expression with ${operator} (only = and !=)`, token.offset);
    }
    if (right.kind === 'list' && right.values.some((value) => value.kind === 'regex')) {
      this.unsupported('a regular expression inside a value list', token.offset);
    }
    for (const value of right.kind === 'list' ? right.values : [right]) {
      this.checkOperand(operator, value, token.offset);
    }
    return { kind: 'compare', left, operator, right, offset };
  }

  /** Comparisons that have no meaning fail here instead of silently matching nothing. */
  private checkOperand(operator: ComparisonOperator, value: Operand, offset: number): void {
    const equality = operator === '=' || operator === '!=';
    const text = ['~=', '^=', '$=', '!~=', '!^=', '!$='].includes(operator);
    if ((value.kind === 'undefined' || value.kind === 'boolean') && !equality) {
      const shown = value.kind === 'undefined' ? 'undefined' : String(value.value);
      this.fail(`${operator} ${shown} has no meaning: use = or !=`, offset);
    }
    if (text && value.kind !== 'string' && value.kind !== 'property') {
      this.fail(`${operator} compares strings: give it a quoted string`, offset);
    }
  }

  private propertyRef(context: Context): PropertyRef {
    const token = this.peek();
    if (token.kind !== 'word' || RESERVED.has(token.text.toUpperCase())) {
      this.fail(context === 'with' ? 'expected a property name' : 'expected alias.property');
    }
    this.next();
    if (context === 'with') return { kind: 'property', property: token.text, offset: token.offset };
    return this.aliasedProperty(token);
  }

  /** `alias.property` (the property may hold dots); a bare alias is not a property. */
  private aliasedProperty(token: Token): PropertyRef {
    const dot = token.text.indexOf('.');
    if (dot < 0) {
      this.fail(`"${token.text}" needs an alias: write alias.${token.text}`, token.offset);
    }
    const alias = token.text.slice(0, dot);
    if (!this.aliases.has(alias)) this.fail(`unknown alias "${alias}"`, token.offset);
    return {
      kind: 'property',
      alias,
      property: token.text.slice(dot + 1),
      offset: token.offset,
    };
  }

  private operand(context: Context): Operand {
    if (this.isOperator('(')) return this.valueList();
    const token = this.peek();
    if (
      context === 'where' &&
      token.kind === 'word' &&
      token.text.includes('.') &&
      this.aliases.has(token.text.slice(0, token.text.indexOf('.')))
    ) {
      this.next();
      return this.aliasedProperty(token);
    }
    return this.literal();
  }

  private valueList(): ValueList {
    const open = this.next();
    const values = [this.literal()];
    let connective: 'and' | 'or' | undefined;
    while (this.isKeyword('OR') || this.isKeyword('AND')) {
      const word = this.next().text.toLowerCase() as 'and' | 'or';
      if (connective && connective !== word) {
        this.unsupported('a value list that mixes AND and OR', open.offset);
      }
      connective = word;
      values.push(this.literal());
    }
    if (this.isOperator(',')) this.fail('separate the values of a list with OR or AND, not commas');
    this.expectOperator(')');
    return { kind: 'list', connective: connective ?? 'or', values };
  }

  private literal(): Literal {
    const token = this.peek();
    switch (token.kind) {
      case 'string':
        this.next();
        return { kind: 'string', value: token.text };
      case 'number':
        this.next();
        return { kind: 'number', value: Number(token.text) };
      case 'regex':
        this.next();
        try {
          new RegExp(token.text, token.flags);
        } catch (error) {
          this.fail(`invalid regular expression: ${(error as Error).message}`, token.offset);
        }
        return { kind: 'regex', source: token.text, flags: token.flags ?? '' };
      case 'operator':
        if (token.text === '-' && this.peek(1).kind === 'number') {
          this.next();
          return { kind: 'number', value: -Number(this.next().text) };
        }
        if (token.text === '{') this.unsupported('query parameters ({{name}})');
        break;
      case 'word': {
        const upper = token.text.toUpperCase();
        if (upper === 'TRUE' || upper === 'FALSE') {
          this.next();
          return { kind: 'boolean', value: upper === 'TRUE' };
        }
        if (token.text === 'undefined') {
          this.next();
          return { kind: 'undefined' };
        }
        if (upper === 'NULL') this.unsupported('null (J1QL has undefined)');
        if (token.text.toLowerCase() === 'date.now') return this.date();
        if (token.text.toLowerCase().startsWith('date.')) {
          this.unsupported(`${token.text} (only date.now, plus or minus minutes, hours or days)`);
        }
        if (this.peek(1).kind === 'operator' && this.peek(1).text === '(') {
          this.unsupported(`the function ${token.text}()`);
        }
        this.fail(`"${token.text}" is not a value: quote strings ('${token.text}')`);
      }
    }
    this.fail('expected a value');
  }

  private date(): Literal {
    this.next();
    if (!this.isOperator('+') && !this.isOperator('-')) return { kind: 'date', offsetMs: 0 };
    const sign = this.next().text === '-' ? -1 : 1;
    const amount = this.peek();
    if (amount.kind !== 'number') this.fail('expected a number after date.now +/-');
    this.next();
    const unit = this.peek();
    const name = unit.kind === 'word' ? unit.text.toLowerCase() : '';
    if (UNSUPPORTED_UNITS.has(name)) this.unsupported(`date.now arithmetic in ${name}`);
    if (!(name in UNITS)) this.fail('expected minutes, hours or days after date.now +/- a number');
    this.next();
    return { kind: 'date', offsetMs: sign * Number(amount.text) * UNITS[name] };
  }

  // --- RETURN, ORDER BY, SKIP, LIMIT -----------------------------------------------------

  private returnItems(): ReturnItem[] {
    const items = [this.returnItem()];
    while (this.isOperator(',')) {
      this.next();
      items.push(this.returnItem());
    }
    return items;
  }

  private returnItem(): ReturnItem {
    const token = this.peek();
    if (token.kind !== 'word') this.fail('expected alias, alias.property or COUNT(alias)');
    const upper = token.text.toUpperCase();
    const call = this.peek(1).kind === 'operator' && this.peek(1).text === '(';
    let item: ReturnItem;
    if (upper === 'TREE' || upper === 'PATH') {
      this.unsupported(`RETURN ${upper}`);
    }
    if (call && upper === 'COUNT') {
      this.next();
      this.next();
      const aliasToken = this.peek();
      if (aliasToken.kind === 'word' && aliasToken.text.toUpperCase() === 'DISTINCT') {
        this.unsupported('COUNT(DISTINCT ...)');
      }
      if (aliasToken.kind !== 'word' || !this.aliases.has(aliasToken.text)) {
        this.fail('COUNT takes an alias: COUNT(alias)');
      }
      this.next();
      this.expectOperator(')');
      item = { kind: 'count', alias: aliasToken.text };
    } else if (call) {
      if (AGGREGATES.has(upper)) this.unsupported(`the aggregate ${upper}()`);
      this.unsupported(`the function ${token.text}()`);
    } else if (this.aliases.has(token.text)) {
      this.next();
      item = { kind: 'alias', alias: token.text };
    } else if (token.text.endsWith('.*') && this.aliases.has(token.text.slice(0, -2))) {
      this.next();
      item = { kind: 'alias', alias: token.text.slice(0, -2) };
    } else {
      this.next();
      item = { kind: 'property', ref: this.aliasedProperty(token) };
    }
    if (this.isKeyword('AS')) {
      this.next();
      const name = this.peek();
      if (name.kind !== 'word' && name.kind !== 'string') this.fail('expected a name after AS');
      this.next();
      item.as = name.text;
    }
    return item;
  }

  private orderItems(): OrderItem[] {
    const items: OrderItem[] = [];
    do {
      if (items.length > 0) this.next();
      const token = this.peek();
      if (token.kind !== 'word' || RESERVED.has(token.text.toUpperCase())) {
        this.fail('expected alias.property after ORDER BY');
      }
      this.next();
      const dot = token.text.indexOf('.');
      const ref: PropertyRef =
        dot > 0 && this.aliases.has(token.text.slice(0, dot))
          ? this.aliasedProperty(token)
          : // A bare property orders by the FIND entity's property.
            { kind: 'property', property: token.text, offset: token.offset };
      let descending = false;
      if (this.isKeyword('DESC')) {
        this.next();
        descending = true;
      } else if (this.isKeyword('ASC')) {
        this.next();
      }
      items.push({ ref, descending });
    } while (this.isOperator(','));
    return items;
  }

  private count(clause: string): number {
    const token = this.peek();
    if (token.kind !== 'number' || !/^[0-9]+$/.test(token.text)) {
      this.fail(`${clause} needs a whole number`);
    }
    this.next();
    return Number(token.text);
  }

  // --- tokens ----------------------------------------------------------------------------

  private peek(ahead = 0): Token {
    return this.tokens[Math.min(this.position + ahead, this.tokens.length - 1)];
  }

  private next(): Token {
    const token = this.peek();
    if (this.position < this.tokens.length - 1) this.position++;
    return token;
  }

  private isKeyword(word: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.kind === 'word' && token.text.toUpperCase() === word;
  }

  private isOperator(text: string): boolean {
    const token = this.peek();
    return token.kind === 'operator' && token.text === text;
  }

  private expectKeyword(word: string): void {
    if (!this.isKeyword(word)) this.fail(`expected ${word}`);
    this.next();
  }

  private expectOperator(text: string): void {
    if (!this.isOperator(text)) this.fail(`expected "${text}"`);
    this.next();
  }

  private unexpected(): never {
    const token = this.peek();
    if (token.kind === 'operator' && token.text === '{') {
      this.unsupported('query parameters ({{name}})');
    }
    const upper = token.text.toUpperCase();
    if (token.kind === 'word' && ['GROUP', 'HAVING', 'UNION', 'UNIQUE'].includes(upper)) {
      this.unsupported(upper);
    }
    this.fail(`unexpected ${token.kind === 'end' ? 'end of query' : `"${token.text}"`}`);
  }

  private fail(reason: string, offset = this.peek().offset): never {
    throw new QueryError(reason, this.text, offset);
  }

  private unsupported(construct: string, offset = this.peek().offset): never {
    throw new UnsupportedError(construct, this.text, offset);
  }
}

/** Parses a J1QL query; throws `QueryError` (or its `UnsupportedError`) with the position. */
export function parseQuery(text: string): Query {
  return new Parser(text).parse();
}
