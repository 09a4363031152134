import type { HostedOrganization, PeerPolicy, PeerState } from './federation.types.js';
import type { StoredPeer } from './peer.repository.js';

/** How far a peer is behind this node's change feed; provided by the change feed. */
export interface PeerLag {
  readonly items: number;
  readonly seconds: number;
}

/** One peer as the federation page and `nohaven peer show` present it (REST `PeerView`). */
export interface PeerView {
  readonly nodeId: string;
  readonly name: string;
  readonly organization: { readonly id: string; readonly name: string };
  readonly country: string;
  readonly sector: string;
  readonly baseUrl: string;
  readonly fingerprint: string;
  readonly state: PeerState;
  readonly policy: PeerPolicy;
  readonly organizations: readonly HostedOrganization[];
  readonly addedAt: string;
  readonly updatedAt: string;
  readonly health: {
    readonly lastSuccessAt: string | null;
    readonly lastErrorAt: string | null;
    readonly lastError: string | null;
    readonly unreachableSince: string | null;
    /** True once the peer has been unreachable longer than `peerUnreachableAlertSeconds`. */
    readonly unreachableAlert: boolean;
    readonly itemsSent: number;
    readonly itemsReceived: number;
    readonly itemsRefused: number;
    readonly lagItems: number | null;
    readonly lagSeconds: number | null;
  };
}

/** The view of a stored peer, `now` deciding whether its outage is long enough to alert. */
export function peerView(
  p: StoredPeer,
  lag: PeerLag | null,
  now: Date,
  alertAfterSeconds: number,
): PeerView {
  const d = p.descriptor;
  const since = p.unreachableSince === null ? null : Date.parse(p.unreachableSince);
  return {
    nodeId: p.nodeId,
    name: d.name,
    organization: { id: d.organization.id, name: d.organization.name },
    country: d.country,
    sector: d.sector,
    baseUrl: d.baseUrl,
    fingerprint: d.fingerprint,
    state: p.state,
    policy: p.policy,
    organizations: p.organizations,
    addedAt: p.addedAt,
    updatedAt: p.updatedAt,
    health: {
      lastSuccessAt: p.lastSuccessAt,
      lastErrorAt: p.lastErrorAt,
      lastError: p.lastError,
      unreachableSince: p.unreachableSince,
      unreachableAlert:
        since !== null &&
        (p.state === 'active' || p.state === 'awaiting-remote') &&
        now.getTime() - since > alertAfterSeconds * 1000,
      itemsSent: p.itemsSent,
      itemsReceived: p.itemsReceived,
      itemsRefused: p.itemsRefused,
      lagItems: lag?.items ?? null,
      lagSeconds: lag?.seconds ?? null,
    },
  };
}
