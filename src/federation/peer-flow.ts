import { parseQualifiedUser } from '../access/qualified-user.js';
import { effectiveTlp, sharingGroupOf } from '../policy/read-policy.js';
import type { ChangeItem, WithdrawalBody } from './change-feed.types.js';
import type { PeerContent, PeerRecord, PeerTlpCeiling } from './federation.types.js';

/**
 * What may flow to a peer (issue 6 §2 and §4): the one decision every item of the change feed
 * passes, for each peer, whether pushed or pulled. Pure and total.
 *
 * - Never to a peer that is not `active`, never back to the item's origin nor to the peer it
 *   came from (no loops).
 * - The peer policy's content kinds: `alerts` for alert items, `aggregates` for outbreak
 *   aggregates, `objects` for every other kind.
 * - A withdrawal goes exactly to the peers it addresses.
 * - Distribution: `all` flows (and is relayed) when the peer policy lists `all`; `connected`
 *   flows when listed, only from its origin (direct peers of the origin node, never relayed);
 *   `sharing-group:<id>` only from its origin, when the policy lists the group and the peer
 *   hosts at least one member organisation; any other distribution never leaves the node.
 * - TLP at most the policy's `maxTlp`; AMBER+STRICT never leaves; RED only when a named
 *   recipient organisation, or the organisation of a named recipient user (a user of this node
 *   or an organisation-qualified name), is hosted by the peer.
 */

/** What the decision needs to know beyond the item and the peer. */
export interface FlowContext {
  /** This node's id. */
  readonly selfNodeId: string;
  /** The peer this node received the item from; null for its own items. */
  readonly receivedFrom: string | null;
  /** Member organisations of one of this node's sharing groups (empty when unknown). */
  readonly groupMembers: (groupId: string) => readonly string[];
  /** The organisation of a user of this node, or null. */
  readonly userOrganization: (userId: string) => string | null;
}

export type FlowDecision =
  { readonly allowed: true } | { readonly allowed: false; readonly reason: string };

/** An item, or what a decision about new content needs of it (no body for object kinds). */
export type FlowItem = Pick<ChangeItem, 'origin' | 'kind' | 'audience'> & {
  readonly body?: ChangeItem['body'];
};

const CEILING_ORDER: readonly PeerTlpCeiling[] = ['clear', 'green', 'amber', 'red'];
const ALLOWED: FlowDecision = { allowed: true };
const deny = (reason: string): FlowDecision => ({ allowed: false, reason });

export function contentOf(kind: ChangeItem['kind']): PeerContent {
  if (kind === 'aggregate') return 'aggregates';
  return kind === 'alert' ? 'alerts' : 'objects';
}

export function mayFlow(item: FlowItem, peer: PeerRecord, ctx: FlowContext): FlowDecision {
  if (peer.state !== 'active') return deny(`peer is ${peer.state}`);
  if (peer.nodeId === item.origin) return deny('the peer is the origin');
  if (ctx.receivedFrom !== null && peer.nodeId === ctx.receivedFrom)
    return deny('the item came from this peer');
  const content = contentOf(item.kind);
  if (!peer.policy.content.includes(content)) return deny(`the peer takes no ${content}`);
  if (item.kind === 'withdrawal') {
    return ((item.body as WithdrawalBody | undefined)?.addressedTo ?? []).includes(peer.nodeId)
      ? ALLOWED
      : deny('the withdrawal is not addressed to the peer');
  }
  const hosted = new Set(peer.organizations.map((o) => o.id));
  const distribution = distributionFlow(item, peer, hosted, ctx);
  if (!distribution.allowed) return distribution;
  return tlpFlow(item, peer, hosted, ctx);
}

function distributionFlow(
  item: FlowItem,
  peer: PeerRecord,
  hosted: ReadonlySet<string>,
  ctx: FlowContext,
): FlowDecision {
  const { distribution } = item.audience;
  if (distribution === 'all') {
    return peer.policy.distributions.includes('all') ? ALLOWED : deny('the peer takes no all');
  }
  if (item.origin !== ctx.selfNodeId) return deny(`${distribution} content is never relayed`);
  if (distribution === 'connected') {
    return peer.policy.distributions.includes('connected')
      ? ALLOWED
      : deny('the peer takes no connected');
  }
  const group = sharingGroupOf(distribution);
  if (group === null) return deny(`distribution ${distribution} never leaves the node`);
  if (!peer.policy.sharingGroups.includes(group))
    return deny(`the peer does not take sharing group ${group}`);
  const members = [...ctx.groupMembers(group)];
  const joined = (item.body as { organizationId?: string } | undefined)?.organizationId;
  if (item.kind === 'membership' && joined !== undefined) members.push(joined);
  return members.some((m) => hosted.has(m))
    ? ALLOWED
    : deny(`the peer hosts no member of sharing group ${group}`);
}

function tlpFlow(
  item: FlowItem,
  peer: PeerRecord,
  hosted: ReadonlySet<string>,
  ctx: FlowContext,
): FlowDecision {
  const tlp = effectiveTlp(item.audience.tlp);
  if (tlp === 'amber+strict') return deny('TLP:AMBER+STRICT never leaves the node');
  if (CEILING_ORDER.indexOf(tlp) > CEILING_ORDER.indexOf(peer.policy.maxTlp))
    return deny(`TLP:${tlp.toUpperCase()} is above the peer's ceiling`);
  if (tlp !== 'red') return ALLOWED;
  const named =
    item.audience.recipientOrgIds.some((o) => hosted.has(o)) ||
    (item.audience.recipientUsers ?? []).some((u) => {
      const org = parseQualifiedUser(u)?.organizationId;
      return org !== undefined && hosted.has(org);
    }) ||
    item.audience.recipientUserIds.some((u) => {
      const org = ctx.userOrganization(u);
      return org !== null && hosted.has(org);
    });
  return named ? ALLOWED : deny('TLP:RED and no named recipient is hosted by the peer');
}
