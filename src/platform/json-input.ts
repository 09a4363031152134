import { DomainError } from './errors.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Limits on the shape of JSON input, beyond its size in bytes. */
export interface JsonLimits {
  /** Deepest nesting of objects and arrays. */
  readonly maxDepth: number;
}

export const DEFAULT_JSON_LIMITS: JsonLimits = { maxDepth: 64 };

/**
 * Decodes strict UTF-8 and parses JSON, refusing keys that could pollute prototypes
 * (`__proto__`, `constructor`, `prototype`) and nesting deeper than the limit. Errors name the
 * problem and where it is.
 */
export function parseJsonInput(
  bytes: Uint8Array | string,
  limits: JsonLimits = DEFAULT_JSON_LIMITS,
): unknown {
  let text: string;
  if (typeof bytes === 'string') {
    text = bytes;
  } else {
    try {
      text = utf8.decode(bytes);
    } catch {
      throw new DomainError(
        'NH_ERR_MALFORMED_JSON',
        `the body is not valid UTF-8 (first bad byte at offset ${firstBadUtf8Offset(bytes)})`,
        [{ path: '', message: 'invalid UTF-8' }],
      );
    }
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new DomainError(
      'NH_ERR_MALFORMED_JSON',
      `the body is not well-formed JSON: ${(err as Error).message}`,
      [{ path: '', message: (err as Error).message }],
    );
  }
  checkJsonShape(value, limits);
  return value;
}

/** Walks a parsed value and enforces {@link JsonLimits} and the forbidden keys. */
export function checkJsonShape(value: unknown, limits: JsonLimits = DEFAULT_JSON_LIMITS): void {
  // Iterative walk: a hostile document must not overflow our stack.
  const stack: { v: unknown; depth: number; path: string }[] = [{ v: value, depth: 0, path: '' }];
  while (stack.length > 0) {
    const { v, depth, path } = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= limits.maxDepth) {
      throw new DomainError(
        'NH_ERR_INPUT_LIMIT',
        `the input is nested deeper than ${limits.maxDepth} levels at ${path || '/'}`,
        [{ path, message: `nesting deeper than ${limits.maxDepth}` }],
      );
    }
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++)
        stack.push({ v: v[i], depth: depth + 1, path: `${path}/${i}` });
    } else {
      for (const key of Object.keys(v)) {
        const p = `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
        if (FORBIDDEN_KEYS.has(key)) {
          throw new DomainError('NH_ERR_VALIDATION', `the key "${key}" is not allowed (at ${p})`, [
            { path: p, message: `forbidden key "${key}"` },
          ]);
        }
        stack.push({ v: (v as Record<string, unknown>)[key], depth: depth + 1, path: p });
      }
    }
  }
}

function firstBadUtf8Offset(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    const n =
      b < 0x80
        ? 1
        : b >= 0xc2 && b < 0xe0
          ? 2
          : b >= 0xe0 && b < 0xf0
            ? 3
            : b >= 0xf0 && b < 0xf5
              ? 4
              : 0;
    if (n === 0) return i;
    try {
      utf8.decode(bytes.subarray(i, i + n));
    } catch {
      return i;
    }
    i += n - 1;
  }
  return bytes.length;
}
