import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor } from '../auth/auth.plugin.js';
import { ErrorSchema } from '../objects/object.schema.js';
import type { NodeService } from './node.service.js';

const NodeOverviewSchema = Type.Object({
  name: Type.String(),
  organization: Type.Object({ id: Type.String(), name: Type.String() }),
  country: Type.Union([Type.String(), Type.Null()]),
  counts: Type.Object({
    total: Type.Integer(),
    byType: Type.Record(Type.String(), Type.Integer()),
  }),
});

/** Liveness, readiness and the node's overview. */
export const nodeRoutes: FastifyPluginAsyncTypebox<{ node: NodeService }> = async (
  app,
  { node },
) => {
  app.get(
    '/healthz',
    {
      schema: {
        tags: ['node'],
        summary: 'Liveness: the process answers',
        response: { 200: Type.Object({ status: Type.Literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        tags: ['node'],
        summary: 'Readiness: the database answers',
        response: {
          200: Type.Object({ ready: Type.Boolean(), database: Type.String() }),
          503: Type.Object({ ready: Type.Boolean(), database: Type.String() }),
        },
      },
    },
    async (_request, reply) => {
      const r = await node.readiness();
      return reply.status(r.ready ? 200 : 503).send(r);
    },
  );

  app.get(
    '/api/v1/node',
    {
      schema: {
        tags: ['node'],
        summary: 'The node: name, operating organisation, country and counts of readable objects',
        response: { 200: NodeOverviewSchema, 401: ErrorSchema },
      },
    },
    async (request) => node.overview(requireActor(request)),
  );
};
