import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Config } from '../config.js';
import type { TlsMaterial } from '../tls.js';
import { parseJsonInput } from '../json-input.js';
import { installErrorMapping, type ErrorRenderer } from './error-mapping.js';

export type HttpServer = FastifyInstance;

export interface HttpServerOptions {
  readonly config: Config;
  /** Fastify logger options; false in tests. */
  readonly logger: boolean | { level: string };
  readonly errorRenderers?: ReadonlyArray<[prefix: string, render: ErrorRenderer]>;
  /** Certificate and key: the server speaks HTTPS only. Absent: plain HTTP. */
  readonly tls?: TlsMaterial | null;
}

/** JSON media types the node accepts in request bodies. */
const JSON_TYPES = ['application/json', 'application/stix+json', 'application/taxii+json'];

/**
 * The bare HTTP server every capability plugs into: strict JSON bodies (UTF-8, no prototype
 * keys, bounded depth), one error shape, cookies, the OpenAPI document at `/api/docs`.
 */
export async function createHttpServer(options: HttpServerOptions): Promise<HttpServer> {
  // With `https` Fastify builds a node:https server; the instance's API is the same, so both
  // variants share the one `HttpServer` type.
  const app = (Fastify as (opts: object) => FastifyInstance)({
    ...(options.tls ? { https: { cert: options.tls.cert, key: options.tls.key } } : {}),
    logger: options.logger,
    bodyLimit: options.config.bodyLimit,
    trustProxy: false,
    ajv: {
      customOptions: {
        removeAdditional: false,
        coerceTypes: 'array',
        useDefaults: true,
        allErrors: false,
      },
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.removeContentTypeParser(['application/json']);
  app.addContentTypeParser(JSON_TYPES, { parseAs: 'buffer' }, (_req, body, done) => {
    try {
      done(null, parseJsonInput(body as Buffer));
    } catch (err) {
      done(err as Error, undefined);
    }
  });

  installErrorMapping(app, options.errorRenderers);
  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'nohaven REST API',
        version: '1',
        description:
          'REST API of a nohaven node. Authenticate with `Authorization: Bearer <token>` or the session cookie. ' +
          'Errors share one shape: `{ "error": { "code", "message", "details": [{ "path", "message" }] } }`.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'nh_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  return app;
}
