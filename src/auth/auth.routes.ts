import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor, SESSION_COOKIE } from './auth.plugin.js';
import {
  CreatedTokenSchema,
  CreateOrganizationBody,
  CreateTokenBody,
  CreateUserBody,
  LoginBody,
  MeSchema,
  OrganizationSchema,
  TokenParams,
  TokenSchema,
  UserSchema,
} from './auth.schema.js';
import { SESSION_HOURS } from './auth.sessions.js';
import type { AuthService } from './auth.types.js';

const NoContent = Type.Null({ description: 'No content' });

/**
 * Whether the session cookie gets `Secure`: when this request came over TLS, or when the node's
 * public base URL is https (TLS ends at a reverse proxy in front of the node).
 */
function isSecure(request: FastifyRequest, httpsBaseUrl: boolean): boolean {
  return httpsBaseUrl || request.protocol === 'https';
}

/** Sets the session cookie: HttpOnly, SameSite=Strict, Secure over https, as long-lived as the session. */
function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  token: string,
  httpsBaseUrl: boolean,
): void {
  void reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    path: '/',
    secure: isSecure(request, httpsBaseUrl),
    maxAge: SESSION_HOURS * 3600,
  });
}

/**
 * Sign-in, the signed-in user, API tokens, users and organisations (prefix `/api/v1`).
 * Authorisation is decided by the auth service; routes only require a signed-in actor.
 */
export const authRoutes: FastifyPluginAsync<{ auth: AuthService; httpsBaseUrl: boolean }> = async (
  fastify,
  { auth, httpsBaseUrl },
) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.post('/auth/login', {
    schema: {
      tags: ['auth'],
      summary: 'Sign in with a user name and password; sets the session cookie',
      security: [],
      body: LoginBody,
      response: { 200: Type.Object({ user: MeSchema }) },
    },
    handler: async (request, reply) => {
      const result = await auth.signIn({ ...request.body, remote: request.ip });
      setSessionCookie(request, reply, result.sessionToken, httpsBaseUrl);
      return { user: result.user };
    },
  });

  app.post('/auth/logout', {
    schema: {
      tags: ['auth'],
      summary: 'End the session and clear its cookie',
      response: { 204: NoContent },
    },
    handler: async (request, reply) => {
      const session = request.cookies[SESSION_COOKIE];
      if (session) await auth.signOut(session);
      void reply.clearCookie(SESSION_COOKIE, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: isSecure(request, httpsBaseUrl),
      });
      return reply.status(204).send(null);
    },
  });

  app.get('/auth/me', {
    schema: {
      tags: ['auth'],
      summary: 'The signed-in user and their organisation',
      response: { 200: Type.Object({ user: MeSchema }) },
    },
    handler: async (request) => ({ user: await auth.me(requireActor(request)) }),
  });

  app.get('/tokens', {
    schema: {
      tags: ['tokens'],
      summary: 'Your API tokens (never their secrets)',
      response: { 200: Type.Object({ tokens: Type.Array(TokenSchema) }) },
    },
    handler: async (request) => ({ tokens: await auth.listTokens(requireActor(request)) }),
  });

  app.post('/tokens', {
    schema: {
      tags: ['tokens'],
      summary: 'Create an API token; the secret is shown once, in this response',
      body: CreateTokenBody,
      response: { 201: CreatedTokenSchema },
    },
    handler: async (request, reply) => {
      const created = await auth.createToken(requireActor(request), request.body);
      return reply.status(201).send(created);
    },
  });

  app.delete('/tokens/:id', {
    schema: {
      tags: ['tokens'],
      summary: 'Revoke an API token',
      params: TokenParams,
      response: { 204: NoContent },
    },
    handler: async (request, reply) => {
      await auth.revokeToken(requireActor(request), request.params.id);
      return reply.status(204).send(null);
    },
  });

  app.get('/users', {
    schema: {
      tags: ['users'],
      summary: 'The users of this node (admin, oversight)',
      response: { 200: Type.Object({ users: Type.Array(UserSchema) }) },
    },
    handler: async (request) => ({ users: await auth.listUsers(requireActor(request)) }),
  });

  app.post('/users', {
    schema: {
      tags: ['users'],
      summary: 'Create a user (admin)',
      body: CreateUserBody,
      response: { 201: Type.Object({ user: UserSchema }) },
    },
    handler: async (request, reply) => {
      const user = await auth.createUser(requireActor(request), request.body);
      return reply.status(201).send({ user });
    },
  });

  app.get('/organizations', {
    schema: {
      tags: ['organizations'],
      summary: 'The organisations known to this node',
      response: { 200: Type.Object({ organizations: Type.Array(OrganizationSchema) }) },
    },
    handler: async (request) => ({
      organizations: await auth.listOrganizations(requireActor(request)),
    }),
  });

  app.post('/organizations', {
    schema: {
      tags: ['organizations'],
      summary: 'Register an organisation (admin)',
      body: CreateOrganizationBody,
      response: { 201: Type.Object({ organization: OrganizationSchema }) },
    },
    handler: async (request, reply) => {
      const organization = await auth.createOrganization(requireActor(request), request.body);
      return reply.status(201).send({ organization });
    },
  });
};
