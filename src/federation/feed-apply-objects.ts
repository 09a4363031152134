import type { ObjectService } from '../objects/object.service.js';
import type { Distribution } from '../objects/object.types.js';
import { DomainError } from '../platform/errors.js';
import { effectiveTlp } from '../policy/read-policy.js';
import type { ChangeItem, ObjectBody } from './change-feed.types.js';
import type { PeerRecord } from './federation.types.js';
import { refused, type ApplyResult } from './feed-apply-result.js';
import type { FeedCore } from './feed-core.js';
import { feedLogRepository as log } from './feed-log.repository.js';

/**
 * Object items of a received batch (issue 6 §4), applied in groups through the normal ingest
 * path: one `ingest` per owner, distribution and recipients, as the service actor `federation`
 * on behalf of the owning organisation. What ingest finds already stored (object id + version)
 * is a duplicate; what it rejects is refused with the reason.
 */

/** Why an object item may not be applied here at all (null: it may). */
export function objectRefusal(item: ChangeItem, from: PeerRecord): ApplyResult | null {
  const { distribution } = item.audience;
  if (distribution !== 'all' && item.origin !== from.nodeId)
    return refused(`${distribution} content is never relayed`);
  if (effectiveTlp(item.audience.tlp) === 'amber+strict')
    return refused('TLP:AMBER+STRICT never leaves its node');
  if (
    distribution !== 'connected' &&
    distribution !== 'all' &&
    !distribution.startsWith('sharing-group:')
  )
    return refused(`distribution ${distribution} is not shared between nodes`);
  return null;
}

/** Applies `items` (checked object items, in order); returns one result per item. */
export async function applyObjects(
  core: FeedCore,
  deps: { readonly objects: ObjectService; readonly applying: Set<string> },
  items: readonly ChangeItem[],
  from: PeerRecord,
): Promise<ApplyResult[]> {
  const { db } = core;
  const named = [...new Set(items.flatMap((i) => i.audience.recipientOrgIds))];
  // Recipients this node knows as organisations; others cannot be named here.
  const known = new Set(
    named.length === 0
      ? []
      : (await db.selectFrom('organizations').select('id').where('id', 'in', named).execute()).map(
          (o) => o.id,
        ),
  );
  const groups = new Map<string, number[]>();
  items.forEach((item, i) => {
    const body = item.body as ObjectBody;
    const recipients = item.audience.recipientOrgIds.filter((o) => known.has(o)).sort();
    const key = JSON.stringify([body.ownerOrgId, item.audience.distribution, recipients]);
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  const results: ApplyResult[] = items.map(() => ({ kind: 'duplicate' }));
  for (const [key, positions] of groups) {
    const [owner, distribution, recipients] = JSON.parse(key) as [string, string, string[]];
    const group = positions.map((p) => items[p]!);
    const objects = group.map((i) => (i.body as ObjectBody).object);
    for (const o of objects) deps.applying.add(o.id);
    try {
      const summary = await deps.objects.ingest(core.actor(owner), objects, {
        mode: 'partial',
        distribution: distribution as Distribution,
        recipients: { organizations: recipients },
      });
      const rejected = new Map(summary.rejected.map((r) => [r.index, r]));
      const accepted: ChangeItem[] = [];
      let stored = summary.stored;
      group.forEach((item, g) => {
        const rejection = rejected.get(g);
        if (rejection) {
          results[positions[g]!] = refused(
            `invalid STIX: ${JSON.stringify(rejection.errors).slice(0, 300)}`,
          );
          return;
        }
        accepted.push(item);
        // The counts are exact; which of the accepted items were the duplicates is not known.
        results[positions[g]!] = stored > 0 ? { kind: 'applied' } : { kind: 'duplicate' };
        stored -= 1;
      });
      await log.markAppliedMany(
        db,
        accepted.map((item) => ({
          itemId: item.id,
          origin: item.origin,
          kind: item.kind,
          objectId: (item.body as ObjectBody).object.id,
          peer: from.nodeId,
        })),
        core.now(),
      );
      if (distribution === 'all' && accepted.length > 0)
        await core.appendRelayed(accepted, from.nodeId);
    } catch (err) {
      // A concurrent writer (another process) is transient: the sender retries the batch.
      if (!(err instanceof DomainError) || err.code === 'NH_ERR_CONFLICT') throw err;
      for (const p of positions) results[p] = refused(err.message);
    } finally {
      for (const o of objects) deps.applying.delete(o.id);
    }
  }
  return results;
}
