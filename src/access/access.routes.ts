import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor } from '../auth/auth.plugin.js';
import { ErrorSchema } from '../objects/object.schema.js';
import { OneLine } from '../platform/http/schema-types.js';
import { BREAK_GLASS_MIN_REASON, type BreakGlassService } from './break-glass.service.js';
import type { SharingGroupService, SharingGroupView } from './sharing-group.service.js';

const IdentityId = Type.String({
  pattern: '^identity--[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$',
  description: 'Organisation identity id (of this node or another)',
});

const GroupSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  owner_org_id: Type.String(),
  hide_members: Type.Boolean(),
  created_at: Type.String(),
  member_count: Type.Integer(),
  members: Type.Union([
    Type.Array(
      Type.Object({
        organization_id: Type.String(),
        name: Type.Union([Type.String(), Type.Null()]),
      }),
    ),
    Type.Null(),
  ]),
});

const GroupParams = Type.Object({ id: Type.String({ pattern: '^sg-[0-9a-f-]{36}$' }) });
const MemberParams = Type.Object({
  id: Type.String({ pattern: '^sg-[0-9a-f-]{36}$' }),
  organizationId: IdentityId,
});

const WindowSchema = Type.Object({
  id: Type.String(),
  reason: Type.String(),
  opened_at: Type.String(),
  expires_at: Type.String(),
});

const errors = {
  400: ErrorSchema,
  401: ErrorSchema,
  403: ErrorSchema,
  404: ErrorSchema,
  409: ErrorSchema,
};

function toView(g: SharingGroupView) {
  return {
    id: g.id,
    name: g.name,
    owner_org_id: g.ownerOrgId,
    hide_members: g.hideMembers,
    created_at: g.createdAt,
    member_count: g.memberCount,
    members:
      g.members === null
        ? null
        : g.members.map((m) => ({ organization_id: m.organizationId, name: m.name })),
  };
}

/**
 * Sharing groups (`/api/v1/sharing-groups`) and admins' break-glass windows
 * (`/api/v1/break-glass`), the parts of the access policy that people manage.
 */
export const accessRoutes: FastifyPluginAsyncTypebox<{
  sharingGroups: SharingGroupService;
  breakGlass: BreakGlassService;
}> = async (app, { sharingGroups, breakGlass }) => {
  app.get(
    '/sharing-groups',
    {
      schema: {
        tags: ['sharing-groups'],
        summary: 'Sharing groups the actor owns or is a member of (admins: all)',
        response: { 200: Type.Object({ groups: Type.Array(GroupSchema) }), 401: ErrorSchema },
      },
    },
    async (request) => ({
      groups: (await sharingGroups.list(requireActor(request))).map(toView),
    }),
  );

  app.post(
    '/sharing-groups',
    {
      schema: {
        tags: ['sharing-groups'],
        summary: 'Create a sharing group (admin, or analyst for their own organisation)',
        body: Type.Object(
          {
            name: OneLine(1, 200),
            hide_members: Type.Optional(Type.Boolean()),
            owner_org_id: Type.Optional(IdentityId),
          },
          { additionalProperties: false },
        ),
        response: { 201: GroupSchema, ...errors },
      },
    },
    async (request, reply) => {
      const g = await sharingGroups.create(requireActor(request), {
        name: request.body.name,
        hideMembers: request.body.hide_members,
        ownerOrgId: request.body.owner_org_id,
      });
      return reply.status(201).send(toView(g));
    },
  );

  app.get(
    '/sharing-groups/:id',
    {
      schema: {
        tags: ['sharing-groups'],
        summary: 'A sharing group; its member list unless hidden from the actor',
        params: GroupParams,
        response: { 200: GroupSchema, 401: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (request) => toView(await sharingGroups.show(requireActor(request), request.params.id)),
  );

  app.post(
    '/sharing-groups/:id/members',
    {
      schema: {
        tags: ['sharing-groups'],
        summary: 'Add an organisation to a sharing group (admin or owner organisation)',
        params: GroupParams,
        body: Type.Object({ organization_id: IdentityId }, { additionalProperties: false }),
        response: { 200: GroupSchema, ...errors },
      },
    },
    async (request) =>
      toView(
        await sharingGroups.addMember(
          requireActor(request),
          request.params.id,
          request.body.organization_id,
        ),
      ),
  );

  app.delete(
    '/sharing-groups/:id/members/:organizationId',
    {
      schema: {
        tags: ['sharing-groups'],
        summary: 'Remove an organisation from a sharing group (admin or owner organisation)',
        params: MemberParams,
        response: { 200: GroupSchema, ...errors },
      },
    },
    async (request) =>
      toView(
        await sharingGroups.removeMember(
          requireActor(request),
          request.params.id,
          request.params.organizationId,
        ),
      ),
  );

  app.get(
    '/break-glass',
    {
      schema: {
        tags: ['break-glass'],
        summary: "The actor's open break-glass window, if any",
        response: {
          200: Type.Object({ window: Type.Union([WindowSchema, Type.Null()]) }),
          401: ErrorSchema,
        },
      },
    },
    async (request) => {
      const w = await breakGlass.active(requireActor(request));
      return {
        window: w && {
          id: w.id,
          reason: w.reason,
          opened_at: w.openedAt,
          expires_at: w.expiresAt,
        },
      };
    },
  );

  app.post(
    '/break-glass',
    {
      schema: {
        tags: ['break-glass'],
        summary: 'Open a 15-minute break-glass window (admins): read beyond your reach, audited',
        description:
          'Every read that only the window allows is recorded in the audit chain with the reason. ' +
          `The reason needs at least ${BREAK_GLASS_MIN_REASON} characters.`,
        body: Type.Object(
          { reason: Type.String({ minLength: 1, maxLength: 2000 }) },
          { additionalProperties: false },
        ),
        response: { 201: WindowSchema, 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema },
      },
    },
    async (request, reply) => {
      const w = await breakGlass.open(requireActor(request), request.body.reason);
      return reply
        .status(201)
        .send({ id: w.id, reason: w.reason, opened_at: w.openedAt, expires_at: w.expiresAt });
    },
  );

  app.delete(
    '/break-glass',
    {
      schema: {
        tags: ['break-glass'],
        summary: "Close the actor's break-glass window",
        response: { 200: Type.Object({ closed: Type.Boolean() }), 401: ErrorSchema },
      },
    },
    async (request) => ({ closed: await breakGlass.close(requireActor(request)) }),
  );
};
