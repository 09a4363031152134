import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor } from '../auth/auth.plugin.js';
import { OFFENCES } from '../legal/offence-taxonomy.js';
import { ErrorSchema } from '../objects/object.schema.js';
import { CODE_LISTS } from './code-lists.js';
import type { Cooperation } from './cooperation.module.js';
import { unverifiedRules } from './definition-registry.js';
import {
  DraftBody,
  DraftUpdateBody,
  FileParams,
  ListQuery,
  MetricsSchema,
  ProblemsSchema,
  RequestParams,
  RequestSchema,
  RequestWithTimelineSchema,
  TransitionBody,
  TypeParams,
  TypesSchema,
} from './request.schema.js';
import { DefinitionSchema } from './definitions/definition.schema.js';

const errors = {
  400: ErrorSchema,
  401: ErrorSchema,
  403: ErrorSchema,
  404: ErrorSchema,
  409: ErrorSchema,
  413: ErrorSchema,
};
const tags = ['cooperation'];

/**
 * Legal cooperation requests (issue 7, item 6) under `/api/v1`: the request types (everything a
 * form needs), live validation of a draft, the requests of the caller's organisation (inbox,
 * outbox, provider inbox), one request with its timeline, drafts, transitions, data-package
 * files and the cooperation figures per counterpart.
 */
const RecipientsSchema = Type.Object({
  organizations: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      country: Type.Union([Type.String(), Type.Null()]),
      sector: Type.Union([Type.String(), Type.Null()]),
      node: Type.Union([Type.Object({ id: Type.String(), name: Type.String() }), Type.Null()]),
    }),
  ),
});

export const requestRoutes: FastifyPluginAsyncTypebox<{ cooperation: Cooperation }> = async (
  app,
  { cooperation },
) => {
  const { requests } = cooperation;

  app.get(
    '/request-recipients',
    {
      schema: {
        tags,
        summary:
          "Organisations a request may be addressed to: this node's, and those hosted by active peers that take legal messages",
        response: { 200: RecipientsSchema, 401: ErrorSchema },
      },
    },
    async (request) => {
      requireActor(request);
      return { organizations: await cooperation.recipients() };
    },
  );

  app.get(
    '/request-types',
    {
      schema: {
        tags,
        summary:
          'Every request type with its fields, clocks, grounds and state machine, and the code lists',
        response: { 200: TypesSchema, 401: ErrorSchema },
      },
    },
    async (request) => {
      requireActor(request);
      return {
        types: [...requests.definitions()],
        codeLists: Object.fromEntries(Object.entries(CODE_LISTS).map(([k, v]) => [k, [...v]])),
        offences: OFFENCES.map((o) => ({
          code: o.code,
          instrument: o.instrument,
          article: o.article,
          title: o.title,
          kind: o.kind,
          ...(o.appliesTo ? { appliesTo: [...o.appliesTo] } : {}),
        })),
        roleMap: Object.fromEntries(
          Object.entries(cooperation.settings.roleMap).map(([k, v]) => [k, [...v]]),
        ),
        approvers: Object.fromEntries(
          Object.entries(cooperation.settings.approvers).map(([type, byCountry]) => [
            type,
            Object.fromEntries(Object.entries(byCountry).map(([c, roles]) => [c, [...roles]])),
          ]),
        ),
        unverified: unverifiedRules(cooperation.registry),
      };
    },
  );

  app.get(
    '/request-types/:code',
    {
      schema: {
        tags,
        summary: 'One request type',
        params: TypeParams,
        response: { 200: DefinitionSchema, ...errors },
      },
    },
    async (request) => {
      requireActor(request);
      return requests.definition(request.params.code);
    },
  );

  app.post(
    '/requests/validate',
    {
      schema: {
        tags,
        summary: 'Every problem of a draft, per article and field (live validation)',
        body: DraftBody,
        response: { 200: ProblemsSchema, ...errors },
      },
    },
    async (request) => ({ problems: await requests.validate(requireActor(request), request.body) }),
  );

  app.get(
    '/requests',
    {
      schema: {
        tags,
        summary:
          "Your organisation's requests: inbox, outbox, provider inbox; by type, state, overdue",
        querystring: ListQuery,
        response: { 200: Type.Object({ requests: Type.Array(RequestSchema) }), ...errors },
      },
    },
    async (request) => ({ requests: await requests.list(requireActor(request), request.query) }),
  );

  app.get(
    '/requests/metrics',
    {
      schema: {
        tags,
        summary:
          'Cooperation figures per counterpart: counts by type, times to acknowledge and execute, refusals, overdue',
        response: { 200: MetricsSchema, ...errors },
      },
    },
    async (request) => ({ counterparts: await cooperation.metrics(requireActor(request)) }),
  );

  app.post(
    '/requests',
    {
      schema: {
        tags,
        summary:
          'Create a draft request (missing fields allowed until it is submitted; bad values refused)',
        body: DraftBody,
        response: { 201: RequestSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await requests.create(requireActor(request), request.body)),
  );

  app.get(
    '/requests/:id',
    {
      schema: {
        tags,
        summary: 'One request with its timeline: transitions, clocks, reminders, files, outbox',
        params: RequestParams,
        response: { 200: RequestWithTimelineSchema, ...errors },
      },
    },
    async (request) => requests.get(requireActor(request), request.params.id),
  );

  app.patch(
    '/requests/:id',
    {
      schema: {
        tags,
        summary: 'Change a draft',
        params: RequestParams,
        body: DraftUpdateBody,
        response: { 200: RequestSchema, ...errors },
      },
    },
    async (request) => requests.update(requireActor(request), request.params.id, request.body),
  );

  app.post(
    '/requests/:id/transitions',
    {
      schema: {
        tags,
        summary: 'Move a request to another state (refused naming the allowed ones); audited',
        params: RequestParams,
        body: TransitionBody,
        response: { 200: RequestSchema, ...errors },
      },
    },
    async (request) => requests.transition(requireActor(request), request.params.id, request.body),
  );

  app.get(
    '/requests/:id/files/:fileId',
    {
      schema: {
        tags,
        summary: 'One file of a data package',
        params: FileParams,
        response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), ...errors },
      },
    },
    async (request, reply) => {
      const f = await requests.file(
        requireActor(request),
        request.params.id,
        request.params.fileId,
      );
      return reply
        .type(f.mediaType)
        .header('content-disposition', `attachment; filename="${f.name.replace(/["\\]/g, '_')}"`)
        .send(f.content);
    },
  );
};
