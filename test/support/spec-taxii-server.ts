import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A minimal, in-memory TAXII 2.1 server written from the specification text (OASIS TAXII
 * Version 2.1, Committee Specification 01), not from nohaven's server: an independent party
 * for the client's tests. It serves discovery (§4.1), one API root (§4.2), collections
 * (§5.1, §5.2), get objects with `added_after` / `limit` / `next` paging and the
 * `X-TAXII-Date-Added-First/Last` headers (§3.3.1, §3.4, §5.3), add objects answering 202 with
 * a status resource that completes after some polls (§4.3, §5.4), and error message resources
 * (§3.6.1). Listens on 127.0.0.1 only.
 */

const TAXII = 'application/taxii+json;version=2.1';

export interface SpecServerOptions {
  /** HTTP Basic user and password accepted; absent: no Basic. */
  readonly basic?: { user: string; password: string };
  /** Bearer token accepted. */
  readonly token?: string;
  readonly maxContentLength: number;
  /** Largest page the server returns, whatever `limit` asks (§3.4: servers may cap it). */
  readonly pageSize: number;
  /** Status polls answered `pending` before the status becomes `complete`. */
  readonly pendingPolls: number;
  /** Objects whose id is here are refused in the status (`failures`). */
  readonly refuseIds?: ReadonlySet<string>;
}

interface Stored {
  readonly object: Record<string, unknown>;
  readonly dateAdded: string;
}

interface StatusRecord {
  polls: number;
  readonly total: number;
  readonly successes: { id: string; version: string }[];
  readonly failures: { id: string; version: string; message: string }[];
  readonly requestTimestamp: string;
}

export interface SpecServer {
  /** Discovery URL, e.g. `http://127.0.0.1:1234/taxii2/`. */
  readonly url: string;
  readonly apiRoot: string;
  readonly collectionId: string;
  /** Requests received, as `METHOD path?query`. */
  readonly requests: string[];
  /** Sizes of the add-objects request bodies received. */
  readonly postSizes: number[];
  /** Objects stored (in date_added order). */
  stored(): readonly Stored[];
  /** Stores objects directly, each with its own later date_added. */
  seed(objects: readonly Record<string, unknown>[]): void;
  /** When set, the objects endpoint answers this raw body (malformed JSON tests). */
  brokenBody: string | null;
  close(): Promise<void>;
}

