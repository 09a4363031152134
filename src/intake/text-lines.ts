/**
 * Splits a byte stream into text lines without ever holding more than one line (bounded by
 * `maxLineBytes`) and one input chunk in memory. A longer line is skipped and reported (its
 * content is never buffered), so a 10 MB line in a feed costs nothing but a message. Invalid
 * UTF-8 is decoded with U+FFFD replacement characters; `\r\n` and `\n` both end a line.
 */

export type TextLine =
  | { readonly kind: 'line'; readonly line: number; readonly text: string }
  | { readonly kind: 'too-long'; readonly line: number; readonly bytes: number };

export const DEFAULT_MAX_LINE_BYTES = 1 << 20;

const NEWLINE = 0x0a;

function toBytes(chunk: Uint8Array | string): Uint8Array {
  return typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
}

export async function* readLines(
  input: AsyncIterable<Uint8Array | string>,
  maxLineBytes = DEFAULT_MAX_LINE_BYTES,
): AsyncGenerator<TextLine> {
  const decoder = new TextDecoder('utf-8');
  let parts: Uint8Array[] = [];
  let pending = 0;
  let skipping = false;
  let lineNo = 0;

  const finish = (): TextLine => {
    lineNo += 1;
    if (skipping) {
      const out: TextLine = { kind: 'too-long', line: lineNo, bytes: pending };
      skipping = false;
      pending = 0;
      return out;
    }
    const bytes = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
    parts = [];
    pending = 0;
    let text = decoder.decode(bytes);
    if (text.endsWith('\r')) text = text.slice(0, -1);
    return { kind: 'line', line: lineNo, text };
  };

  const append = (slice: Uint8Array) => {
    pending += slice.length;
    if (skipping) return;
    if (pending > maxLineBytes) {
      skipping = true;
      parts = [];
      return;
    }
    if (slice.length > 0) parts.push(slice);
  };

  for await (const chunk of input) {
    const bytes = toBytes(chunk);
    let start = 0;
    for (;;) {
      const nl = bytes.indexOf(NEWLINE, start);
      if (nl < 0) break;
      append(bytes.subarray(start, nl));
      yield finish();
      start = nl + 1;
    }
    // Copy the tail: the caller may reuse the chunk's buffer.
    if (start < bytes.length) append(Uint8Array.prototype.slice.call(bytes, start));
  }
  if (pending > 0 || parts.length > 0) yield finish();
}

/** Reads a whole (small) input as text, refusing more than `maxBytes`. */
export async function readAllText(
  input: AsyncIterable<Uint8Array | string>,
  maxBytes: number,
  what: string,
): Promise<string> {
  const parts: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of input) {
    const bytes = toBytes(chunk);
    total += bytes.length;
    if (total > maxBytes) {
      throw new RangeError(`${what} is larger than ${maxBytes} bytes`);
    }
    parts.push(bytes);
  }
  return new TextDecoder('utf-8').decode(Buffer.concat(parts));
}
