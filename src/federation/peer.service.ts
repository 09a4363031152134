/**
 * The peer directory and its administration (issue 6 §2, §7): adding a peer whose fingerprint
 * an administrator confirmed out of band, the hello both sides exchange before anything flows,
 * suspending, resuming, removing, per-peer policy, and the health figures of every exchange.
 * Every change of trust is audited with its actor.
 */
import type { Kysely } from 'kysely';
import type { AuditLog } from '../audit/audit.service.js';
import { requireRole } from '../auth/roles.js';
import type { NodeEvents } from '../notify/event-bus.js';
import { actorLabel, type Actor } from '../platform/actor.js';
import type { DialectCapabilities } from '../platform/database/capabilities.js';
import type { Database } from '../platform/database/schema.js';
import { inWriteTransaction } from '../platform/database/write-transaction.js';
import { DomainError, notFound } from '../platform/errors.js';
import type { Clock } from '../platform/ports.js';
import type { NodeDescriptor } from './descriptor.js';
import {
  DEFAULT_PEER_POLICY,
  type ExchangeOutcome,
  type HostedOrganization,
  type PeerDirectory,
  type PeerPolicy,
  type PeerRecord,
} from './federation.types.js';
import type { NodeIdentityService } from './node-identity.js';
import type { PeerClient } from './peer-client.js';
import { resolveAddition, type PeerAddInput } from './peer-add.js';
import { parseHelloAnswer, type HelloAnswer } from './peer-hello.js';
import { parsePeerPolicy } from './peer-policy.js';
import { peerRepository as repo, type StoredPeer } from './peer.repository.js';
import { peerView, type PeerLag, type PeerView } from './peer.view.js';

export type { PeerAddInput } from './peer-add.js';

export interface PeerServiceDeps {
  readonly db: Kysely<Database>;
  readonly capabilities: DialectCapabilities;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly events: NodeEvents;
  readonly identity: NodeIdentityService;
  readonly client: PeerClient;
  /** Seconds of outage after which a peer is alerted as unreachable. */
  readonly alertAfterSeconds: number;
  /** The node's own country, for hosted organisations without one. */
  readonly country: string | null;
  /** How far a peer is behind this node's change feed (the change feed provides it). */
  readonly lag?: (nodeId: string) => Promise<PeerLag | null>;
  /**
   * Called after a peer's policy changed (committed): the change feed withdraws what the peer
   * may no longer hold (issue 6 §5).
   */
  readonly policyChanged?: (peer: PeerRecord) => Promise<void>;
}

/** A verified hello (see `signed-request.verify.ts`). */
export interface IncomingHello {
  readonly peer: PeerRecord | null;
  readonly descriptor: NodeDescriptor;
  readonly organizations: readonly HostedOrganization[];
}

export interface PeerService extends PeerDirectory {
  list(actor: Actor): Promise<PeerView[]>;
  show(actor: Actor, nodeId: string): Promise<PeerView>;
  /** Adds (or accepts a `requested`) peer, then says hello to it. */
  add(actor: Actor, input: PeerAddInput): Promise<PeerView>;
  suspend(actor: Actor, nodeId: string, reason?: string): Promise<PeerView>;
  /** Resumes a suspended peer and says hello again (active once the peer answers it). */
  resume(actor: Actor, nodeId: string): Promise<PeerView>;
  /** Says hello again to an `awaiting-remote` peer. */
  retry(actor: Actor, nodeId: string): Promise<PeerView>;
  remove(actor: Actor, nodeId: string, reason?: string): Promise<void>;
  setPolicy(actor: Actor, nodeId: string, policy: unknown): Promise<PeerView>;
  /** Answers a verified hello from another node. */
  receiveHello(hello: IncomingHello): Promise<HelloAnswer>;
  /** Stores a descriptor the peer's signed rotation chain leads to. */
  followRotation(nodeId: string, descriptor: NodeDescriptor): Promise<void>;
  /** Counts a refused request of a known peer. */
  recordRefusal(nodeId: string): Promise<void>;
  /** Says hello to every `awaiting-remote` peer (at start); failures are recorded, not thrown. */
  helloAwaiting(): Promise<void>;
  /**
   * Says hello again to every active peer: both sides exchange the organisations they host, so
   * each learns the other's created, renamed or removed ones (issue 7, item 5). Failures are
   * recorded in the peer's health, not thrown.
   */
  helloActive(): Promise<void>;
  /** The organisations this node hosts, as it announces them to peers. */
  hostedOrganizations(): Promise<HostedOrganization[]>;
}

