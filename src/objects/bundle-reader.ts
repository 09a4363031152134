import { Buffer, isUtf8 } from 'node:buffer';
import { DomainError, type ErrorCode } from '../platform/errors.js';
import {
  advance,
  BundleFormatError,
  firstBadUtf8,
  lineColumn,
  type Mark,
} from './bundle-position.js';
import { checkJsonShape, DEFAULT_JSON_LIMITS } from '../platform/json-input.js';
import { findJsonSyntaxError } from './json-syntax.js';

export { BundleFormatError } from './bundle-position.js';

export interface BundleReaderOptions {
  /** Deepest nesting inside one object (default {@link DEFAULT_JSON_LIMITS}). */
  readonly maxDepth?: number;
  /** Largest object, or other bundle property value, in bytes (default 64 MiB). */
  readonly maxValueBytes?: number;
}

/**
 * Reads a STIX 2.1 bundle (§8: `{"type":"bundle","id":"bundle--…","objects":[…]}`) from a byte
 * stream and yields each element of `objects` as a parsed value, in order, holding in memory only
 * the object being read. Keys may come in any order; top-level keys other than `type`, `id`,
 * `objects` and `spec_version` are parsed and ignored. Each object passes `checkJsonShape`
 * (no `__proto__`/`constructor`/`prototype` keys, bounded depth).
 *
 * Throws {@link BundleFormatError} with line and column for malformed JSON, invalid UTF-8, a
 * document that is not a bundle, or a value over the limits. A bad `type` or `id` that comes
 * after `objects` is found only at the end, once the objects were yielded: atomic consumers
 * store nothing then.
 */
export function readBundle(
  source: AsyncIterable<Uint8Array | string>,
  options: BundleReaderOptions = {},
): AsyncGenerator<unknown, void, undefined> {
  return new BundleReader(source[Symbol.asyncIterator](), options).bundle();
}

/**
 * Text that may hold a forbidden key (`__proto__`, `constructor`, `prototype`), spelt out or
 * behind `\u` escapes. Objects without any of these cannot break `checkJsonShape`'s key rule,
 * and their depth is already bounded while their extent is found, so the walk is skipped.
 */
const MAY_HOLD_FORBIDDEN_KEY = /__proto__|constructor|prototype|\\u/;

const EMPTY = Buffer.alloc(0);
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const toBuffer = (v: Uint8Array | string): Buffer =>
  typeof v === 'string'
    ? Buffer.from(v)
    : Buffer.isBuffer(v)
      ? v
      : Buffer.from(v.buffer, v.byteOffset, v.byteLength);
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const QUOTE = 0x22;
const COMMA = 0x2c;
const MINUS = 0x2d;
const COLON = 0x3a;
const L_BRACKET = 0x5b;
const BACKSLASH = 0x5c;
const R_BRACKET = 0x5d;
const L_BRACE = 0x7b;
const R_BRACE = 0x7d;
const isWs = (b: number): boolean => b === SPACE || b === LF || b === CR || b === TAB;
const startsValue = (b: number): boolean =>
  b === L_BRACE ||
  b === L_BRACKET ||
  b === QUOTE ||
  b === MINUS ||
  (b >= 0x30 && b <= 0x39) ||
  b === 0x74 ||
  b === 0x66 ||
  b === 0x6e;

class BundleReader {
  private chunk: Buffer = EMPTY;
  private pos = 0;
  /** Line and column of `chunk[0]`. */
  private line = 1;
  private column = 1;
  private started = false;
  /** Text of the value parsed last. */
  private text = '';
  private readonly maxDepth: number;
  private readonly maxValueBytes: number;

  constructor(
    private readonly input: AsyncIterator<Uint8Array | string>,
    options: BundleReaderOptions,
  ) {
    this.maxDepth = options.maxDepth ?? DEFAULT_JSON_LIMITS.maxDepth;
    this.maxValueBytes = options.maxValueBytes ?? 64 * 1024 * 1024;
  }

