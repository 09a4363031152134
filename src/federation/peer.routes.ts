import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor, requireRole } from '../auth/auth.plugin.js';
import { ErrorSchema } from '../objects/object.schema.js';
import { OneLine } from '../platform/http/schema-types.js';
import type { NodeIdentityService } from './node-identity.js';
import type { PeerService } from './peer.service.js';
import {
  DescriptorSchema,
  descriptorJson,
  peerJson,
  PeerAddSchema,
  PeerPolicyInputSchema,
  PeerViewSchema,
} from './peer.schema.js';

const NodeIdParams = Type.Object({ nodeId: OneLine(1, 100) });
/** Why, for the audit chain (optional; no body needed). */
const ReasonQuery = Type.Object(
  { reason: Type.Optional(OneLine(1, 500, 'why, recorded in the audit chain')) },
  { additionalProperties: false },
);
const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema };

/**
 * Federation administration under `/api/v1` (admins; issue 6 §2, §7): this node's descriptor
 * and its peers — add (with the fingerprint confirmed out of band), suspend, resume, retry the
 * hello, remove, per-peer policy — with each peer's state and health.
 */
export const peerRoutes: FastifyPluginAsyncTypebox<{
  peers: PeerService;
  identity: NodeIdentityService;
}> = async (app, { peers, identity }) => {
  app.get(
    '/federation/node',
    {
      schema: {
        tags: ['federation'],
        summary: 'This node’s descriptor, as peers receive it (admin)',
        response: { 200: Type.Object({ descriptor: DescriptorSchema }), ...errors },
      },
    },
    async (request) => {
      requireRole(requireActor(request), 'admin');
      return { descriptor: descriptorJson((await identity.current()).descriptor()) };
    },
  );

  app.get(
    '/peers',
    {
      schema: {
        tags: ['federation'],
        summary: 'The peers of this node with their state and health (admin)',
        response: { 200: Type.Object({ peers: Type.Array(PeerViewSchema) }), ...errors },
      },
    },
    async (request) => ({ peers: (await peers.list(requireActor(request))).map(peerJson) }),
  );

  app.get(
    '/peers/:nodeId',
    {
      schema: {
        tags: ['federation'],
        summary: 'One peer (admin)',
        params: NodeIdParams,
        response: { 200: PeerViewSchema, ...errors },
      },
    },
    async (request) => peerJson(await peers.show(requireActor(request), request.params.nodeId)),
  );

  app.post(
    '/peers',
    {
      schema: {
        tags: ['federation'],
        summary: 'Add a peer whose fingerprint was confirmed out of band (admin)',
        description:
          'Give exactly one of `descriptor`, `descriptorUrl` (fetched by this node) or `nodeId` ' +
          '(a `requested` peer, whose descriptor came with its hello), and the fingerprint ' +
          'confirmed with the peer’s operator. This node then says hello to the peer: `active` ' +
          'when the peer had added this node too, else `awaiting-remote` (also when unreachable, ' +
          'with `health.lastError`).',
        body: PeerAddSchema,
        response: { 201: PeerViewSchema, 409: ErrorSchema, 503: ErrorSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(peerJson(await peers.add(requireActor(request), request.body))),
  );

  app.post(
    '/peers/:nodeId/suspend',
    {
      schema: {
        tags: ['federation'],
        summary: 'Suspend a peer: nothing flows either way until resumed (admin)',
        params: NodeIdParams,
        querystring: ReasonQuery,
        response: { 200: PeerViewSchema, 409: ErrorSchema, ...errors },
      },
    },
    async (request) =>
      peerJson(
        await peers.suspend(requireActor(request), request.params.nodeId, request.query.reason),
      ),
  );

  app.post(
    '/peers/:nodeId/resume',
    {
      schema: {
        tags: ['federation'],
        summary: 'Resume a suspended peer and say hello to it again (admin)',
        params: NodeIdParams,
        response: { 200: PeerViewSchema, 409: ErrorSchema, ...errors },
      },
    },
    async (request) => peerJson(await peers.resume(requireActor(request), request.params.nodeId)),
  );

  app.post(
    '/peers/:nodeId/retry',
    {
      schema: {
        tags: ['federation'],
        summary: 'Say hello again to an awaiting-remote peer (admin)',
        params: NodeIdParams,
        response: { 200: PeerViewSchema, 409: ErrorSchema, ...errors },
      },
    },
    async (request) => peerJson(await peers.retry(requireActor(request), request.params.nodeId)),
  );

  app.put(
    '/peers/:nodeId/policy',
    {
      schema: {
        tags: ['federation'],
        summary: 'Replace what may flow to a peer (admin)',
        params: NodeIdParams,
        body: PeerPolicyInputSchema,
        response: { 200: PeerViewSchema, ...errors },
      },
    },
    async (request) =>
      peerJson(await peers.setPolicy(requireActor(request), request.params.nodeId, request.body)),
  );

  app.delete(
    '/peers/:nodeId',
    {
      schema: {
        tags: ['federation'],
        summary: 'Remove a peer: nothing flows; its hello is refused until added again (admin)',
        params: NodeIdParams,
        querystring: ReasonQuery,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await peers.remove(requireActor(request), request.params.nodeId, request.query.reason);
      return reply.status(204).send(null);
    },
  );
};
