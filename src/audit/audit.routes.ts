import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor, requireRole } from '../auth/auth.plugin.js';
import type { AuditLog } from './audit.types.js';
import { OneLine } from '../platform/http/schema-types.js';
import { WitnessedReportSchema } from './audit-checkpoint.schema.js';
import type { WitnessedAuditReport } from './audit-checkpoint.verify.js';

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
  redacted: Type.Optional(
    Type.Array(Type.String(), { description: 'Fields whose personal data oversight may not read' }),
  ),
});

const ListQuery = Type.Object(
  {
    afterSeq: Type.Optional(
      Type.Integer({ minimum: 0, description: 'Cursor: entries after this seq.' }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
    action: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    actor: Type.Optional(OneLine(1, 300, 'Only this actor, e.g. `user:alice`.')),
    target: Type.Optional(OneLine(1, 300, 'Only entries about this target.')),
    from: Type.Optional(OneLine(10, 40, 'Only entries at or after this time (RFC 3339).')),
    to: Type.Optional(OneLine(10, 40, 'Only entries before this time (RFC 3339).')),
    breakGlass: Type.Optional(Type.Boolean({ description: 'Only break-glass entries.' })),
  },
  { additionalProperties: false },
);

/** The audit chain for oversight (prefix `/api/v1/audit`); roles oversight and admin. */
export const auditRoutes: FastifyPluginAsync<{
  audit: AuditLog;
  /** The chain, the checkpoints and the configured witnesses' copies, compared. */
  verify: () => Promise<WitnessedAuditReport>;
}> = async (fastify, { audit, verify }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/', {
    schema: {
      tags: ['audit'],
      summary:
        'Audit entries in chain order, paged by seq and filtered (oversight, admin); oversight reads them without personal data',
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
      summary:
        'Verify the hash chain, the signed checkpoints and the witnesses’ copies, naming where history diverges (oversight, admin)',
      description:
        '`entries` and `firstBad` are the chain check (the first broken entry); `problems` lists every ' +
        'checkpoint whose signature, countersignature or head hash does not hold, and `divergence` ' +
        'narrows where a rewritten history starts: after `lastMatchingSeq`, at or before `firstDivergingSeq`.',
      response: { 200: WitnessedReportSchema },
    },
    handler: async (request) => {
      requireRole(requireActor(request), 'oversight', 'admin');
      const report = await verify();
      const { chain, ...rest } = report;
      return { ...rest, entries: chain.entries, ...(chain.ok ? {} : { firstBad: chain.firstBad }) };
    },
  });
};
