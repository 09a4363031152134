/**
 * Reusable value checks — the vocabulary of the per-type rule tables. Every check is built once
 * at module load; running one allocates only when it reports an issue.
 *
 * Data types are those of spec section 2 (boolean 2.2, dictionary 2.4, hashes 2.7, hex 2.8,
 * identifier 2.9, integer 2.10, list 2.11, string 2.14, timestamp 2.17, binary 2.3).
 */
import { identifierType, isIdentifier } from './ids.js';
import { compareTimestamps, isValidTimestamp } from './timestamp.js';
import type { Check, JsonObject, Shape, StixIssue } from './types.js';

export function issue(out: StixIssue[], path: string, code: string, message: string): void {
  out.push({ path, code, message });
}

/** RFC 6901 pointer segment escaping. */
export function pointer(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}/${key}`;
  if (key.indexOf('~') < 0 && key.indexOf('/') < 0) return `${base}/${key}`;
  return `${base}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export const str: Check = (v, p, out) => {
  if (typeof v !== 'string') issue(out, p, 'type', 'must be a string');
};

export const bool: Check = (v, p, out) => {
  if (typeof v !== 'boolean') issue(out, p, 'type', 'must be a boolean');
};

/** Integer (spec 2.10) within optional inclusive bounds. */
export function int(min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER): Check {
  return (v, p, out) => {
    if (typeof v !== 'number' || !Number.isInteger(v)) issue(out, p, 'type', 'must be an integer');
    else if (v < min || v > max) issue(out, p, 'value', `must be between ${min} and ${max}`);
  };
}

/** Floating-point number (spec 2.6) within optional inclusive bounds. */
export function num(min = -Infinity, max = Infinity): Check {
  return (v, p, out) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) issue(out, p, 'type', 'must be a number');
    else if (v < min || v > max) issue(out, p, 'value', `must be between ${min} and ${max}`);
  };
}

export const timestamp: Check = (v, p, out) => {
  if (typeof v !== 'string') issue(out, p, 'type', 'must be a timestamp string');
  else if (!isValidTimestamp(v)) {
    issue(out, p, 'timestamp', 'must be an RFC 3339 UTC timestamp ending in Z');
  }
};

/** Closed enumeration. */
export function oneOf(values: readonly string[]): Check {
  const set = new Set(values);
  return (v, p, out) => {
    if (typeof v !== 'string') issue(out, p, 'type', 'must be a string');
    else if (!set.has(v)) issue(out, p, 'value', `must be one of ${values.join(', ')}`);
  };
}

/** A string matching a precompiled regular expression. */
export function matching(re: RegExp, what: string): Check {
  return (v, p, out) => {
    if (typeof v !== 'string') issue(out, p, 'type', 'must be a string');
    else if (!re.test(v)) issue(out, p, 'format', `must be ${what}`);
  };
}

export const hex = matching(/^(?:[a-fA-F0-9]{2})+$/, 'hex-encoded (spec 2.8)');
export const binary = matching(
  /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{4}|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2}==)$/,
  'base64-encoded (spec 2.3)',
);

/** Non-empty list (spec 2.11: lists MUST NOT be empty) whose items pass `item`. */
export function list(item: Check): Check {
  return (v, p, out) => {
    if (!Array.isArray(v)) return issue(out, p, 'type', 'must be a list');
    if (v.length === 0) return issue(out, p, 'value', 'must not be empty');
    for (let i = 0; i < v.length; i++) item(v[i], pointer(p, i), out);
  };
}

export const strList = list(str);

/** A string or a non-empty list of strings (header dictionaries, spec 6.6 and 6.12.2). */
export const strOrStrList: Check = (v, p, out) => {
  if (typeof v !== 'string') strList(v, p, out);
};

/** Identifier (spec 2.9), optionally restricted to some object types. */
export function ref(...types: string[]): Check {
  const allowed = types.length > 0 ? new Set(types) : null;
  const what = types.join(' or ');
  return (v, p, out) => {
    if (typeof v !== 'string') return issue(out, p, 'type', 'must be an identifier string');
    if (!isIdentifier(v)) return issue(out, p, 'id', 'must be an identifier type--UUID');
    if (allowed !== null && !allowed.has(identifierType(v))) {
      issue(out, p, 'reference', `must reference ${what}`);
    }
  };
}

/** Identifier whose type must not be one of `types`. */
export function refNot(...types: string[]): Check {
  const denied = new Set(types);
  return (v, p, out) => {
    if (typeof v !== 'string') return issue(out, p, 'type', 'must be an identifier string');
    if (!isIdentifier(v)) return issue(out, p, 'id', 'must be an identifier type--UUID');
    if (denied.has(identifierType(v)))
      issue(out, p, 'reference', `must not reference ${types.join(', ')}`);
  };
}

