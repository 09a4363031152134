import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor } from '../auth/auth.plugin.js';
import { OneLine } from '../platform/http/schema-types.js';
import { transparencyHtml } from './transparency-html.js';
import type { TransparencyService } from './transparency.service.js';

const CountSchema = Type.Union(
  [Type.Integer({ minimum: 0 }), Type.String({ pattern: '^< \\d+$' })],
  {
    description: 'A count, or `< N` when below the threshold',
  },
);
const Counts = Type.Record(Type.String(), CountSchema);
const Median = Type.Union([Type.Number(), Type.Null()], {
  description: 'Seconds; null when fewer requests than the threshold',
});
const Figures = Type.Object({
  total: CountSchema,
  byType: Counts,
  byCountry: Counts,
  byOutcome: Counts,
  byRefusalGround: Counts,
  emergency: CountSchema,
  normal: CountSchema,
  medianAcknowledgeSeconds: Median,
  medianExecuteSeconds: Median,
});
export const TransparencySchema = Type.Object({
  period: Type.Object({ from: Type.String(), to: Type.String() }),
  threshold: Type.Integer(),
  requests: Type.Object({ sent: Figures, received: Figures }),
  openings: Type.Object({ total: CountSchema, byPurpose: Counts }),
  retention: Type.Object({ total: CountSchema, byCategory: Counts }),
  withdrawals: Type.Object({ total: CountSchema, peersNotified: CountSchema, byReason: Counts }),
});

const Period = Type.Object(
  {
    from: Type.Optional(OneLine(10, 40, 'Start (date or RFC 3339), inclusive; default 1 January')),
    to: Type.Optional(OneLine(10, 40, 'End (date or RFC 3339), exclusive; default now')),
  },
  { additionalProperties: false },
);

/** The transparency report (issue 8, item 6) under `/api/v1`; oversight and admin. */
export const transparencyRoutes: FastifyPluginAsync<{
  transparency: TransparencyService;
  nodeName: string;
}> = async (fastify, { transparency, nodeName }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/transparency', {
    schema: {
      tags: ['oversight'],
      summary: 'Transparency report of a period, from the node’s records (oversight, admin)',
      querystring: Period,
      response: { 200: TransparencySchema },
    },
    handler: async (request) => transparency.report(requireActor(request), request.query),
  });

  app.get('/transparency.html', {
    schema: {
      tags: ['oversight'],
      summary: 'The transparency report as a printable HTML page (oversight, admin)',
      querystring: Period,
      produces: ['text/html'],
      response: { 200: Type.String() },
    },
    handler: async (request, reply) => {
      const report = await transparency.report(requireActor(request), request.query);
      return reply.type('text/html; charset=utf-8').send(transparencyHtml(report, nodeName));
    },
  });
};
