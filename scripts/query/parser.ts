/**
 * J1QL parser: query text to the syntax tree of ./ast.ts (docs/query.md lists what it reads).
 * Keywords are case-insensitive; `_type`s, classes, aliases and property names are not. A J1QL
 * construct outside what the engine evaluates throws `UnsupportedError` naming it, its
 * position and the nearest supported form, so that no query silently means something else
 * here than in JupiterOne.
 */
import type {
  AggregateFunction,
  ChainElement,
  ComparisonOperator,
  Condition,
  DateUnit,
  Direction,
  EntitySelector,
  EntityStep,
  Expression,
  Hop,
  Literal,
  Operand,
  OptionalTraversal,
  OrderItem,
  PropertyRef,
  Query,
  ReturnItem,
  ScalarFunction,
  TextValue,
  ValueList,
} from './ast';
import { didYouMean, QueryError, UnsupportedError } from './errors';
import { PLACEHOLDER, Token, tokenize } from './tokenizer';

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

/** The mirror of each comparison, for a value written on the left (`date.now - 7 days > x`). */
const MIRRORED: Partial<Record<ComparisonOperator, ComparisonOperator>> = {
  '=': '=',
  '!=': '!=',
  '<': '>',
  '<=': '>=',
  '>': '<',
  '>=': '<=',
};

/**
 * Date arithmetic units: JupiterOne documents hour/hr/hours/hrs, day/days, month/mo/months/mos
 * and year/yr/years/yrs; minutes and weeks are read too (published queries use them).
 */
const UNITS: Record<string, DateUnit> = {
  minute: 'minute',
  minutes: 'minute',
  hour: 'hour',
  hours: 'hour',
  hr: 'hour',
  hrs: 'hour',
  day: 'day',
  days: 'day',
  week: 'week',
  weeks: 'week',
  month: 'month',
  months: 'month',
  mo: 'month',
  mos: 'month',
  year: 'year',
  years: 'year',
  yr: 'year',
  yrs: 'year',
};

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

const KEYWORDS = [...RESERVED, 'UNIQUE', 'TREE', 'RELATES', 'TO', 'ASC', 'DESC'];

const AGGREGATES = new Set<string>(['COUNT', 'MIN', 'MAX', 'AVG', 'SUM']);
const SCALARS = new Set<string>([
  'ABS',
  'SQRT',
  'CEIL',
  'FLOOR',
  'ROUND',
  'COALESCE',
  'CONCAT',
  'MERGE',
]);

type Context = 'with' | 'where';

/** A place in the chain a class, `_type` or relationship class can name implicitly. */
interface NamedPlace {
  kind: 'entity' | 'edge';
  names: string[];
  step?: EntityStep;
  hop?: Hop;
}

class Parser {
  private position = 0;
  private readonly tokens: Token[];
  private readonly aliases = new Map<string, 'entity' | 'edge'>();
  private readonly places: NamedPlace[] = [];
  private readonly parameters: string[] = [];

  constructor(private readonly text: string) {
    this.tokens = tokenize(text);
  }

