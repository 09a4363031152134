import { DomainError } from '../platform/errors.js';

/** Position in a listing: the insertion sequence of the last item returned, and the order. */
export interface ListCursor {
  readonly afterSeq: number;
  readonly order: 'asc' | 'desc';
}

/** Opaque to clients: base64url of a small JSON document. */
export function encodeCursor(cursor: ListCursor): string {
  return Buffer.from(JSON.stringify({ s: cursor.afterSeq, o: cursor.order })).toString('base64url');
}

export function decodeCursor(text: string): ListCursor {
  try {
    const v = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as {
      s?: unknown;
      o?: unknown;
    };
    if (
      typeof v.s === 'number' &&
      Number.isSafeInteger(v.s) &&
      v.s >= 0 &&
      (v.o === 'asc' || v.o === 'desc')
    ) {
      return { afterSeq: v.s, order: v.o };
    }
  } catch {
    // fall through to the error below
  }
  throw new DomainError('NH_ERR_BAD_CURSOR', 'the cursor is not one this node issued', [
    { path: 'cursor', message: 'unknown cursor' },
  ]);
}
