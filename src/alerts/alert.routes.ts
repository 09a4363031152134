import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor } from '../auth/auth.plugin.js';
import { ErrorSchema } from '../objects/object.schema.js';
import type { AlertService, AlertView } from './alert.service.js';
import { AlertListQuery, AlertParams, AlertSchema } from './alert.schema.js';

const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema };

const view = (a: AlertView) => ({
  ...a,
  countries: [...a.countries],
  keys: a.keys.map((k) => ({ ...k })),
  trigger: { ...a.trigger, key: { ...a.trigger.key }, params: { ...a.trigger.params } },
});

/**
 * Outbreak alerts (issue 5, item 3) under `/api/v1/alerts`: the list (open or closed, newest
 * first), one alert, and an organisation's acknowledgement.
 */
export const alertRoutes: FastifyPluginAsyncTypebox<{ alerts: AlertService }> = async (
  app,
  { alerts },
) => {
  app.get(
    '/alerts',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Outbreak alerts you may read, newest first, with your acknowledgement',
        querystring: AlertListQuery,
        response: { 200: Type.Object({ alerts: Type.Array(AlertSchema) }), ...errors },
      },
    },
    async (request) => ({
      alerts: (await alerts.list(requireActor(request), request.query)).map(view),
    }),
  );

  app.get(
    '/alerts/:id',
    {
      schema: {
        tags: ['alerts'],
        summary: 'One outbreak alert',
        params: AlertParams,
        response: { 200: AlertSchema, ...errors },
      },
    },
    async (request) => view(await alerts.get(requireActor(request), request.params.id)),
  );

  app.post(
    '/alerts/:id/acknowledge',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Acknowledge an outbreak alert for your organisation (idempotent; audited)',
        params: AlertParams,
        response: { 200: AlertSchema, ...errors },
      },
    },
    async (request) => view(await alerts.acknowledge(requireActor(request), request.params.id)),
  );
};
