/**
 * The federation API's shapes as the UI reads them (`/api/v1/peers`, `/api/v1/federation/node`,
 * issue 6 item 7). They mirror `src/federation/federation.types.ts` and the descriptor of
 * `src/federation/descriptor.ts`, as JSON (times are ISO 8601 strings).
 */

export type PeerState = 'requested' | 'awaiting-remote' | 'active' | 'suspended' | 'removed';
export type PeerTlpCeiling = 'clear' | 'green' | 'amber' | 'red';
export type PeerDistribution = 'connected' | 'all';
export type PeerContent = 'objects' | 'alerts' | 'aggregates' | 'legal';

export const PEER_STATES: readonly PeerState[] = [
  'requested',
  'awaiting-remote',
  'active',
  'suspended',
  'removed',
];
export const TLP_CEILINGS: readonly PeerTlpCeiling[] = ['clear', 'green', 'amber', 'red'];
export const PEER_DISTRIBUTIONS: readonly PeerDistribution[] = ['connected', 'all'];
export const PEER_CONTENTS: readonly PeerContent[] = ['objects', 'alerts', 'aggregates', 'legal'];

export interface PeerPolicy {
  readonly distributions: readonly PeerDistribution[];
  readonly sharingGroups: readonly string[];
  readonly maxTlp: PeerTlpCeiling;
  readonly content: readonly PeerContent[];
}

/** The node's own default (`DEFAULT_PEER_POLICY` in `src/federation/federation.types.ts`). */
export const DEFAULT_PEER_POLICY: PeerPolicy = {
  distributions: ['connected', 'all'],
  sharingGroups: [],
  maxTlp: 'green',
  content: ['objects', 'alerts', 'aggregates', 'legal'],
};

export interface PeerHealth {
  readonly lastSuccessAt: string | null;
  readonly lastErrorAt: string | null;
  readonly lastError: string | null;
  readonly unreachableSince: string | null;
  readonly unreachableAlert: boolean;
  readonly itemsSent: number;
  readonly itemsReceived: number;
  readonly itemsRefused: number;
  readonly lagItems: number | null;
  readonly lagSeconds: number | null;
}

export interface HostedOrganization {
  readonly id: string;
  readonly name: string;
  readonly country: string;
}

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
  readonly health: PeerHealth;
}

/** A node descriptor (`src/federation/descriptor.ts`), as a file or `GET /federation/node`. */
export interface NodeDescriptor {
  readonly nodeId: string;
  readonly name: string;
  readonly organization: { readonly id: string; readonly name: string };
  readonly sector: string;
  readonly country: string;
  readonly baseUrl: string;
  readonly publicKey: string;
  readonly fingerprint: string;
  readonly keyHistory: readonly unknown[];
  readonly signature: string;
}

/** The body of `POST /api/v1/peers`: one of `descriptor`, `descriptorUrl`, `nodeId`. */
export interface AddPeerBody {
  readonly descriptor?: unknown;
  readonly descriptorUrl?: string;
  readonly nodeId?: string;
  readonly fingerprint: string;
  readonly policy?: PeerPolicy;
}
