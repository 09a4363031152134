/**
 * Splits intake input into raw e-mail messages, within a size limit, without holding more
 * than one message (at most `maxMessageBytes`) in memory.
 *
 * The input is either one RFC 5322 message, or an mbox file: messages each introduced by a
 * `From ` separator line (the "mboxo/mboxrd" family, RFC 4155), where lines of the body that
 * began with `From ` were escaped as `>From ` (mboxrd: any number of `>`); one `>` is removed.
 * A message over the limit is skipped up to the next separator and reported; a single message
 * (no mbox) over the limit ends the reading at once, so a 2 GB upload is never read whole.
 */

/** One message of the input, or the reason it was not read. `line` is where it starts. */
export type RawMessage =
  | { readonly record: number; readonly line: number; readonly bytes: Buffer }
  | { readonly record: number; readonly line: number; readonly error: string };

const LF = 0x0a;
const FROM_SEPARATOR = Buffer.from('From ');

function toBuffer(chunk: Uint8Array | string): Buffer {
  return typeof chunk === 'string'
    ? Buffer.from(chunk, 'utf8')
    : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

function mib(bytes: number): string {
  return bytes % 1048576 === 0 ? `${bytes / 1048576} MiB` : `${bytes} bytes`;
}

/** True when `line` (without its LF) is an mboxrd-escaped `>From ` line. */
function isEscapedFrom(line: Buffer): boolean {
  let i = 0;
  while (i < line.length && line[i] === 0x3e) i += 1;
  return i > 0 && line.subarray(i, i + 5).equals(FROM_SEPARATOR);
}

class MessageCollector {
  private parts: Buffer[] = [];
  private size = 0;
  overflow = false;

  constructor(private readonly max: number) {}

  add(bytes: Buffer): void {
    if (this.overflow) return;
    this.size += bytes.length;
    if (this.size > this.max) {
      this.overflow = true;
      this.parts = [];
      return;
    }
    this.parts.push(bytes);
  }

  take(): Buffer {
    const out = Buffer.concat(this.parts);
    this.parts = [];
    this.size = 0;
    this.overflow = false;
    return out;
  }
}

/**
 * Reads the input as e-mail messages. A single message larger than `maxMessageBytes` yields one
 * error and reading stops; in an mbox, each over-size message is reported and skipped.
 */
export async function* readMessages(
  input: AsyncIterable<Uint8Array | string>,
  maxMessageBytes: number,
): AsyncGenerator<RawMessage> {
  const tooLarge = `message larger than the limit of ${mib(maxMessageBytes)}; not read`;
  const iterator = input[Symbol.asyncIterator]();
  let pending: Buffer = Buffer.alloc(0);
  // Sniff the first bytes to tell an mbox from a single message.
  while (pending.length < 5) {
    const next = await iterator.next();
    if (next.done) break;
    pending = Buffer.concat([pending, toBuffer(next.value)]);
  }
  const mbox = pending.subarray(0, 5).equals(FROM_SEPARATOR);
  if (!mbox) {
    const message = new MessageCollector(maxMessageBytes);
    message.add(pending);
    for (;;) {
      if (message.overflow) {
        yield { record: 1, line: 1, error: tooLarge };
        await iterator.return?.();
        return;
      }
      const next = await iterator.next();
      if (next.done) break;
      message.add(toBuffer(next.value));
    }
    yield { record: 1, line: 1, bytes: message.take() };
    return;
  }

  let record = 0;
  let lineNo = 0;
  let startLine = 0;
  let previousBlank = true;
  const message = new MessageCollector(maxMessageBytes);
  const finish = (): RawMessage => {
    const overflow = message.overflow;
    const bytes = message.take();
    return overflow
      ? { record, line: startLine, error: tooLarge }
      : { record, line: startLine, bytes };
  };
  const handleLine = (line: Buffer): RawMessage | undefined => {
    lineNo += 1;
    const body = line[line.length - 1] === LF ? line.subarray(0, -1) : line;
    const text = body[body.length - 1] === 0x0d ? body.subarray(0, -1) : body;
    let out: RawMessage | undefined;
    if (previousBlank && text.subarray(0, 5).equals(FROM_SEPARATOR)) {
      if (record > 0) out = finish();
      record += 1;
      startLine = lineNo;
    } else if (record > 0) {
      message.add(isEscapedFrom(text) ? line.subarray(1) : line);
    }
    previousBlank = text.length === 0;
    return out;
  };

  for (;;) {
    let start = 0;
    for (let lf = pending.indexOf(LF); lf >= 0; lf = pending.indexOf(LF, start)) {
      const out = handleLine(pending.subarray(start, lf + 1));
      start = lf + 1;
      if (out !== undefined) yield out;
    }
    pending = pending.subarray(start);
    // A line longer than the message limit is not kept whole either.
    if (pending.length > maxMessageBytes) {
      message.add(pending);
      pending = Buffer.alloc(0);
      previousBlank = false;
    }
    const next = await iterator.next();
    if (next.done) break;
    pending =
      pending.length === 0 ? toBuffer(next.value) : Buffer.concat([pending, toBuffer(next.value)]);
  }
  if (pending.length > 0) {
    const out = handleLine(pending);
    if (out !== undefined) yield out;
  }
  if (record > 0) yield finish();
}