  async *bundle(): AsyncGenerator<unknown, void, undefined> {
    let b = await this.peek();
    if (b === -1)
      throw this.error('NH_ERR_VALIDATION', 'the input is empty: expected a STIX bundle');
    if (b !== L_BRACE)
      throw this.error('NH_ERR_VALIDATION', 'not a STIX bundle: expected a JSON object ("{")');
    this.pos++;
    const seen = new Set<string>();
    b = await this.peek();
    while (b !== R_BRACE) {
      if (b !== QUOTE) throw this.unexpected(b, 'a property name in double quotes');
      const keyAt = this.mark();
      const key = this.parse(await this.value(), keyAt) as string;
      if (seen.has(key))
        throw this.errorAt(keyAt, 'NH_ERR_MALFORMED_JSON', `duplicate bundle property "${key}"`);
      seen.add(key);
      if ((await this.peek()) !== COLON) throw this.unexpected(await this.peek(), "':'");
      this.pos++;
      b = await this.peek();
      const at = this.mark();
      if (key === 'objects') {
        if (b !== L_BRACKET)
          throw this.errorAt(
            at,
            'NH_ERR_VALIDATION',
            'not a STIX bundle: "objects" must be an array',
          );
        this.pos++;
        yield* this.objects();
      } else {
        const value = this.parse(await this.value(), at);
        if (key === 'type' && value !== 'bundle') {
          throw this.errorAt(
            at,
            'NH_ERR_VALIDATION',
            `not a STIX bundle: "type" is ${JSON.stringify(value)}, expected "bundle"`,
          );
        }
        if (key === 'id' && (typeof value !== 'string' || !value.startsWith('bundle--'))) {
          throw this.errorAt(
            at,
            'NH_ERR_VALIDATION',
            'not a STIX bundle: "id" must be "bundle--<UUID>"',
          );
        }
      }
      b = await this.peek();
      if (b === COMMA) {
        this.pos++;
        b = await this.peek();
        if (b === R_BRACE) throw this.unexpected(b, 'a property name after ","');
      } else if (b !== R_BRACE) {
        throw this.unexpected(b, "',' or '}'");
      }
    }
    this.pos++;
    b = await this.peek();
    if (b !== -1) throw this.unexpected(b, 'the end of the input after the bundle');
    if (!seen.has('type'))
      throw this.error('NH_ERR_VALIDATION', 'not a STIX bundle: "type": "bundle" is missing');
    if (!seen.has('id'))
      throw this.error('NH_ERR_VALIDATION', 'not a STIX bundle: "id" is missing');
  }

  /** The elements of `objects`, after its "[". */
  private async *objects(): AsyncGenerator<unknown, void, undefined> {
    let b = await this.peek();
    if (b === R_BRACKET) {
      this.pos++;
      return;
    }
    for (let index = 0; ; index++) {
      const at = this.mark();
      const bytes = await this.value(index);
      const value = this.parse(bytes, at, index);
      try {
        if (MAY_HOLD_FORBIDDEN_KEY.test(this.text))
          checkJsonShape(value, { maxDepth: this.maxDepth });
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        const detail = err.details[0];
        throw this.errorAt(at, err.code, err.message, index, detail?.path ?? '');
      }
      yield value;
      b = await this.peek();
      if (b === COMMA) {
        this.pos++;
        b = await this.peek();
      } else if (b === R_BRACKET) {
        this.pos++;
        return;
      } else {
        throw this.unexpected(b, `',' or ']' after object #${index}`);
      }
    }
  }

  /**
   * The bytes of the JSON value starting at `pos`, read across chunks. Tracks only strings and
   * bracket depth to find the value's end; `JSON.parse` checks the rest.
   */
  private async value(index: number | null = null): Promise<Buffer> {
    const first = this.chunk[this.pos] ?? -1;
    if (!startsValue(first)) throw this.unexpected(first, 'a JSON value', index);
    const start = this.mark();
    const parts: Buffer[] = [];
    let size = 0;
    const container = first === L_BRACE || first === L_BRACKET;
    let inString = first === QUOTE;
    let depth = container ? 1 : 0;
    let escapes = 0; // backslashes at the end of the previous chunk, when inside a string
    let p = this.pos + 1;
    for (;;) {
      const buf = this.chunk;
      const n = buf.length;
      let end = -1;
      while (p < n) {
        if (inString) {
          const q = buf.indexOf(QUOTE, p);
          let k = (q < 0 ? n : q) - 1;
          while (k >= p && buf[k] === BACKSLASH) k--;
          const run = (q < 0 ? n : q) - 1 - k + (k < p ? escapes : 0);
          if (q < 0) {
            escapes = run & 1;
            p = n;
            break;
          }
          escapes = 0;
          p = q + 1;
          if ((run & 1) === 0) {
            inString = false;
            if (!container) {
              end = p;
              break;
            }
          }
          continue;
        }
        const b = buf[p]!;
        if (!container) {
          if (isWs(b) || b === COMMA || b === R_BRACE || b === R_BRACKET) {
            end = p;
            break;
          }
        } else if (b === QUOTE) {
          inString = true;
        } else if (b === L_BRACE || b === L_BRACKET) {
          if (++depth > this.maxDepth) {
            throw this.errorAt(
              start,
              'NH_ERR_INPUT_LIMIT',
              `nested deeper than ${this.maxDepth} levels`,
              index,
            );
          }
        } else if ((b === R_BRACE || b === R_BRACKET) && --depth === 0) {
          end = p + 1;
          break;
        }
        p++;
      }
      if (end >= 0) {
        const last = buf.subarray(this.pos, end);
        this.pos = end;
        return parts.length === 0 ? last : Buffer.concat([...parts, last]);
      }
      parts.push(buf.subarray(this.pos, n));
      size += n - this.pos;
      if (size > this.maxValueBytes) {
        throw this.errorAt(
          start,
          'NH_ERR_INPUT_LIMIT',
          `larger than ${this.maxValueBytes} bytes`,
          index,
        );
      }
      this.pos = n;
      if (!(await this.more())) {
        if (container || inString)
          throw this.error(
            'NH_ERR_MALFORMED_JSON',
            'unexpected end of the input inside a value',
            index,
          );
        return Buffer.concat(parts);
      }
      p = 0;
    }
  }

