import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor } from '../auth/auth.plugin.js';
import type { RetentionService } from './retention.service.js';

const PlannedSchema = Type.Object({
  category: Type.String(),
  basis: Type.String({ description: 'Legal basis of the rule' }),
  action: Type.Union([Type.Literal('delete'), Type.Literal('anonymise')]),
  targetId: Type.String(),
  label: Type.String({ description: 'What the record is, without its personal data' }),
  dueAt: Type.String({ format: 'date-time' }),
  due: Type.Boolean({ description: 'Due now: the next run handles it' }),
});

/** Retention plan and run (issue 8, item 3), prefix `/api/v1/retention`; oversight and admin. */
export const retentionRoutes: FastifyPluginAsync<{ retention: RetentionService }> = async (
  fastify,
  { retention },
) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/plan', {
    schema: {
      tags: ['oversight'],
      summary: 'What retention will delete or anonymise, and when (oversight, admin)',
      response: { 200: Type.Object({ items: Type.Array(PlannedSchema) }) },
    },
    handler: async (request) => ({ items: await retention.plan(requireActor(request)) }),
  });

  app.post('/run', {
    schema: {
      tags: ['oversight'],
      summary:
        'Run retention now: one batch of what is due, resuming an unfinished run (oversight, admin)',
      description:
        'Each item is deleted or anonymised in its own transaction with an audit entry naming the ' +
        'rule’s legal basis; deleted indicators are withdrawn from the peers holding them. ' +
        '`remaining` > 0: call again to continue.',
      response: {
        200: Type.Object({
          runId: Type.Union([Type.String(), Type.Null()]),
          resumed: Type.Boolean(),
          applied: Type.Integer(),
          skipped: Type.Integer(),
          remaining: Type.Integer(),
        }),
      },
    },
    handler: async (request) => retention.run(requireActor(request)),
  });
};
