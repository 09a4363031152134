import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor, requireRole } from '../auth/auth.plugin.js';
import type { AuditLog } from './audit.types.js';

const EntrySchema = Type.Object({
  seq: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  actor: Type.String(),
  action: Type.String(),
  target: Type.Union([Type.String(), Type.Null()]),
  reason: Type.Union([Type.String(), Type.Null()]),
  details: Type.Union([Type.Object({}, { additionalProperties: true }), Type.Null()]),
  prevHash: Type.String(),
  hash: Type.String(),
});

const ListQuery = Type.Object(
  {
    afterSeq: Type.Optional(
      Type.Integer({ minimum: 0, description: 'Cursor: entries after this seq.' }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
    action: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  },
  { additionalProperties: false },
);

const VerificationSchema = Type.Object({
  ok: Type.Boolean(),
  entries: Type.Integer(),
  firstBad: Type.Optional(
    Type.Object({
      seq: Type.Integer(),
      problem: Type.Enum(['changed', 'removed', 'reordered', 'inserted']),
      message: Type.String(),
    }),
  ),
});

/** The audit chain for oversight (prefix `/api/v1/audit`); roles oversight and admin. */
export const auditRoutes: FastifyPluginAsync<{ audit: AuditLog }> = async (fastify, { audit }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/', {
    schema: {
      tags: ['audit'],
      summary: 'Audit entries in chain order, paged by seq (oversight, admin)',
      querystring: ListQuery,
      response: {
        200: Type.Object({
          entries: Type.Array(EntrySchema),
          nextAfterSeq: Type.Union([Type.Integer(), Type.Null()]),
        }),
      },
    },
    handler: async (request) => audit.list(requireActor(request), request.query),
  });

  app.get('/verify', {
    schema: {
      tags: ['audit'],
      summary: 'Verify the whole hash chain and name the first bad entry (oversight, admin)',
      response: { 200: VerificationSchema },
    },
    handler: async (request) => {
      requireRole(requireActor(request), 'oversight', 'admin');
      return audit.verify();
    },
  });
};
