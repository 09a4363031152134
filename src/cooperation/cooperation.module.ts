import type { Kysely } from 'kysely';
import { DomainError } from '../platform/errors.js';
import type { AuditLog } from '../audit/audit.service.js';
import type { NodeEvents } from '../notify/event-bus.js';
import type { Actor } from '../platform/actor.js';
import type { DialectCapabilities } from '../platform/database/capabilities.js';
import type { Database } from '../platform/database/schema.js';
import type { Clock, RandomSource } from '../platform/ports.js';
import type { CooperationSettings } from './cooperation.settings.js';
import { withCooperationTables } from './cooperation.tables.js';
import { createDefinitionRegistry, type DefinitionRegistry } from './definition-registry.js';
import { BUILT_IN_DEFINITIONS } from './definitions/index.js';
import { createDeadlineSweep, type SweepResult } from './deadline.sweep.js';
import {
  createOutboxDispatcher,
  type DispatchOptions,
  type DispatchResult,
  type OutboxBackoff,
} from './outbox.dispatcher.js';
import { undeliveredOutbox, type OutboxEntry } from './outbox.view.js';
import { requireRole } from '../auth/roles.js';
import { inWriteTransaction } from '../platform/database/write-transaction.js';
import type { PeerRecord } from '../federation/federation.types.js';
import { receiveMessage } from './exchange-inbound.js';
import { createFederationTransport } from './exchange-transport.js';
import type { ExchangePorts } from './exchange.types.js';
import { listRecipients, type Recipient } from './recipients.js';
import { cooperationMetrics, type CounterpartMetrics } from './request.metrics.js';
import { requestRepository as repo } from './request.repository.js';
import { metricsRows } from './metrics.repository.js';
import { confidentialityOf, mayRead, type PartySide } from './request.access.js';
import { createRequestService, type RequestService } from './request.service.js';
import { createLocalTransport, type RequestTransport } from './request.transport.js';

export interface CooperationDeps {
  readonly db: Kysely<Database>;
  readonly capabilities: DialectCapabilities;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly events: NodeEvents;
  readonly settings: CooperationSettings;
  /** Replaces the local transport (the federation transport, issue 6). */
  readonly transport?: RequestTransport;
  /**
   * The exchange between nodes (issue 7, item 5): with it, requests to organisations of active
   * peers travel to their nodes and this node receives theirs. Absent: local parties only.
   */
  readonly exchange?: ExchangePorts;
  /** Back-off of the outbox between attempts (tests shorten it). */
  readonly backoff?: OutboxBackoff;
}

/** Legal cooperation of one node, wired: requests, the clock sweep, the outbox, the figures. */
export interface Cooperation {
  readonly registry: DefinitionRegistry;
  readonly settings: CooperationSettings;
  readonly requests: RequestService;
  /** One round of the clock sweep (the worker calls it; tests call it in fake time). */
  sweep(): Promise<SweepResult>;
  /** Hands pending outbox messages to the transport. */
  dispatch(): Promise<{ delivered: number; failed: number }>;
  /**
   * An administrator's round of delivery (`nohaven request dispatch`): as the worker's, with
   * its options (back-off ignored, progress), audited; says which messages failed and why.
   */
  dispatchNow(actor: Actor, options?: DispatchOptions): Promise<DispatchResult>;
  /** The node's undelivered messages (administrators): pending, and refused ones when asked. */
  outbox(actor: Actor, options?: { failed?: boolean; limit?: number }): Promise<OutboxEntry[]>;
  metrics(actor: Actor): Promise<CounterpartMetrics[]>;
  /** Every organisation a request may be addressed to, here or on an active peer. */
  recipients(): Promise<Recipient[]>;
  /** A message an active peer delivered (its signed route); answers the signed receipt. */
  receive(peer: PeerRecord, envelope: string): Promise<{ receipt: string }>;
  /** Starts the worker (sweep and dispatch every `sweepIntervalMs`; none when 0). */
  start(onError: (err: unknown) => void): void;
  stop(): Promise<void>;
}

