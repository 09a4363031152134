import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor } from '../auth/auth.plugin.js';
import { ErrorSchema } from '../objects/object.schema.js';
import { ALERT_RULES } from './audit-alert-rules.js';
import type { AuditAlertService } from './audit-alert.service.js';

const AlertSchema = Type.Object({
  id: Type.String(),
  rule: Type.Enum(ALERT_RULES),
  subject: Type.String({ description: 'The audited actor, e.g. `user:alice`' }),
  windowStart: Type.String(),
  windowEnd: Type.String(),
  count: Type.Integer(),
  message: Type.String(),
  seqs: Type.Array(Type.Integer(), { description: 'Audit entries behind the alert (first 100)' }),
  createdAt: Type.String(),
});

/** `GET /api/v1/audit/alerts`: unusual-access alerts (oversight, admin). */
export const auditAlertRoutes: FastifyPluginAsyncTypebox<{ alerts: AuditAlertService }> = async (
  app,
  { alerts },
) => {
  app.get('/alerts', {
    schema: {
      tags: ['audit'],
      summary: 'Unusual-access alerts on the audit, newest first (oversight, admin)',
      description:
        'Raised by the audit sweep: bulk access, a rate far above the user’s own baseline, break-glass ' +
        'outside working hours. Oversight users also receive new ones on the live stream as `event: audit-alert`.',
      querystring: Type.Object(
        { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })) },
        { additionalProperties: false },
      ),
      response: { 200: Type.Object({ alerts: Type.Array(AlertSchema) }), 403: ErrorSchema },
    },
    handler: async (request) => ({
      alerts: await alerts.list(requireActor(request), request.query),
    }),
  });
};
