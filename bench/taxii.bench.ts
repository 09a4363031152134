import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, createServices } from '../src/app.js';
import { prepareNode } from '../src/node/node-setup.js';
import type { Actor } from '../src/platform/actor.js';
import { parseConfig } from '../src/platform/config.js';
import { openDatabase } from '../src/platform/database/connection.js';
import { migrateToLatest } from '../src/platform/database/migrate.js';
import type { BenchResult } from './bench.types.js';
import { generatedObject } from './stix-generator.js';

/** DESIGN.md: TAXII POST then GET of the same objects, each way. */
const TARGET_RATE = 20_000;
const TAXII = 'application/taxii+json;version=2.1';
const BUNDLE = 100;
const PAGE = 1000;

/**
 * TAXII 2.1 over HTTP on loopback, against a SQLite node. The collection first holds
 * `BENCH_TAXII_SIZE` objects (default 50,000; the target case is 1,000,000), stored through the
 * object service; then `BENCH_TAXII_POST` (default 20,000) new objects are POSTed in 100-object
 * envelopes — a quarter by one client, one request after the other, the rest by
 * `BENCH_TAXII_CLIENTS` (default 8) clients at once, as when several producers push to one
 * node — and the whole collection is read back in 1000-object pages following `next`. The
 * raw floor of the same run: a bare `node:http` server on loopback that `JSON.parse`s the same
 * envelopes and answers pre-serialised pages of the same objects (transport and JSON only).
 */
export async function run(): Promise<BenchResult[]> {
  const size = Number(process.env.BENCH_TAXII_SIZE ?? 50_000);
  const posts = Number(process.env.BENCH_TAXII_POST ?? 20_000);
  const clients = Number(process.env.BENCH_TAXII_CLIENTS ?? 8);
  const tmp = mkdtempSync(join(tmpdir(), 'nohaven-taxii-bench-'));
  const config = parseConfig({ NOHAVEN_DATA_DIR: tmp, NOHAVEN_PORT: '0' });
  const database = openDatabase({ url: null, dataDir: tmp });
  try {
    await migrateToLatest(database);
    const deps = { config, database, webRoot: null };
    const services = createServices(deps);
    const first = await prepareNode(services, config);
    if (!first) throw new Error('no first run');
    const actor: Actor = {
      kind: 'service',
      name: 'bench',
      organizationId: first.organization.id,
      role: 'admin',
    };
    const token = (await services.auth.createTokenForUser(actor, first.username, 'bench')).token;
    await services.objects.ingest(actor, seed(size), { mode: 'atomic' });
    const app = await buildApp(deps, services);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const headers = { accept: TAXII, authorization: `Bearer ${token}` };
    const collections = (await (
      await fetch(`${base}/taxii2/nohaven/collections/`, { headers })
    ).json()) as {
      collections: { id: string }[];
    };
    const objectsUrl = `${base}/taxii2/nohaven/collections/${collections.collections[0]!.id}/objects/`;

    const envelopes: string[] = [];
    for (let i = 0; i < posts; i += BUNDLE) {
      const objects = [];
      for (let j = i; j < Math.min(i + BUNDLE, posts); j++) objects.push(generatedObject(size + j));
      envelopes.push(JSON.stringify({ objects }));
    }
    const postOne = async (body: string) => {
      const res = await fetch(objectsUrl, {
        method: 'POST',
        headers: { ...headers, 'content-type': TAXII },
        body,
      });
      const status = (await res.json()) as { success_count: number; failure_count: number };
      if (res.status !== 202 || status.failure_count !== 0)
        throw new Error(`POST failed: ${res.status}`);
      return status.success_count;
    };
    const sequential = envelopes.slice(0, Math.ceil(envelopes.length / 4));
    const concurrent = envelopes.slice(sequential.length);
    let t = performance.now();
    const postRateOne = (await postAll(sequential, 1, postOne)) / ((performance.now() - t) / 1000);
    t = performance.now();
    const postRate =
      (await postAll(concurrent, clients, postOne)) / ((performance.now() - t) / 1000);

    t = performance.now();
    let read = 0;
    let next: string | undefined;
    const latencies: number[] = [];
    do {
      const p = performance.now();
      const res = await fetch(`${objectsUrl}?limit=${PAGE}${next ? `&next=${next}` : ''}`, {
        headers,
      });
      const env = (await res.json()) as { objects?: unknown[]; more: boolean; next?: string };
      latencies.push(performance.now() - p);
      read += env.objects?.length ?? 0;
      next = env.more ? env.next : undefined;
    } while (next !== undefined);
    const getRate = read / ((performance.now() - t) / 1000);
    await app.close();

    const floor = await rawFloor(concurrent, clients, size + posts);
    const firstPage = latencies[0]!;
    const lastPage = latencies[latencies.length - 2] ?? latencies[0]!;
    return [
      { name: `collection size before POST`, value: size, unit: 'objects' },
      {
        name: 'TAXII POST, 100-object envelopes, 1 client (each commit waits for the disk)',
        value: Math.round(postRateOne),
        unit: 'objects/s',
      },
      {
        name: `raw floor: loopback HTTP + JSON, 100-object envelopes in, ${clients} clients`,
        value: Math.round(floor.post),
        unit: 'objects/s',
      },
      {
        name: `TAXII POST, 100-object envelopes, ${clients} clients`,
        value: Math.round(postRate),
        unit: 'objects/s',
        target: `≥ ${TARGET_RATE}`,
        ok: postRate >= TARGET_RATE,
      },
      {
        name: 'raw floor: loopback HTTP + JSON, 1000-object pages out',
        value: Math.round(floor.get),
        unit: 'objects/s',
      },
      {
        name: `TAXII GET, 1000-object pages (${read} objects)`,
        value: Math.round(getRate),
        unit: 'objects/s',
        target: `≥ ${TARGET_RATE}`,
        ok: getRate >= TARGET_RATE,
      },
      { name: 'first page latency', value: Math.round(firstPage * 10) / 10, unit: 'ms' },
      {
        name: 'last full page latency / first page',
        value: Math.round((lastPage / firstPage) * 100) / 100,
        unit: '×',
        target: '≤ 2',
        ok: lastPage <= 2 * firstPage,
      },
    ];
  } finally {
    await database.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}

function* seed(size: number): Iterable<unknown> {
  for (let i = 0; i < size; i++) yield generatedObject(i);
}

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Sends every envelope with `clients` requests in flight; returns the objects acknowledged. */
async function postAll(
  envelopes: readonly string[],
  clients: number,
  post: (body: string) => Promise<number>,
): Promise<number> {
  let next = 0;
  let acknowledged = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < envelopes.length) {
        const n = await post(envelopes[next++]!);
        acknowledged += n; // not `+= await`: that would read the sum before waiting
      }
    }),
  );
  return acknowledged;
}

