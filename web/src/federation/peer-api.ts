import { api, withQuery } from '../api/client.js';
import type { AddPeerBody, NodeDescriptor, PeerPolicy, PeerView } from './peer.types.js';

/** The federation REST API (admins only), as the federation page calls it. */

const peerPath = (nodeId: string) => `/peers/${encodeURIComponent(nodeId)}`;

export const peerApi = {
  list: () => api<{ peers: PeerView[] }>('GET', '/peers'),
  get: (nodeId: string) => api<PeerView>('GET', peerPath(nodeId)),
  add: (body: AddPeerBody) => api<PeerView>('POST', '/peers', body),
  /** `reason` (suspend only) is recorded in the audit chain. */
  act: (nodeId: string, action: PeerAction, reason?: string) =>
    api<PeerView>('POST', withQuery(`${peerPath(nodeId)}/${action}`, { reason })),
  setPolicy: (nodeId: string, policy: PeerPolicy) =>
    api<PeerView>('PUT', `${peerPath(nodeId)}/policy`, policy),
  remove: (nodeId: string, reason?: string) =>
    api<void>('DELETE', withQuery(peerPath(nodeId), { reason })),
  node: () => api<{ descriptor: NodeDescriptor }>('GET', '/federation/node'),
  sharingGroups: () =>
    api<{ groups: { id: string; name: string }[] }>('GET', '/sharing-groups').then((r) => r.groups),
};

export type PeerAction = 'suspend' | 'resume' | 'retry';
