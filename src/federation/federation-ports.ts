import type { FederationPorts } from './change-feed.types.js';
import type { NodeIdentity } from './federation.types.js';
import type { PeerServices } from './peer-services.js';
import type { LocalNodeIdentity } from './node-identity.js';

/**
 * The change feed's ports on a real node (issue 6): the node's own identity, its peer
 * directory and the signed peer client. The identity is read from the data folder when the
 * node starts (`load`), because the feed signs synchronously; until then — and on a node
 * whose identity `nohaven start` has not made yet — the feed does not run.
 */
export interface NodeFederationPorts {
  readonly ports: Omit<FederationPorts, 'authenticatePeer'>;
  /**
   * Loads the identity; resolves false when the node has none yet, or (after `onUnavailable`
   * heard why) when its files cannot be read.
   */
  load(onUnavailable: (err: unknown) => void): Promise<boolean>;
}

export function nodeFederationPorts(services: PeerServices): NodeFederationPorts {
  let current: LocalNodeIdentity | null = null;
  const need = (): LocalNodeIdentity => {
    if (current === null)
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
    async load(onUnavailable) {
      try {
        current = await services.identity.existing();
        if (current === null) return false;
        return true;
      } catch (err) {
        onUnavailable(err);
        return false;
      }
    },
  };
}
