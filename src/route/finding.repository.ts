import type { Kysely } from 'kysely';
import type { Database } from '../platform/database/schema.js';
import { routedItemRepository as repo } from './routed-item.repository.js';
import { findingOf, type Finding } from './routing-rules.js';

type Stored = Parameters<typeof findingOf>[0] & { type?: string; object_refs?: unknown };

/**
 * The findings among the latest stored versions of `objectIds`: the routable observables
 * themselves, and those the `observed-data` among them refer to (`object_refs`, STIX 2.1
 * §4.13). Ids not in the store are skipped.
 */
export async function findingsOf(
  db: Kysely<Database>,
  objectIds: readonly string[],
): Promise<Finding[]> {
  const stored = (await repo.latestObjects(db, [...new Set(objectIds)])) as Stored[];
  const found = new Map<string, Finding>();
  const referred: string[] = [];
  for (const o of stored) {
    const f = findingOf(o);
    if (f) found.set(f.id, f);
    if (o.type === 'observed-data' && Array.isArray(o.object_refs))
      for (const r of o.object_refs) if (typeof r === 'string' && !found.has(r)) referred.push(r);
  }
  for (const o of (await repo.latestObjects(db, [...new Set(referred)])) as Stored[]) {
    const f = findingOf(o);
    if (f) found.set(f.id, f);
  }
  return [...found.values()];
}
