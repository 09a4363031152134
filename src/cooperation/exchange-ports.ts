import type { PeerServices } from '../federation/peer-services.js';
import type { ExchangePorts } from './exchange.types.js';

/** The exchange's ports on a real node: its own identity's keys, its active peers, its client. */
export function exchangePortsOf(federation: PeerServices): ExchangePorts {
  return {
    async identity() {
      const id = await federation.identity.existing();
      if (!id) return null;
      const keys = id.exchangeKeys();
      return { nodeId: id.nodeId, signing: keys.signing, encryption: keys.encryption.privateKey };
    },
    peers: () => federation.peers.active(),
    client: federation.client,
  };
}
