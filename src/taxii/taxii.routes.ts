import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { requireActor } from '../auth/auth.plugin.js';
import { DomainError } from '../platform/errors.js';
import { classifyError } from '../platform/http/error-mapping.js';
import { parseJsonInput } from '../platform/json-input.js';
import type { RandomSource } from '../platform/ports.js';
import { parseFilters, type FilterSet } from './taxii-filters.js';
import { acceptsTaxii, isTaxiiContentType, TAXII_MEDIA_TYPE } from './taxii-media.js';
import {
  collectionOf,
  dateAddedHeaders,
  envelopeOf,
  errorOf,
  manifestOf,
  statusOf,
  versionsOf,
} from './taxii-resources.js';
import type { TaxiiService } from './taxii.service.js';

/** The one API root of a node (TAXII 2.1 §4.2), listed as the default in discovery. */
export const API_ROOT = 'nohaven';

export interface TaxiiRoutesOptions {
  readonly taxii: TaxiiService;
  readonly random: RandomSource;
  /** Title of the server and of its API root (the node name). */
  readonly title: string;
  /** Public base URL of the node, for the API root URLs of discovery. */
  readonly baseUrl: string;
  /** Largest request body accepted, in bytes (the API root's `max_content_length`). */
  readonly maxContentLength: number;
}

const RootParams = Type.Object({ root: Type.String() });
const CollectionParams = Type.Object({ root: Type.String(), collection: Type.String() });
const ObjectParams = Type.Object({
  root: Type.String(),
  collection: Type.String(),
  object: Type.String(),
});
const StatusParams = Type.Object({ root: Type.String(), status: Type.String() });
/** TAXII routes stay out of the REST API's OpenAPI document: the TAXII specification is theirs. */
const HIDDEN = { hide: true } as const;

function send(reply: FastifyReply, status: number, body: unknown, headers = {}): FastifyReply {
  return reply
    .status(status)
    .headers(headers)
    .header('content-type', TAXII_MEDIA_TYPE)
    .send(Buffer.from(JSON.stringify(body), 'utf8'));
}

function checkRoot(root: string): void {
  if (root !== API_ROOT) throw new DomainError('NH_ERR_NOT_FOUND', `no API root ${root} here`);
}

function filters(request: FastifyRequest, set: FilterSet) {
  return parseFilters(request.query as Record<string, unknown>, set);
}

/**
 * The TAXII 2.1 server (OASIS TAXII Version 2.1, CS01), mounted at `/taxii2`: discovery, one
 * API root, collections, objects, manifest, versions, status. Requests authenticate with HTTP
 * Basic or a Bearer API token; every response and error is `application/taxii+json;version=2.1`.
 */