export function createCooperation(deps: CooperationDeps): Cooperation {
  const registry = createDefinitionRegistry(BUILT_IN_DEFINITIONS, deps.settings.deadlines);
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> = Promise.resolve();
  let report: (err: unknown) => void = () => undefined;
  const kick = () => {
    if (timer) running = running.then(() => dispatch()).catch(report);
  };
  const exchange = deps.exchange;
  const requests = createRequestService({
    ...deps,
    registry,
    onOutbox: kick,
    remoteOrganization: exchange
      ? async (id) =>
          (await exchange.peers())
            .flatMap((p) => (p.state === 'active' ? p.organizations : []))
            .find((o) => o.id === id) ?? null
      : undefined,
  });
  const db = withCooperationTables(deps.db);
  const isLocalOrganization = async (id: string) => (await repo.organization(db, id)) !== undefined;
  const local = createLocalTransport({
    isLocalOrganization,
    async receive(message) {
      const row = await repo.get(db, message.requestId);
      // Delivered again after a crash: the receipt is already recorded.
      if (row && row.state === 'sent')
        await requests.systemTransition(row.id, 'received', 'delivered');
    },
  });
  const transport =
    deps.transport ??
    (exchange
      ? createFederationTransport({
          db: deps.db,
          ports: exchange,
          local,
          isLocalOrganization,
          clock: deps.clock,
        })
      : local);
  const dispatch = createOutboxDispatcher({
    db: deps.db,
    clock: deps.clock,
    transport,
    backoff: deps.backoff,
    // The recipient node's signed receipt of a request starts its clocks here too, at its time.
    async onReceipt(message, receipt) {
      const row = message.state === 'sent' ? await repo.get(db, message.requestId) : undefined;
      if (row?.state === 'sent')
        await requests.systemTransition(
          row.id,
          'received',
          'signed receipt of the recipient node',
          undefined,
          new Date(receipt.receivedAt),
        );
    },
  });
  const sweep = createDeadlineSweep({ ...deps, registry, requests });

  return {
    registry,
    settings: deps.settings,
    requests,
    sweep,
    dispatch: async () => {
      const { delivered, failed } = await dispatch();
      return { delivered, failed };
    },
    async dispatchNow(actor, options = {}) {
      requireRole(actor, 'admin');
      const result = await dispatch(options);
      await inWriteTransaction(deps.db, deps.capabilities, (trx) =>
        deps.audit.append(trx, actor, {
          action: 'cooperation.dispatch',
          target: 'outbox',
          details: {
            delivered: result.delivered,
            failed: result.failed,
            ignoreBackoff: options.ignoreBackoff === true,
          },
        }),
      );
      return result;
    },
    async outbox(actor, options = {}) {
      requireRole(actor, 'admin');
      return undeliveredOutbox(db, {
        failed: options.failed === true,
        limit: Math.min(Math.max(options.limit ?? 500, 1), 5000),
      });
    },
    async recipients() {
      return listRecipients(deps.db, exchange ? await exchange.peers() : []);
    },
    receive(peer, envelope) {
      return receiveMessage(
        {
          ...deps,
          definitionOf: (code) => {
            const def = registry.get(code);
            if (!def) throw new DomainError('NH_ERR_VALIDATION', `unknown request type "${code}"`);
            return def;
          },
          identity: async () => (exchange ? exchange.identity() : null),
        },
        peer,
        envelope,
      );
    },
    async metrics(actor) {
      const sideOf = (requesterOrgId: string): PartySide =>
        requesterOrgId === actor.organizationId ? 'requester' : 'recipient';
      // Every request of the organisation (not a page of them), as the list would show them.
      const mine = (await metricsRows(db, actor.organizationId))
        .map((r) => ({
          ...r,
          side: sideOf(r.requester_org_id),
        }))
        .filter((r) => mayRead(r.side, confidentialityOf(r), actor));
      const counterpartOf = (r: (typeof mine)[number]) =>
        r.side === 'requester' ? r.recipient_org_id : r.requester_org_id;
      const counterpartIds = [
        ...new Set(mine.map(counterpartOf).filter((x): x is string => x !== null)),
      ];
      const orgs = await repo.organizations(db, counterpartIds);
      return cooperationMetrics(
        mine.map((r) => {
          const counterpartId = counterpartOf(r);
          return {
            id: r.id,
            type: r.type,
            direction: r.side === 'requester' ? 'sent' : 'received',
            counterpartId,
            counterpartCountry: orgs.find((o) => o.id === counterpartId)?.country ?? null,
            receivedAt: r.received_at,
            acknowledgedAt: r.acknowledged_at,
            closedAt: r.closed_at,
            state: r.state,
            grounds: r.grounds,
            overdue: r.overdue,
          };
        }),
      );
    },
    start(onError) {
      report = onError;
      if (timer || deps.settings.sweepIntervalMs <= 0) return;
      timer = setInterval(() => {
        running = running
          .then(async () => {
            await dispatch();
            await sweep();
          })
          .catch(onError);
      }, deps.settings.sweepIntervalMs);
      timer.unref();
      kick();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await running.catch(() => undefined);
    },
  };
}
