/**
 * J1QL tokenizer: turns query text into words, literals and operators, each with its offset
 * so that errors can point at the place in the query.
 *
 * Words are case-preserving; the parser decides which words are keywords (J1QL keywords are
 * case-insensitive, `_type`s, classes and property names are not). A `/` always starts a
 * regular expression: J1QL has no division.
 */
import { QueryError } from './errors';

export type TokenKind = 'word' | 'string' | 'number' | 'regex' | 'operator' | 'end';

export interface Token {
  kind: TokenKind;
  /** The word, the string's value, the number's text, the operator, or the regex source. */
  text: string;
  /** Regular expression flags (regex only). */
  flags?: string;
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
  '?',
  '{',
  '}',
  '[',
  ']',
];

const WORD_START = /[A-Za-z_]/;
/** Property names may hold dots (`tag.AccountName`, `alias.property`) and inner hyphens. */
const WORD_PART = /[A-Za-z0-9_.-]/;
const REGEX_FLAGS = /[a-z]/;

export function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < query.length) {
    const char = query[at];
    if (/\s/.test(char)) {
      at++;
      continue;
    }
    const start = at;
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
      tokens.push({ kind: 'string', text: value, offset: start });
      continue;
    }
    if (char === '/') {
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
      tokens.push({ kind: 'regex', text: source, flags, offset: start });
      continue;
    }
    if (/[0-9]/.test(char) || (char === '.' && /[0-9]/.test(query[at + 1] ?? ''))) {
      const match = /^(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/.exec(query.slice(at));
      const text = match ? match[0] : char;
      at += text.length;
      if (at < query.length && WORD_START.test(query[at])) {
        // `30days` and the like: a number glued to a word is not J1QL.
        throw new QueryError(`unexpected "${text}${query[at]}"`, query, start);
      }
      tokens.push({ kind: 'number', text, offset: start });
      continue;
    }
    if (WORD_START.test(char)) {
      while (at < query.length && WORD_PART.test(query[at])) {
        // `-` is part of a word only before a letter (`tag.cost-center`), never in `date.now-30`.
        if (query[at] === '-' && !/[A-Za-z_]/.test(query[at + 1] ?? '')) break;
        at++;
      }
      // A trailing dot is no part of a name.
      while (query[at - 1] === '.' && at - 1 > start) at--;
      tokens.push({ kind: 'word', text: query.slice(start, at), offset: start });
      continue;
    }
    const operator = OPERATORS.find((candidate) => query.startsWith(candidate, at));
    if (!operator) throw new QueryError(`unexpected character "${char}"`, query, start);
    at += operator.length;
    tokens.push({ kind: 'operator', text: operator, offset: start });
  }
  tokens.push({ kind: 'end', text: '', offset: query.length });
  return tokens;
}
