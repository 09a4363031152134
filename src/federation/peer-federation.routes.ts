import type { FastifyPluginAsync } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ErrorSchema } from '../objects/object.schema.js';
import { DomainError } from '../platform/errors.js';
import type { Clock } from '../platform/ports.js';
import type { NodeIdentityService } from './node-identity.js';
import { parseHostedOrganizations } from './peer-hello.js';
import type { PeerService } from './peer.service.js';
import { signedRequestPlugin } from './signed-request.hook.js';
import {
  DescriptorSchema,
  HostedOrganizationSchema,
  descriptorJson,
  organizationsJson,
} from './peer.schema.js';

export interface FederationRoutesOptions {
  readonly identity: NodeIdentityService;
  readonly peers: PeerService;
  readonly clock: Clock;
  readonly skewSeconds: number;
  /**
   * More node-to-node routes (the change feed's), registered inside this plugin so that their
   * requests are verified the same way and carry `request.federationSender`.
   */
  readonly routes?: readonly FastifyPluginAsync[];
}

const errors = { 400: ErrorSchema, 401: ErrorSchema, 409: ErrorSchema, 503: ErrorSchema };

/**
 * The node-to-node API under `/federation/v1` (issue 6 §1, §2): the node's descriptor, open to
 * anybody, the signed hello by which two nodes peer, and a signed ping for active peers. Every other route of this plugin is
 * a signed request (`signed-request.hook.ts`).
 */
export const federationRoutes: FastifyPluginAsyncTypebox<FederationRoutesOptions> = async (
  app,
  opts,
) => {
  const { identity, peers } = opts;
  const prefix = app.prefix;
  await app.register(signedRequestPlugin, {
    selfNodeId: async () => (await identity.current()).nodeId,
    find: (nodeId) => peers.find(nodeId),
    followRotation: (nodeId, d) => peers.followRotation(nodeId, d),
    recordRefusal: (nodeId) => peers.recordRefusal(nodeId),
    clock: opts.clock,
    skewSeconds: opts.skewSeconds,
    unsigned: [`${prefix}/descriptor`],
    helloUrl: `${prefix}/hello`,
  });

  app.get(
    '/descriptor',
    {
      schema: {
        tags: ['federation'],
        summary: 'This node’s signed descriptor (no authentication)',
        description:
          'What an operator hands to a prospective peer: node id, name, organisation, sector, ' +
          'country, base URL, Ed25519 public key, its fingerprint and the signed key history. ' +
          '503 until the node country is configured.',
        security: [],
        response: { 200: DescriptorSchema, 503: ErrorSchema },
      },
    },
    async (_request, reply) =>
      reply.type('application/json').send(descriptorJson((await identity.current()).descriptor())),
  );

  app.post(
    '/hello',
    {
      schema: {
        tags: ['federation'],
        summary: 'Signed hello of a node that peers, or asks to peer, with this one',
        description:
          'Signed node-to-node request (X-Nohaven-* headers). Accepted (and both nodes active) ' +
          'when an administrator here added the sender with the same key; otherwise the sender ' +
          'is recorded as `requested` and nothing flows until an administrator confirms it.',
        security: [],
        body: Type.Object({
          descriptor: Type.Unknown(),
          organizations: Type.Array(HostedOrganizationSchema, { maxItems: 10_000 }),
        }),
        response: {
          200: Type.Object({
            accepted: Type.Boolean(),
            organizations: Type.Optional(Type.Array(HostedOrganizationSchema)),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const sender = request.federationSender;
      if (sender === null) throw new DomainError('NH_ERR_UNAUTHENTICATED', 'unsigned hello');
      const answer = await peers.receiveHello({
        peer: sender.peer,
        descriptor: sender.descriptor,
        organizations: parseHostedOrganizations(request.body.organizations, '/organizations'),
      });
      return answer.accepted
        ? { accepted: true, organizations: organizationsJson(answer.organizations) }
        : { accepted: false };
    },
  );

  app.get(
    '/ping',
    {
      schema: {
        tags: ['federation'],
        summary: 'Signed probe of an active peer: this node answers with its id',
        description:
          'Signed node-to-node request; answered only to an active peer (401 naming the reason ' +
          'otherwise). Peers use it to check the link and their signatures.',
        security: [],
        response: {
          200: Type.Object({ nodeId: Type.String(), state: Type.Literal('active') }),
          ...errors,
        },
      },
    },
    async () => ({ nodeId: (await identity.current()).nodeId, state: 'active' as const }),
  );

  for (const routes of opts.routes ?? []) await app.register(routes);
};
