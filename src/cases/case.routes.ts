import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor } from '../auth/auth.plugin.js';
import { ErrorSchema } from '../objects/object.schema.js';
import {
  CaseParams,
  CaseSchema,
  CaseSummarySchema,
  CreateCaseBody,
  LinkBody,
  MemberBody,
  StatusBody,
  caseJson,
  summaryJson,
} from './case.schema.js';
import type { CaseService } from './case.service.js';
import { LINK_KINDS } from './case.types.js';

const errors = {
  400: ErrorSchema,
  401: ErrorSchema,
  403: ErrorSchema,
  404: ErrorSchema,
  409: ErrorSchema,
};

/** Cases (`/api/v1/cases`): members, links to STIX objects and legal requests, status. */
export const caseRoutes: FastifyPluginAsyncTypebox<{ cases: CaseService }> = async (
  app,
  { cases },
) => {
  app.get(
    '/cases',
    {
      schema: {
        tags: ['cases'],
        summary: 'Cases you are a member of (admins in a break-glass window: their organisation’s)',
        response: { 200: Type.Object({ cases: Type.Array(CaseSummarySchema) }), 401: ErrorSchema },
      },
    },
    async (request) => ({ cases: (await cases.list(requireActor(request))).map(summaryJson) }),
  );

  app.post(
    '/cases',
    {
      schema: {
        tags: ['cases'],
        summary: 'Open a case; you become its lead',
        body: CreateCaseBody,
        response: { 201: CaseSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(caseJson(await cases.create(requireActor(request), request.body))),
  );

  app.get(
    '/cases/:id',
    {
      schema: {
        tags: ['cases'],
        summary: 'A case with its members and the links you may read',
        params: CaseParams,
        response: { 200: CaseSchema, ...errors },
      },
    },
    async (request) => caseJson(await cases.get(requireActor(request), request.params.id)),
  );

  app.post(
    '/cases/:id/members',
    {
      schema: {
        tags: ['cases'],
        summary: 'Add a member or change a member’s role (lead only)',
        params: CaseParams,
        body: MemberBody,
        response: { 200: CaseSchema, ...errors },
      },
    },
    async (request) =>
      caseJson(await cases.addMember(requireActor(request), request.params.id, request.body)),
  );

  app.delete(
    '/cases/:id/members/:userId',
    {
      schema: {
        tags: ['cases'],
        summary: 'Remove a member (lead only; a case keeps one lead)',
        params: Type.Object({ ...CaseParams.properties, userId: Type.String({ maxLength: 200 }) }),
        response: { 200: CaseSchema, ...errors },
      },
    },
    async (request) =>
      caseJson(
        await cases.removeMember(requireActor(request), request.params.id, request.params.userId),
      ),
  );

  app.post(
    '/cases/:id/links',
    {
      schema: {
        tags: ['cases'],
        summary: 'Link an object you may read, or a legal request by id',
        params: CaseParams,
        body: LinkBody,
        response: { 200: CaseSchema, ...errors },
      },
    },
    async (request) =>
      caseJson(
        await cases.addLink(requireActor(request), request.params.id, {
          kind: request.body.kind,
          targetId: request.body.target_id,
        }),
      ),
  );

  app.delete(
    '/cases/:id/links/:kind/:targetId',
    {
      schema: {
        tags: ['cases'],
        summary: 'Remove a link',
        params: Type.Object({
          ...CaseParams.properties,
          kind: Type.Enum(LINK_KINDS),
          targetId: Type.String({ maxLength: 200 }),
        }),
        response: { 200: CaseSchema, ...errors },
      },
    },
    async (request) =>
      caseJson(
        await cases.removeLink(
          requireActor(request),
          request.params.id,
          request.params.kind,
          request.params.targetId,
        ),
      ),
  );

  app.post(
    '/cases/:id/status',
    {
      schema: {
        tags: ['cases'],
        summary: 'Close a case with a reason, or reopen it (lead only)',
        params: CaseParams,
        body: StatusBody,
        response: { 200: CaseSchema, ...errors },
      },
    },
    async (request) =>
      caseJson(await cases.setStatus(requireActor(request), request.params.id, request.body)),
  );
};
