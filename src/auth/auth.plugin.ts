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

const authPluginImpl: FastifyPluginAsync<{ auth: AuthService }> = async (app, { auth }) => {
  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (request) => {
    request.actor = null;
    const header = request.headers.authorization;
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

/**
 * Resolves `request.actor` for every request of the app from `Authorization: Bearer <token>`
 * (an API token, or a session token) or the `nh_session` cookie. A Bearer token that is not
 * valid is refused with 401 rather than treated as anonymous.
 */
export const authPlugin = fp(authPluginImpl, { name: 'nohaven-auth', fastify: '5.x' });
