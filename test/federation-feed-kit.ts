import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { buildApp, createServices, type AppDeps, type Services } from '../src/app.js';
import type { FederationPorts } from '../src/federation/change-feed.types.js';
import { signDescriptor, type NodeDescriptor } from '../src/federation/descriptor.js';
import {
  DEFAULT_PEER_POLICY,
  type ExchangeOutcome,
  type NodeIdentity,
  type PeerDirectory,
  type PeerPolicy,
  type PeerRecord,
} from '../src/federation/federation.types.js';
import { generateNodeKeyPair, signCanonical, verifyCanonical } from '../src/federation/signing.js';
import { prepareNode } from '../src/node/node-setup.js';
import type { Actor } from '../src/platform/actor.js';
import { parseConfig } from '../src/platform/config.js';
import { DomainError } from '../src/platform/errors.js';
import type { HttpServer } from '../src/platform/http/http-server.js';
import type { TestDatabase, TestDialect } from './support/dialects.js';

/**
 * Federated test nodes (issue 6): each a real app on its own database, listening on 127.0.0.1,
 * with the ports the change feed needs implemented honestly — real Ed25519 keys and signed
 * descriptors, a peer directory over fixed records, a transport that signs every request and
 * a route check that verifies it with `verifyCanonical`. At merge the fed-peering
 * implementations replace these ports.
 */

const NODE_HEADER = 'x-nohaven-node';
const DATE_HEADER = 'x-nohaven-date';
const SIGNATURE_HEADER = 'x-nohaven-signature';

export interface FedNode {
  readonly name: string;
  readonly nodeId: string;
  readonly organizationId: string;
  readonly identity: NodeIdentity;
  readonly db: TestDatabase;
  readonly services: Services;
  readonly app: HttpServer;
  readonly baseUrl: string;
  /** Peer records this node holds, by node id (tests change them). */
  readonly directory: Map<string, PeerRecord>;
  /** Every exchange reported through `recordExchange`, per peer. */
  readonly exchanges: Map<string, ExchangeOutcome[]>;
  readonly transport: FederationPorts['transport'];
  /** An API token of the node's administrator. */
  adminToken(): Promise<string>;
  actor(role?: Actor['role']): Actor;
  /** Stops the app (the database stays), as a node that went down. */
  stop(): Promise<void>;
  /** Starts the app again on the same database and port. */
  restart(): Promise<void>;
  close(): Promise<void>;
  /** This node's record as a peer sees it. */
  asPeer(policy?: Partial<PeerPolicy>, organizations?: string[]): PeerRecord;
}

export const FAST_PUSH = { timeoutMs: 5000, backoffMinMs: 20, backoffMaxMs: 200 };

