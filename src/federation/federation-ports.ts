import type { FederationPorts } from './change-feed.types.js';
import type { NodeIdentity } from './federation.types.js';
import type { PeerServices } from './peer-services.js';

/**
 * The change feed's ports on a real node (issue 6): the node's own identity, its peer
 * directory and the signed peer client. The identity is the one the node's services loaded
 * once from the data folder (`Services.loadIdentity`), because the feed signs synchronously;
 * on a node whose identity `nohaven start` has not made yet, the feed does not run.
 */
export interface NodeFederationPorts {
  readonly ports: Omit<FederationPorts, 'authenticatePeer'>;
  /** Whether the identity is loaded (the feed may start). */
  ready(): boolean;
}

export function nodeFederationPorts(
  services: PeerServices,
  loaded: () => NodeIdentity | undefined,
): NodeFederationPorts {
  const need = (): NodeIdentity => {
    const current = loaded();
    if (current === undefined)
      throw new Error('the node identity is not loaded (federation not started)');
    return current;
  };
  const identity: NodeIdentity = {
    get nodeId() {
      return need().nodeId;
    },
    descriptor: () => need().descriptor(),
    sign: (value) => need().sign(value),
  };
  return {
    ports: { identity, peers: services.peers, transport: services.client },
    ready: () => loaded() !== undefined,
  };
}
