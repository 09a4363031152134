import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor } from '../auth/auth.plugin.js';
import { ErrorSchema } from '../objects/object.schema.js';
import { OneLine } from '../platform/http/schema-types.js';
import { DATA_CATEGORIES, PURPOSE_CODES } from './personal-data.js';
import type { PrivacyAccessService } from './privacy-access.service.js';

const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema };
const Id = Type.String({ pattern: '^[0-9a-f-]{36}$' });

export const OpenBody = Type.Object(
  {
    resource: Type.Union([Type.Literal('request'), Type.Literal('case-subject')], {
      description: 'What holds the sealed field: a legal request, or a subject of a case',
    }),
    id: Type.String({ minLength: 1, maxLength: 100 }),
    field: Type.String({ pattern: '^[a-z][a-z0-9_]*$', maxLength: 100 }),
    purpose: Type.Optional(
      Type.Object(
        {
          code: Type.Optional(
            Type.String({ maxLength: 40, description: PURPOSE_CODES.join(', ') }),
          ),
          text: Type.Optional(Type.String({ maxLength: 2000 })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

/**
 * Purpose-bound opening of sealed personal data (`/api/v1/privacy`, issue 8, item 2). Every
 * opening and every refused attempt is an audit entry.
 */
export const privacyRoutes: FastifyPluginAsyncTypebox<{ access: PrivacyAccessService }> = async (
  app,
  { access },
) => {
  app.get(
    '/privacy/purposes',
    {
      schema: {
        tags: ['privacy'],
        summary: 'The purpose codes and data categories of sealed personal data',
        response: {
          200: Type.Object({
            purposes: Type.Array(Type.String()),
            categories: Type.Array(Type.String()),
          }),
          401: ErrorSchema,
        },
      },
    },
    async (request) => {
      requireActor(request);
      return { purposes: [...PURPOSE_CODES], categories: [...DATA_CATEGORIES] };
    },
  );

  app.post(
    '/privacy/open',
    {
      schema: {
        tags: ['privacy'],
        summary:
          'Open one sealed field for a stated purpose (role for its category, case membership or grant); audited',
        body: OpenBody,
        response: {
          200: Type.Object({
            value: Type.Unknown(),
            category: Type.String(),
            recorded: Type.Object({ action: Type.String(), target: Type.String() }),
          }),
          ...errors,
        },
      },
    },
    async (request) => access.open(requireActor(request), request.body),
  );

  app.post(
    '/privacy/approvals/:id/approve',
    {
      schema: {
        tags: ['privacy'],
        summary: 'Give the second approval a bulk opening needs (another user); audited',
        params: Type.Object({ id: Id }),
        response: {
          200: Type.Object({ id: Type.String(), subjects: Type.Integer() }),
          ...errors,
          409: ErrorSchema,
        },
      },
    },
    async (request) => access.approve(requireActor(request), request.params.id),
  );

  app.post(
    '/privacy/grants',
    {
      schema: {
        tags: ['privacy'],
        summary: "A case lead grants a user outside the case access to the case's personal data",
        body: Type.Object(
          { caseId: Type.String({ pattern: '^case-[0-9a-f-]{36}$' }), username: OneLine(1, 200) },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await access.grant(requireActor(request), request.body.caseId, request.body.username);
      return reply.status(204).send(null);
    },
  );
};