  /** Decodes (strict UTF-8) and parses one value's bytes; `at` is where it starts. */
  private parse(bytes: Buffer, at: Mark, index: number | null = null): unknown {
    if (!isUtf8(bytes)) {
      const bad = firstBadUtf8(bytes);
      const before = bytes.subarray(0, bad).toString('utf8');
      throw this.errorAt(
        advance(at, before),
        'NH_ERR_MALFORMED_JSON',
        `invalid UTF-8 (byte 0x${bytes[bad]!.toString(16)})`,
        index,
      );
    }
    const text = bytes.toString('utf8');
    this.text = text;
    try {
      return JSON.parse(text);
    } catch (err) {
      const problem = findJsonSyntaxError(text);
      const offset = problem?.offset ?? 0;
      const message = problem?.message ?? (err as Error).message;
      throw this.errorAt(
        advance(at, text.slice(0, offset)),
        'NH_ERR_MALFORMED_JSON',
        message,
        index,
      );
    }
  }

  /** The next byte that is not whitespace (left unconsumed), or -1 at the end of the input. */
  private async peek(): Promise<number> {
    for (;;) {
      const buf = this.chunk;
      let p = this.pos;
      while (p < buf.length && isWs(buf[p]!)) p++;
      this.pos = p;
      if (p < buf.length) return buf[p]!;
      if (!(await this.more())) return -1;
    }
  }

  /** Moves to the next non-empty chunk; false at the end of the input. */
  private async more(): Promise<boolean> {
    const done = lineColumn(this.chunk, this.chunk.length, this.line, this.column);
    this.line = done.line;
    this.column = done.column;
    this.chunk = EMPTY;
    this.pos = 0;
    for (;;) {
      const r = await this.input.next();
      if (r.done) return false;
      let c = toBuffer(r.value);
      if (c.length === 0) continue;
      if (!this.started) {
        // A byte-order mark is skipped (and takes no column), even when split across chunks.
        while (c.length < 3 && BOM.subarray(0, c.length).equals(c)) {
          const next = await this.input.next();
          if (next.done) break;
          c = Buffer.concat([c, toBuffer(next.value)]);
        }
        if (c.subarray(0, 3).equals(BOM)) {
          this.pos = 3;
          this.column = 0;
        }
      }
      this.chunk = c;
      this.started = true;
      return true;
    }
  }

  private mark(): Mark {
    return { chunk: this.chunk, offset: this.pos, line: this.line, column: this.column };
  }

  private error(code: ErrorCode, problem: string, index: number | null = null): BundleFormatError {
    return this.errorAt(this.mark(), code, problem, index);
  }

  private errorAt(
    at: Mark,
    code: ErrorCode,
    problem: string,
    index: number | null = null,
    path = '',
  ): BundleFormatError {
    const { line, column } = lineColumn(at.chunk, at.offset, at.line, at.column);
    return new BundleFormatError(code, problem, line, column, index, path);
  }

  private unexpected(b: number, expected: string, index: number | null = null): BundleFormatError {
    const found =
      b === -1
        ? 'the end of the input'
        : b >= 0x20 && b < 0x7f
          ? `'${String.fromCharCode(b)}'`
          : `byte 0x${b.toString(16)}`;
    return this.error('NH_ERR_MALFORMED_JSON', `expected ${expected}, found ${found}`, index);
  }
}
