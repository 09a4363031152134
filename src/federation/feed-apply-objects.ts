import type { Kysely } from 'kysely';
import { parseQualifiedUser, qualifyUser } from '../access/qualified-user.js';
import type { Database } from '../platform/database/schema.js';
import type { ObjectService, PreparedIngest } from '../objects/object.service.js';
import type { IngestSummary } from '../objects/object.types.js';
import { inWriteTransaction } from '../platform/database/write-transaction.js';
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
 * path: one ingest per owner, distribution and recipients (organisations known here, and the
 * named RED users — organisation-qualified — that are users of this node), as the service actor `federation`
 * on behalf of the owning organisation, all groups of a run in one write transaction with the
 * record of what was applied and the relay of `all` items. What ingest finds already stored
 * (object id + version) is a duplicate; what it rejects is refused with the reason.
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
  const localUsers = await hostedUsers(
    db,
    items.flatMap((i) => i.audience.recipientUsers ?? []),
  );
  const groups = new Map<string, number[]>();
  items.forEach((item, i) => {
    const body = item.body as ObjectBody;
    const recipients = item.audience.recipientOrgIds.filter((o) => known.has(o)).sort();
    const users = [...new Set(item.audience.recipientUsers ?? [])]
      .filter((u) => localUsers.has(u))
      .sort();
    const key = JSON.stringify([body.ownerOrgId, item.audience.distribution, recipients, users]);
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  const results: ApplyResult[] = items.map(() => ({ kind: 'duplicate' }));
  // The checks of each group first (they read, outside any transaction); a group whose
  // audience this node cannot store is refused as a whole.
  const runs: { positions: number[]; distribution: string; ingest: PreparedIngest }[] = [];
  for (const [key, positions] of groups) {
    const [owner, distribution, recipients, users] = JSON.parse(key) as [
      string,
      string,
      string[],
      string[],
    ];
    try {
      const ingest = await deps.objects.prepareIngest(core.actor(owner), {
        distribution: distribution as Distribution,
        recipients: { organizations: recipients, usernames: users },
      });
      runs.push({ positions, distribution, ingest });
    } catch (err) {
      if (!(err instanceof DomainError) || err.code === 'NH_ERR_CONFLICT') throw err;
      for (const p of positions) results[p] = refused(err.message);
    }
  }
  if (runs.length === 0) return results;
  const objects = runs.flatMap((r) =>
    r.positions.map((p) => (items[p]!.body as ObjectBody).object),
  );
  const relays = runs.some((r) => r.distribution === 'all');
  for (const o of objects) deps.applying.add(o.id);
  try {
    // Every group, what was applied and the relay in one transaction: all of it or none (a
    // concurrent writer in another process makes it throw; the sender retries the batch).
    await inWriteTransaction(db, core.capabilities, async (trx) => {
      if (relays) await core.lockLog(trx);
      for (const run of runs) {
        const group = run.positions.map((p) => items[p]!);
        const summary = await run.ingest.into(
          trx,
          group.map((i) => (i.body as ObjectBody).object),
        );
        const accepted = settle(group, run.positions, summary, results);
        await log.markAppliedMany(
          trx,
          accepted.map((item) => ({
            itemId: item.id,
            origin: item.origin,
            kind: item.kind,
            objectId: (item.body as ObjectBody).object.id,
            peer: from.nodeId,
          })),
          core.now(),
        );
        if (run.distribution === 'all' && accepted.length > 0)
          await core.appendRelayedIn(trx, accepted, from.nodeId);
      }
    });
    for (const run of runs) run.ingest.committed();
  } finally {
    for (const o of objects) deps.applying.delete(o.id);
  }
  if (relays) core.announce();
  return results;
}

/**
 * The organisation-qualified names (`username@<identity id>`) among `names` that are users of
 * this node: the named RED recipients this node stores the object for. Others name users of
 * other nodes and are dropped here.
 */
async function hostedUsers(db: Kysely<Database>, names: readonly string[]): Promise<Set<string>> {
  const parsed = [...new Set(names)].flatMap((n) => {
    const q = parseQualifiedUser(n);
    return q ? [{ name: n, ...q }] : [];
  });
  if (parsed.length === 0) return new Set();
  const rows = await db
    .selectFrom('users')
    .select(['username', 'organization_id'])
    .where('username', 'in', [...new Set(parsed.map((p) => p.username))])
    .execute();
  const here = new Set(rows.map((r) => qualifyUser(r.username, r.organization_id)));
  return new Set(parsed.filter((p) => here.has(p.name)).map((p) => p.name));
}

/** Records the result of each item of a group from what ingest did; returns the accepted ones. */
function settle(
  group: readonly ChangeItem[],
  positions: readonly number[],
  summary: IngestSummary,
  results: ApplyResult[],
): ChangeItem[] {
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
  return accepted;
}
