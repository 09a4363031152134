import type { Kysely } from 'kysely';
import { PeerRequestError } from '../federation/peer-client.js';
import type { Database } from '../platform/database/schema.js';
import type { Clock } from '../platform/ports.js';
import { appendCustody, storedCustody } from './package-custody.js';
import { withCooperationTables } from './cooperation.tables.js';
import { openFile } from './sealed-files.js';
import { EnvelopeError, digestOf, sealMessage, verifyReceipt } from './exchange-envelope.js';
import { signManifest } from './exchange-manifest.js';
import {
  MESSAGES_PATH,
  NO_ROUTE,
  peerHosting,
  type ExchangePayload,
  type ExchangePorts,
} from './exchange.types.js';
import {
  TransportError,
  TransportRefusal,
  type OutboxMessage,
  type RequestTransport,
} from './request.transport.js';

/**
 * The federation transport (issue 7, item 5): a message for an organisation of this node goes
 * to the local transport; one for an organisation an active peer hosts travels to that peer as
 * a signed node-to-node request (`POST /federation/v1/cooperation/messages`) carrying a JOSE
 * envelope — signed by this node, encrypted to the peer — with the step's data package and its
 * signed manifest. It resolves with the peer's signed receipt once checked (message id, digest
 * of the signed message, the peer's key); an unknown recipient is refused as {@link NO_ROUTE};
 * a peer that refuses the message for good ({@link isFinalRefusal}: a 409, or a 400, 403, 404 or
 * 422 naming the problem) gives a {@link TransportRefusal}; anything else (down, 401 while the
 * peer has not activated this node yet, 5xx) stays pending for the next attempt.
 */
export function createFederationTransport(deps: {
  readonly db: Kysely<Database>;
  readonly ports: ExchangePorts;
  readonly local: RequestTransport;
  readonly isLocalOrganization: (id: string) => Promise<boolean>;
  readonly clock: Clock;
}): RequestTransport {
  const db = withCooperationTables(deps.db);

  async function packageOf(message: OutboxMessage) {
    if (message.files.length === 0) return [];
    const rows = await db
      .selectFrom('cooperation_files')
      .select(['id', 'name', 'media_type', 'sha256', 'size', 'content', 'custody'])
      .where('request_id', '=', message.requestId)
      .where('transition_id', '=', message.transitionId)
      .execute();
    const opened = await Promise.all(rows.map((r) => openFile(deps.db, message.requestId, r)));
    return opened.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  }

  /** Keeps the chains of custody that went with a delivered package (its `send` records). */
  async function recordTransfer(
    files: readonly { id: string; name: string }[],
    chains: ReadonlyMap<string, unknown>,
  ): Promise<void> {
    for (const f of files)
      await db
        .updateTable('cooperation_files')
        .set({ custody: JSON.stringify(chains.get(f.name) ?? []) })
        .where('id', '=', f.id)
        .execute();
  }

  return {
    async deliver(message) {
      if (await deps.isLocalOrganization(message.toOrganizationId))
        return deps.local.deliver(message);
      const peer = peerHosting(await deps.ports.peers(), message.toOrganizationId);
      if (!peer) throw new TransportError(NO_ROUTE);
      const self = await deps.ports.identity();
      if (!self) throw new TransportError('this node has no identity yet: run nohaven start');
      const encryptionKey = peer.descriptor.encryptionKey;
      if (!encryptionKey)
        throw new TransportError(
          `peer ${peer.descriptor.name} publishes no encryption key (an older node): it cannot receive legal requests`,
        );
      const rows = await packageOf(message);
      const files = rows.map((r) => ({
        name: r.name,
        mediaType: r.media_type,
        contentBase64: r.content,
      }));
      // Each file's chain of custody goes with it, continued with this transfer.
      const sentAt = deps.clock.now().toISOString();
      const chains = new Map(
        rows.map((r) => [
          r.name,
          appendCustody(
            r.id,
            { sha256: r.sha256, size: Number(r.size) },
            storedCustody(r.custody),
            {
              at: sentAt,
              actor: `node:${self.nodeId}`,
              organizationId: message.fromOrganizationId,
              action: 'send',
              purpose: `sent to node ${peer.descriptor.name}`,
              details: {
                toNode: peer.nodeId,
                toOrganization: message.toOrganizationId,
                message: message.id,
              },
            },
          ),
        ]),
      );
      const manifest =
        files.length === 0
          ? null
          : await signManifest(
              {
                requestId: message.requestId,
                transitionId: message.transitionId,
                producer: message.fromOrganizationId,
                files: message.files.map((f) => ({ ...f, custody: chains.get(f.name) ?? [] })),
              },
              self.signing,
              self.nodeId,
            );
      const payload: ExchangePayload = {
        v: 1,
        from: { node: self.nodeId, organization: message.fromOrganizationId },
        to: { node: peer.nodeId, organization: message.toOrganizationId },
        message,
        files,
        manifest,
      };
      const { jwe, jws } = await sealMessage({
        payload,
        signingKey: self.signing,
        senderNodeId: self.nodeId,
        recipientNodeId: peer.nodeId,
        recipientEncryptionKey: encryptionKey,
      });
      let res;
      try {
        res = await deps.ports.client.request(peer, 'POST', MESSAGES_PATH, { envelope: jwe });
      } catch (err) {
        if (err instanceof PeerRequestError) throw new TransportError(err.message);
        throw err;
      }
      const body = res.json as { receipt?: unknown; error?: { message?: string } } | null;
      if (res.status !== 200) {
        const why = `peer ${peer.descriptor.name} answered HTTP ${res.status}: ${body?.error?.message ?? ''}`;
        throw isFinalRefusal(res.status, body?.error?.message)
          ? new TransportRefusal(why)
          : new TransportError(why);
      }
      if (typeof body?.receipt !== 'string')
        throw new TransportError(`peer ${peer.descriptor.name} answered without a receipt`);
      try {
        const statement = await verifyReceipt(
          body.receipt,
          { messageId: message.id, digest: digestOf(jws), node: peer.nodeId },
          peer.descriptor.publicKey,
        );
        await recordTransfer(rows, chains);
        return { receipt: body.receipt, receivedAt: statement.receivedAt };
      } catch (err) {
        if (err instanceof EnvelopeError)
          throw new TransportError(`peer ${peer.descriptor.name}: ${err.message}`);
        throw err;
      }
    },
  };
}

/** Statuses a receiving node answers for a message it will never take as it is. */
const FINAL_STATUSES = new Set([400, 403, 404, 409, 422]);

/**
 * Whether a peer's refusal is final (pure): a 409 (the step is no longer allowed), or a 400, 403,
 * 404 or 422 whose error names the problem (a bare 404 may be a proxy in front of the node, so
 * it is retried). Network errors, 401 and 5xx are not.
 */
export function isFinalRefusal(status: number, message: string | undefined): boolean {
  if (status === 409) return true;
  return FINAL_STATUSES.has(status) && typeof message === 'string' && message.trim() !== '';
}
