import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { parseJsonInput } from '../platform/json-input.js';
import { DomainError } from '../platform/errors.js';
import type { Clock } from '../platform/ports.js';
import type { NodeDescriptor } from './descriptor.js';
import type { PeerRecord, VerifiedPeer } from './federation.types.js';
import { REFUSAL_MESSAGES, createNonceCache } from './signed-request.js';
import { verifySignedRequest } from './signed-request.verify.js';

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * The sender of a verified node-to-node request (`/federation/v1/*`): the peer as this node
     * knows it (null only for an unknown node's hello) and the descriptor whose key signed it.
     */
    federationSender: { peer: PeerRecord | null; descriptor: NodeDescriptor } | null;
    /** The raw body bytes of a `/federation/v1/*` request, as received (they are signed). */
    federationRawBody: Buffer | null;
  }
}

/**
 * The active peer a verified request comes from (every signed route but the hello has one):
 * what change-feed routes call first.
 */
export function requirePeer(request: FastifyRequest): VerifiedPeer['peer'] {
  const peer = request.federationSender?.peer;
  if (!peer) {
    throw new DomainError('NH_ERR_UNAUTHENTICATED', REFUSAL_MESSAGES['missing-headers']);
  }
  return peer;
}

export interface SignedRequestOptions {
  readonly selfNodeId: () => Promise<string>;
  readonly find: (nodeId: string) => Promise<PeerRecord | null>;
  /** Stores a descriptor the sender's signed rotation chain leads to. */
  readonly followRotation: (nodeId: string, descriptor: NodeDescriptor) => Promise<void>;
  /** Counts a refused request of a known peer. */
  readonly recordRefusal: (nodeId: string) => Promise<void>;
  readonly clock: Clock;
  readonly skewSeconds: number;
  /** Routes (`routeOptions.url`) that anybody may call unsigned, e.g. the descriptor. */
  readonly unsigned: readonly string[];
  /** The route of the hello (whose sender may be unknown). */
  readonly helloUrl: string;
}

/**
 * Verifies every node-to-node request of the enclosing plugin (issue 6 §2): JSON bodies are
 * kept raw (their SHA-256 is signed) and parsed strictly; before validation each request is
 * checked (`verifySignedRequest`) and refused with 401 naming the reason — logged, and counted
 * on the peer when the sender is known — or decorated with its verified sender.
 *
 * Register it (it is not encapsulated) inside the plugin that holds `/federation/v1` routes.
 */
const signedRequestPluginImpl: FastifyPluginAsync<SignedRequestOptions> = async (app, opts) => {
  const nonces = createNonceCache(opts.skewSeconds);
  app.decorateRequest('federationSender', null);
  app.decorateRequest('federationRawBody', null);
  app.removeContentTypeParser(['application/json']);
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body, done) => {
    (req as FastifyRequest).federationRawBody = body as Buffer;
    try {
      done(null, parseJsonInput(body as Buffer));
    } catch (err) {
      done(err as Error, undefined);
    }
  });

  app.addHook('preValidation', async (request) => {
    const route = request.routeOptions.url ?? '';
    if (opts.unsigned.includes(route)) return;
    const hello = route === opts.helloUrl;
    const body = request.body as { descriptor?: unknown } | null | undefined;
    const verification = await verifySignedRequest(
      {
        selfNodeId: await opts.selfNodeId(),
        find: opts.find,
        nonces,
        now: opts.clock.now(),
        skewSeconds: opts.skewSeconds,
      },
      {
        method: request.method,
        path: request.url,
        headers: request.headers,
        body: request.federationRawBody,
        hello,
        helloDescriptor: hello && body && typeof body === 'object' ? body.descriptor : undefined,
      },
    );
    if (!verification.ok) {
      const sender = request.headers['x-nohaven-node'];
      request.log.warn(
        { sender, reason: verification.reason, url: request.url },
        'federation request refused',
      );
      if (verification.peer !== null) await opts.recordRefusal(verification.peer.nodeId);
      throw new DomainError('NH_ERR_UNAUTHENTICATED', REFUSAL_MESSAGES[verification.reason], [
        { path: 'X-Nohaven-Signature', message: verification.reason },
      ]);
    }
    let peer = verification.peer;
    if (verification.rotated && peer !== null) {
      await opts.followRotation(peer.nodeId, verification.descriptor);
      peer = { ...peer, descriptor: verification.descriptor };
    }
    request.federationSender = { peer, descriptor: verification.descriptor };
  });
};

export const signedRequestPlugin = fp(signedRequestPluginImpl, {
  name: 'nohaven-signed-request',
});
