import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor } from '../auth/auth.plugin.js';
import { OneLine } from '../platform/http/schema-types.js';
import type { DsrService } from './dsr.service.js';

const Kind = Type.Union([Type.Literal('access'), Type.Literal('erasure')]);
const Decision = Type.Union([
  Type.Literal('access-given'),
  Type.Literal('erased'),
  Type.Literal('refused'),
]);

const DsrSchema = Type.Object({
  id: Type.String(),
  kind: Kind,
  identifier: Type.String(),
  createdBy: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  matches: Type.Array(
    Type.Object({
      source: Type.String({
        description: 'stix-objects, sightings, requests, cases, contacts, accounts, audit',
      }),
      recordId: Type.String(),
      label: Type.String({ description: 'What the record is, without its content' }),
      fields: Type.Array(Type.String(), { description: 'The record’s fields that mention it' }),
    }),
  ),
  decision: Type.Union([
    Type.Object({
      outcome: Decision,
      ground: Type.String(),
      note: Type.Union([Type.String(), Type.Null()]),
      decidedBy: Type.String(),
      decidedAt: Type.String({ format: 'date-time' }),
    }),
    Type.Null(),
  ]),
});
const Id = Type.Object({ id: Type.String({ format: 'uuid' }) });

/** Data-subject requests (issue 8, item 7), prefix `/api/v1/data-subject-requests`. */
export const dsrRoutes: FastifyPluginAsync<{ dsr: DsrService }> = async (fastify, { dsr }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.post('/', {
    schema: {
      tags: ['oversight'],
      summary:
        'Open a data-subject request: every record of the node that concerns an identifier (oversight, admin)',
      body: Type.Object(
        {
          identifier: OneLine(3, 320, 'An e-mail address, account or name'),
          kind: Kind,
        },
        { additionalProperties: false },
      ),
      response: { 201: DsrSchema },
    },
    handler: async (request, reply) =>
      reply.code(201).send(await dsr.search(requireActor(request), request.body)),
  });

  app.get('/', {
    schema: {
      tags: ['oversight'],
      summary: 'Data-subject requests, newest first (oversight, admin)',
      response: { 200: Type.Object({ requests: Type.Array(DsrSchema) }) },
    },
    handler: async (request) => ({ requests: await dsr.list(requireActor(request)) }),
  });

  app.get('/:id', {
    schema: {
      tags: ['oversight'],
      summary: 'One data-subject request (oversight, admin)',
      params: Id,
      response: { 200: DsrSchema },
    },
    handler: async (request) => dsr.get(requireActor(request), request.params.id),
  });

  app.post('/:id/decision', {
    schema: {
      tags: ['oversight'],
      summary:
        'Record the decision on a data-subject request and its legal ground (oversight, admin)',
      params: Id,
      body: Type.Object(
        {
          decision: Decision,
          ground: OneLine(
            1,
            300,
            'The legal ground, e.g. `GDPR Art 17(1)(a)` or `LED Art 16(4)(a)`',
          ),
          note: Type.Optional(Type.String({ maxLength: 2000 })),
        },
        { additionalProperties: false },
      ),
      response: { 200: DsrSchema },
    },
    handler: async (request) => dsr.decide(requireActor(request), request.params.id, request.body),
  });
};
