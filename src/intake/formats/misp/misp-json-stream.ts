/**
 * Splits a MISP JSON export into events without holding more than one event in memory. MISP
 * exports come in four shapes, all accepted:
 *
 * - one event: `{"Event": {…}}`;
 * - one event without the wrapper: `{"uuid": …, "info": …, "Attribute": […], …}`;
 * - a list: `[{"Event": {…}}, …]` (elements may also be unwrapped events);
 * - a REST search response: `{"response": [{"Event": {…}}, …]}`.
 *
 * Only the extent of each event is scanned (strings and bracket depth); `JSON.parse` reads
 * the event itself.
 */
import { findJsonSyntaxError } from '../../../objects/json-syntax.js';
import { checkJsonShape } from '../../../platform/json-input.js';
import { IntakeFormatError } from '../../intake-item.js';
import { textChunks } from '../format-input.js';

export const MISP_FORMAT = 'misp';

export interface MispJsonLimits {
  /** Largest single event, in characters (default 64 Mi). */
  readonly maxEventChars?: number;
  /** Deepest nesting inside one event (default 64). */
  readonly maxDepth?: number;
}

type Json = Record<string, unknown>;

class JsonScanner {
  private buf = '';
  private pos = 0;
  /** Line of `buf[0]`, 1-based. */
  private line = 1;

  constructor(
    private readonly chunks: AsyncIterator<string>,
    private readonly maxChars: number,
    private readonly maxDepth: number,
  ) {}

  /** The next character that is not white space (left unread), or '' at the end. */
  async peek(): Promise<string> {
    for (;;) {
      while (this.pos < this.buf.length && ' \t\r\n\uFEFF'.includes(this.buf[this.pos]!))
        this.pos++;
      if (this.pos < this.buf.length) return this.buf[this.pos]!;
      if (!(await this.more())) return '';
    }
  }

  /** Consumes `c` (after white space) or throws. */
  async expect(c: string, what: string): Promise<void> {
    const found = await this.peek();
    if (found !== c)
      throw this.error(`expected ${what}, found ${found === '' ? 'the end' : `'${found}'`}`);
    this.pos++;
  }

  /** Parses the next JSON value. */
  async value(): Promise<unknown> {
    await this.peek();
    const line = this.lineAt(this.pos);
    const text = await this.valueText();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      const problem = findJsonSyntaxError(text);
      const before = text.slice(0, problem?.offset ?? 0);
      const at = line + (before.match(/\n/g)?.length ?? 0);
      throw this.error(`malformed JSON: ${problem?.message ?? (err as Error).message}`, at);
    }
    try {
      checkJsonShape(parsed, { maxDepth: this.maxDepth });
    } catch (err) {
      throw this.error((err as Error).message, line);
    }
    return parsed;
  }

  /** The text of the next JSON value, read across chunks. */
  private async valueText(): Promise<string> {
    const first = await this.peek();
    if (first === '') throw this.error('unexpected end of the input');
    let start = this.pos;
    const container = first === '{' || first === '[';
    let inString = first === '"';
    let escaped = false;
    let depth = container ? 1 : 0;
    let p = start + 1;
    for (;;) {
      const buf = this.buf;
      while (p < buf.length) {
        const c = buf[p]!;
        if (inString) {
          if (escaped) escaped = false;
          else if (c === '\\') escaped = true;
          else if (c === '"') {
            inString = false;
            if (!container) return this.take(start, p + 1);
          }
        } else if (!container && /[\s,\]}]/.test(c)) {
          return this.take(start, p);
        } else if (c === '"') {
          inString = true;
        } else if (c === '{' || c === '[') {
          if (++depth > this.maxDepth)
            throw this.error(`nested deeper than ${this.maxDepth} levels`);
        } else if ((c === '}' || c === ']') && --depth === 0) {
          return this.take(start, p + 1);
        }
        p++;
      }
      if (p - start > this.maxChars)
        throw this.error(`one event is larger than ${this.maxChars} characters`);
      const offset = p - start;
      const had = await this.more(start);
      start = this.pos;
      p = start + offset;
      if (!had) {
        if (container || inString) throw this.error('unexpected end of the input inside a value');
        return this.take(this.pos, this.buf.length);
      }
    }
  }

  private take(from: number, to: number): string {
    this.pos = to;
    return this.buf.slice(from, to);
  }

  /** Appends the next chunk, dropping what lies before `keep` (default: everything read). */
  private async more(keep = this.pos): Promise<boolean> {
    const dropped = this.buf.slice(0, keep);
    for (let i = dropped.indexOf('\n'); i >= 0; i = dropped.indexOf('\n', i + 1)) this.line++;
    this.buf = this.buf.slice(keep);
    this.pos -= keep;
    const next = await this.chunks.next();
    if (next.done === true) return false;
    this.buf += next.value;
    return true;
  }

  private lineAt(pos: number): number {
    let line = this.line;
    for (let i = 0; i < pos && i < this.buf.length; i++) if (this.buf[i] === '\n') line++;
    return line;
  }

  error(problem: string, line = this.lineAt(this.pos)): IntakeFormatError {
    return new IntakeFormatError(MISP_FORMAT, `not a MISP event export: line ${line}: ${problem}`);
  }
}

/** The event inside one list element: `{"Event": {…}}` or an unwrapped event. */
function unwrap(value: unknown): unknown {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const event = (value as Json).Event;
    if (event !== undefined) return event;
  }
  return value;
}

/**
 * Yields each event of a MISP JSON export, in document order. Elements that are not JSON
 * objects are yielded as they are (the caller reports them as broken records).
 */
export async function* readMispEvents(
  input: AsyncIterable<Uint8Array | string>,
  limits: MispJsonLimits = {},
): AsyncGenerator<unknown, void, undefined> {
  const scanner = new JsonScanner(
    textChunks(input, MISP_FORMAT)[Symbol.asyncIterator](),
    limits.maxEventChars ?? 64 * 1024 * 1024,
    limits.maxDepth ?? 64,
  );
  const first = await scanner.peek();
  if (first === '[') {
    yield* elements(scanner);
  } else if (first === '{') {
    await scanner.expect('{', "'{'");
    const bare: Json = {};
    let wrapped = false;
    for (let index = 0; (await scanner.peek()) !== '}'; index++) {
      if (index > 0) await scanner.expect(',', "',' or '}'");
      const key = await scanner.value();
      if (typeof key !== 'string') throw scanner.error('expected a property name');
      await scanner.expect(':', "':'");
      if (index === 0 && key === 'response' && (await scanner.peek()) === '[') {
        wrapped = true;
        yield* elements(scanner);
      } else if (index === 0 && key === 'Event') {
        wrapped = true;
        yield await scanner.value();
      } else if (wrapped) {
        await scanner.value(); // other top-level properties of a wrapper are ignored
      } else {
        bare[key] = await scanner.value();
      }
    }
    await scanner.expect('}', "'}'");
    if (!wrapped) yield bare;
  } else {
    throw scanner.error(first === '' ? 'the input is empty' : 'expected a JSON object or array');
  }
  if ((await scanner.peek()) !== '') throw scanner.error('unexpected text after the JSON value');
}

async function* elements(scanner: JsonScanner): AsyncGenerator<unknown, void, undefined> {
  await scanner.expect('[', "'['");
  for (let index = 0; (await scanner.peek()) !== ']'; index++) {
    if (index > 0) await scanner.expect(',', "',' or ']'");
    yield unwrap(await scanner.value());
  }
  await scanner.expect(']', "']'");
}
