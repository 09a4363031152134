import type { FastifyPluginAsync } from 'fastify';
import type { Oversight } from './oversight.module.js';
import { retentionRoutes } from './retention.routes.js';

/** The oversight capability's routes under `/api/v1` (retention, transparency, DSR). */
export const oversightRoutes: FastifyPluginAsync<{ oversight: Oversight }> = async (
  app,
  { oversight },
) => {
  await app.register(retentionRoutes, { prefix: '/retention', retention: oversight.retention });
};
