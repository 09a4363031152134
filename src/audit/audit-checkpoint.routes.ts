import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor } from '../auth/auth.plugin.js';
import { ErrorSchema } from '../objects/object.schema.js';
import { OneLine } from '../platform/http/schema-types.js';
import {
  CheckpointViewSchema,
  DescriptorSchema,
  WitnessedNodeSchema,
} from './audit-checkpoint.schema.js';
import type { CheckpointService } from './audit-checkpoint.service.js';
import type { WitnessService } from './audit-witness.service.js';

/**
 * Checkpoints of the audit chain and the nodes this one witnesses (prefix `/api/v1/audit`):
 * taking a checkpoint and registering a witnessed node are for admins; reading, for admins
 * and oversight.
 */
export const auditCheckpointRoutes: FastifyPluginAsyncTypebox<{
  checkpoints: CheckpointService;
  witness: WitnessService;
}> = async (app, { checkpoints, witness }) => {
  app.post('/checkpoints', {
    schema: {
      tags: ['audit'],
      summary:
        'Take a signed checkpoint of the audit chain now and send it to the witnesses (admin)',
      response: { 201: CheckpointViewSchema, 403: ErrorSchema, 409: ErrorSchema, 503: ErrorSchema },
    },
    handler: async (request, reply) => {
      reply.code(201);
      return checkpoints.take(requireActor(request));
    },
  });

  app.get('/checkpoints', {
    schema: {
      tags: ['audit'],
      summary:
        'Checkpoints, newest first, with their witnesses’ countersignatures (admin, oversight)',
      querystring: Type.Object(
        {
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
          beforeSeq: Type.Optional(Type.Integer({ minimum: 1 })),
        },
        { additionalProperties: false },
      ),
      response: { 200: Type.Object({ checkpoints: Type.Array(CheckpointViewSchema) }) },
    },
    handler: async (request) => ({
      checkpoints: await checkpoints.list(requireActor(request), request.query),
    }),
  });

  app.post('/witnessed-nodes', {
    schema: {
      tags: ['audit'],
      summary:
        'Register a node whose checkpoints this node witnesses as an outside witness (admin)',
      description:
        'The descriptor is the node’s self-signed descriptor; `fingerprint` is the one its operator read out ' +
        'of band. From then on the node’s checkpoints are accepted at `POST /federation/v1/audit-witness`.',
      body: Type.Object(
        { descriptor: DescriptorSchema, fingerprint: OneLine(1, 200) },
        { additionalProperties: false },
      ),
      response: { 201: WitnessedNodeSchema, 400: ErrorSchema, 403: ErrorSchema },
    },
    handler: async (request, reply) => {
      reply.code(201);
      return witness.register(requireActor(request), request.body);
    },
  });

  app.get('/witnessed-nodes', {
    schema: {
      tags: ['audit'],
      summary: 'Nodes registered with this node as outside witness (admin, oversight)',
      response: { 200: Type.Object({ nodes: Type.Array(WitnessedNodeSchema) }) },
    },
    handler: async (request) => ({ nodes: await witness.listNodes(requireActor(request)) }),
  });
};
