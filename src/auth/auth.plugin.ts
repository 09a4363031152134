import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Actor } from '../platform/actor.js';
import { DomainError } from '../platform/errors.js';
import type { AuthService } from './auth.types.js';
import { API_TOKEN_PREFIX } from './secrets.js';

export { requireRole } from './roles.js';

/** Name of the session cookie. */
export const SESSION_COOKIE = 'nh_session';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who sent the request: null when anonymous. Set before any route handler runs. */
    actor: Actor | null;
  }
}

/** The actor of the request; throws NH_ERR_UNAUTHENTICATED when anonymous. */
export function requireActor(request: FastifyRequest): Actor {
  if (request.actor === null) {
    throw new DomainError('NH_ERR_UNAUTHENTICATED', 'sign in or send a valid API token');
  }
  return request.actor;
}

export interface AuthPluginOptions {
  readonly auth: AuthService;
  /** URL prefixes where `Authorization: Basic` (user name and password) is accepted (TAXII). */
  readonly basicAuthPrefixes?: readonly string[];
}

const authPluginImpl: FastifyPluginAsync<AuthPluginOptions> = async (
  app,
  { auth, basicAuthPrefixes = [] },
) => {
  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (request) => {
    request.actor = null;
    const header = request.headers.authorization;
    if (header !== undefined && /^Basic\s/i.test(header)) {
      if (!basicAuthPrefixes.some((p) => request.url.startsWith(p))) {
        throw new DomainError(
          'NH_ERR_UNAUTHENTICATED',
          'the Authorization header must be "Bearer <token>"',
        );
      }
      const credentials = parseBasic(header);
      if (credentials === null) {
        throw new DomainError(
          'NH_ERR_UNAUTHENTICATED',
          'the Authorization header must be "Basic <base64 of user:password>"',
        );
      }
      request.actor = await auth.actorFromPassword({ ...credentials, remote: request.ip });
      return;
    }
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
      const token = match?.[1];
      if (token === undefined) {
        throw new DomainError(
          'NH_ERR_UNAUTHENTICATED',
          'the Authorization header must be "Bearer <token>"',
        );
      }
      const actor = token.startsWith(API_TOKEN_PREFIX)
        ? await auth.actorFromApiToken(token)
        : await auth.actorFromSession(token);
      if (actor === null) {
        throw new DomainError('NH_ERR_UNAUTHENTICATED', 'the token is unknown, expired or revoked');
      }
      request.actor = actor;
      return;
    }
    const session = request.cookies[SESSION_COOKIE];
    // A stale cookie leaves the request anonymous: routes that need an actor answer 401.
    if (session) request.actor = await auth.actorFromSession(session);
  });
};

/** User name and password of an RFC 7617 `Basic` header, or null when malformed. */
export function parseBasic(header: string): { username: string; password: string } | null {
  const match = /^Basic\s+([A-Za-z0-9+/]+={0,2})\s*$/i.exec(header);
  if (!match?.[1]) return null;
  const text = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon <= 0) return null;
  return { username: text.slice(0, colon), password: text.slice(colon + 1) };
}

/**
 * Resolves `request.actor` for every request of the app from `Authorization: Bearer <token>`
 * (an API token, or a session token), `Authorization: Basic` under `basicAuthPrefixes`, or the
 * `nh_session` cookie. A Bearer token that is not
 * valid is refused with 401 rather than treated as anonymous.
 */
export const authPlugin = fp(authPluginImpl, { name: 'nohaven-auth', fastify: '5.x' });
