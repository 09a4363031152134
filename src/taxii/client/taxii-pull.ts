import { advanceCursor, nextPage, type PageRequest } from './pull-cursor.js';
import { TaxiiClientError } from './taxii-client.errors.js';
import type { TaxiiClient } from './taxii-client.js';

/**
 * Pulls a collection's objects (TAXII 2.1 §5.3) page by page into the local store, resuming
 * from a saved `added_after` cursor. Contract: the cursor is saved only after the page it
 * covers has been stored, so an interrupted pull loses nothing and re-reads at most one page
 * (whose objects are then duplicates).
 */
export interface PulledPage {
  readonly stored: number;
  readonly duplicates: number;
  readonly rejected: number;
  /** Why objects were rejected, as `id: reason`. */
  readonly problems: readonly string[];
}

export interface PullPorts {
  /** Stores one page's objects through the node's ingest path. */
  store(objects: readonly Record<string, unknown>[]): Promise<PulledPage>;
  /** Saves the resume cursor (after `store` returned). */
  saveCursor(addedAfter: string): Promise<void>;
  onPage?(summary: PullSummary, bytes: number): void;
}

export interface PullSummary {
  readonly pages: number;
  readonly received: number;
  readonly stored: number;
  readonly duplicates: number;
  readonly rejected: number;
  readonly problems: readonly string[];
  /** The cursor after the pull (unchanged when nothing new came). */
  readonly cursor: string | undefined;
}

export async function pullCollection(
  client: TaxiiClient,
  apiRoot: string,
  collection: string,
  options: { since: string | undefined; limit?: number },
  ports: PullPorts,
): Promise<PullSummary> {
  let request: PageRequest = options.since !== undefined ? { addedAfter: options.since } : {};
  let cursor = options.since;
  let s = { pages: 0, received: 0, stored: 0, duplicates: 0, rejected: 0 };
  const problems: string[] = [];
  let bytes = 0;
  for (;;) {
    const page = await client.objects(apiRoot, collection, { ...request, limit: options.limit });
    bytes += page.bytes;
    if (page.objects.length > 0) {
      const r = await ports.store(page.objects);
      s = {
        pages: s.pages + 1,
        received: s.received + page.objects.length,
        stored: s.stored + r.stored,
        duplicates: s.duplicates + r.duplicates,
        rejected: s.rejected + r.rejected,
      };
      problems.push(...r.problems);
      const advanced = advanceCursor(cursor, page.dateAddedLast);
      if (advanced !== undefined && advanced !== cursor) {
        await ports.saveCursor(advanced);
        cursor = advanced;
      }
      ports.onPage?.({ ...s, problems, cursor }, bytes);
    }
    const step = nextPage(request, {
      more: page.more,
      next: page.next,
      objectCount: page.objects.length,
      dateAddedLast: page.dateAddedLast,
    });
    if (step.kind === 'done') break;
    if (step.kind === 'stuck')
      throw new TaxiiClientError(
        `paging ${apiRoot}collections/${collection}/objects/ stopped: ${step.reason}`,
        'GET',
        `${apiRoot}collections/${collection}/objects/`,
      );
    request = step.request;
  }
  return { ...s, problems, cursor };
}
