/**
 * One comparison operator applied to one property value (spec 9.5, table "Comparison
 * Operators"). The result is three-valued: `true`, `false`, or `undefined` when the constant and
 * the property are of incompatible types (a string against an integer, a boolean ordered…),
 * which the caller treats as "does not match" for the plain and the NOT form alike.
 */
import type { ComparisonOperator, PatternLiteral } from './ast.js';
import { ipBlock, ipBlockWithin, sameIpBlock } from './canonical.js';
import { compareTimestamps, normalizeTimestamp } from '../timestamp.js';

/**
 * How a property's text compares, decided from where it sits (see `match.ts`):
 * `hash` (a value of a `hashes` dictionary, hex digests compared case-insensitively), `ip`
 * (`ipv4-addr`/`ipv6-addr` `value`, compared as address blocks), `caseless` (`domain-name` and
 * `mac-addr` values), `hex` (`*_hex` properties), `binary` (`*_bin`, base64), `text` (the rest).
 */
export type ValueKind = 'hash' | 'ip' | 'caseless' | 'hex' | 'binary' | 'text';

/** Longest value a MATCHES regular expression is run on; longer values do not match. */
export const MAX_MATCHES_INPUT = 1 << 20;

/** Applies `operator` (without NOT) to `value`; see the module comment for `undefined`. */
export function compareValue(
  value: unknown,
  kind: ValueKind,
  operator: ComparisonOperator,
  literal: PatternLiteral | readonly PatternLiteral[],
): boolean | undefined {
  if (Array.isArray(literal)) return isIn(value, kind, literal);
  const constant = literal as PatternLiteral;
  switch (operator) {
    case '=':
      return equals(value, kind, constant);
    case '!=': {
      const eq = equals(value, kind, constant);
      return eq === undefined ? undefined : !eq;
    }
    case '<':
    case '<=':
    case '>':
    case '>=': {
      const order = ordering(value, constant);
      if (order === undefined) return undefined;
      if (operator === '<') return order < 0;
      if (operator === '<=') return order <= 0;
      return operator === '>' ? order > 0 : order >= 0;
    }
    case 'LIKE':
      return typeof value === 'string' && constant.kind === 'string'
        ? likeRegExp(constant.value, kind === 'hash' || kind === 'caseless').test(value)
        : undefined;
    case 'MATCHES':
      return matches(value, kind, constant);
    case 'ISSUBSET':
    case 'ISSUPERSET': {
      if (typeof value !== 'string' || constant.kind !== 'string') return undefined;
      const own = ipBlock(value);
      const other = ipBlock(constant.value);
      if (own === undefined || other === undefined) return undefined;
      return operator === 'ISSUBSET' ? ipBlockWithin(own, other) : ipBlockWithin(other, own);
    }
    case 'IN':
      return undefined;
  }
}

/** `IN`: true when any member is equal, false when all comparable members differ. */
function isIn(
  value: unknown,
  kind: ValueKind,
  members: readonly PatternLiteral[],
): boolean | undefined {
  let comparable = members.length === 0 && value !== undefined;
  for (const member of members) {
    const eq = equals(value, kind, member);
    if (eq === true) return true;
    if (eq === false) comparable = true;
  }
  return comparable ? false : undefined;
}

function equals(value: unknown, kind: ValueKind, constant: PatternLiteral): boolean | undefined {
  switch (constant.kind) {
    case 'string':
      if (typeof value !== 'string') return undefined;
      if (kind === 'hash' || kind === 'caseless')
        return value.toLowerCase() === constant.value.toLowerCase();
      if (kind === 'ip') {
        const a = ipBlock(value);
        const b = ipBlock(constant.value);
        if (a !== undefined && b !== undefined) return sameIpBlock(a, b);
      }
      return value === constant.value;
    case 'integer':
    case 'float':
      return typeof value === 'number' ? value === constant.value : undefined;
    case 'boolean':
      return typeof value === 'boolean' ? value === constant.value : undefined;
    case 'timestamp': {
      const ts = typeof value === 'string' ? normalizeTimestamp(value) : null;
      return ts === null ? undefined : compareTimestamps(ts, constant.value) === 0;
    }
    case 'hex':
    case 'binary': {
      const own = bytesOf(value, kind);
      if (own === undefined) return undefined;
      const other = Buffer.from(constant.value, constant.kind === 'hex' ? 'hex' : 'base64');
      return own.equals(other);
    }
  }
}