export const taxiiRoutes: FastifyPluginAsyncTypebox<TaxiiRoutesOptions> = async (app, opts) => {
  const { taxii } = opts;
  const rootUrl = `${opts.baseUrl.replace(/\/+$/, '')}/taxii2/${API_ROOT}/`;

  app.setErrorHandler((err, request, reply) => {
    const c = classifyError(err);
    if (c.status >= 500) request.log.error({ err }, 'unhandled error');
    if (c.status === 401)
      void reply.header('www-authenticate', 'Basic realm="nohaven TAXII", charset="UTF-8", Bearer');
    void send(reply, c.status, errorOf(c.status, c.code, c.message, c.details, opts.random.uuid()));
  });
  app.setNotFoundHandler((request, reply) => {
    const message = `no TAXII endpoint ${request.method} ${request.url.split('?')[0]}`;
    void send(reply, 404, errorOf(404, 'NH_ERR_NOT_FOUND', message, [], opts.random.uuid()));
  });

  // Only TAXII bodies (§1.6.8); anything else is refused with 415 before parsing.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (request, body, done) => {
    if (!isTaxiiContentType(request.headers['content-type'])) {
      done(
        new DomainError(
          'NH_ERR_UNSUPPORTED_MEDIA_TYPE',
          `Content-Type must be ${TAXII_MEDIA_TYPE}, not ${request.headers['content-type'] ?? 'none'}`,
        ),
        undefined,
      );
      return;
    }
    try {
      done(null, parseJsonInput(body as Buffer));
    } catch (err) {
      done(err as Error, undefined);
    }
  });

  app.addHook('onRequest', async (request) => {
    if (!acceptsTaxii(request.headers.accept)) {
      throw new DomainError(
        'NH_ERR_NOT_ACCEPTABLE',
        `this server answers ${TAXII_MEDIA_TYPE}; Accept was ${request.headers.accept}`,
      );
    }
  });

  app.get('/', { schema: HIDDEN }, async (request, reply) => {
    requireActor(request);
    return send(reply, 200, {
      title: opts.title,
      description: 'TAXII 2.1 server of a nohaven node',
      default: rootUrl,
      api_roots: [rootUrl],
    });
  });

  app.get('/:root/', { schema: { ...HIDDEN, params: RootParams } }, async (request, reply) => {
    requireActor(request);
    checkRoot(request.params.root);
    return send(reply, 200, {
      title: opts.title,
      description: 'Threat intelligence shared on this node',
      versions: [TAXII_MEDIA_TYPE],
      max_content_length: opts.maxContentLength,
    });
  });

  app.get(
    '/:root/collections/',
    { schema: { ...HIDDEN, params: RootParams } },
    async (request, reply) => {
      const actor = requireActor(request);
      checkRoot(request.params.root);
      const list = await taxii.collections(actor);
      return send(reply, 200, list.length === 0 ? {} : { collections: list.map(collectionOf) });
    },
  );

  app.get(
    '/:root/collections/:collection/',
    { schema: { ...HIDDEN, params: CollectionParams } },
    async (request, reply) => {
      const actor = requireActor(request);
      checkRoot(request.params.root);
      return send(
        reply,
        200,
        collectionOf(await taxii.collection(actor, request.params.collection)),
      );
    },
  );

  app.get(
    '/:root/collections/:collection/objects/',
    { schema: { ...HIDDEN, params: CollectionParams } },
    async (request, reply) => {
      const actor = requireActor(request);
      checkRoot(request.params.root);
      const page = await taxii.objects(
        actor,
        request.params.collection,
        filters(request, 'objects'),
      );
      return send(reply, 200, envelopeOf(page), dateAddedHeaders(page));
    },
  );

  app.post(
    '/:root/collections/:collection/objects/',
    { schema: { ...HIDDEN, params: CollectionParams }, bodyLimit: opts.maxContentLength },
    async (request, reply) => {
      const actor = requireActor(request);
      checkRoot(request.params.root);
      const status = await taxii.add(
        actor,
        request.params.collection,
        objectsOfEnvelope(request.body),
      );
      return send(reply, 202, statusOf(status));
    },
  );

  app.get(
    '/:root/collections/:collection/manifest/',
    { schema: { ...HIDDEN, params: CollectionParams } },
    async (request, reply) => {
      const actor = requireActor(request);
      checkRoot(request.params.root);
      const page = await taxii.objects(
        actor,
        request.params.collection,
        filters(request, 'objects'),
      );
      return send(reply, 200, manifestOf(page), dateAddedHeaders(page));
    },
  );

  app.get(
    '/:root/collections/:collection/objects/:object/',
    { schema: { ...HIDDEN, params: ObjectParams } },
    async (request, reply) => {
      const actor = requireActor(request);
      const { root, collection, object } = request.params;
      checkRoot(root);
      const page = await taxii.object(actor, collection, object, filters(request, 'object'));
      return send(reply, 200, envelopeOf(page), dateAddedHeaders(page));
    },
  );

  app.delete(
    '/:root/collections/:collection/objects/:object/',
    { schema: { ...HIDDEN, params: ObjectParams } },
    async (request, reply) => {
      const actor = requireActor(request);
      const { root, collection, object } = request.params;
      checkRoot(root);
      await taxii.remove(actor, collection, object, filters(request, 'delete'));
      return reply.status(200).header('content-type', TAXII_MEDIA_TYPE).send('');
    },
  );

  app.get(
    '/:root/collections/:collection/objects/:object/versions/',
    { schema: { ...HIDDEN, params: ObjectParams } },
    async (request, reply) => {
      const actor = requireActor(request);
      const { root, collection, object } = request.params;
      checkRoot(root);
      const f = filters(request, 'versions');
      const page = await taxii.object(actor, collection, object, {
        ...f,
        versions: [{ kind: 'all' }],
      });
      return send(reply, 200, versionsOf(page), dateAddedHeaders(page));
    },
  );

  app.get(
    '/:root/status/:status/',
    { schema: { ...HIDDEN, params: StatusParams } },
    async (request, reply) => {
      const actor = requireActor(request);
      checkRoot(request.params.root);
      return send(reply, 200, statusOf(await taxii.status(actor, request.params.status)));
    },
  );
};

/** The `objects` of a TAXII envelope (§3.7), the body of an add-objects request. */
function objectsOfEnvelope(body: unknown): unknown[] {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new DomainError(
      'NH_ERR_VALIDATION',
      'the body must be a TAXII envelope (a JSON object)',
      [{ path: '', message: 'not a JSON object' }],
    );
  }
  const objects = (body as Record<string, unknown>).objects;
  if (objects === undefined) return [];
  if (!Array.isArray(objects)) {
    throw new DomainError(
      'NH_ERR_VALIDATION',
      '/objects: an envelope\'s "objects" must be an array',
      [{ path: '/objects', message: 'must be an array' }],
    );
  }
  return objects;
}
