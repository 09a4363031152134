import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { requireActor } from '../auth/auth.plugin.js';
import type { Distribution } from '../objects/object.types.js';
import { ErrorSchema } from '../objects/object.schema.js';
import type { Role } from '../platform/actor.js';
import type { TlpLevel } from '../stix/index.js';
import { CollectionIdParams, CollectionSchema, NewCollectionSchema } from './collection.schema.js';
import type { CollectionService } from './collection.service.js';
import type { Audience, Collection, NewCollection } from './collection.types.js';

type AudienceView = { roles: string[]; organization_ids: string[] } | null;

function audienceView(a: Audience | null): AudienceView {
  return a === null ? null : { roles: [...a.roles], organization_ids: [...a.organizationIds] };
}

function audienceOf(v: AudienceView | undefined): Audience | null | undefined {
  if (v === undefined || v === null) return v;
  // Roles are checked by the service (NH_ERR_VALIDATION naming the wrong one).
  return { roles: v.roles as Role[], organizationIds: v.organization_ids };
}

export function collectionView(c: Collection) {
  const f = c.filter;
  return {
    id: c.id,
    title: c.title,
    description: c.description,
    alias: c.alias,
    kind: c.kind,
    filter: {
      ...(f.types ? { types: [...f.types] } : {}),
      ...(f.maxTlp !== undefined ? { max_tlp: f.maxTlp } : {}),
      ...(f.includeUnmarked !== undefined ? { include_unmarked: f.includeUnmarked } : {}),
      ...(f.ownerOrgIds ? { owner_org_ids: [...f.ownerOrgIds] } : {}),
    },
    readers: audienceView(c.readers),
    writers: audienceView(c.writers),
    distribution: c.distribution,
    created_at: c.createdAt,
  };
}

function newCollectionOf(b: Static<typeof NewCollectionSchema>): NewCollection {
  return {
    title: b.title,
    description: b.description,
    alias: b.alias,
    kind: b.kind,
    filter: b.filter && {
      types: b.filter.types,
      maxTlp: b.filter.max_tlp as TlpLevel | undefined,
      includeUnmarked: b.filter.include_unmarked,
      ownerOrgIds: b.filter.owner_org_ids,
    },
    readers: audienceOf(b.readers as AudienceView | undefined),
    writers: audienceOf(b.writers as AudienceView | undefined),
    distribution: b.distribution as Distribution | undefined,
  };
}

/** Admin REST routes of TAXII collections, under `/api/v1/collections`. */
export const collectionRoutes: FastifyPluginAsyncTypebox<{
  collections: CollectionService;
}> = async (app, { collections }) => {
  app.get(
    '/',
    {
      schema: {
        tags: ['collections'],
        summary: 'List every TAXII collection (admin)',
        response: {
          200: Type.Object({ collections: Type.Array(CollectionSchema) }),
          401: ErrorSchema,
          403: ErrorSchema,
        },
      },
    },
    async (request) => ({
      collections: (await collections.listAll(requireActor(request))).map(collectionView),
    }),
  );

  app.post(
    '/',
    {
      schema: {
        tags: ['collections'],
        summary: 'Define a TAXII collection: a named view over the object store (admin)',
        body: NewCollectionSchema,
        response: {
          201: CollectionSchema,
          400: ErrorSchema,
          401: ErrorSchema,
          403: ErrorSchema,
          409: ErrorSchema,
        },
      },
    },
    async (request, reply) => {
      const c = await collections.create(requireActor(request), newCollectionOf(request.body));
      return reply.status(201).send(collectionView(c));
    },
  );

  app.delete(
    '/:id',
    {
      schema: {
        tags: ['collections'],
        summary: 'Remove a TAXII collection; its objects stay in the store (admin)',
        params: CollectionIdParams,
        response: { 204: Type.Null(), 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (request, reply) => {
      await collections.remove(requireActor(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
};