/** Sign of `value − constant` for numbers, strings (code-unit order) and timestamps. */
function ordering(value: unknown, constant: PatternLiteral): number | undefined {
  if ((constant.kind === 'integer' || constant.kind === 'float') && typeof value === 'number')
    return Math.sign(value - constant.value);
  if (typeof value !== 'string') return undefined;
  if (constant.kind === 'string')
    return value < constant.value ? -1 : value > constant.value ? 1 : 0;
  if (constant.kind === 'timestamp') {
    const ts = normalizeTimestamp(value);
    return ts === null ? undefined : Math.sign(compareTimestamps(ts, constant.value));
  }
  return undefined;
}

/** The bytes of a `*_hex` or `*_bin` property, or undefined for any other property. */
function bytesOf(value: unknown, kind: ValueKind): Buffer | undefined {
  if (typeof value !== 'string') return undefined;
  if (kind === 'hex' && /^(?:[0-9a-fA-F]{2})*$/.test(value)) return Buffer.from(value, 'hex');
  if (kind === 'binary') return Buffer.from(value, 'base64');
  return undefined;
}

const likeCache = new Map<string, RegExp>();

/**
 * SQL LIKE (spec 9.5): `%` is any run of characters, `_` exactly one, everything else literal;
 * the whole value must match. Case-insensitive for hashes, domain names and MAC addresses.
 */
export function likeRegExp(pattern: string, caseless: boolean): RegExp {
  const key = `${caseless ? 'i' : 's'}${pattern}`;
  let re = likeCache.get(key);
  if (re === undefined) {
    const body = pattern.replace(/[%_]|[.*+?^${}()|[\]\\]/g, (ch) =>
      ch === '%' ? '.*' : ch === '_' ? '.' : `\\${ch}`,
    );
    re = new RegExp(`^${body}$`, caseless ? 'isu' : 'su');
    remember(likeCache, key, re);
  }
  return re;
}

const regexCache = new Map<string, RegExp | null>();

/**
 * Shapes that make a backtracking engine take exponential time: a quantified group that itself
 * contains an unbounded quantifier (`(a+)+`, `(\w*x)*`, `(a{2,})+`), and back-references.
 * Character classes are blanked first, so `([+-]\d)+` is not mistaken for one.
 */
const CATASTROPHIC =
  /\((?:[^()\\]|\\.)*(?:[*+]|\{\d+,\d*\})(?:[^()\\]|\\.)*\)(?:[*+]|\{\d+,\d*\})|\\[1-9]/;
const CHARACTER_CLASS = /\[(?:[^\]\\]|\\.)*\]/g;

/**
 * MATCHES (spec 9.5): the constant is a PCRE regular expression searched anywhere in the value
 * (anchor it with `^…$` to match the whole value), with `.` matching line breaks. It runs on
 * JavaScript's RegExp, which covers the PCRE subset STIX producers use (classes, groups,
 * alternation, lazy quantifiers, look-around). Caveats: PCRE-only syntax (possessive quantifiers,
 * atomic groups, `\A`/`\Z`, inline `(?i)`) makes the expression invalid, and an invalid
 * expression matches nothing; expressions with nested quantifiers or back-references are refused
 * (match nothing) as a guard against catastrophic backtracking; values longer than
 * {@link MAX_MATCHES_INPUT} characters do not match. Binary and hex properties are matched on
 * their bytes read as Latin-1 characters.
 */
export function matchesRegExp(source: string): RegExp | null {
  let re = regexCache.get(source);
  if (re === undefined) {
    re = null;
    if (!CATASTROPHIC.test(source.replace(CHARACTER_CLASS, 'x'))) {
      try {
        re = new RegExp(source, 's');
      } catch {
        re = null;
      }
    }
    remember(regexCache, source, re);
  }
  return re;
}

function matches(value: unknown, kind: ValueKind, constant: PatternLiteral): boolean | undefined {
  if (constant.kind !== 'string' || typeof value !== 'string') return undefined;
  const text =
    kind === 'hex' || kind === 'binary' ? bytesOf(value, kind)?.toString('latin1') : value;
  if (text === undefined || text.length > MAX_MATCHES_INPUT) return undefined;
  const re = matchesRegExp(constant.value);
  return re === null ? undefined : re.test(text);
}

/** Bounded memo: compiled expressions are reused across objects, the oldest dropped past 1,000. */
function remember<T>(cache: Map<string, T>, key: string, value: T): void {
  if (cache.size >= 1000) cache.delete(cache.keys().next().value as string);
  cache.set(key, value);
}
