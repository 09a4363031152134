import { get, type IncomingHttpHeaders } from 'node:http';

/** One Server-Sent Event as a client assembles it (HTML Living Standard §9.2.6). */
export interface SseEvent {
  readonly id: string | null;
  readonly event: string;
  readonly data: string;
}

/** A streaming HTTP connection to an SSE endpoint, parsed as the bytes arrive. */
export interface SseConnection {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  /** The body when the answer is not a stream (an error). */
  readonly body: () => string;
  readonly events: SseEvent[];
  readonly comments: string[];
  /** Resolves when the server ends the response. */
  readonly ended: Promise<void>;
  /** Resolves once `done` holds over what has arrived; rejects after `timeoutMs` or on end. */
  until(done: (c: SseConnection) => boolean, timeoutMs?: number): Promise<void>;
  close(): void;
}

/** Opens `url` (on 127.0.0.1) with `headers` and parses the response as an event stream. */
export function openSse(url: string, headers: Record<string, string> = {}): Promise<SseConnection> {
  return new Promise((resolve, reject) => {
    const req = get(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      res.setEncoding('utf8');
      let raw = '';
      let buffer = '';
      let fields: { id: string | null; event: string; data: string[] } = fresh();
      const waiters = new Set<() => void>();
      let isEnded = false;
      const notify = () => {
        for (const w of [...waiters]) w();
      };
      const conn: SseConnection = {
        status: res.statusCode ?? 0,
        headers: res.headers,
        body: () => raw,
        events: [],
        comments: [],
        ended: new Promise<void>((done) =>
          res.on('close', () => {
            isEnded = true;
            notify();
            done();
          }),
        ),
        until(done, timeoutMs = 15_000) {
          return new Promise<void>((ok, fail) => {
            const check = () => {
              if (done(conn)) {
                cleanup();
                ok();
              } else if (isEnded) {
                cleanup();
                fail(new Error(`stream ended first; got ${JSON.stringify(conn.events)}`));
              }
            };
            const timer = setTimeout(() => {
              cleanup();
              fail(new Error(`timed out; got ${conn.events.length} events`));
            }, timeoutMs);
            const cleanup = () => {
              clearTimeout(timer);
              waiters.delete(check);
            };
            waiters.add(check);
            check();
          });
        },
        close: () => req.destroy(),
      };
      res.on('data', (chunk: string) => {
        raw += chunk;
        buffer += chunk;
        let nl: number;
        while ((nl = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, nl).replace(/\r$/, '');
          buffer = buffer.slice(nl + 1);
          if (line === '') {
            if (fields.data.length > 0)
              conn.events.push({
                id: fields.id,
                event: fields.event,
                data: fields.data.join('\n'),
              });
            fields = fresh();
          } else if (line.startsWith(':')) {
            conn.comments.push(line.slice(1).trim());
          } else {
            const colon = line.indexOf(':');
            const name = colon < 0 ? line : line.slice(0, colon);
            const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
            if (name === 'id') fields.id = value;
            else if (name === 'event') fields.event = value;
            else if (name === 'data') fields.data.push(value);
          }
        }
        notify();
      });
      resolve(conn);
    });
    req.on('error', (err) => {
      // A connection this client destroyed on purpose is not an error.
      if (!req.destroyed || !/aborted|socket hang up/i.test(err.message)) reject(err);
    });
  });
}

function fresh() {
  return { id: null as string | null, event: 'message', data: [] as string[] };
}

/** The ids of the STIX objects received as `object` events, in order. */
export function objectIds(c: SseConnection): string[] {
  return c.events
    .filter((e) => e.event === 'object')
    .map((e) => (JSON.parse(e.data) as { id: string }).id);
}
