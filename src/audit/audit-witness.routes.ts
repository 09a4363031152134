import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ErrorSchema } from '../objects/object.schema.js';
import { ReceiptSchema, WitnessCopySchema } from './audit-checkpoint.schema.js';
import type { WitnessService } from './audit-witness.service.js';

/**
 * This node as a witness of other nodes' audit checkpoints (prefix
 * `/federation/v1/audit-witness`). No session: the sender is recognised by its signed
 * checkpoint and descriptor, whose key must be a peer's or a registered node's.
 */
export const auditWitnessRoutes: FastifyPluginAsyncTypebox<{ witness: WitnessService }> = async (
  app,
  { witness },
) => {
  app.post('/', {
    schema: {
      tags: ['audit'],
      summary: 'Witness a signed audit checkpoint and sign it back',
      description:
        'Body `{ checkpoint: { nodeId, seq, headHash, at }, signature, descriptor }`. The checkpoint is ' +
        'kept (a different one for the same node and seq is kept too, as an equivocation) and ' +
        'countersigned: `signature` is the witness key over `{ checkpoint, checkpointSignature, receivedAt }`.',
      body: Type.Object({}, { additionalProperties: true }),
      response: { 200: ReceiptSchema, 400: ErrorSchema, 403: ErrorSchema, 503: ErrorSchema },
    },
    handler: async (request) => witness.receive(request.body),
  });

  app.get('/:nodeId', {
    schema: {
      tags: ['audit'],
      summary: 'What this witness holds for a node, signed by the witness',
      description:
        'Public: checkpoints carry only sequence numbers, hashes and signatures. `signature` is the witness ' +
        'key over `{ nodeId, at, checkpoints }`; save the body as a file for `nohaven audit verify --witness-file`.',
      params: Type.Object({ nodeId: Type.String({ pattern: '^node--[0-9a-f-]{36}$' }) }),
      response: { 200: WitnessCopySchema, 400: ErrorSchema, 404: ErrorSchema },
    },
    handler: async (request) => witness.copyFor(request.params.nodeId),
  });
};
