import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireActor } from '../auth/auth.plugin.js';
import { ErrorSchema } from '../objects/object.schema.js';
import { CoverageQuery, CoverageSchema } from './coverage.schema.js';
import type { CoverageService } from './coverage.service.js';
import { coverageView } from './coverage.view.js';

/** `GET /api/v1/coverage` (issue 5, item 5): coverage of every country, and the gaps. */
export const coverageRoutes: FastifyPluginAsyncTypebox<{ coverage: CoverageService }> = async (
  app,
  { coverage },
) => {
  app.get(
    '/coverage',
    {
      schema: {
        tags: ['routing'],
        summary: 'Coverage per country: contacts, findings routed, answers, gaps (every member)',
        querystring: CoverageQuery,
        response: { 200: CoverageSchema, 400: ErrorSchema, 401: ErrorSchema },
      },
    },
    async (request) => {
      const within = request.query.answer_within;
      return coverageView(
        await coverage.coverage(requireActor(request), {
          ...(within !== undefined ? { answerWithinSeconds: within } : {}),
        }),
      );
    },
  );
};
