import type {
  FastifyPluginAsyncTypebox,
  TypeBoxTypeProvider,
} from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor } from '../auth/auth.plugin.js';
import { ErrorSchema, ObjectIdParams } from '../objects/object.schema.js';
import { DomainError } from '../platform/errors.js';
import type { ContactService } from './contact.service.js';
import type { Contact, ContactKind } from './contact.types.js';
import { explain } from './explain.js';
import type { ItemAction, ItemState } from './routed-item.types.js';
import type { QueueEntry, RoutingService } from './routing.service.js';
import {
  ContactBodySchema,
  ContactIdParams,
  ContactImportQuery,
  ContactImportSchema,
  ContactListQuery,
  ContactSchema,
  ItemParams,
  ObjectRoutingSchema,
  QueueQuery,
  RejectBody,
  RoutedItemSchema,
  RouteBody,
  RouteSummarySchema,
} from './routing.schema.js';

export function contactView(c: Contact) {
  return {
    id: c.id,
    kind: c.kind,
    name: c.name,
    network: c.network,
    asn: c.asn,
    domain: c.domain,
    country: c.country,
    sector: c.sector,
    languages: [...c.languages],
    channel: c.channel,
    address: c.address,
    notes: c.notes,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
  };
}

export function itemView({ item, finding }: QueueEntry) {
  return {
    id: item.id,
    object_id: item.objectId,
    object_type: item.objectType,
    finding,
    contact: {
      id: item.contactId,
      name: item.contactName,
      kind: item.contactKind,
      channel: item.channel,
      address: item.address,
    },
    recipient_organization_id: item.recipientOrgId,
    state: item.state,
    // The reasons quote the finding: withheld with it.
    reasons:
      finding === null
        ? []
        : item.reasons.map((r) => ({ ...r, params: { ...r.params }, text: explain(r) })),
    routed_at: item.routedAt,
    acknowledged: item.acknowledged,
    actioned: item.actioned,
    rejected: item.rejected,
  };
}

const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema };

/**
 * REST routes of routing to responsibility (issue 5, item 4), under `/api/v1`: the contact
 * directory (`/contacts`), the routed queue (`/routing/queue`) and a finding's routing
 * (`/objects/{id}/routing`).
 */
