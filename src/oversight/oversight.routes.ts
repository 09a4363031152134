import type { FastifyPluginAsync } from 'fastify';
import type { Oversight } from './oversight.module.js';
import { retentionRoutes } from './retention.routes.js';
import { transparencyRoutes } from './transparency.routes.js';
import { dsrRoutes } from './dsr.routes.js';

/** The oversight capability's routes under `/api/v1` (retention, transparency, DSR). */
export const oversightRoutes: FastifyPluginAsync<{
  oversight: Oversight;
  nodeName: string;
}> = async (app, { oversight, nodeName }) => {
  await app.register(retentionRoutes, { prefix: '/retention', retention: oversight.retention });
  await app.register(transparencyRoutes, { transparency: oversight.transparency, nodeName });
  await app.register(dsrRoutes, { prefix: '/data-subject-requests', dsr: oversight.dsr });
};
