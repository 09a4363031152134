import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireActor } from '../auth/auth.plugin.js';
import { ErrorSchema, ObjectIdParams } from '../objects/object.schema.js';
import type { AggregateSetting, AggregateSettingService } from './aggregate-setting.service.js';
import type { CorrelationService } from './correlation.service.js';
import {
  AggregateSettingBody,
  AggregateSettingSchema,
  CorrelationsQuery,
  CorrelationsSchema,
  OrganizationParams,
  type AggregateSettingView,
} from './correlation.schema.js';

/** Correlation routes, under `/api/v1`. */
export const correlationRoutes: FastifyPluginAsyncTypebox<{
  correlations: CorrelationService;
  aggregateSettings: AggregateSettingService;
}> = async (app, { correlations, aggregateSettings }) => {
  app.get(
    '/objects/:id/correlations',
    {
      schema: {
        tags: ['correlation'],
        summary: 'What an object correlates with, among what you may read',
        description:
          'The observable values of the object (or of the observables it refers to, or the anchors of an ' +
          'indicator pattern), and the objects you may read that share them: the same value, containing or ' +
          'contained networks, parent or sub-domains, indicators whose patterns anchor on them, and objects ' +
          'that refer to those observables. Very common and warninglisted values are flagged, not expanded. ' +
          '`aggregate` counts other organisations and countries that reported the values, as far as their ' +
          'owners allow, without naming them. `sightings` lists the STIX sightings you may read of the ' +
          'indicator, or of the indicators matching the object: count, first and last seen, where.',
        params: ObjectIdParams,
        querystring: CorrelationsQuery,
        response: { 200: CorrelationsSchema, 401: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (request) => {
      const c = await correlations.correlations(requireActor(request), request.params.id, {
        limit: request.query.limit,
      });
      return {
        id: c.id,
        keys: c.keys.map((k) => ({ ...k, warninglists: [...k.warninglists] })),
        related: [...c.related],
        truncated: c.truncated,
        aggregate: c.aggregate,
        sightings: [...c.sightings],
      };
    },
  );

  app.get(
    '/organizations/:id/aggregate-sharing',
    {
      schema: {
        tags: ['organizations'],
        summary: 'Up to which TLP level your organisation’s reports count in aggregates',
        params: OrganizationParams,
        response: { 200: AggregateSettingSchema, 401: ErrorSchema, 403: ErrorSchema },
      },
    },
    async (request) => view(await aggregateSettings.get(requireActor(request), request.params.id)),
  );

  app.put(
    '/organizations/:id/aggregate-sharing',
    {
      schema: {
        tags: ['organizations'],
        summary: 'Change up to which TLP level your organisation’s reports count in aggregates',
        description:
          'Admins of the organisation only. `none` keeps every report out of aggregates.',
        params: OrganizationParams,
        body: AggregateSettingBody,
        response: {
          200: AggregateSettingSchema,
          400: ErrorSchema,
          401: ErrorSchema,
          403: ErrorSchema,
        },
      },
    },
    async (request) =>
      view(
        await aggregateSettings.set(requireActor(request), request.params.id, request.body.level),
      ),
  );
};

function view(s: AggregateSetting): AggregateSettingView {
  return { organization_id: s.organizationId, level: s.level, default: s.isDefault };
}
