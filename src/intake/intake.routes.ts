import type { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireActor } from '../auth/auth.plugin.js';
import { ErrorSchema } from '../objects/object.schema.js';
import { DomainError } from '../platform/errors.js';
import type { Distribution } from '../objects/object.types.js';
import type { TlpLevel } from '../stix/index.js';
import { SHIPPED_FEED_DEFINITIONS, shippedFeedDefinition } from './feeds/definitions/index.js';
import { FormatsSchema, ImportQuery, ImportSummarySchema } from './intake.schema.js';
import type { IntakeService } from './intake.service.js';

/**
 * REST routes of intake, under `/api/v1/imports`. The body of an import is the file itself,
 * streamed (any content type), up to `maxBytes`.
 */
export const intakeRoutes: FastifyPluginAsyncTypebox<{
  intake: IntakeService;
  maxBytes: number;
}> = async (app, { intake, maxBytes }) => {
  // The file is read as a stream by the intake pipeline, whatever its content type.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));

  app.get(
    '/formats',
    {
      schema: {
        tags: ['imports'],
        summary: 'Input formats and shipped feed definitions',
        response: { 200: FormatsSchema, 401: ErrorSchema },
      },
    },
    async (request) => {
      requireActor(request);
      return {
        formats: intake.formats(),
        feeds: [...SHIPPED_FEED_DEFINITIONS.values()].map((raw) => {
          const def = raw as { name: string; description?: string };
          return { name: def.name, description: def.description ?? '' };
        }),
      };
    },
  );

  app.post(
    '/',
    {
      schema: {
        tags: ['imports'],
        summary: 'Import a file in any supported format',
        description:
          'The body is the file (STIX 2.1 bundle, and the formats listed by GET /api/v1/imports/formats, ' +
          'detected from content unless `format` names one; a feed needs `feed`). All or nothing by default: ' +
          'when any record is broken nothing is stored and the answer is 422 listing each problem with its ' +
          'record and line. With `mode=partial` the rest is stored and the problems are listed.',
        querystring: ImportQuery,
        response: {
          200: ImportSummarySchema,
          201: ImportSummarySchema,
          400: ErrorSchema,
          401: ErrorSchema,
          403: ErrorSchema,
          413: ErrorSchema,
          415: ErrorSchema,
          422: ErrorSchema,
        },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const q = request.query;
      const feed = q.feed === undefined ? undefined : shippedFeedDefinition(q.feed);
      if (q.feed !== undefined && feed === undefined) {
        throw new DomainError(
          'NH_ERR_VALIDATION',
          `unknown feed "${q.feed}" (shipped: ${[...SHIPPED_FEED_DEFINITIONS.keys()].join(', ')})`,
          [{ path: 'feed', message: 'no shipped feed has this name' }],
        );
      }
      const body = (request.body as Readable | undefined) ?? request.raw;
      const summary = await intake.import(actor, limited(body, maxBytes), {
        format: q.format,
        feed,
        mode: q.mode ?? 'atomic',
        distribution: q.distribution as Distribution | undefined,
        tlp: q.tlp as TlpLevel | undefined,
      });
      if (summary.rolledBack) {
        const first = summary.problems[0];
        throw new DomainError(
          'NH_ERR_STIX_INVALID',
          `${summary.problemCount} problem(s) in ${summary.records} records; nothing was stored` +
            (first ? ` (first: record ${first.record}: ${first.reason})` : ''),
          summary.problems.map((p) => ({
            index: p.record,
            path: p.line !== undefined ? `line ${p.line}` : `record ${p.record}`,
            message: p.reason,
          })),
        );
      }
      return reply.status(summary.stored > 0 ? 201 : 200).send({
        ...summary,
        problems: [...summary.problems],
        warnings: [...summary.warnings],
      });
    },
  );
};

/** The body, refusing more than `maxBytes` (413, nothing of an atomic import stored). */
async function* limited(
  body: AsyncIterable<Uint8Array | string>,
  maxBytes: number,
): AsyncGenerator<Uint8Array | string> {
  let total = 0;
  for await (const chunk of body) {
    total += chunk.length;
    if (total > maxBytes) {
      throw new DomainError(
        'NH_ERR_INPUT_LIMIT',
        `the file is larger than this node accepts over HTTP (${maxBytes} bytes); use nohaven import`,
        [{ path: 'body', message: `over ${maxBytes} bytes` }],
      );
    }
    yield chunk;
  }
}