export async function startFedNode(
  dialect: TestDialect,
  name: string,
  country: string,
): Promise<FedNode> {
  const db = await dialect.create();
  const config = parseConfig({
    NOHAVEN_DATA_DIR: db.dataDir,
    NOHAVEN_NODE_NAME: name,
    NOHAVEN_ORG: `${name} CERT`,
    NOHAVEN_COUNTRY: country,
    NOHAVEN_PORT: '0',
    ...(db.url ? { NOHAVEN_DATABASE_URL: db.url } : {}),
  });
  const keys = generateNodeKeyPair();
  const nodeId = `node--${randomUUID()}`;
  let descriptor: NodeDescriptor | null = null;
  const identity: NodeIdentity = {
    nodeId,
    descriptor: () => {
      if (descriptor === null) throw new Error(`${name} is not listening yet`);
      return descriptor;
    },
    sign: (value) => signCanonical(keys.privateKey, value),
  };
  const directory = new Map<string, PeerRecord>();
  const exchanges = new Map<string, ExchangeOutcome[]>();
  const peers: PeerDirectory = {
    find: async (id) => directory.get(id) ?? null,
    active: async () => [...directory.values()].filter((p) => p.state === 'active'),
    recordExchange: async (id, outcome) => {
      exchanges.set(id, [...(exchanges.get(id) ?? []), outcome]);
    },
  };
  const transport: FederationPorts['transport'] = {
    async request(peer, method, path, body) {
      const date = new Date().toISOString();
      const signature = identity.sign({ method, path, date, body: body ?? null });
      const res = await fetch(`${peer.descriptor.baseUrl}${path}`, {
        method,
        headers: {
          [NODE_HEADER]: nodeId,
          [DATE_HEADER]: date,
          [SIGNATURE_HEADER]: signature,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(5000),
      });
      return { status: res.status, json: await res.json() };
    },
  };
  const authenticatePeer = async (request: FastifyRequest): Promise<PeerRecord> => {
    const header = (n: string) => {
      const v = request.headers[n];
      return typeof v === 'string' ? v : null;
    };
    const sender = header(NODE_HEADER);
    const date = header(DATE_HEADER);
    const signature = header(SIGNATURE_HEADER);
    const peer = sender === null ? null : (directory.get(sender) ?? null);
    const signed = { method: request.method, path: request.url, date, body: request.body ?? null };
    if (
      peer === null ||
      peer.state !== 'active' ||
      signature === null ||
      !verifyCanonical(peer.descriptor.publicKey, signed, signature)
    ) {
      throw new DomainError('NH_ERR_UNAUTHENTICATED', 'not a signed request of an active peer');
    }
    return peer;
  };
  const deps: AppDeps = {
    config,
    database: db.handle,
    webRoot: null,
    logger: process.env.FED_DEBUG ? { level: 'warn' } : false,
    federation: { identity, peers, transport, authenticatePeer, push: FAST_PUSH },
  };
  let services = createServices(deps);
  const first = await prepareNode(services, config);
  if (!first) throw new Error('first run did not create the admin');
  const organizationId = first.organization.id;
  let app = await buildApp(deps, services);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as AddressInfo).port;
  const baseUrl = `http://127.0.0.1:${port}`;
  descriptor = signDescriptor(keys.privateKey, {
    nodeId,
    name,
    organization: { id: organizationId, name: `${name} CERT` },
    sector: 'cert',
    country,
    baseUrl,
    publicKey: keys.publicKey,
    keyHistory: [],
  });
  let running = true;
  const node: FedNode = {
    name,
    nodeId,
    organizationId,
    identity,
    db,
    get services() {
      return services;
    },
    get app() {
      return app;
    },
    baseUrl,
    directory,
    exchanges,
    transport,
    adminToken: async () =>
      (
        await services.auth.createTokenForUser(
          { kind: 'service', name: 'test-admin', organizationId, role: 'admin' },
          first.username,
          `t-${randomUUID()}`,
        )
      ).token,
    actor: (role = 'analyst') => ({ kind: 'service', name: `test-${role}`, organizationId, role }),
    async stop() {
      if (running) {
        // Down means down: keep-alive connections of peers are cut as well.
        const closing = app.close();
        app.server.closeAllConnections();
        await closing;
      }
      running = false;
    },
    async restart() {
      services = createServices(deps);
      app = await buildApp(deps, services);
      await app.listen({ host: '127.0.0.1', port });
      running = true;
    },
    async close() {
      await node.stop();
      await db.dispose();
    },
    asPeer(policy = {}, organizations = [organizationId]) {
      return {
        nodeId,
        descriptor: identity.descriptor(),
        state: 'active',
        policy: { ...DEFAULT_PEER_POLICY, ...policy },
        organizations: organizations.map((id) => ({ id, name: id, country })),
      };
    },
  };
  return node;
}

/** Makes `a` and `b` active peers of each other, each with the policy it applies to the other. */
export function peer(
  a: FedNode,
  b: FedNode,
  policy: { aToB?: Partial<PeerPolicy>; bToA?: Partial<PeerPolicy> } = {},
  hosted: { a?: string[]; b?: string[] } = {},
): void {
  a.directory.set(b.nodeId, b.asPeer(policy.aToB, hosted.b));
  b.directory.set(a.nodeId, a.asPeer(policy.bToA, hosted.a));
}

/** Rows of `table` in `node`'s database where `column` is `value`. */
export async function countRows(
  node: FedNode,
  table: 'stix_objects' | 'feed_items' | 'feed_applied' | 'feed_refusals',
  column: 'id' | 'object_id' | 'item_id' | 'peer',
  value: string,
): Promise<number> {
  const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(
    table,
  )} where ${sql.ref(column)} = ${value}`.execute(node.db.handle.db);
  return Number(rows[0]?.n ?? 0);
}
