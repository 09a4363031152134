import type { ServerResponse } from 'node:http';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireActor } from '../auth/auth.plugin.js';
import { ErrorSchema } from '../objects/object.schema.js';
import { DomainError } from '../platform/errors.js';
import type { StreamMessage, StreamService, StreamSubscription } from './stream.service.js';

export interface StreamRoutesOptions {
  readonly stream: StreamService;
  /** Interval of the `: heartbeat` comment that keeps proxies from closing an idle stream. */
  readonly heartbeatMs?: number;
  /** Most live objects queued for one subscriber before it is disconnected with `overflow`. */
  readonly queueLimit?: number;
}

export const DEFAULT_HEARTBEAT_MS = 15_000;
export const DEFAULT_QUEUE_LIMIT = 10_000;

const SEQ = /^[0-9]{1,15}$/;

const StreamQuery = Type.Object(
  {
    since: Type.Optional(
      Type.String({
        pattern: SEQ.source,
        description: 'Resume after this event id (as `Last-Event-ID`, which takes precedence).',
      }),
    ),
    types: Type.Optional(
      Type.String({
        pattern: '^[a-z0-9-]+(,[a-z0-9-]+)*$',
        description: 'Comma-separated STIX types, e.g. `indicator,observed-data`.',
      }),
    ),
  },
  { additionalProperties: false },
);

/**
 * `GET /api/v1/stream`: the live stream as Server-Sent Events (HTML Living Standard §9.2).
 * Each object the actor may read is one event: `id:` its `seq` (the resume cursor),
 * `event: object`, `data:` the STIX object. A client that resumes (`Last-Event-ID` or
 * `?since=`) first gets the latest version of everything stored after that id, then live
 * events, without gaps or repeats. `: heartbeat` comments come every 15 s. A subscriber that
 * cannot keep up receives `event: overflow` and is disconnected; it reconnects with
 * `Last-Event-ID`.
 */
export const streamRoutes: FastifyPluginAsyncTypebox<StreamRoutesOptions> = async (app, opts) => {
  const heartbeatMs = opts.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
  const queueLimit = opts.queueLimit ?? DEFAULT_QUEUE_LIMIT;
  const open = new Set<StreamSubscription>();
  // Before the server waits for its connections to end: end every stream first.
  app.addHook('preClose', async () => {
    await Promise.all([...open].map((s) => s.close()));
  });

  app.get(
    '/stream',
    {
      schema: {
        tags: ['stream'],
        summary: 'Live stream of new objects (Server-Sent Events)',
        description:
          'A `text/event-stream` of the STIX objects stored from now on that the actor may read (the same ' +
          'read policy as REST; a break-glass window does not extend it). Each event: `id: <seq>`, `event: ' +
          'object`, `data: <STIX object JSON>`. Resume with the `Last-Event-ID` header or `since`: everything ' +
          'stored after that id (latest versions, in order) comes first. `event: overflow` ends the stream ' +
          'of a subscriber that does not keep up; reconnect with `Last-Event-ID`. `event: routed` (no id, ' +
          'not replayed on resume): an item routed into the queue of the actor’s organisation, whose ' +
          'finding the actor may read — `{ id, object_id, object_type, contact, reasons, state, routed_at }`. ' +
          '`event: alert` (no id): an outbreak alert that concerns the actor’s organisation (it reported, is ' +
          'located in, or is the 24/7 point of contact or CERT of an affected country) — `{ change, alert: ' +
          '<STIX note> }`. `event: peer-unreachable` (no id, administrators only): a federation peer ' +
          'unreachable longer than the configured time — `{ nodeId, name, since, lastError }`. Reads of non-public ' +
          'objects are audited in batches.',
        querystring: StreamQuery,
        headers: Type.Object({
          'last-event-id': Type.Optional(
            Type.String({ description: 'Id of the last event received' }),
          ),
        }),
        response: {
          200: {
            description: 'The event stream',
            content: { 'text/event-stream': { schema: Type.String() } },
          },
          400: ErrorSchema,
          401: ErrorSchema,
        },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const header = request.headers['last-event-id'];
      const since = header !== undefined ? parseLastEventId(header) : request.query.since;
      const subscription = await opts.stream.open(actor, {
        since: since === undefined ? null : Number(since),
        types: request.query.types ? [...new Set(request.query.types.split(','))] : null,
        queueLimit,
      });
      open.add(subscription);
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        'x-accel-buffering': 'no',
      });
      res.write(': nohaven live stream\n\n');
      const heartbeat = setInterval(() => {
        res.write(': heartbeat\n\n');
        void subscription.flushAudit().catch(() => undefined);
      }, heartbeatMs);
      res.on('close', () => void subscription.close().catch(() => undefined));
      try {
        for await (const m of subscription) {
          if (res.destroyed) break;
          if (!res.write(frame(m))) await drained(res);
        }
      } catch (err) {
        request.log.error({ err }, 'live stream ended by an error');
      } finally {
        clearInterval(heartbeat);
        open.delete(subscription);
        await subscription.close().catch(() => undefined);
        res.end();
      }
    },
  );
};

/** The SSE frame of a message; multi-line data would be one `data:` line per line. */
function frame(m: StreamMessage): string {
  if (m.kind === 'overflow')
    return 'event: overflow\ndata: {"reason":"the subscriber did not keep up; reconnect with Last-Event-ID"}\n\n';
  // No `id:`: a routed item is not a resume point of the object stream.
  if (m.kind === 'routed') return `event: routed\ndata: ${m.content}\n\n`;
  if (m.kind === 'deadline') return `event: deadline\ndata: ${m.content}\n\n`;
  // No `id:` either: the alert's note also comes as an `object` event, which carries its seq.
  if (m.kind === 'alert') return `event: alert\ndata: ${m.content}\n\n`;
  if (m.kind === 'audit-alert') return `event: audit-alert\ndata: ${m.content}\n\n`;
  if (m.kind === 'peer-unreachable') return `event: peer-unreachable\ndata: ${m.content}\n\n`;
  const data = m.content
    .split('\n')
    .map((line) => `data: ${line}\n`)
    .join('');
  return `id: ${m.seq}\nevent: object\n${data}\n`;
}

function parseLastEventId(value: string): string {
  const v = value.trim();
  if (!SEQ.test(v))
    throw new DomainError('NH_ERR_VALIDATION', `Last-Event-ID "${value}" is not an event id`, [
      { path: 'Last-Event-ID', message: 'must be the id of an event of this stream (digits)' },
    ]);
  return v;
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
