import type { FastifyPluginAsync } from 'fastify';
import type { Kysely } from 'kysely';
import type { AuditLog } from '../audit/audit.service.js';
import type { NodeEvents } from '../notify/event-bus.js';
import type { Config } from '../platform/config.js';
import type { DialectCapabilities } from '../platform/database/capabilities.js';
import type { Database } from '../platform/database/schema.js';
import type { HttpServer } from '../platform/http/http-server.js';
import type { Clock, RandomSource } from '../platform/ports.js';
import type { PeerRecord } from './federation.types.js';
import { createNodeIdentityService, type NodeIdentityService } from './node-identity.js';
import { createPeerClient, type PeerClient } from './peer-client.js';
import { federationRoutes } from './peer-federation.routes.js';
import { createDirectoryRefresh, type DirectoryRefresh } from './peer-directory.js';
import { createPeerHealthSweep, type PeerHealthSweep } from './peer-health.js';
import { peerRoutes } from './peer.routes.js';
import { createPeerService, type PeerService } from './peer.service.js';
import type { PeerLag } from './peer.view.js';

/** Time a peer has to answer one node-to-node request, in milliseconds. */
const PEER_TIMEOUT_MS = 10_000;
/** Rounds of the directory refresh: a look at this node's organisations every minute, a hello to every active peer hourly. */
const DIRECTORY_INTERVAL_MS = 60_000;
const DIRECTORY_FULL_EVERY = 60;

/** Federation's identity and peering parts of one node (issue 6 §1, §2, §7), wired once. */
export interface PeerServices {
  readonly identity: NodeIdentityService;
  readonly client: PeerClient;
  readonly peers: PeerService;
  readonly health: PeerHealthSweep;
  /** Announces this node's organisations to the active peers when they change, and hourly. */
  readonly directory: DirectoryRefresh;
}

export function createPeerServices(deps: {
  readonly config: Config;
  readonly db: Kysely<Database>;
  readonly capabilities: DialectCapabilities;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly events: NodeEvents;
  readonly organizationId: () => Promise<string>;
  readonly fetch?: typeof globalThis.fetch;
  readonly lag?: (nodeId: string) => Promise<PeerLag | null>;
  readonly policyChanged?: (peer: PeerRecord) => Promise<void>;
}): PeerServices {
  const { config, clock } = deps;
  const identity = createNodeIdentityService({
    config,
    clock,
    random: deps.random,
    organizationId: deps.organizationId,
  });
  const client = createPeerClient({
    identity: () => identity.current(),
    fetch: deps.fetch,
    timeoutMs: PEER_TIMEOUT_MS,
    now: () => clock.now(),
    randomBytes: (n) => deps.random.bytes(n),
  });
  const peers = createPeerService({
    db: deps.db,
    capabilities: deps.capabilities,
    audit: deps.audit,
    clock,
    events: deps.events,
    identity,
    client,
    alertAfterSeconds: config.peerUnreachableAlertSeconds,
    country: config.country,
    lag: deps.lag,
    policyChanged: deps.policyChanged,
  });
  const health = createPeerHealthSweep({
    db: deps.db,
    capabilities: deps.capabilities,
    audit: deps.audit,
    events: deps.events,
    clock,
    alertAfterSeconds: config.peerUnreachableAlertSeconds,
    intervalMs: Math.min(config.peerUnreachableAlertSeconds * 250, 60_000),
    organizationId: deps.organizationId,
  });
  const directory = createDirectoryRefresh({
    hostedOrganizations: () => peers.hostedOrganizations(),
    helloActive: () => peers.helloActive(),
    intervalMs: DIRECTORY_INTERVAL_MS,
    fullEvery: DIRECTORY_FULL_EVERY,
  });
  return { identity, client, peers, health, directory };
}

/**
 * Registers federation on the app: `/federation/v1` (descriptor, signed hello), the admin API
 * under `/api/v1`, and the hooks — at start, a hello to every peer still awaiting its remote
 * side, the unreachable-peer sweep and the directory refresh; they stop with the app.
 */
export async function registerPeering(
  app: HttpServer,
  federation: PeerServices,
  config: Config,
  clock: Clock,
  /** More signed `/federation/v1` routes (the change feed's), verified like the hello. */
  routes: readonly FastifyPluginAsync[] = [],
): Promise<void> {
  await app.register(federationRoutes, {
    prefix: '/federation/v1',
    identity: federation.identity,
    peers: federation.peers,
    clock,
    skewSeconds: config.federationClockSkewSeconds,
    routes,
  });
  await app.register(peerRoutes, {
    prefix: '/api/v1',
    peers: federation.peers,
    identity: federation.identity,
  });
  app.addHook('onReady', async () => {
    federation.health.start((err) => app.log.error({ err }, 'peer health sweep'));
    federation.directory.start((err) => app.log.warn({ err }, 'peer directory refresh'));
    // Not awaited: an unreachable peer must not delay the start.
    void federation.peers
      .helloAwaiting()
      .catch((err: unknown) => app.log.warn({ err }, 'hello to awaiting peers'));
  });
  app.addHook('onClose', async () => {
    await federation.health.stop();
    await federation.directory.stop();
  });
}
