/**
 * J1QL tokenizer: turns query text into words, literals and operators, each with its offset
 * so that errors can point at the place in the query.
 *
 * Words are case-preserving; the parser decides which words are keywords (J1QL keywords are
 * case-insensitive, `_type`s, classes and property names are not). Context decides what a `/`
 * is: after a value (a word that is no keyword, a number, a string, `)`) it divides, as in
 * `RETURN a.bytes / 1000`; anywhere else it starts a regular expression (`WITH name = /re/i`).
 * `/* ... *\/` is a comment.
 */
import { QueryError } from './errors';

export type TokenKind =
  | 'word'
  | 'string'
  | 'number'
  | 'regex'
  | 'operator'
  | 'placeholder'
  | 'smartclass'
  | 'staticdate'
  | 'end';

export interface Token {
  kind: TokenKind;
  /**
   * The word, the string's value, the number's text, the operator, the regex source, the
   * placeholder's name (`{{name}}`, `${name}`), the smart class's name (`#name`) or the text
   * inside `date(...)`.
   */
  text: string;
  /** Regular expression flags (regex only). */
  flags?: string;
  /** `${name}` rather than `{{name}}` (placeholder only). */
  dollar?: boolean;
  /** Offset of the token's first character in the query. */
  offset: number;
}

/** Longest first, so that `!~=` wins over `!` and `<=` over `<`. */
const OPERATORS = [
  '!~=',
  '!^=',
  '!$=',
  '<<',
  '>>',
  '!=',
  '<=',
  '>=',
  '~=',
  '^=',
  '$=',
  '=',
  '<',
  '>',
  '!',
  '(',
  ')',
  '|',
  ',',
  '*',
  '+',
  '-',
  '/',
  '^',
  '?',
];

const WORD_START = /[A-Za-z_]/;
/** Property names may hold dots (`tag.AccountName`, `alias.property`) and inner hyphens. */
const WORD_PART = /[A-Za-z0-9_.-]/;
const REGEX_FLAGS = /[a-z]/;

/** Words after which a value is expected, so that a `/` there starts a regular expression. */
const BEFORE_VALUE = new Set(['AND', 'OR', 'NOT', 'WITH', 'WHERE', 'RETURN', 'FIND', 'THAT']);

/** Placeholders: `{{ name }}` and `${ name }`; the name is trimmed. Copy it before use (`g`). */
export const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}|\$\{\s*([^{}]*?)\s*\}/g;

function dividesHere(previous: Token | undefined): boolean {
  if (!previous) return false;
  if (previous.kind === 'number' || previous.kind === 'string') return true;
  if (previous.kind === 'placeholder') return true;
  if (previous.kind === 'operator') return previous.text === ')';
  if (previous.kind === 'word') return !BEFORE_VALUE.has(previous.text.toUpperCase());
  return false;
}

