/** Positions (line, column) in a bundle being read, and the error that reports them. */
import { Buffer, isUtf8 } from 'node:buffer';
import { DomainError, type ErrorCode } from '../platform/errors.js';

const LF = 0x0a;
const EMPTY = Buffer.alloc(0);

/** The input is not a well-formed STIX bundle; `line`/`column` are 1-based, columns in characters. */
export class BundleFormatError extends DomainError {
  constructor(
    code: ErrorCode,
    readonly problem: string,
    readonly line: number,
    readonly column: number,
    /** Input index of the object concerned, if any. */
    readonly index: number | null = null,
    path = '',
  ) {
    const what = index === null ? '' : `object #${index} `;
    super(code, `${what}at line ${line}, column ${column}: ${problem}`, [
      { path, message: problem, ...(index === null ? {} : { index }) },
    ]);
    this.name = 'BundleFormatError';
  }
}

/** A position in the input: the chunk it falls in, the offset, and where that chunk began. */
export interface Mark {
  chunk: Buffer;
  offset: number;
  line: number;
  column: number;
}

/** Line and column of `chunk[offset]`, given those of `chunk[0]`; columns count characters. */
export function lineColumn(
  chunk: Buffer,
  offset: number,
  line: number,
  column: number,
): { line: number; column: number } {
  let lastNl = -1;
  for (let i = chunk.indexOf(LF); i >= 0 && i < offset; i = chunk.indexOf(LF, i + 1)) {
    line++;
    lastNl = i;
  }
  let chars = 0;
  for (let i = lastNl + 1; i < offset; i++) if ((chunk[i]! & 0xc0) !== 0x80) chars++;
  return { line, column: lastNl >= 0 ? 1 + chars : column + chars };
}

/** The mark moved past `text` (which starts at `at`). */
export function advance(at: Mark, text: string): Mark {
  const lines = text.split('\n');
  const tail = [...(lines[lines.length - 1] ?? '')].length;
  const p = lineColumn(at.chunk, at.offset, at.line, at.column);
  return lines.length === 1
    ? { chunk: EMPTY, offset: 0, line: p.line, column: p.column + tail }
    : { chunk: EMPTY, offset: 0, line: p.line + lines.length - 1, column: 1 + tail };
}

/** Offset of the first byte that breaks UTF-8 (RFC 3629) in `bytes`. */
export function firstBadUtf8(bytes: Buffer): number {
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i]!;
    const len =
      b < 0x80
        ? 1
        : b >= 0xc2 && b <= 0xdf
          ? 2
          : b >= 0xe0 && b <= 0xef
            ? 3
            : b >= 0xf0 && b <= 0xf4
              ? 4
              : 0;
    if (len === 0 || !isUtf8(bytes.subarray(i, i + len))) return i;
    i += len;
  }
  return bytes.length;
}