export const refs = (...types: string[]): Check => list(ref(...types));

/** Dictionary (spec 2.4): non-empty object, keys of at most 250 ASCII chars `[a-zA-Z0-9_-]`. */
const DICT_KEY_RE = /^[a-zA-Z0-9_-]{1,250}$/;
export function dict(value?: Check, keyRe: RegExp = DICT_KEY_RE): Check {
  return (v, p, out) => {
    if (!isObject(v)) return issue(out, p, 'type', 'must be a dictionary');
    let n = 0;
    for (const key in v) {
      n++;
      const kp = pointer(p, key);
      if (!keyRe.test(key)) issue(out, kp, 'format', 'dictionary key has invalid characters');
      if (value !== undefined) value(v[key], kp, out);
    }
    if (n === 0) issue(out, p, 'value', 'must not be empty');
  };
}

/** Hash algorithm values for the hashing-algorithm-ov vocabulary (spec 10.11). */
const HASH_VALUE_RES: Readonly<Record<string, RegExp>> = {
  MD5: /^[a-fA-F0-9]{32}$/,
  'SHA-1': /^[a-fA-F0-9]{40}$/,
  'SHA-256': /^[a-fA-F0-9]{64}$/,
  'SHA-512': /^[a-fA-F0-9]{128}$/,
  'SHA3-256': /^[a-fA-F0-9]{64}$/,
  'SHA3-512': /^[a-fA-F0-9]{128}$/,
  SSDEEP: /^[a-zA-Z0-9/+:.]{1,128}$/,
  TLSH: /^[a-zA-Z0-9]{70}$/,
};
const HASH_KEY_RE = /^[a-zA-Z0-9_-]{3,250}$/;

/** Hashes (spec 2.7): dictionary of algorithm → string; known algorithms checked for syntax. */
export const hashes: Check = (v, p, out) => {
  if (!isObject(v)) return issue(out, p, 'type', 'must be a hashes dictionary');
  let n = 0;
  for (const key in v) {
    n++;
    const kp = pointer(p, key);
    const value = v[key];
    if (!HASH_KEY_RE.test(key)) issue(out, kp, 'format', 'hash algorithm name must be 3–250 chars');
    if (typeof value !== 'string') {
      issue(out, kp, 'type', 'hash value must be a string');
      continue;
    }
    const re = HASH_VALUE_RES[key];
    if (re !== undefined && !re.test(value)) issue(out, kp, 'format', `not a valid ${key} value`);
  }
  if (n === 0) issue(out, p, 'value', 'must not be empty');
};

/**
 * Runs a {@link Shape} on a nested object or a top-level object: required properties, then the
 * property table, then the cross-property check. Keys outside the table are left to the caller.
 */
export function applyShape(shape: Shape, obj: JsonObject, p: string, out: StixIssue[]): void {
  if (shape.required !== undefined) {
    for (const key of shape.required) {
      if (obj[key] === undefined) issue(out, pointer(p, key), 'required', `${key} is required`);
    }
  }
  for (const key in shape.props) {
    const value = obj[key];
    if (value !== undefined) shape.props[key]?.(value, pointer(p, key), out);
  }
  shape.check?.(obj, p, out);
}

/** A nested object (a STIX "type" such as kill-chain-phase or an SCO extension). */
export function object(shape: Shape): Check {
  return (v, p, out) => {
    if (!isObject(v)) return issue(out, p, 'type', 'must be an object');
    applyShape(shape, v, p, out);
  };
}

/** At least one of `keys` must be present. */
export function atLeastOne(
  obj: JsonObject,
  keys: readonly string[],
  p: string,
  out: StixIssue[],
): void {
  for (const key of keys) if (obj[key] !== undefined) return;
  issue(out, p, 'required', `at least one of ${keys.join(', ')} is required`);
}

/** `later` must not be before `earlier` when both are valid timestamps. */
export function notBefore(
  obj: JsonObject,
  earlier: string,
  later: string,
  p: string,
  out: StixIssue[],
  strict = false,
): void {
  const a = obj[earlier];
  const b = obj[later];
  if (typeof a !== 'string' || typeof b !== 'string') return;
  if (!isValidTimestamp(a) || !isValidTimestamp(b)) return;
  const order = compareTimestamps(b, a);
  if (strict ? order <= 0 : order < 0) {
    issue(
      out,
      pointer(p, later),
      'timestamp',
      `${later} must be ${strict ? 'later than' : 'at or after'} ${earlier}`,
    );
  }
}

/** Kill chain phase (spec 2.12). */
export const killChainPhases = list(
  object({
    required: ['kill_chain_name', 'phase_name'],
    props: { kill_chain_name: str, phase_name: str },
  }),
);