export function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  const push = (token: Token) => tokens.push(token);
  while (at < query.length) {
    const char = query[at];
    if (/\s/.test(char)) {
      at++;
      continue;
    }
    const start = at;
    if (query.startsWith('/*', at)) {
      const end = query.indexOf('*/', at + 2);
      if (end < 0) throw new QueryError('unterminated comment "/* ..."', query, start);
      at = end + 2;
      continue;
    }
    if (query.startsWith('{{', at) || query.startsWith('${', at)) {
      const match = new RegExp(PLACEHOLDER.source, 'y');
      match.lastIndex = at;
      const found = match.exec(query);
      if (!found) {
        throw new QueryError('unterminated placeholder: write {{name}} or ${name}', query, start);
      }
      at += found[0].length;
      const dollar = found[0].startsWith('$');
      push({ kind: 'placeholder', text: (found[1] ?? found[2]).trim(), dollar, offset: start });
      continue;
    }
    if (char === "'" || char === '"') {
      let value = '';
      at++;
      while (at < query.length && query[at] !== char) {
        if (query[at] === '\\' && at + 1 < query.length) {
          value += query[at + 1];
          at += 2;
        } else {
          value += query[at++];
        }
      }
      if (at >= query.length) throw new QueryError('unterminated string', query, start);
      at++;
      push({ kind: 'string', text: value, offset: start });
      continue;
    }
    if (char === '/' && !dividesHere(tokens[tokens.length - 1])) {
      let source = '';
      at++;
      let inClass = false;
      while (at < query.length && (query[at] !== '/' || inClass)) {
        if (query[at] === '\\' && at + 1 < query.length) {
          source += query[at] + query[at + 1];
          at += 2;
          continue;
        }
        if (query[at] === '[') inClass = true;
        if (query[at] === ']') inClass = false;
        source += query[at++];
      }
      if (at >= query.length) {
        throw new QueryError('unterminated regular expression', query, start);
      }
      at++;
      let flags = '';
      while (at < query.length && REGEX_FLAGS.test(query[at])) flags += query[at++];
      push({ kind: 'regex', text: source, flags, offset: start });
      continue;
    }
    if (char === '#') {
      const match = /^#([A-Za-z0-9_][A-Za-z0-9_.:-]*)/.exec(query.slice(at));
      if (!match) throw new QueryError('expected a smart class name after "#"', query, start);
      at += match[0].length;
      push({ kind: 'smartclass', text: match[1], offset: start });
      continue;
    }
    if (/[0-9]/.test(char) || (char === '.' && /[0-9]/.test(query[at + 1] ?? ''))) {
      const match = /^(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/.exec(query.slice(at));
      const text = match ? match[0] : char;
      at += text.length;
      // A number glued to a word (`30days`, `24hr`) is two tokens: the parser decides whether
      // the word is a unit.
      push({ kind: 'number', text, offset: start });
      continue;
    }
    if (char === '[') {
      // `[tag.cost-center]`: a property name holding characters a bare name cannot.
      const end = query.indexOf(']', at);
      if (end < 0) throw new QueryError('unterminated bracketed name "[..."', query, start);
      push({ kind: 'word', text: query.slice(at + 1, end).trim(), offset: start });
      at = end + 1;
      continue;
    }
    if (WORD_START.test(char)) {
      let text = '';
      while (at < query.length && WORD_PART.test(query[at])) {
        // `-` is part of a word only before a letter (`tag.cost-center`), never in `date.now-30`.
        if (query[at] === '-' && !/[A-Za-z_]/.test(query[at + 1] ?? '')) break;
        if (query[at] === '.' && query[at + 1] === '[') {
          // `p.[special-name]`
          const end = query.indexOf(']', at);
          if (end < 0) throw new QueryError('unterminated bracketed name "[..."', query, at + 1);
          text += `.${query.slice(at + 2, end).trim()}`;
          at = end + 1;
          continue;
        }
        if (query[at] === '.' && query[at + 1] === '*') {
          // `alias.*`
          text += '.*';
          at += 2;
          break;
        }
        text += query[at++];
      }
      // A trailing dot is no part of a name.
      while (text.endsWith('.') && text.length > 1) {
        text = text.slice(0, -1);
        at--;
      }
      if (/^date$/i.test(text) && query[at] === '(') {
        // `date(2019-10-30)`, `date(2019-10-30T10:00:00Z)`: the text inside is an ISO date.
        const end = query.indexOf(')', at);
        if (end < 0) throw new QueryError('unterminated date(...)', query, start);
        push({ kind: 'staticdate', text: query.slice(at + 1, end).trim(), offset: start });
        at = end + 1;
        continue;
      }
      push({ kind: 'word', text, offset: start });
      continue;
    }
    const operator = OPERATORS.find((candidate) => query.startsWith(candidate, at));
    if (!operator && /^\.?\{/.test(query.slice(at))) {
      throw new QueryError(
        'a single-brace {name} is no J1QL placeholder: write {{name}} (a value only)',
        query,
        start,
      );
    }
    if (!operator) throw new QueryError(`unexpected character "${char}"`, query, start);
    at += operator.length;
    push({ kind: 'operator', text: operator, offset: start });
  }
  tokens.push({ kind: 'end', text: '', offset: query.length });
  return tokens;
}
