import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor } from '../auth/auth.plugin.js';
import { ErrorSchema } from '../objects/object.schema.js';
import { OneLine } from '../platform/http/schema-types.js';
import type { AuditExporter } from './audit-export.service.js';

/** `GET /api/v1/audit/export`: the signed audit export (oversight, admin). */
export const auditExportRoutes: FastifyPluginAsyncTypebox<{ exporter: AuditExporter }> = async (
  app,
  { exporter },
) => {
  app.get('/export', {
    schema: {
      tags: ['audit'],
      summary: 'Export the audit of a period as signed JSON lines (oversight, admin)',
      description:
        'One audit entry per line (for oversight without personal data, `redacted` naming the masked ' +
        'fields), then `{ manifest, signature }`: the node key’s signature over the count, the first and ' +
        'last seq, the last entry’s hash and the SHA-256 of the entry lines. `nohaven audit verify-export` ' +
        'checks such a file offline. The export is audited.',
      querystring: Type.Object(
        {
          from: Type.Optional(
            OneLine(10, 40, 'Entries at or after this time (RFC 3339 or a date).'),
          ),
          to: Type.Optional(OneLine(10, 40, 'Entries before this time (RFC 3339 or a date).')),
        },
        { additionalProperties: false },
      ),
      response: {
        200: {
          description: 'JSON lines, the signed manifest last',
          content: { 'application/x-ndjson': { schema: Type.String() } },
        },
        400: ErrorSchema,
        403: ErrorSchema,
        503: ErrorSchema,
      },
    },
    handler: async (request, reply) => {
      const prepared = await exporter.prepare(requireActor(request), request.query);
      reply.type('application/x-ndjson; charset=utf-8');
      reply.header('content-disposition', 'attachment; filename="audit-export.jsonl"');
      // Fastify streams a Readable; the type provider only knows the documented string body.
      return reply.send(Readable.from(prepared.lines()) as unknown as string);
    },
  });
};