export async function startSpecServer(options: SpecServerOptions): Promise<SpecServer> {
  const collectionId = '91a7b528-80eb-42ed-a74d-c6fbd5a26116';
  const objects: Stored[] = [];
  const statuses = new Map<string, StatusRecord>();
  /** `next` tokens: opaque to clients, here an index into `objects` plus the filter. */
  const pages = new Map<string, { index: number; addedAfter?: string }>();
  let clock = Date.parse('2026-02-01T00:00:00.000Z');
  let tokens = 0;
  const requests: string[] = [];
  const postSizes: number[] = [];
  const nextDate = (): string => new Date((clock += 1000)).toISOString();

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: Error) => fail(res, 500, 'Internal error', err.message));
  });

  function fail(res: ServerResponse, status: number, title: string, description: string): void {
    res.writeHead(status, { 'content-type': TAXII });
    res.end(JSON.stringify({ title, description, http_status: String(status) }));
  }

  function ok(res: ServerResponse, status: number, body: unknown, headers = {}): void {
    res.writeHead(status, { 'content-type': TAXII, ...headers });
    res.end(JSON.stringify(body));
  }

  function authorized(req: IncomingMessage): boolean {
    const h = req.headers.authorization ?? '';
    if (options.token !== undefined && h === `Bearer ${options.token}`) return true;
    if (options.basic !== undefined) {
      const expected = Buffer.from(`${options.basic.user}:${options.basic.password}`).toString(
        'base64',
      );
      if (h === `Basic ${expected}`) return true;
    }
    return false;
  }

  function statusResource(id: string, s: StatusRecord): Record<string, unknown> {
    const complete = s.polls >= options.pendingPolls;
    const pendings = complete ? [] : s.successes.map((x) => ({ id: x.id, version: x.version }));
    return {
      id,
      status: complete ? 'complete' : 'pending',
      request_timestamp: s.requestTimestamp,
      total_count: s.total,
      success_count: complete ? s.successes.length : 0,
      successes: complete ? s.successes : [],
      failure_count: s.failures.length,
      failures: s.failures,
      pending_count: pendings.length,
      pendings,
    };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const u = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(`${req.method} ${u.pathname}${u.search}`);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    // §1.6.8: clients accept the TAXII media type.
    if (!(req.headers.accept ?? '').includes('application/taxii+json'))
      return fail(res, 406, 'Not Acceptable', 'Accept must include application/taxii+json');
    if (!authorized(req)) {
      res.setHeader('www-authenticate', 'Basic realm="spec"');
      return fail(res, 401, 'Unauthorized', 'credentials are missing or wrong');
    }
    const path = u.pathname;
    if (req.method === 'GET' && path === '/taxii2/')
      return ok(res, 200, {
        title: 'Spec-written TAXII server',
        default: `http://127.0.0.1:${port}/api1/`,
        api_roots: [`http://127.0.0.1:${port}/api1/`],
      });
    if (req.method === 'GET' && path === '/api1/')
      return ok(res, 200, {
        title: 'API root one',
        versions: [TAXII],
        max_content_length: options.maxContentLength,
      });
    if (req.method === 'GET' && path === '/api1/collections/')
      return ok(res, 200, {
        collections: [
          {
            id: collectionId,
            title: 'Shared',
            can_read: true,
            can_write: true,
            media_types: ['application/stix+json;version=2.1'],
          },
        ],
      });
    const status = /^\/api1\/status\/([^/]+)\/$/.exec(path);
    if (req.method === 'GET' && status) {
      const s = statuses.get(status[1]!);
      if (!s) return fail(res, 404, 'Not Found', `no status ${status[1]}`);
      s.polls++;
      return ok(res, 200, statusResource(status[1]!, s));
    }
    const coll = /^\/api1\/collections\/([^/]+)\/objects\/$/.exec(path);
    if (!coll) return fail(res, 404, 'Not Found', `nothing at ${path}`);
    if (coll[1] !== collectionId) return fail(res, 404, 'Not Found', `no collection ${coll[1]}`);
    if (req.method === 'GET') return getObjects(u, res);
    if (req.method === 'POST') return addObjects(req, body, res);
    return fail(res, 405, 'Method Not Allowed', `${req.method} ${path}`);
  }

  function getObjects(u: URL, res: ServerResponse): void {
    if (server_.brokenBody !== null) {
      res.writeHead(200, { 'content-type': TAXII });
      res.end(server_.brokenBody);
      return;
    }
    const next = u.searchParams.get('next');
    const addedAfter = u.searchParams.get('added_after') ?? undefined;
    if (addedAfter !== undefined && Number.isNaN(Date.parse(addedAfter)))
      return fail(res, 400, 'Bad Request', `added_after "${addedAfter}" is not a timestamp`);
    const limit = Math.min(
      Number(u.searchParams.get('limit') ?? options.pageSize),
      options.pageSize,
    );
    let start = 0;
    if (next !== null) {
      const p = pages.get(next);
      if (!p) return fail(res, 400, 'Bad Request', `unknown next "${next}"`);
      start = p.index;
    }
    const candidates = objects
      .map((o, index) => ({ ...o, index }))
      .filter((o) => o.index >= start)
      .filter((o) => addedAfter === undefined || Date.parse(o.dateAdded) > Date.parse(addedAfter));
    const page = candidates.slice(0, limit);
    const more = candidates.length > page.length;
    const envelope: Record<string, unknown> = { more };
    if (more) {
      const token = `page-${++tokens}`;
      pages.set(token, { index: candidates[page.length]!.index, addedAfter });
      envelope.next = token;
    }
    if (page.length > 0) envelope.objects = page.map((p) => p.object);
    const headers =
      page.length > 0
        ? {
            'X-TAXII-Date-Added-First': page[0]!.dateAdded,
            'X-TAXII-Date-Added-Last': page[page.length - 1]!.dateAdded,
          }
        : {};
    ok(res, 200, envelope, headers);
  }

  function addObjects(req: IncomingMessage, body: Buffer, res: ServerResponse): void {
    postSizes.push(body.length);
    if (!(req.headers['content-type'] ?? '').startsWith('application/taxii+json'))
      return fail(res, 415, 'Unsupported Media Type', 'send application/taxii+json;version=2.1');
    if (body.length > options.maxContentLength)
      return fail(
        res,
        413,
        'Payload Too Large',
        `${body.length} bytes over max_content_length ${options.maxContentLength}`,
      );
    let envelope: { objects?: Record<string, unknown>[] };
    try {
      envelope = JSON.parse(body.toString('utf8'));
    } catch {
      return fail(res, 400, 'Bad Request', 'the envelope is not JSON');
    }
    const record: StatusRecord = {
      polls: 0,
      total: envelope.objects?.length ?? 0,
      successes: [],
      failures: [],
      requestTimestamp: nextDate(),
    };
    for (const o of envelope.objects ?? []) {
      const id = String(o.id);
      const version = String(o.modified ?? o.created ?? '');
      if (options.refuseIds?.has(id))
        record.failures.push({ id, version, message: 'refused by policy' });
      else {
        record.successes.push({ id, version });
        objects.push({ object: o, dateAdded: nextDate() });
      }
    }
    const id = `status-${statuses.size + 1}`;
    statuses.set(id, record);
    ok(res, 202, statusResource(id, record));
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const server_: SpecServer = {
    url: `http://127.0.0.1:${port}/taxii2/`,
    apiRoot: `http://127.0.0.1:${port}/api1/`,
    collectionId,
    requests,
    postSizes,
    stored: () => objects,
    seed(list) {
      for (const o of list) objects.push({ object: o, dateAdded: nextDate() });
    },
    brokenBody: null,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return server_;
}