/** Objects/s of the bare transport: POST the envelopes, GET pre-serialised pages of `total`. */
async function rawFloor(
  envelopes: readonly string[],
  clients: number,
  total: number,
): Promise<{ post: number; get: number }> {
  const pages: string[] = [];
  for (let i = 0; i < total; i += PAGE) {
    const objects = [];
    for (let j = i; j < Math.min(i + PAGE, total); j++) objects.push(generatedObject(j));
    pages.push(JSON.stringify({ more: i + PAGE < total, next: String(i / PAGE + 1), objects }));
  }
  const server: Server = createServer((req, res) => {
    void (async () => {
      if (req.method === 'POST') {
        const n = (JSON.parse(await body(req)) as { objects: unknown[] }).objects.length;
        res.writeHead(202, { 'content-type': TAXII }).end(JSON.stringify({ success_count: n }));
      } else {
        const page = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('next') ?? 0);
        res.writeHead(200, { 'content-type': TAXII }).end(pages[page]);
      }
    })();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  let t = performance.now();
  const posted = await postAll(envelopes, clients, async (b) => {
    const res = await fetch(url, { method: 'POST', body: b });
    return ((await res.json()) as { success_count: number }).success_count;
  });
  const post = posted / ((performance.now() - t) / 1000);
  t = performance.now();
  let read = 0;
  let next: string | undefined;
  do {
    const env = (await (await fetch(`${url}?next=${next ?? 0}`)).json()) as {
      objects: unknown[];
      more: boolean;
      next: string;
    };
    read += env.objects.length;
    next = env.more ? env.next : undefined;
  } while (next !== undefined);
  const get = read / ((performance.now() - t) / 1000);
  await new Promise<void>((r) => server.close(() => r()));
  return { post, get };
}
