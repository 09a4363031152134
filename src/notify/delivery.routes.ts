import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { OneLine } from '../platform/http/schema-types.js';
import { Type } from 'typebox';
import { requireActor } from '../auth/auth.plugin.js';
import { ErrorSchema } from '../objects/object.schema.js';
import type { DeliveryService } from './delivery.service.js';
import type { Delivery } from './delivery.types.js';

const StateSchema = Type.Union([
  Type.Literal('pending'),
  Type.Literal('delivered'),
  Type.Literal('dead'),
]);

const DeliverySchema = Type.Object(
  {
    id: Type.String(),
    channel: Type.Union([Type.Literal('webhook'), Type.Literal('email')]),
    address: Type.String(),
    contact_id: Type.String(),
    language: Type.String(),
    kind: Type.Union([Type.Literal('routed-item'), Type.Literal('alert')]),
    notification: Type.String({
      description: '`routed-item:<id>` or `alert:<id>:<change>:<event>`',
    }),
    state: StateSchema,
    attempts: Type.Integer(),
    next_attempt_at: Type.String(),
    last_error: Type.Union([Type.String(), Type.Null()]),
    created_at: Type.String(),
    updated_at: Type.String(),
    delivered_at: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
);

export function deliveryView(d: Delivery) {
  return {
    id: d.id,
    channel: d.channel,
    address: d.address,
    contact_id: d.contactId,
    language: d.language,
    kind: d.payload.kind,
    notification: d.notification,
    state: d.state,
    attempts: d.attempts,
    next_attempt_at: d.nextAttemptAt,
    last_error: d.lastError,
    created_at: d.createdAt,
    updated_at: d.updatedAt,
    delivered_at: d.deliveredAt,
  };
}

const IdParams = Type.Object({ id: OneLine(1, 200) });
const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema };

/**
 * Notifications to recipients outside nohaven, under `/api/v1` (admins): the delivery outbox
 * with its dead letters (`/deliveries`) and the signing secrets of webhook contacts.
 */
export const deliveryRoutes: FastifyPluginAsyncTypebox<{ deliveries: DeliveryService }> = async (
  app,
  { deliveries },
) => {
  app.get(
    '/deliveries',
    {
      schema: {
        tags: ['notify'],
        summary: 'Webhook and e-mail deliveries, newest change first (admin)',
        description:
          '`state=dead` lists the dead letters: deliveries given up after the configured number of ' +
          'attempts, with the last error.',
        querystring: Type.Object(
          {
            state: Type.Optional(StateSchema),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
            offset: Type.Optional(Type.Integer({ minimum: 0 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ deliveries: Type.Array(DeliverySchema) }), ...errors },
      },
    },
    async (request) => ({
      deliveries: (await deliveries.list(requireActor(request), request.query)).map(deliveryView),
    }),
  );

  app.post(
    '/deliveries/:id/retry',
    {
      schema: {
        tags: ['notify'],
        summary: 'Retry a dead delivery now, with its attempts counted afresh (admin)',
        params: IdParams,
        response: { 200: DeliverySchema, 409: ErrorSchema, ...errors },
      },
    },
    async (request) =>
      deliveryView(await deliveries.retry(requireActor(request), request.params.id)),
  );

  app.post(
    '/contacts/:id/webhook-secret',
    {
      schema: {
        tags: ['notify'],
        summary: 'Create or replace the signing secret of a webhook contact (admin)',
        description:
          'The secret is shown in this answer only. Deliveries are signed with `X-Nohaven-Signature: ' +
          'sha256=<hex HMAC-SHA256(secret, X-Nohaven-Timestamp + "." + body)>`; a webhook contact ' +
          'without a secret is not sent anything (its deliveries fail and are dead-lettered).',
        params: IdParams,
        response: {
          201: Type.Object({
            contact_id: Type.String(),
            secret: Type.String(),
            created_at: Type.String(),
          }),
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const s = await deliveries.rotateSecret(requireActor(request), request.params.id);
      return reply
        .status(201)
        .header('cache-control', 'no-store')
        .send({ contact_id: s.contactId, secret: s.secret, created_at: s.createdAt });
    },
  );
};
