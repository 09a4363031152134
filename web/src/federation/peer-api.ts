import { api } from '../api/client.js';
import type { AddPeerBody, NodeDescriptor, PeerPolicy, PeerView } from './peer.types.js';

/** The federation REST API (admins only), as the federation page calls it. */

const peerPath = (nodeId: string) => `/peers/${encodeURIComponent(nodeId)}`;

export const peerApi = {
  list: () => api<{ peers: PeerView[] }>('GET', '/peers'),
  get: (nodeId: string) => api<PeerView>('GET', peerPath(nodeId)),
  add: (body: AddPeerBody) => api<PeerView>('POST', '/peers', body),
  act: (nodeId: string, action: PeerAction) =>
    api<PeerView>('POST', `${peerPath(nodeId)}/${action}`),
  setPolicy: (nodeId: string, policy: PeerPolicy) =>
    api<PeerView>('PUT', `${peerPath(nodeId)}/policy`, policy),
  remove: (nodeId: string) => api<void>('DELETE', peerPath(nodeId)),
  node: () => api<{ descriptor: NodeDescriptor }>('GET', '/federation/node'),
  sharingGroups: () =>
    api<{ groups: { id: string; name: string }[] }>('GET', '/sharing-groups').then((r) => r.groups),
};

export type PeerAction = 'suspend' | 'resume' | 'retry';
