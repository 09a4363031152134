import { ERROR_CATALOGUE, type ErrorCode, type ErrorDetail } from '../platform/errors.js';
import type { CollectionAccess } from './collection.types.js';
import { encodeNext } from './taxii-filters.js';
import { STIX_MEDIA_TYPE } from './taxii-media.js';
import type { TaxiiPage } from './taxii.service.js';
import type { TaxiiStatus } from './status.types.js';

/**
 * The TAXII 2.1 resources (§4, §5) as JSON documents, built field by field from typed values
 * (an allow-list: nothing internal leaks), plus the `X-TAXII-Date-Added-*` headers of a page.
 */

/** Paging fields shared by envelope, manifest and versions: `more`, and `next` when more. */
function paging(page: TaxiiPage): { more: boolean; next?: string } {
  const last = page.items[page.items.length - 1];
  return page.more && last ? { more: true, next: encodeNext(last.position) } : { more: false };
}

/** The envelope of an objects or object page (§3.7); no `objects` when the page is empty. */
export function envelopeOf(page: TaxiiPage): Record<string, unknown> {
  return page.items.length === 0
    ? paging(page)
    : { ...paging(page), objects: page.items.map((i) => i.object) };
}

/** The manifest resource (§5.6). */
export function manifestOf(page: TaxiiPage): Record<string, unknown> {
  const out: Record<string, unknown> = paging(page);
  if (page.items.length > 0) {
    out.objects = page.items.map((i) => ({
      id: i.id,
      date_added: i.dateAdded,
      version: i.version,
      media_type: STIX_MEDIA_TYPE,
    }));
  }
  return out;
}

/** The versions resource (§5.8). */
export function versionsOf(page: TaxiiPage): Record<string, unknown> {
  const out: Record<string, unknown> = paging(page);
  if (page.items.length > 0) out.versions = page.items.map((i) => i.version);
  return out;
}

/** `X-TAXII-Date-Added-First` / `-Last` of a page (§3.3.1); none on an empty page. */
export function dateAddedHeaders(page: TaxiiPage): Record<string, string> {
  const first = page.items[0];
  const last = page.items[page.items.length - 1];
  return first && last
    ? { 'X-TAXII-Date-Added-First': first.dateAdded, 'X-TAXII-Date-Added-Last': last.dateAdded }
    : {};
}

/** The collection resource (§5.2) as the actor sees it. */
export function collectionOf(a: CollectionAccess): Record<string, unknown> {
  const c = a.collection;
  return {
    id: c.id,
    title: c.title,
    ...(c.description !== null ? { description: c.description } : {}),
    ...(c.alias !== null ? { alias: c.alias } : {}),
    can_read: a.canRead,
    can_write: a.canWrite,
    media_types: [STIX_MEDIA_TYPE],
  };
}

/** The status resource (§4.3.1). */
export function statusOf(s: TaxiiStatus): Record<string, unknown> {
  return {
    id: s.id,
    status: s.status,
    request_timestamp: s.requestTimestamp,
    total_count: s.totalCount,
    success_count: s.successCount,
    successes: s.successes,
    failure_count: s.failureCount,
    failures: s.failures,
    pending_count: s.pendingCount,
    pendings: s.pendings,
  };
}

/**
 * The error message resource (§3.6.1): `title` from the error catalogue, `description` the
 * specific message, `error_code` nohaven's stable code, `error_id` this occurrence, and the
 * problems (parameter or JSON pointer, message) in `details`.
 */
export function errorOf(
  status: number,
  code: ErrorCode,
  message: string,
  details: readonly ErrorDetail[],
  errorId: string,
): Record<string, unknown> {
  return {
    title: ERROR_CATALOGUE[code].summary,
    description: message,
    error_id: errorId,
    error_code: code,
    http_status: String(status),
    ...(details.length > 0 ? { details: { problems: details } } : {}),
  };
}
