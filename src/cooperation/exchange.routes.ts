import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requirePeer } from '../federation/signed-request.hook.js';
import { ErrorSchema } from '../objects/object.schema.js';

/**
 * The node-to-node route of the exchange of legal requests (issue 7, item 5), registered inside
 * the signed `/federation/v1` scope: an active peer posts one JOSE envelope and gets this
 * node's signed receipt.
 */
export const cooperationExchangeRoutes: FastifyPluginAsyncTypebox<{
  readonly receive: (
    peer: ReturnType<typeof requirePeer>,
    envelope: string,
  ) => Promise<{ receipt: string }>;
}> = async (app, opts) => {
  app.post(
    '/cooperation/messages',
    {
      schema: {
        tags: ['federation'],
        summary: 'Signed delivery of a legal-cooperation message by an active peer',
        description:
          'Signed node-to-node request of an active peer. `envelope` is a compact JWE ' +
          '(ECDH-ES to this node’s X25519 key, A256GCM) of the sending node’s compact JWS ' +
          '(EdDSA) of the message. Stored once per message id; the answer is this node’s ' +
          'signed receipt (JWS over message id, digest of the signed message, time of ' +
          'receipt), the same for the same message. 404 for a recipient this node does not ' +
          'host; 409 for a step the request no longer allows (e.g. after its withdrawal).',
        security: [],
        body: Type.Object(
          { envelope: Type.String({ minLength: 1, maxLength: 64 * 1024 * 1024 }) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ receipt: Type.String({ description: 'Compact JWS (EdDSA)' }) }),
          400: ErrorSchema,
          401: ErrorSchema,
          404: ErrorSchema,
          409: ErrorSchema,
          503: ErrorSchema,
        },
      },
    },
    async (request) => opts.receive(requirePeer(request), request.body.envelope),
  );
};
