import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor } from '../auth/auth.plugin.js';
import { ErrorSchema } from '../objects/object.schema.js';
import { OneLine } from '../platform/http/schema-types.js';
import { SUBJECT_ROLES, type CaseSubjectView } from './case-subject.types.js';
import type { CaseSubjectService } from './case-subject.service.js';
import { CaseParams } from './case.schema.js';

const Sealed = Type.Object({ sealed: Type.Literal(true), category: Type.String() });

const SubjectSchema = Type.Object({
  id: Type.String(),
  case_id: Type.String(),
  role: Type.Enum(SUBJECT_ROLES),
  fields: Type.Record(Type.String(), Sealed, {
    description: 'Each personal field present, sealed; open it with POST /privacy/open',
  }),
  added_by: Type.String(),
  added_at: Type.String(),
});

const subjectJson = (v: CaseSubjectView) => ({
  id: v.id,
  case_id: v.caseId,
  role: v.role,
  fields: v.fields,
  added_by: v.addedBy,
  added_at: v.addedAt,
});

const errors = {
  400: ErrorSchema,
  401: ErrorSchema,
  403: ErrorSchema,
  404: ErrorSchema,
  409: ErrorSchema,
};

/** The people a case concerns (`/api/v1/cases/{id}/subjects`), their personal data sealed. */
export const caseSubjectRoutes: FastifyPluginAsyncTypebox<{
  subjects: CaseSubjectService;
}> = async (app, { subjects }) => {
  app.get(
    '/cases/:id/subjects',
    {
      schema: {
        tags: ['cases'],
        summary: 'The people a case concerns, their personal fields sealed',
        params: CaseParams,
        response: { 200: Type.Object({ subjects: Type.Array(SubjectSchema) }), ...errors },
      },
    },
    async (request) => ({
      subjects: (await subjects.list(requireActor(request), request.params.id)).map(subjectJson),
    }),
  );

  app.post(
    '/cases/:id/subjects',
    {
      schema: {
        tags: ['cases'],
        summary: 'Add a person the case concerns; the personal fields are stored sealed',
        params: CaseParams,
        body: Type.Object(
          {
            role: Type.Enum(SUBJECT_ROLES),
            name: Type.Optional(OneLine(0, 300)),
            email: Type.Optional(OneLine(0, 320)),
            account: Type.Optional(OneLine(0, 300)),
            notes: Type.Optional(Type.String({ maxLength: 4000 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: SubjectSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          subjectJson(await subjects.add(requireActor(request), request.params.id, request.body)),
        ),
  );
};
