/**
 * Lexer for the STIX patterning language (spec 9; token rules of the OASIS STIXPattern.g4
 * grammar, pattern_grammar/STIXPattern.g4 in oasis-open/cti-stix2-json-schemas). As in that
 * grammar, keywords and `true` / `false` are case-insensitive (token text is normalised to
 * uppercase / lowercase), `/* … *\/` and `// …` comments are skipped, and strings take only the
 * `\'` and `\\` escapes.
 */
import { isValidTimestamp } from '../timestamp.js';

export type TokenKind =
  | 'keyword'
  | 'ident'
  | 'string'
  | 'int'
  | 'float'
  | 'bool'
  | 'hex'
  | 'binary'
  | 'timestamp'
  | 'punct'
  | 'op'
  | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /** Keyword, punctuation or operator text; identifier name; decoded literal text. */
  readonly text: string;
  /** Offset in the pattern, for error messages. */
  readonly pos: number;
}

export class PatternSyntaxError extends Error {
  constructor(
    message: string,
    readonly pos: number,
  ) {
    super(`${message} at offset ${pos}`);
    this.name = 'PatternSyntaxError';
  }
}

export const KEYWORDS: ReadonlySet<string> = new Set([
  'AND',
  'OR',
  'NOT',
  'FOLLOWEDBY',
  'LIKE',
  'MATCHES',
  'ISSUPERSET',
  'ISSUBSET',
  'EXISTS',
  'IN',
  'START',
  'STOP',
  'SECONDS',
  'WITHIN',
  'REPEATS',
  'TIMES',
]);

const BASE64_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const HEX_RE = /^(?:[0-9a-fA-F]{2})*$/;
const IDENT_START_RE = /[A-Za-z_]/;
const IDENT_PART_RE = /[A-Za-z0-9_-]/;
const DIGIT_RE = /[0-9]/;
const WHITESPACE_RE = /\s/;

function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && DIGIT_RE.test(ch);
}

/** Reads a quoted string starting at the opening quote; returns [decoded, end offset]. */
function readQuoted(src: string, start: number): [string, number] {
  let i = start + 1;
  let out = '';
  while (i < src.length) {
    const ch = src[i];
    if (ch === "'") return [out, i + 1];
    if (ch === '\\') {
      const next = src[i + 1];
      if (next !== "'" && next !== '\\')
        throw new PatternSyntaxError('invalid escape in string', i);
      out += next;
      i += 2;
      continue;
    }
    out += ch;
    i += 1;
  }
  throw new PatternSyntaxError('unterminated string', start);
}

/** Reads `[+-]?(digits)?(.digits)?` per the IntLiteral / FloatLiteral rules. */
function readNumber(src: string, start: number): [Token, number] {
  let i = start;
  if (src[i] === '+' || src[i] === '-') i++;
  const intStart = i;
  while (isDigit(src[i])) i++;
  const intDigits = src.slice(intStart, i);
  if (src[i] === '.' && isDigit(src[i + 1])) {
    i++;
    while (isDigit(src[i])) i++;
    return [{ kind: 'float', text: src.slice(start, i), pos: start }, i];
  }
  if (intDigits.length === 0) throw new PatternSyntaxError('invalid number', start);
  if (intDigits.length > 1 && intDigits[0] === '0')
    throw new PatternSyntaxError('leading zero in integer', start);
  return [{ kind: 'int', text: src.slice(start, i), pos: start }, i];
}

/** Splits a pattern into tokens; throws {@link PatternSyntaxError} on invalid input. */
export function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i] as string;
    if (WHITESPACE_RE.test(ch)) {
      i++;
      continue;
    }
    const next = src[i + 1];
    if (ch === '/' && next === '*') {
      const end = src.indexOf('*/', i + 2);
      if (end < 0) throw new PatternSyntaxError('unterminated comment', i);
      i = end + 2;
      continue;
    }
    if (ch === '/' && next === '/') {
      const end = src.indexOf('\n', i + 2);
      i = end < 0 ? src.length : end + 1;
      continue;
    }
    if ((ch === 't' || ch === 'h' || ch === 'b') && next === "'") {
      const [text, end] = readQuoted(src, i + 1);
      if (ch === 't' && !isValidTimestamp(text))
        throw new PatternSyntaxError('invalid timestamp literal', i);
      if (ch === 'h' && (!HEX_RE.test(text) || text.includes('\\')))
        throw new PatternSyntaxError('invalid hex literal', i);
      if (ch === 'b' && !BASE64_RE.test(text))
        throw new PatternSyntaxError('invalid base64 literal', i);
      tokens.push({ kind: ch === 't' ? 'timestamp' : ch === 'h' ? 'hex' : 'binary', text, pos: i });
      i = end;
      continue;
    }
    if (ch === "'") {
      const [text, end] = readQuoted(src, i);
      tokens.push({ kind: 'string', text, pos: i });
      i = end;
      continue;
    }
    if (IDENT_START_RE.test(ch)) {
      const start = i;
      while (i < src.length && IDENT_PART_RE.test(src[i] as string)) i++;
      const text = src.slice(start, i);
      const upper = text.toUpperCase();
      if (KEYWORDS.has(upper)) tokens.push({ kind: 'keyword', text: upper, pos: start });
      else if (upper === 'TRUE' || upper === 'FALSE') {
        tokens.push({ kind: 'bool', text: upper.toLowerCase(), pos: start });
      } else tokens.push({ kind: 'ident', text, pos: start });
      continue;
    }
    if (
      isDigit(ch) ||
      ((ch === '-' || ch === '+') && (isDigit(next) || next === '.')) ||
      (ch === '.' && isDigit(next))
    ) {
      const [token, end] = readNumber(src, i);
      tokens.push(token);
      i = end;
      continue;
    }
    const two = src.slice(i, i + 2);
    if (two === '!=' || two === '<>' || two === '>=' || two === '<=' || two === '==') {
      tokens.push({ kind: 'op', text: two === '==' ? '=' : two === '<>' ? '!=' : two, pos: i });
      i += 2;
      continue;
    }
    if (ch === '=' || ch === '<' || ch === '>') {
      tokens.push({ kind: 'op', text: ch, pos: i });
      i++;
      continue;
    }
    if ('[]():,.*'.includes(ch)) {
      tokens.push({ kind: 'punct', text: ch, pos: i });
      i++;
      continue;
    }
    throw new PatternSyntaxError(`unexpected character ${JSON.stringify(ch)}`, i);
  }
  tokens.push({ kind: 'eof', text: '', pos: src.length });
  return tokens;
}
