import type { Kysely } from 'kysely';
import type { PeerRecord } from '../federation/federation.types.js';
import type { Database } from '../platform/database/schema.js';
import { peerHosting } from './exchange.types.js';

/** An organisation a request may be addressed to: on this node, or hosted by a peer node. */
export interface Recipient {
  readonly id: string;
  readonly name: string;
  readonly country: string | null;
  /** The sector of a local organisation; a peer tells only name and country (null). */
  readonly sector: string | null;
  /** The peer node that hosts it (null: this node). */
  readonly node: { readonly id: string; readonly name: string } | null;
}

/**
 * Everyone a request may be addressed to (issue 7, items 5 and 9): this node's organisations,
 * then the organisations hosted by active peers whose policy carries legal messages — the same
 * rule the federation transport routes by (`peerHosting`). Whether a remote organisation is of
 * the right kind (authority or provider) is decided by its own node when the request arrives.
 */
export async function listRecipients(
  db: Kysely<Database>,
  peers: readonly PeerRecord[],
): Promise<Recipient[]> {
  const local = await db
    .selectFrom('organizations')
    .select(['id', 'name', 'country', 'sector'])
    .orderBy('name')
    .execute();
  const localIds = new Set(local.map((o) => o.id));
  const remote: Recipient[] = [];
  for (const peer of peers)
    for (const o of peer.organizations)
      if (!localIds.has(o.id) && peerHosting([peer], o.id))
        remote.push({
          id: o.id,
          name: o.name,
          country: o.country,
          sector: null,
          node: { id: peer.nodeId, name: peer.descriptor.name },
        });
  remote.sort((a, b) => a.name.localeCompare(b.name));
  return [...local.map((o) => ({ ...o, node: null })), ...remote];
}
