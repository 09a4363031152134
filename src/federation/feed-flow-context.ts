import type { Kysely } from 'kysely';
import type { Database } from '../platform/database/schema.js';
import type { FlowContext } from './peer-flow.js';

/**
 * Loads what {@link FlowContext} looks up — sharing-group members and users' organisations —
 * once per batch, from this node's tables.
 */
export async function loadFlowLookups(
  db: Kysely<Database>,
): Promise<Omit<FlowContext, 'selfNodeId' | 'receivedFrom'>> {
  const [members, users] = await Promise.all([
    db.selectFrom('sharing_group_members').select(['group_id', 'organization_id']).execute(),
    db.selectFrom('users').select(['id', 'organization_id']).execute(),
  ]);
  const groups = new Map<string, string[]>();
  for (const m of members) {
    const list = groups.get(m.group_id) ?? [];
    list.push(m.organization_id);
    groups.set(m.group_id, list);
  }
  const orgOf = new Map(users.map((u) => [u.id, u.organization_id]));
  return {
    groupMembers: (g) => groups.get(g) ?? [],
    userOrganization: (u) => orgOf.get(u) ?? null,
  };
}
