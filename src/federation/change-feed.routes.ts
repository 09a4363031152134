import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor } from '../auth/auth.plugin.js';
import { ErrorSchema } from '../objects/object.schema.js';
import { OneLine } from '../platform/http/schema-types.js';
import type { ChangeFeed } from './change-feed.service.js';
import type { AuthenticatePeer } from './change-feed.types.js';
import { MAX_BATCH_BYTES, PULL_MAX_LIMIT, PUSH_MAX_ITEMS } from './feed-batch.js';
import { MAX_ITEM_BYTES } from './feed-item.js';

const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema };

/** Items travel as signed data; their members are checked one by one by the applier. */
const ItemSchema = Type.Unknown({ description: 'A signed change item (see `ChangeItem`).' });

const ApplyOutcomeSchema = Type.Object({
  applied: Type.Integer(),
  duplicates: Type.Integer(),
  refused: Type.Array(
    Type.Object({ id: Type.Union([Type.String(), Type.Null()]), reason: Type.String() }),
  ),
  receipts: Type.Array(
    Type.Object({
      itemId: Type.String(),
      objectId: Type.String(),
      nodeId: Type.String(),
      deletedAt: Type.String(),
      signature: Type.String(),
    }),
  ),
});

const ObjectFederationSchema = Type.Object({
  object_id: Type.String(),
  peers: Type.Array(
    Type.Object({
      node_id: Type.String(),
      name: Type.Union([Type.String(), Type.Null()]),
      state: Type.Union([
        Type.Literal('holds'),
        Type.Literal('withdrawn'),
        Type.Literal('confirmed'),
      ]),
      sent_at: Type.String(),
      withdrawn_at: Type.Union([Type.String(), Type.Null()]),
      confirmed_at: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
});

/**
 * The change feed between nodes (issue 6 §3–5): `/federation/v1/changes` (pull and push,
 * signed node-to-node requests of an active peer), `/federation/v1/receipts` (withdrawal
 * receipts), and `/api/v1/objects/{id}/federation` (admins: which peers hold an object, were
 * withdrawn from it, confirmed).
 */
export const changeFeedPeerRoutes: FastifyPluginAsyncTypebox<{
  feed: ChangeFeed;
  authenticatePeer: AuthenticatePeer;
  /** Path the routes hang from: `/federation/v1`, or '' inside the signed `/federation/v1` scope. */
  base?: string;
}> = async (app, { feed, authenticatePeer, base = '/federation/v1' }) => {
  app.get(
    `${base}/changes`,
    {
      schema: {
        tags: ['federation'],
        summary:
          'Items of this node’s change feed after a cursor, as the calling peer may receive them',
        description:
          `Signed node-to-node request. At most \`limit\` (≤ ${PULL_MAX_LIMIT}) items and about ` +
          `${MAX_BATCH_BYTES} bytes; \`next\` is the cursor to ask after next, \`more\` whether ` +
          'items are left.',
        querystring: Type.Object(
          {
            after: Type.Integer({ minimum: 0 }),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: PULL_MAX_LIMIT })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(ItemSchema),
            next: Type.Integer(),
            more: Type.Boolean(),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const peer = await authenticatePeer(request);
      return feed.serve(peer, request.query.after, request.query.limit ?? PULL_MAX_LIMIT);
    },
  );

  app.post(
    `${base}/changes`,
    {
      bodyLimit: (PUSH_MAX_ITEMS + 1) * MAX_ITEM_BYTES,
      schema: {
        tags: ['federation'],
        summary: 'Push a batch of change items to this node',
        description:
          `Signed node-to-node request. At most ${PUSH_MAX_ITEMS} items; \`next\` is the sender’s ` +
          'cursor after the batch. Each item is verified against its origin’s key and applied ' +
          'once; refused items are listed with their reason.',
        body: Type.Object(
          {
            items: Type.Array(Type.Unknown(), { maxItems: PUSH_MAX_ITEMS }),
            next: Type.Optional(Type.Integer({ minimum: 0 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: ApplyOutcomeSchema, ...errors },
      },
    },
    async (request) => {
      const peer = await authenticatePeer(request);
      const outcome = await feed.receive(peer, request.body.items, request.body.next ?? null);
      return { ...outcome, refused: [...outcome.refused], receipts: [...outcome.receipts] };
    },
  );

  app.post(
    `${base}/receipts`,
    {
      schema: {
        tags: ['federation'],
        summary: 'Signed receipts of withdrawals the calling peer applied',
        body: Type.Object(
          { receipts: Type.Array(Type.Unknown(), { maxItems: PULL_MAX_LIMIT }) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ confirmed: Type.Integer() }), ...errors },
      },
    },
    async (request) => {
      const peer = await authenticatePeer(request);
      return { confirmed: await feed.withdrawals.acceptReceipts(peer, request.body.receipts) };
    },
  );
};

/** `GET /api/v1/objects/{id}/federation` (admin): which peers hold, were withdrawn from, confirmed. */
export const changeFeedAdminRoutes: FastifyPluginAsyncTypebox<{ feed: ChangeFeed }> = async (
  app,
  { feed },
) => {
  app.get(
    '/api/v1/objects/:id/federation',
    {
      schema: {
        tags: ['federation'],
        summary: 'Peers that hold an object, were withdrawn from it and confirmed (admin)',
        params: Type.Object({ id: OneLine(1, 200) }),
        response: { 200: ObjectFederationSchema, ...errors },
      },
    },
    async (request) => {
      const view = await feed.withdrawals.objectFederation(
        requireActor(request),
        request.params.id,
      );
      return {
        object_id: view.objectId,
        peers: view.peers.map((p) => ({
          node_id: p.nodeId,
          name: p.name,
          state: p.state,
          sent_at: p.sentAt,
          withdrawn_at: p.withdrawnAt,
          confirmed_at: p.confirmedAt,
        })),
      };
    },
  );
};

/** Both, as a node without the signed peering scope registers them (the feed's own tests). */
export const changeFeedRoutes: FastifyPluginAsyncTypebox<{
  feed: ChangeFeed;
  authenticatePeer: AuthenticatePeer;
}> = async (app, options) => {
  await app.register(changeFeedPeerRoutes, options);
  await app.register(changeFeedAdminRoutes, { feed: options.feed });
};
