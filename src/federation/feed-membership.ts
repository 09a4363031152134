import { inWriteTransaction } from '../platform/database/write-transaction.js';
import type { ChangeItem, MembershipBody } from './change-feed.types.js';
import type { PeerRecord } from './federation.types.js';
import { refused, type ApplyResult } from './feed-apply-result.js';
import type { FeedCore } from './feed-core.js';
import { feedLogRepository as log } from './feed-log.repository.js';

/** Mirrors a peer's sharing group here, so its members read what it distributes. */
export async function applyMembership(
  core: FeedCore,
  item: ChangeItem,
  from: PeerRecord,
): Promise<ApplyResult> {
  const { db } = core;
  if (item.origin !== from.nodeId) return refused('membership changes are never relayed');
  const body = item.body as MembershipBody;
  const at = core.now();
  const group = await db
    .selectFrom('sharing_groups')
    .selectAll()
    .where('id', '=', body.groupId)
    .executeTakeFirst();
  if (group && group.owner_org_id !== body.ownerOrgId)
    return refused(`sharing group ${body.groupId} belongs to another organisation here`);
  const origin = await core.peers.find(item.origin);
  const hosted = [...from.organizations, ...(origin?.organizations ?? [])].find(
    (o) => o.id === body.ownerOrgId,
  );
  await inWriteTransaction(db, core.capabilities, async (trx) => {
    const owner = await trx
      .selectFrom('organizations')
      .select('id')
      .where('id', '=', body.ownerOrgId)
      .executeTakeFirst();
    if (!owner) {
      // The owner is known here as a remote organisation, as recipients of other nodes are.
      const name = hosted?.name ?? origin?.descriptor.organization.name ?? body.ownerOrgId;
      const taken = await trx
        .selectFrom('organizations')
        .select('id')
        .where('name', '=', name)
        .executeTakeFirst();
      await trx
        .insertInto('organizations')
        .values({
          id: body.ownerOrgId,
          name: taken ? `${name} (${body.ownerOrgId})` : name,
          sector: 'other',
          country: hosted?.country ?? origin?.descriptor.country ?? null,
          created_at: at,
        })
        .execute();
    }
    if (!group) {
      const taken = await trx
        .selectFrom('sharing_groups')
        .select('id')
        .where('name', '=', body.groupName)
        .executeTakeFirst();
      await trx
        .insertInto('sharing_groups')
        .values({
          id: body.groupId,
          name: taken ? `${body.groupName} (${body.groupId})` : body.groupName,
          owner_org_id: body.ownerOrgId,
          hide_members: 1,
          created_at: at,
        })
        .execute();
    }
    if (body.change === 'added') {
      await trx
        .insertInto('sharing_group_members')
        .values({ group_id: body.groupId, organization_id: body.organizationId, added_at: at })
        .onConflict((oc) => oc.columns(['group_id', 'organization_id']).doNothing())
        .execute();
    } else {
      await trx
        .deleteFrom('sharing_group_members')
        .where('group_id', '=', body.groupId)
        .where('organization_id', '=', body.organizationId)
        .where('organization_id', '!=', body.ownerOrgId)
        .execute();
    }
    await log.markApplied(
      trx,
      {
        itemId: item.id,
        origin: item.origin,
        kind: item.kind,
        // The group id: this node's copy of the group is a mirror (see `isMirrored`).
        objectId: body.groupId,
        peer: from.nodeId,
      },
      at,
    );
    await core.audit.append(trx, core.actor(body.ownerOrgId), {
      action: 'federation.membership.apply',
      target: body.groupId,
      details: {
        item: item.id,
        origin: item.origin,
        organizationId: body.organizationId,
        change: body.change,
      },
    });
  });
  return { kind: 'applied' };
}