/** Unconfirmed peering requests kept at most: unknown nodes cannot fill the table. */
const MAX_REQUESTED = 1000;

/** The named actor of what a peer's hello changes here. */
const FEDERATION_ACTOR = (organizationId: string): Actor => ({
  kind: 'service',
  name: 'federation',
  organizationId,
  role: 'admin',
});

export function createPeerService(deps: PeerServiceDeps): PeerService {
  const { db, capabilities, audit, clock, identity, client } = deps;
  const now = () => clock.now().toISOString();

  async function view(p: StoredPeer): Promise<PeerView> {
    const lag = deps.lag ? await deps.lag(p.nodeId) : null;
    return peerView(p, lag, clock.now(), deps.alertAfterSeconds);
  }

  async function stored(nodeId: string): Promise<StoredPeer> {
    const p = await repo.find(db, nodeId);
    if (!p) throw notFound('peer', nodeId);
    return p;
  }

  async function hostedOrganizations(): Promise<HostedOrganization[]> {
    const rows = await db
      .selectFrom('organizations')
      .select(['id', 'name', 'country'])
      .orderBy('name')
      .execute();
    return rows.map((r) => ({ id: r.id, name: r.name, country: r.country ?? deps.country ?? '' }));
  }

  async function recordExchange(nodeId: string, outcome: ExchangeOutcome): Promise<void> {
    if (outcome.ok) {
      await repo.recordSuccess(
        db,
        nodeId,
        {
          sent: outcome.sent ?? 0,
          received: outcome.received ?? 0,
          refused: outcome.refused ?? 0,
        },
        now(),
      );
    } else {
      await repo.recordFailure(db, nodeId, outcome.error, outcome.refused ?? 0, now());
    }
  }

  /**
   * Sends our hello to `peer` and applies its answer: `active` when it accepted, else
   * `awaiting-remote`. An unreachable peer stays `awaiting-remote` with the error recorded.
   */
  async function sayHello(peer: StoredPeer): Promise<StoredPeer> {
    const self = await identity.current();
    let answer: HelloAnswer;
    try {
      const res = await client.request(peer, 'POST', '/federation/v1/hello', {
        descriptor: self.descriptor(),
        organizations: await hostedOrganizations(),
      });
      answer = parseHelloAnswer(res.status, res.json);
    } catch (err) {
      if (err instanceof DomainError && err.code === 'NH_ERR_NOT_READY') throw err;
      await recordExchange(peer.nodeId, { ok: false, error: (err as Error).message });
      return stored(peer.nodeId);
    }
    if (!answer.accepted && answer.error !== undefined) {
      await recordExchange(peer.nodeId, { ok: false, error: answer.error });
      return stored(peer.nodeId);
    }
    await recordExchange(peer.nodeId, { ok: true });
    await inWriteTransaction(db, capabilities, async (trx) => {
      const current = await repo.find(trx, peer.nodeId);
      // An administrator may have suspended or removed it meanwhile: that decision stands.
      if (!current || (current.state !== 'awaiting-remote' && current.state !== 'active')) return;
      if (answer.accepted) {
        await repo.setOrganizations(trx, peer.nodeId, answer.organizations, now());
      }
      const state = answer.accepted ? 'active' : 'awaiting-remote';
      if (state !== current.state) {
        await repo.setState(trx, peer.nodeId, state, now());
        await audit.append(trx, FEDERATION_ACTOR(self.organization.id), {
          action: answer.accepted ? 'peer.activate' : 'peer.await-remote',
          target: peer.nodeId,
          details: { via: 'hello-answer', name: peer.descriptor.name },
        });
      }
    });
    return stored(peer.nodeId);
  }

  async function transition(
    actor: Actor,
    nodeId: string,
    from: readonly string[],
    to: 'suspended' | 'awaiting-remote',
    action: string,
    reason?: string,
  ): Promise<StoredPeer> {
    requireRole(actor, 'admin');
    return inWriteTransaction(db, capabilities, async (trx) => {
      const p = await repo.find(trx, nodeId);
      if (!p) throw notFound('peer', nodeId);
      if (!from.includes(p.state)) {
        throw new DomainError(
          'NH_ERR_CONFLICT',
          `peer ${nodeId} is ${p.state}; this needs it ${from.join(' or ')}`,
        );
      }
      await repo.setState(trx, nodeId, to, now());
      await audit.append(trx, actor, {
        action,
        target: nodeId,
        reason: reason ?? null,
        details: { from: p.state, name: p.descriptor.name },
      });
      return { ...p, state: to };
    });
  }

  return {
    async find(nodeId) {
      return repo.find(db, nodeId);
    },
    async active() {
      return repo.list(db, 'active');
    },
    recordExchange,
    hostedOrganizations,

    async list(actor) {
      requireRole(actor, 'admin');
      return Promise.all((await repo.list(db)).map(view));
    },

    async show(actor, nodeId) {
      requireRole(actor, 'admin');
      return view(await stored(nodeId));
    },

    async add(actor, input) {
      requireRole(actor, 'admin');
      const self = await identity.current();
      // Our descriptor goes with the hello: refuse before storing anything if it cannot be made.
      self.descriptor();
      const existingOf = (id: string) => repo.find(db, id);
      const { descriptor, policy } = await resolveAddition(input, {
        selfNodeId: self.nodeId,
        find: existingOf,
        fetchJson: (url) => client.fetchJson(url),
      });
      const peer = await inWriteTransaction(db, capabilities, async (trx) => {
        const existing = await repo.find(trx, descriptor.nodeId);
        if (existing && ['active', 'awaiting-remote', 'suspended'].includes(existing.state)) {
          throw new DomainError(
            'NH_ERR_CONFLICT',
            `${descriptor.nodeId} is already a peer (${existing.state})`,
          );
        }
        await repo.upsert(
          trx,
          {
            nodeId: descriptor.nodeId,
            descriptor,
            state: 'awaiting-remote',
            policy,
            organizations: existing?.organizations ?? [],
            addedBy: actorLabel(actor),
          },
          now(),
        );
        await audit.append(trx, actor, {
          action: existing?.state === 'requested' ? 'peer.accept' : 'peer.add',
          target: descriptor.nodeId,
          details: {
            name: descriptor.name,
            fingerprint: descriptor.fingerprint,
            baseUrl: descriptor.baseUrl,
            policy,
          },
        });
        return repo.find(trx, descriptor.nodeId);
      });
      return view(await sayHello(peer!));
    },

    async suspend(actor, nodeId, reason) {
      const p = await transition(
        actor,
        nodeId,
        ['active', 'awaiting-remote'],
        'suspended',
        'peer.suspend',
        reason,
      );
      return view(await stored(p.nodeId));
    },

    async resume(actor, nodeId) {
      const p = await transition(actor, nodeId, ['suspended'], 'awaiting-remote', 'peer.resume');
      return view(await sayHello(p));
    },

    async retry(actor, nodeId) {
      requireRole(actor, 'admin');
      const p = await stored(nodeId);
      if (p.state !== 'awaiting-remote' && p.state !== 'active') {
        throw new DomainError(
          'NH_ERR_CONFLICT',
          `peer ${nodeId} is ${p.state}; only an awaiting-remote or active peer is greeted again`,
        );
      }
      return view(await sayHello(p));
    },

    async remove(actor, nodeId, reason) {
      requireRole(actor, 'admin');
      await inWriteTransaction(db, capabilities, async (trx) => {
        const p = await repo.find(trx, nodeId);
        if (!p || p.state === 'removed') throw notFound('peer', nodeId);
        await repo.setState(trx, nodeId, 'removed', now());
        await audit.append(trx, actor, {
          action: 'peer.remove',
          target: nodeId,
          reason: reason ?? null,
          details: { from: p.state, name: p.descriptor.name },
        });
      });
    },

    async setPolicy(actor, nodeId, value) {
      requireRole(actor, 'admin');
      const policy: PeerPolicy = parsePeerPolicy(value, '');
      await inWriteTransaction(db, capabilities, async (trx) => {
        const p = await repo.find(trx, nodeId);
        if (!p) throw notFound('peer', nodeId);
        await repo.setPolicy(trx, nodeId, policy, now());
        await audit.append(trx, actor, {
          action: 'peer.policy',
          target: nodeId,
          details: { before: p.policy, after: policy },
        });
      });
      const record = await repo.find(db, nodeId);
      if (record) await deps.policyChanged?.(record);
      return view(await stored(nodeId));
    },

    async receiveHello(hello) {
      const self = await identity.current();
      const actor = FEDERATION_ACTOR(self.organization.id);
      const nodeId = hello.descriptor.nodeId;
      const accepted = await inWriteTransaction(db, capabilities, async (trx) => {
        const p = await repo.find(trx, nodeId);
        if (p === null) {
          if ((await repo.count(trx, 'requested')) >= MAX_REQUESTED) {
            throw new DomainError(
              'NH_ERR_CONFLICT',
              `this node already has ${MAX_REQUESTED} unconfirmed peering requests; ask its operator to accept or remove them`,
            );
          }
          await repo.upsert(
            trx,
            {
              nodeId,
              descriptor: hello.descriptor,
              state: 'requested',
              policy: DEFAULT_PEER_POLICY,
              organizations: hello.organizations,
              addedBy: null,
            },
            now(),
          );
          await audit.append(trx, actor, {
            action: 'peer.request',
            target: nodeId,
            details: {
              name: hello.descriptor.name,
              fingerprint: hello.descriptor.fingerprint,
              baseUrl: hello.descriptor.baseUrl,
            },
          });
          return false;
        }
        if (p.descriptor.publicKey !== hello.descriptor.publicKey) {
          await repo.setDescriptor(trx, nodeId, hello.descriptor, now());
        }
        await repo.setOrganizations(trx, nodeId, hello.organizations, now());
        if (p.state !== 'awaiting-remote' && p.state !== 'active') return false;
        if (p.state === 'awaiting-remote') {
          await repo.setState(trx, nodeId, 'active', now());
          await audit.append(trx, actor, {
            action: 'peer.activate',
            target: nodeId,
            details: { via: 'hello', name: hello.descriptor.name },
          });
        }
        return true;
      });
      await recordExchange(nodeId, { ok: true });
      return accepted
        ? { accepted: true, organizations: await hostedOrganizations() }
        : { accepted: false };
    },

    async followRotation(nodeId, descriptor) {
      const self = await identity.current();
      await inWriteTransaction(db, capabilities, async (trx) => {
        const p = await repo.find(trx, nodeId);
        if (!p) return;
        await repo.setDescriptor(trx, nodeId, descriptor, now());
        await audit.append(trx, FEDERATION_ACTOR(self.organization.id), {
          action: 'peer.key-rotation',
          target: nodeId,
          details: { from: p.descriptor.fingerprint, to: descriptor.fingerprint },
        });
      });
    },

    async recordRefusal(nodeId) {
      await repo.addRefused(db, nodeId, 1);
    },

    async helloAwaiting() {
      for (const p of await repo.list(db, 'awaiting-remote')) await sayHello(p);
    },

    async helloActive() {
      for (const p of await repo.list(db, 'active')) await sayHello(p);
    },
  };
}
