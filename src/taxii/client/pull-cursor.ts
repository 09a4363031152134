/**
 * Paging of a collection's objects (TAXII 2.1 §3.4, §5.3), as pure decisions: which request
 * comes next, and the `added_after` cursor a client may resume from once a page is stored.
 *
 * A page whose envelope says `more: true` is followed with `next` when the server gave one
 * (same `added_after`), else with `added_after` set to the page's `X-TAXII-Date-Added-Last`
 * (§3.3.1). The resume cursor is always the newest `X-TAXII-Date-Added-Last` seen: objects are
 * listed in `date_added` order, so everything up to it has been received.
 */
export interface PageRequest {
  readonly addedAfter?: string;
  readonly next?: string;
}

export interface PageAnswer {
  readonly more: boolean;
  readonly next?: string;
  readonly objectCount: number;
  /** `X-TAXII-Date-Added-Last` of the page, when the server sent it. */
  readonly dateAddedLast?: string;
}

export type PagingStep =
  | { readonly kind: 'done' }
  | { readonly kind: 'next'; readonly request: PageRequest }
  | { readonly kind: 'stuck'; readonly reason: string };

/** The request after `answer` (to `request`), or why paging cannot go on. */
export function nextPage(request: PageRequest, answer: PageAnswer): PagingStep {
  if (!answer.more) return { kind: 'done' };
  if (answer.next !== undefined && answer.next !== '') {
    if (answer.next === request.next)
      return {
        kind: 'stuck',
        reason: `the server returned the same "next" (${answer.next}) again`,
      };
    return {
      kind: 'next',
      request: {
        ...(request.addedAfter ? { addedAfter: request.addedAfter } : {}),
        next: answer.next,
      },
    };
  }
  if (answer.objectCount > 0 && answer.dateAddedLast !== undefined) {
    if (answer.dateAddedLast === request.addedAfter)
      return { kind: 'stuck', reason: 'X-TAXII-Date-Added-Last did not move forward' };
    return { kind: 'next', request: { addedAfter: answer.dateAddedLast } };
  }
  return {
    kind: 'stuck',
    reason: 'the server said "more" but gave neither "next" nor X-TAXII-Date-Added-Last',
  };
}

/** The cursor to save after a page is stored: the later of the old one and the page's last. */
export function advanceCursor(
  cursor: string | undefined,
  dateAddedLast: string | undefined,
): string | undefined {
  if (dateAddedLast === undefined) return cursor;
  if (cursor === undefined) return dateAddedLast;
  return Date.parse(dateAddedLast) >= Date.parse(cursor) ? dateAddedLast : cursor;
}

/** RFC 3339 date-time (TAXII's timestamp type, §1.6.6). */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

/** Whether `text` is a timestamp usable as `added_after`. */
export function isTimestamp(text: string): boolean {
  return RFC3339.test(text) && !Number.isNaN(Date.parse(text));
}