  parse(): Query {
    // Full-text search may come without FIND: `'127.0.0.1'`.
    const bareSearch = this.peek().kind === 'string';
    if (!bareSearch) {
      if (!this.isKeyword('FIND')) {
        const token = this.peek();
        this.fail(`expected FIND${token.kind === 'word' ? didYouMean(token.text, ['FIND']) : ''}`);
      }
      this.next();
    }
    let unique = false;
    if (this.isKeyword('UNIQUE')) {
      this.next();
      unique = true;
    }
    const start = this.entityStep();
    const hops: ChainElement[] = [];
    for (;;) {
      if (this.isKeyword('THAT')) {
        hops.push(this.hop(hops));
      } else if (this.isOperator('(') && this.isKeyword('THAT', 1)) {
        hops.push(this.optionalTraversal(hops));
      } else {
        break;
      }
    }

    const query: Query = {
      unique,
      start,
      hops,
      orderBy: [],
      returnTree: false,
      parameters: this.parameters,
      text: this.text,
    };
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
        if (this.isKeyword('TREE') && this.clauseEndsAt(1)) {
          this.next();
          query.returnTree = true;
        } else {
          query.returns = this.returnItems();
        }
      } else if (this.isKeyword('ORDER')) {
        once('ORDER BY');
        this.next();
        this.expectKeyword('BY');
        query.orderBy = this.orderItems(query.returns ?? []);
      } else if (this.isKeyword('SKIP')) {
        once('SKIP');
        this.next();
        query.skip = this.count('SKIP');
      } else if (this.isKeyword('LIMIT')) {
        once('LIMIT');
        this.next();
        query.limit = this.count('LIMIT');
      } else if (this.isKeyword('THAT')) {
        this.fail('THAT after WHERE, RETURN, ORDER BY, SKIP or LIMIT: traversals come first');
      } else {
        this.unexpected();
      }
    }
    return query;
  }

  /** Is the token `ahead` the end of a clause (or of the query)? */
  private clauseEndsAt(ahead: number): boolean {
    const token = this.peek(ahead);
    return (
      token.kind === 'end' ||
      (token.kind === 'word' && ['ORDER', 'SKIP', 'LIMIT'].includes(token.text.toUpperCase()))
    );
  }

  // --- the chain -------------------------------------------------------------------------

  private entityStep(): EntityStep {
    const offset = this.peek().offset;
    const smartClasses: string[] = [];
    while (this.peek().kind === 'smartclass') smartClasses.push(this.next().text);
    let search: TextValue | undefined;
    let selector: EntitySelector;
    if (this.peek().kind === 'string') {
      search = this.textValue(this.next());
      selector = { kind: 'any' };
    } else if (smartClasses.length > 0 && !this.startsSelector()) {
      selector = { kind: 'any' };
    } else {
      selector = this.selector();
    }
    const step: EntityStep = { selector, offset };
    if (smartClasses.length > 0) step.smartClasses = smartClasses;
    if (search) step.search = search;
    if (selector.kind === 'list') {
      this.places.push({ kind: 'entity', names: selector.items.map((item) => item.name), step });
    }
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

  private startsSelector(): boolean {
    const token = this.peek();
    if (token.kind === 'operator') return token.text === '*' || token.text === '(';
    return token.kind === 'word' && !RESERVED.has(token.text.toUpperCase());
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
    if (token.kind === 'placeholder') {
      this.unsupported(
        `a placeholder in place of a _type or class ({{${token.text}}}); placeholders stand for values`,
      );
    }
    if (token.kind !== 'word' || RESERVED.has(token.text.toUpperCase())) {
      this.fail('expected an entity _type, a class or *');
    }
    if (token.text.includes('.')) this.fail(`"${token.text}" is not a _type or a class`);
    this.next();
    return token.text;
  }

  private optionalTraversal(previous: ChainElement[]): OptionalTraversal {
    const offset = this.next().offset; // (
    const hops: Hop[] = [];
    while (this.isKeyword('THAT')) hops.push(this.hop([...previous, ...hops]));
    if (hops.some((hop) => hop.negated)) {
      this.unsupported('a negated relationship inside an optional traversal "(THAT !VERB ...)?"');
    }
    this.expectOperator(')');
    if (!this.isOperator('?')) {
      this.fail('expected "?" after an optional traversal: (THAT VERB Class)?');
    }
    this.next();
    const group: OptionalTraversal = { kind: 'optional', hops, offset };
    if (this.isKeyword('AS')) {
      this.next();
      group.alias = this.declareAlias('entity');
    }
    return group;
  }

  private hop(previous: ChainElement[]): Hop {
    const offset = this.next().offset; // THAT
    if (previous.some((element) => element.kind === 'hop' && element.negated)) {
      this.unsupported(
        'a traversal after a negated relationship (THAT !VERB ... THAT); put the negated one last',
      );
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
    // `ASSIGNED TO`, `DEPLOYED TO`: TO is a filler word JupiterOne ignores after a verb.
    if (verbs && this.isKeyword('TO')) this.next();
    let direction: Direction = this.direction();
    let edgeAlias: string | undefined;
    if (this.isKeyword('AS')) {
      this.next();
      edgeAlias = this.declareAlias('edge');
      if (negated) {
        this.fail(
          `an alias on a negated relationship (THAT !VERB AS ${edgeAlias}) binds nothing: ` +
            'no such relationship exists',
        );
      }
    }
    if (direction === 'any') direction = this.direction();
    if (this.isKeyword('WITH')) {
      this.unsupported(
        'WITH on a relationship; give the relationship an alias (THAT VERB AS r) and use WHERE r.property',
      );
    }
    const target = this.entityStep();
    if (negated && target.alias) {
      this.fail(
        `an alias after a negated relationship (THAT !VERB X AS ${target.alias}) binds nothing: ` +
          'no such entity exists; alias and COUNT the entity before it',
      );
    }
    const hop: Hop = { kind: 'hop', negated, verbs, direction, edgeAlias, target, offset };
    if (verbs && !negated) this.places.push({ kind: 'edge', names: verbs, hop });
    return hop;
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

  /**
   * An alias as referenced after the chain: a declared one, or (as JupiterOne allows) a class
   * or `_type` of the chain (`RETURN User.name`) or a relationship class (`WHERE
   * ASSIGNED.completedOn = undefined`), which becomes that place's alias.
   */
  private resolveAlias(name: string, offset: number): string {
    if (this.aliases.has(name)) return name;
    // Relationship classes are case-insensitive (`WHERE allows.conditions = undefined`).
    const places = this.places.filter((place) =>
      place.kind === 'entity'
        ? place.names.includes(name)
        : place.names.includes(name.toUpperCase()),
    );
    const entityPlaces = places.filter((place) => place.kind === 'entity');
    const edgePlaces = places.filter((place) => place.kind === 'edge');
    const chosen = entityPlaces.length > 0 ? entityPlaces : edgePlaces;
    if (chosen.length > 1) {
      this.fail(
        `"${name}" names ${chosen.length} places of the query: give the one you mean an alias (AS x)`,
        offset,
      );
    }
    const place = chosen[0];
    if (!place) {
      this.fail(
        `unknown alias "${name}"${didYouMean(name, [...this.aliases.keys(), ...this.places.flatMap((p) => p.names)])}`,
        offset,
      );
    }
    if (place.kind === 'entity' && place.step) {
      if (place.step.alias) return place.step.alias;
      place.step.alias = name;
      place.step.implicitAlias = true;
      this.aliases.set(name, 'entity');
      return name;
    }
    if (place.hop) {
      if (place.hop.edgeAlias) return place.hop.edgeAlias;
      place.hop.edgeAlias = name;
      this.aliases.set(name, 'edge');
      return name;
    }
    this.fail(`unknown alias "${name}"`, offset);
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

  private startsValue(): boolean {
    const token = this.peek();
    if (['string', 'number', 'regex', 'placeholder', 'staticdate'].includes(token.kind)) {
      return true;
    }
    if (token.kind !== 'word') return false;
    const lower = token.text.toLowerCase();
    return lower === 'date.now' || lower === 'true' || lower === 'false' || lower === 'undefined';
  }

  private comparison(context: Context): Condition {
    const offset = this.peek().offset;
    if (this.startsValue()) {
      // A value on the left: `date.now - 7 days > lastSeenOn` is `lastSeenOn < date.now - 7 days`.
      const value = this.literal();
      const token = this.comparisonOperator();
      const mirrored = MIRRORED[token.text as ComparisonOperator];
      if (!mirrored) {
        this.unsupported(
          `a value on the left of ${token.text}; write property ${token.text} value`,
          token.offset,
        );
      }
      const left = this.propertyRef(context);
      return { kind: 'compare', left, operator: mirrored, right: value, offset };
    }
    const left = this.propertyRef(context);
    const token = this.comparisonOperator();
    const operator = token.text as ComparisonOperator;
    const right = this.operand(context);
    if (right.kind === 'regex' && operator !== '=' && operator !== '!=') {
      this.unsupported(`a regular expression with ${operator}; use = or !=`, token.offset);
    }
    if (right.kind === 'list' && right.values.some((value) => value.kind === 'regex')) {
      this.unsupported(
        'a regular expression inside a value list; join alternatives inside one /a|b/',
        token.offset,
      );
    }
    for (const value of right.kind === 'list' ? right.values : [right]) {
      this.checkOperand(operator, value, token.offset);
    }
    return { kind: 'compare', left, operator, right, offset };
  }

  private comparisonOperator(): Token {
    const token = this.peek();
    if (token.kind !== 'operator' || !COMPARISONS.has(token.text)) {
      this.fail('expected a comparison operator (=, !=, <, <=, >, >=, ~=, ^=, $=, !~=, !^=, !$=)');
    }
    this.next();
    return token;
  }

  /** Comparisons that have no meaning fail here instead of silently matching nothing. */
  private checkOperand(operator: ComparisonOperator, value: Operand, offset: number): void {
    const equality = operator === '=' || operator === '!=';
    const text = ['~=', '^=', '$=', '!~=', '!^=', '!$='].includes(operator);
    if ((value.kind === 'undefined' || value.kind === 'boolean') && !equality) {
      const shown = value.kind === 'undefined' ? 'undefined' : String(value.value);
      this.fail(`${operator} ${shown} has no meaning: use = or !=`, offset);
    }
    if (text && !['string', 'property', 'parameter'].includes(value.kind)) {
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
    const alias = this.resolveAlias(token.text.slice(0, dot), token.offset);
    return {
      kind: 'property',
      alias,
      property: token.text.slice(dot + 1),
      offset: token.offset,
    };
  }

  private isAliasReference(token: Token): boolean {
    if (token.kind !== 'word' || !token.text.includes('.')) return false;
    const name = token.text.slice(0, token.text.indexOf('.'));
    if (name.toLowerCase() === 'date') return false;
    return this.aliases.has(name) || this.places.some((place) => place.names.includes(name));
  }

  private operand(context: Context): Operand {
    if (this.isOperator('(')) return this.valueList();
    const token = this.peek();
    if (context === 'where' && this.isAliasReference(token)) {
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
        this.unsupported(
          'a value list that mixes AND and OR; split it into two comparisons',
          open.offset,
        );
      }
      connective = word;
      values.push(this.literal());
    }
    if (this.isOperator(',')) this.fail('separate the values of a list with OR or AND, not commas');
    this.expectOperator(')');
    return { kind: 'list', connective: connective ?? 'or', values };
  }

  private textValue(token: Token): TextValue {
    const names = [...token.text.matchAll(new RegExp(PLACEHOLDER.source, 'g'))].map((match) =>
      (match[1] ?? match[2]).trim(),
    );
    for (const name of names) this.addParameter(name);
    return names.length > 0
      ? { kind: 'string', value: token.text, placeholders: names }
      : { kind: 'string', value: token.text };
  }

  private addParameter(name: string): void {
    if (!this.parameters.includes(name)) this.parameters.push(name);
  }

  private literal(): Literal {
    const token = this.peek();
    switch (token.kind) {
      case 'string':
        this.next();
        return this.textValue(token);
      case 'number':
        this.next();
        return { kind: 'number', value: Number(token.text) };
      case 'placeholder':
        this.next();
        this.addParameter(token.text);
        return { kind: 'parameter', name: token.text, offset: token.offset };
      case 'staticdate': {
        this.next();
        const value = staticDate(token.text);
        if (value === undefined) {
          this.fail(
            `date(${token.text}) is not an ISO 8601 date: date(2019-10-30) or date(2019-10-30T10:00:00Z)`,
            token.offset,
          );
        }
        return { kind: 'staticDate', value };
      }
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
        break;
      case 'word': {
        const upper = token.text.toUpperCase();
        if (upper === 'TRUE' || upper === 'FALSE') {
          this.next();
          return { kind: 'boolean', value: upper === 'TRUE' };
        }
        if (token.text.toLowerCase() === 'undefined') {
          this.next();
          return { kind: 'undefined' };
        }
        if (upper === 'NULL') this.unsupported('null; J1QL writes a missing value as undefined');
        if (token.text.toLowerCase() === 'date.now') return this.date();
        if (token.text.toLowerCase().startsWith('date.')) {
          this.unsupported(`${token.text}; use date.now or date(YYYY-MM-DD)`);
        }
        if (this.peek(1).kind === 'operator' && this.peek(1).text === '(') {
          this.unsupported(`the function ${token.text}() in a condition (functions go in RETURN)`);
        }
        this.fail(`"${token.text}" is not a value: quote strings ('${token.text}')`);
      }
    }
    this.fail('expected a value');
  }

  private date(): Literal {
    this.next();
    const offsets: Array<{ amount: number; unit: DateUnit }> = [];
    while (this.isOperator('+') || this.isOperator('-')) {
      const sign = this.next().text === '-' ? -1 : 1;
      const amount = this.peek();
      if (amount.kind !== 'number') this.fail('expected a number after date.now +/-');
      this.next();
      const unit = this.peek();
      const name = unit.kind === 'word' ? unit.text.toLowerCase() : '';
      if (!(name in UNITS)) {
        this.fail(
          `expected a unit after date.now ${sign < 0 ? '-' : '+'} ${amount.text} ` +
            `(minutes, hours/hr, days, weeks, months/mo, years/yr)${didYouMean(name, Object.keys(UNITS))}`,
        );
      }
      this.next();
      offsets.push({ amount: sign * Number(amount.text), unit: UNITS[name] });
    }
    return { kind: 'date', offsets };
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
    const first = this.peek();
    if (first.kind === 'word' && ['TREE', 'PATH'].includes(first.text.toUpperCase())) {
      if (first.text.toUpperCase() === 'PATH') {
        this.unsupported('RETURN PATH; RETURN TREE gives the matched vertices and edges');
      }
      this.fail('RETURN TREE stands alone: RETURN TREE, not with other values');
    }
    const expression = this.expression();
    const text = this.text.slice(first.offset, this.peek().offset).trim();
    let item: ReturnItem;
    if (expression.kind === 'alias') {
      item = { kind: 'alias', alias: expression.alias };
    } else if (expression.kind === 'property') {
      item =
        expression.ref.property === '*'
          ? { kind: 'all', alias: expression.ref.alias as string }
          : { kind: 'property', ref: expression.ref };
    } else if (expression.kind === 'aggregate' && expression.name === 'COUNT') {
      item = { kind: 'count', alias: expression.alias, property: expression.property };
    } else {
      item = { kind: 'expression', expression, text };
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

  // expression := term (('+'|'-') term)*; term := power (('*'|'/') power)*;
  // power := unary ('^' unary)?; unary := '-' unary | primary
  private expression(): Expression {
    let left = this.term();
    while (this.isOperator('+') || this.isOperator('-')) {
      const operator = this.next().text as '+' | '-';
      left = { kind: 'binary', operator, left, right: this.term() };
    }
    return left;
  }

  private term(): Expression {
    let left = this.power();
    while (this.isOperator('*') || this.isOperator('/')) {
      const operator = this.next().text as '*' | '/';
      left = { kind: 'binary', operator, left, right: this.power() };
    }
    return left;
  }

  private power(): Expression {
    const base = this.unaryExpression();
    if (this.isOperator('^')) {
      this.next();
      return { kind: 'binary', operator: '^', left: base, right: this.power() };
    }
    return base;
  }

  private unaryExpression(): Expression {
    if (this.isOperator('-')) {
      this.next();
      return { kind: 'negate', operand: this.unaryExpression() };
    }
    return this.primary();
  }

  private primary(): Expression {
    const token = this.peek();
    if (this.isOperator('(')) {
      this.next();
      const inner = this.expression();
      this.expectOperator(')');
      return inner;
    }
    if (['string', 'number', 'placeholder', 'staticdate'].includes(token.kind)) {
      return { kind: 'literal', value: this.literal() };
    }
    if (token.kind !== 'word' || RESERVED.has(token.text.toUpperCase())) {
      this.fail('expected alias, alias.property, a function or a value in RETURN');
    }
    const upper = token.text.toUpperCase();
    const call = this.peek(1).kind === 'operator' && this.peek(1).text === '(';
    if (call) {
      this.next();
      this.next();
      if (AGGREGATES.has(upper)) return this.aggregate(upper as AggregateFunction, token);
      if (!SCALARS.has(upper)) {
        this.unsupported(
          `the function ${token.text}()${didYouMean(upper, [...SCALARS, ...AGGREGATES])} ` +
            `(supported: ${[...AGGREGATES, ...SCALARS].join(', ')})`,
          token.offset,
        );
      }
      const args: Expression[] = [];
      if (!this.isOperator(')')) {
        args.push(this.expression());
        while (this.isOperator(',')) {
          this.next();
          args.push(this.expression());
        }
      }
      this.expectOperator(')');
      return { kind: 'call', name: upper as ScalarFunction, args };
    }
    if (['TRUE', 'FALSE'].includes(upper) || token.text.toLowerCase() === 'date.now') {
      return { kind: 'literal', value: this.literal() };
    }
    this.next();
    if (!token.text.includes('.')) {
      return { kind: 'alias', alias: this.resolveAlias(token.text, token.offset) };
    }
    return { kind: 'property', ref: this.aliasedProperty(token) };
  }

  private aggregate(name: AggregateFunction, token: Token): Expression {
    const argument = this.peek();
    if (argument.kind === 'operator' && argument.text === '*') {
      this.unsupported(
        `${name}(*) (JupiterOne's reference lists it as future development); use ${name}(alias)`,
        token.offset,
      );
    }
    if (argument.kind === 'word' && argument.text.toUpperCase() === 'DISTINCT') {
      this.unsupported(`${name}(DISTINCT ...); COUNT already counts distinct entities and values`);
    }
    if (argument.kind !== 'word' || RESERVED.has(argument.text.toUpperCase())) {
      this.fail(`${name} takes alias or alias.property: ${name}(alias)`);
    }
    this.next();
    this.expectOperator(')');
    const dot = argument.text.indexOf('.');
    if (dot < 0) {
      if (name !== 'COUNT') this.fail(`${name} takes alias.property: ${name}(alias.property)`);
      return { kind: 'aggregate', name, alias: this.resolveAlias(argument.text, argument.offset) };
    }
    const ref = this.aliasedProperty(argument);
    return { kind: 'aggregate', name, alias: ref.alias as string, property: ref.property };
  }

  private orderItems(returns: ReturnItem[]): OrderItem[] {
    const items: OrderItem[] = [];
    const columns = new Set(returns.map((item) => item.as).filter(Boolean) as string[]);
    do {
      if (items.length > 0) this.next();
      const token = this.peek();
      if (token.kind !== 'word' && token.kind !== 'string') {
        this.fail('expected alias.property or a returned column after ORDER BY');
      }
      if (token.kind === 'word' && RESERVED.has(token.text.toUpperCase())) {
        this.fail('expected alias.property or a returned column after ORDER BY');
      }
      this.next();
      let item: OrderItem;
      const dot = token.text.indexOf('.');
      if (columns.has(token.text) || token.kind === 'string') {
        item = { column: token.text, descending: false };
      } else if (dot > 0 && this.isAliasReference(token)) {
        item = { ref: this.aliasedProperty(token), descending: false };
      } else if (/^count\(/i.test(token.text)) {
        item = { column: token.text, descending: false };
      } else {
        // A bare property orders by the FIND entity's property.
        item = {
          ref: { kind: 'property', property: token.text, offset: token.offset },
          descending: false,
        };
      }
      if (this.isKeyword('DESC')) {
        this.next();
        item.descending = true;
      } else if (this.isKeyword('ASC')) {
        this.next();
      }
      items.push(item);
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
    const upper = token.text.toUpperCase();
    if (token.kind === 'word' && ['GROUP', 'HAVING', 'UNION'].includes(upper)) {
      this.unsupported(`${upper}; RETURN non-aggregated values next to COUNT/SUM/... to group`);
    }
    if (token.kind === 'word' && upper === 'FIND') {
      this.fail('a second FIND: one query at a time');
    }
    if (token.kind === 'word' && upper === 'UNIQUE') {
      this.fail('UNIQUE goes right after FIND: FIND UNIQUE ...');
    }
    if (token.kind === 'word' && (upper === 'AND' || upper === 'OR')) {
      this.fail(
        `${token.text} joins conditions of one WITH or WHERE; here no condition comes before it ` +
          '(write WITH a = 1 AND b = 2 AS x, with AS last)',
      );
    }
    const hint =
      token.kind === 'word' && !KEYWORDS.includes(upper) ? didYouMean(upper, KEYWORDS) : '';
    this.fail(`unexpected ${token.kind === 'end' ? 'end of query' : `"${token.text}"`}${hint}`);
  }

  private fail(reason: string, offset = this.peek().offset): never {
    throw new QueryError(reason, this.text, offset);
  }

  private unsupported(construct: string, offset = this.peek().offset): never {
    throw new UnsupportedError(construct, this.text, offset);
  }
}

/** `date(...)`'s ISO 8601 text to epoch milliseconds (UTC unless it names a zone). */
function staticDate(text: string): number | undefined {
  const match =
    /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2})(?::(\d{2})(?::(\d{2})(\.\d+)?)?)?)?)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(
      text,
    );
  if (!match) return undefined;
  const [
    ,
    year,
    month = '01',
    day = '01',
    hour = '00',
    minute = '00',
    second = '00',
    fraction = '',
  ] = match;
  const zone = match[8] ?? 'Z';
  const iso = `${year}-${month}-${day}T${hour}:${minute}:${second}${fraction}${zone}`;
  const value = Date.parse(iso);
  return Number.isNaN(value) ? undefined : value;
}

/** Parses a J1QL query; throws `QueryError` (or its `UnsupportedError`) with the position. */
export function parseQuery(text: string): Query {
  return new Parser(text).parse();
}
