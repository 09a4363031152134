import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor } from '../auth/auth.plugin.js';
import { DomainError } from '../platform/errors.js';
import { ROLES } from '../platform/actor.js';
import type { ObjectAudience, ObjectService } from './object.service.js';
import type { Distribution, StoredObject } from './object.types.js';
import {
  ErrorSchema,
  GetObjectQuery,
  IngestQuery,
  IngestSummarySchema,
  ListObjectsQuery,
  ObjectIdParams,
  ObjectPageSchema,
  StoredObjectSchema,
  VersionsSchema,
} from './object.schema.js';

const BUNDLE_ID = /^bundle--[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** REST routes of the STIX object store, under `/api/v1/objects`. */
export const objectRoutes: FastifyPluginAsyncTypebox<{ objects: ObjectService }> = async (
  app,
  { objects },
) => {
  app.post(
    '/',
    {
      schema: {
        tags: ['objects'],
        summary: 'Store a STIX 2.1 bundle or a single object',
        description:
          'Atomic by default: when any object is rejected nothing is stored and the answer is 422 with every ' +
          'rejection (index and property). With `mode=partial` the valid objects are stored and the rejected ones ' +
          'are listed. The same version (id + modified) is stored once.',
        querystring: IngestQuery,
        body: Type.Unknown({ description: 'A STIX 2.1 bundle or a single STIX object' }),
        response: {
          200: IngestSummarySchema,
          201: IngestSummarySchema,
          400: ErrorSchema,
          401: ErrorSchema,
          403: ErrorSchema,
          422: ErrorSchema,
        },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { list, base } = objectsOfBody(request.body);
      const summary = await objects.ingest(actor, list, {
        mode: request.query.mode ?? 'atomic',
        distribution: request.query.distribution as Distribution | undefined,
        recipients:
          request.query.recipient_org || request.query.recipient_user
            ? {
                organizations: request.query.recipient_org,
                usernames: request.query.recipient_user,
              }
            : undefined,
      });
      if (summary.rolledBack) {
        const details = summary.rejected.flatMap((r) =>
          r.errors.map((e) => ({
            index: r.index,
            path: `${base(r.index)}${e.path}`,
            message: e.message,
          })),
        );
        throw new DomainError(
          'NH_ERR_STIX_INVALID',
          `${summary.rejected.length} of ${summary.read} objects were rejected; nothing was stored (first: ${details[0]?.path}: ${details[0]?.message})`,
          details,
        );
      }
      return reply.status(summary.stored > 0 ? 201 : 200).send({
        read: summary.read,
        stored: summary.stored,
        duplicates: summary.duplicates,
        rejected: summary.rejected.map((r) => ({ ...r, errors: [...r.errors] })),
      });
    },
  );

  app.get(
    '/',
    {
      schema: {
        tags: ['objects'],
        summary: 'List the latest versions of objects, newest first, with filters and a cursor',
        querystring: ListObjectsQuery,
        response: { 200: ObjectPageSchema, 400: ErrorSchema, 401: ErrorSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const q = request.query;
      const page = await objects.list(actor, {
        types: q.type,
        createdBy: q.created_by,
        marking: q.marking,
        modifiedSince: q.modified_since,
        text: q.q,
        includeRevoked: q.include_revoked,
        order: q.order,
        limit: q.limit,
        cursor: q.cursor,
      });
      return { items: page.items.map(toView), next_cursor: page.nextCursor };
    },
  );

  app.get(
    '/:id',
    {
      schema: {
        tags: ['objects'],
        summary: 'Get an object: its latest version, or the version given by `version`',
        params: ObjectIdParams,
        querystring: GetObjectQuery,
        response: { 200: StoredObjectSchema, 400: ErrorSchema, 401: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (request) =>
      toView(await objects.get(requireActor(request), request.params.id, request.query.version)),
  );

  app.get(
    '/:id/audience',
    {
      schema: {
        tags: ['objects'],
        summary: 'Who can see this object: organisations and named users, by the read policy',
        params: ObjectIdParams,
        response: { 200: AudienceSchema, 401: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (request) =>
      toAudienceView(await objects.audience(requireActor(request), request.params.id)),
  );

  app.get(
    '/:id/versions',
    {
      schema: {
        tags: ['objects'],
        summary: 'List the versions of an object, newest first',
        params: ObjectIdParams,
        response: { 200: VersionsSchema, 401: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (request) => {
      const versions = await objects.versions(requireActor(request), request.params.id);
      return {
        versions: versions.map((v) => ({
          modified: v.modified,
          date_added: v.dateAdded,
          latest: v.latest,
          revoked: v.revoked,
        })),
      };
    },
  );
};

const AudienceSchema = Type.Object({
  public: Type.Boolean({
    description: 'Unauthenticated readers may read it (CLEAR, distribution all)',
  }),
  organizations: Type.Array(Type.Object({ id: Type.String(), name: Type.String() }), {
    description: 'Organisations whose members read it, whatever their role',
  }),
  users: Type.Array(Type.Object({ id: Type.String(), username: Type.String() }), {
    description: 'Users who read it individually (named RED recipients)',
  }),
  roles: Type.Array(Type.String(), {
    description: 'Roles that read it within those organisations (all; admins get no bypass)',
  }),
  members_hidden: Type.Boolean({
    description: "The object's sharing group hides its members from you; they are not listed",
  }),
});

function toAudienceView(a: ObjectAudience) {
  return {
    public: a.public,
    organizations: a.organizations.map((o) => ({ id: o.id, name: o.name })),
    users: a.users.map((u) => ({ id: u.id, username: u.username })),
    roles: [...ROLES],
    members_hidden: a.membersHidden,
  };
}

function toView(s: StoredObject) {
  return {
    object: s.object,
    date_added: s.dateAdded,
    latest: s.latest,
    tlp: s.tlp,
    distribution: s.distribution,
  };
}

/**
 * The objects of a request body: the `objects` of a bundle, or the body itself when it is a
 * single object. `base(i)` is the JSON pointer of object `i` in the body, for error details.
 */
function objectsOfBody(body: unknown): { list: unknown[]; base: (i: number) => string } {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new DomainError(
      'NH_ERR_VALIDATION',
      'the body must be a STIX bundle or a STIX object (a JSON object)',
      [
        {
          path: '',
          message: Array.isArray(body)
            ? 'an array, not an object'
            : `a ${body === null ? 'null' : typeof body}, not an object`,
        },
      ],
    );
  }
  const b = body as Record<string, unknown>;
  if (typeof b.type !== 'string') {
    throw new DomainError(
      'NH_ERR_VALIDATION',
      'the body has no "type": it is neither a bundle nor a STIX object',
      [{ path: '/type', message: 'required' }],
    );
  }
  if (b.type !== 'bundle') return { list: [body], base: () => '' };
  if (typeof b.id !== 'string' || !BUNDLE_ID.test(b.id)) {
    throw new DomainError(
      'NH_ERR_VALIDATION',
      '/id: a bundle id must be "bundle--" followed by a UUID',
      [{ path: '/id', message: 'must be bundle--<UUID>' }],
    );
  }
  if (b.objects === undefined) return { list: [], base: (i) => `/objects/${i}` };
  if (!Array.isArray(b.objects)) {
    throw new DomainError('NH_ERR_VALIDATION', '/objects: a bundle\'s "objects" must be an array', [
      { path: '/objects', message: 'must be an array' },
    ]);
  }
  return { list: b.objects, base: (i) => `/objects/${i}` };
}
