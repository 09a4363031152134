import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireActor } from '../auth/auth.plugin.js';
import { NOT_SURE, type ReportAnswers } from '../intake/report/report-answers.js';
import type { ReportService } from './report.service.js';
import {
  OffencesSchema,
  ReportBody,
  ReportErrorSchema,
  ReportReceiptSchema,
} from './report.schema.js';

/** Room for the JSON around the attachments. */
const BODY_OVERHEAD = 1024 * 1024;

/** The "report an incident" wizard's API (issue 4), under `/api/v1/reports`. */
export const reportRoutes: FastifyPluginAsyncTypebox<{ reports: ReportService }> = async (
  app,
  { reports },
) => {
  const { limits } = reports;

  app.get(
    '/offences',
    {
      schema: {
        tags: ['reports'],
        summary: 'The offences a report can name (Convention on Cybercrime and its First Protocol)',
        response: { 200: OffencesSchema, 401: ReportErrorSchema },
      },
    },
    async (request) => {
      requireActor(request);
      return {
        offences: reports.offences().map((o) => ({
          code: o.code,
          instrument: o.instrument,
          article: o.article,
          title: o.title,
        })),
        not_sure: NOT_SURE,
        limits: {
          max_files: limits.maxFiles,
          max_file_bytes: limits.maxFileBytes,
          max_total_bytes: limits.maxTotalBytes,
        },
      };
    },
  );

  app.post(
    '/',
    {
      // Base64 grows the files by 4/3.
      bodyLimit: Math.ceil((limits.maxTotalBytes * 4) / 3) + BODY_OVERHEAD,
      schema: {
        tags: ['reports'],
        summary:
          'Report an incident: the wizard’s answers and files become an incident with linked observables',
        description:
          'Stores, in one transaction, an `incident` (offence and time window in `labels` and the description), ' +
          'one observable per web address, domain, e-mail address, IP and attached file (MD5, SHA-1, SHA-256, ' +
          'size, name), and a `related-to` relationship from the incident to each. Phone numbers go into the ' +
          'description. Every bad answer is listed in `details` with its JSON pointer and a stable `code`; ' +
          'too many or too large files answer 413. Nothing is stored unless everything is.',
        body: ReportBody,
        response: {
          201: ReportReceiptSchema,
          400: ReportErrorSchema,
          401: ReportErrorSchema,
          403: ReportErrorSchema,
          413: ReportErrorSchema,
          422: ReportErrorSchema,
        },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const b = request.body;
      const answers: ReportAnswers = {
        offence: b.offence,
        when: b.when,
        affected: b.affected,
        whatHappened: b.what_happened,
        observables: b.observables,
        tlp: b.tlp,
      };
      const receipt = await reports.submit(actor, {
        answers,
        attachments: (b.attachments ?? []).map((a) => ({
          name: a.name,
          mediaType: a.media_type,
          contentBase64: a.content_base64,
        })),
        distribution: b.distribution,
      });
      return reply.status(201).send({
        incident_id: receipt.incidentId,
        observables: [...receipt.observables],
        relationship_ids: [...receipt.relationshipIds],
        stored: receipt.stored,
      });
    },
  );
};