export const routingRoutes: FastifyPluginAsyncTypebox<{
  contacts: ContactService;
  routing: RoutingService;
  maxBytes: number;
}> = async (app, { contacts, routing, maxBytes }) => {
  app.get(
    '/contacts',
    {
      schema: {
        tags: ['routing'],
        summary: 'List the contact directory (every member)',
        querystring: ContactListQuery,
        response: { 200: Type.Object({ contacts: Type.Array(ContactSchema) }), ...errors },
      },
    },
    async (request) => {
      const q = request.query;
      const list = await contacts.list(requireActor(request), {
        ...(q.kind !== undefined ? { kind: q.kind as ContactKind } : {}),
        ...(q.country !== undefined ? { country: q.country.toUpperCase() } : {}),
        ...(q.sector !== undefined ? { sector: q.sector.toLowerCase() } : {}),
        ...(q.q !== undefined ? { text: q.q } : {}),
      });
      return { contacts: list.map(contactView) };
    },
  );

  app.get(
    '/contacts/:id',
    {
      schema: {
        tags: ['routing'],
        summary: 'One contact of the directory',
        params: ContactIdParams,
        response: { 200: ContactSchema, ...errors },
      },
    },
    async (request) => contactView(await contacts.get(requireActor(request), request.params.id)),
  );

  app.post(
    '/contacts',
    {
      schema: {
        tags: ['routing'],
        summary: 'Add a contact to the directory (admin, analyst)',
        body: ContactBodySchema,
        response: { 201: ContactSchema, ...errors },
      },
    },
    async (request, reply) => {
      const c = await contacts.create(requireActor(request), request.body);
      return reply.status(201).send(contactView(c));
    },
  );

  app.put(
    '/contacts/:id',
    {
      schema: {
        tags: ['routing'],
        summary: 'Replace a contact of the directory (admin, analyst)',
        params: ContactIdParams,
        body: ContactBodySchema,
        response: { 200: ContactSchema, ...errors },
      },
    },
    async (request) =>
      contactView(await contacts.update(requireActor(request), request.params.id, request.body)),
  );

  app.delete(
    '/contacts/:id',
    {
      schema: {
        tags: ['routing'],
        summary: 'Remove a contact; items already routed to it stay (admin, analyst)',
        params: ContactIdParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await contacts.remove(requireActor(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  // The import's body is the file, whatever its content type.
  await app.register(async (plain) => {
    const sub = plain.withTypeProvider<TypeBoxTypeProvider>();
    sub.removeAllContentTypeParsers();
    sub.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: maxBytes }, (_r, body, done) =>
      done(null, body),
    );
    sub.post(
      '/contacts/import',
      {
        schema: {
          tags: ['routing'],
          summary: 'Import contacts from a CSV or JSON file (admin, analyst)',
          description:
            'The body is the file. Malformed records are skipped and listed by line and field; ' +
            'the valid ones are stored in one transaction. CSV columns: ' +
            'kind,name,network,asn,domain,country,sector,languages,channel,address,notes.',
          querystring: ContactImportQuery,
          response: { 200: ContactImportSchema, 413: ErrorSchema, ...errors },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        const body = request.body as Buffer | undefined;
        let text: string;
        try {
          text = new TextDecoder('utf-8', { fatal: true }).decode(body ?? new Uint8Array());
        } catch {
          throw new DomainError('NH_ERR_VALIDATION', 'the file is not UTF-8 text', [
            { path: 'body', message: 'not UTF-8' },
          ]);
        }
        const r = await contacts.import(actor, text, {
          ...(request.query.format !== undefined ? { format: request.query.format } : {}),
          replace: request.query.replace === true,
        });
        return { ...r, problems: [...r.problems] };
      },
    );
  });

  app.get(
    '/routing/queue',
    {
      schema: {
        tags: ['routing'],
        summary: "Routed items of your organisation's queue (scope=all: every item, admin/analyst)",
        querystring: QueueQuery,
        response: { 200: Type.Object({ items: Type.Array(RoutedItemSchema) }), ...errors },
      },
    },
    async (request) => {
      const q = request.query;
      const entries = await routing.queue(requireActor(request), {
        all: q.scope === 'all',
        ...(q.state !== undefined ? { state: q.state as ItemState } : {}),
        ...(q.limit !== undefined ? { limit: q.limit } : {}),
        ...(q.offset !== undefined ? { offset: q.offset } : {}),
      });
      return { items: entries.map(itemView) };
    },
  );

  for (const action of ['acknowledge', 'action', 'reject'] as const satisfies ItemAction[]) {
    app.post(
      `/routing/queue/:id/${action}`,
      {
        schema: {
          tags: ['routing'],
          summary:
            action === 'reject'
              ? 'Reject a routed item, with a reason'
              : `Mark a routed item ${action === 'acknowledge' ? 'acknowledged' : 'actioned'}`,
          params: ItemParams,
          ...(action === 'reject' ? { body: RejectBody } : {}),
          response: { 200: RoutedItemSchema, 409: ErrorSchema, ...errors },
        },
      },
      async (request) => {
        const reason = (request.body as { reason?: string } | undefined)?.reason;
        return itemView(
          await routing.act(requireActor(request), request.params.id, action, reason),
        );
      },
    );
  }

  app.post(
    '/routing/route',
    {
      schema: {
        tags: ['routing'],
        summary: 'Route findings by hand, naming the victim’s country and sector (admin, analyst)',
        description:
          'Findings are routed automatically when they arrive through an import; this routes ' +
          'objects you may read again, adding the recipients the victim brings (its country’s ' +
          '24/7 point of contact, its sector’s CERT).',
        body: RouteBody,
        response: { 200: RouteSummarySchema, ...errors },
      },
    },
    async (request) => {
      const v = request.body.victim ?? {};
      return routing.routeByHand(requireActor(request), request.body.object_ids, {
        ...(v.country !== undefined ? { country: v.country.toUpperCase() } : {}),
        ...(v.sector !== undefined ? { sector: v.sector } : {}),
      });
    },
  );

  app.get(
    '/objects/:id/routing',
    {
      schema: {
        tags: ['routing'],
        summary: 'Who a finding was routed to, and why (when you may read it)',
        params: ObjectIdParams,
        response: { 200: ObjectRoutingSchema, ...errors },
      },
    },
    async (request) => {
      const r = await routing.forObject(requireActor(request), request.params.id);
      return {
        items: r.items.map(itemView),
        notes: r.notes.map((n) => ({ ...n, params: { ...n.params }, text: explain(n) })),
      };
    },
  );
};
