import type { Kysely } from 'kysely';
import type { AuditLog } from '../audit/audit.service.js';
import type { PeerRecord } from '../federation/federation.types.js';
import type { Actor } from '../platform/actor.js';
import type { DialectCapabilities } from '../platform/database/capabilities.js';
import type { Database } from '../platform/database/schema.js';
import { inWriteTransaction } from '../platform/database/write-transaction.js';
import { DomainError } from '../platform/errors.js';
import type { Clock, RandomSource } from '../platform/ports.js';
import type { CooperationSettings } from './cooperation.settings.js';
import {
  withCooperationTables,
  type CooperationDb,
  type RequestRow,
} from './cooperation.tables.js';
import type { RequestDefinition } from './definitions/definition.schema.js';
import { EnvelopeError, digestOf, openMessage, signJws } from './exchange-envelope.js';
import { verifyPackage, type Manifest } from './exchange-manifest.js';
import { appendCustody } from './package-custody.js';
import type { CustodyRecord } from '../cases/custody-chain.js';
import { NO_ROUTE, type ExchangeIdentity, type ExchangePayload } from './exchange.types.js';
import { recipientFits } from './request.access.js';
import { requestRepository as repo } from './request.repository.js';
import { systemStep } from './request.system.js';
import { applyTransition } from './request.workflow.js';
import { findTransition, isTerminal } from './state-machine.js';
import { stepInput } from './step-input.js';

export interface InboundDeps {
  readonly db: Kysely<Database>;
  readonly capabilities: DialectCapabilities;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly settings: CooperationSettings;
  definitionOf(code: string): RequestDefinition;
  identity(): Promise<ExchangeIdentity | null>;
}

const refused = (message: string) => new DomainError('NH_ERR_VALIDATION', message);

/** The peer's service actor acting for its organisation in this node's records and audit. */
const peerActor = (peer: PeerRecord, organizationId: string): Actor => ({
  kind: 'service',
  name: `peer:${peer.descriptor.name}`,
  organizationId,
  role: 'contact-point',
});

/**
 * Receives one legal-cooperation message from an active peer (issue 7, item 5): opens the JOSE
 * envelope (this node's X25519 key, the peer's Ed25519 signature), checks that the peer hosts
 * the sending organisation and that the recipient is an organisation of this node (else
 * {@link NO_ROUTE}, whatever exists elsewhere), verifies a data package against its signed
 * manifest, then — in one transaction, once per message id — records it: a request sent
 * becomes this node's copy of the request, received now (its clocks start at this receipt),
 * linked to the copy of the request it follows up when this node holds it;
 * any other step of the other party is mirrored on the copy (a response to a request withdrawn
 * here is refused, 409). Answers with this node's signed receipt (message id, digest of the
 * signed message, time of receipt); the same message again gets the same receipt.
 */
export async function receiveMessage(
  deps: InboundDeps,
  peer: PeerRecord,
  envelope: string,
): Promise<{ receipt: string }> {
  const self = await deps.identity();
  if (!self) throw new DomainError('NH_ERR_NOT_READY', 'this node has no identity yet');
  let opened;
  try {
    opened = await openMessage({
      jwe: envelope,
      encryptionKey: self.encryption,
      senderPublicKey: peer.descriptor.publicKey,
    });
  } catch (err) {
    if (err instanceof EnvelopeError) throw refused(`the message is refused: ${err.message}`);
    throw err;
  }
  const payload = opened.payload as ExchangePayload;
  const m = payload?.message;
  if (payload?.v !== 1 || !m || typeof m.id !== 'string' || typeof m.requestId !== 'string')
    throw refused('the message is refused: not a version-1 cooperation message');
  if (payload.to?.node !== self.nodeId || payload.from?.node !== peer.nodeId)
    throw refused('the message is refused: it is addressed from or to another node');
  if (!peer.organizations.some((o) => o.id === m.fromOrganizationId))
    throw refused('the message is refused: the sending organisation is not hosted by the sender');
  const digest = digestOf(opened.jws);
  const db = withCooperationTables(deps.db);
  const before = await repo.inbound(db, m.id);
  if (before) return { receipt: before.receipt };
  const recipient = await repo.organization(db, m.toOrganizationId);
  if (!recipient) throw new DomainError('NH_ERR_NOT_FOUND', NO_ROUTE);
  const def = deps.definitionOf(m.requestType);
  const files = payload.files.map((f) => ({
    name: f.name,
    mediaType: f.mediaType,
    content: Buffer.from(f.contentBase64, 'base64'),
  }));
  let manifest: Manifest | null = null;
  if (files.length > 0 || payload.manifest !== null) {
    if (payload.manifest === null) throw refused('the message is refused: files without manifest');
    try {
      manifest = await verifyPackage(
        payload.manifest,
        peer.descriptor.publicKey,
        { requestId: m.requestId, transitionId: m.transitionId, producer: m.fromOrganizationId },
        files,
      );
    } catch (err) {
      if (err instanceof EnvelopeError) throw refused(`the message is refused: ${err.message}`);
      throw err;
    }
  }

  const now = deps.clock.now();
  const receivedAt = now.toISOString();
  // Each file's chain of custody, as the producer signed it, continued with this receipt.
  const custody = new Map<string, CustodyRecord[]>();
  for (const entry of manifest?.files ?? [])
    if (entry.custody)
      custody.set(
        entry.name,
        appendCustody(entry.name, entry, entry.custody, {
          at: receivedAt,
          actor: `node:${self.nodeId}`,
          organizationId: m.toOrganizationId,
          action: 'acquire',
          purpose: `received from node ${peer.descriptor.name}`,
          details: { fromNode: peer.nodeId, message: m.id },
        }),
      );
  const receipt = await signJws(
    'receipt',
    { messageId: m.id, digest, receivedAt, node: self.nodeId },
    self.signing,
    self.nodeId,
  );
  const actor = peerActor(peer, m.fromOrganizationId);
  await inWriteTransaction(deps.db, deps.capabilities, async (trx) => {
    const t = withCooperationTables(trx);
    if (m.state === 'sent')
      await receiveRequest(trx, t, deps, def, m, recipient.sector, actor, now);
    else await mirrorStep(trx, t, deps, def, m, actor, files, custody);
    await repo.insertInbound(t, {
      message_id: m.id,
      request_id: m.requestId,
      from_node_id: peer.nodeId,
      from_org_id: m.fromOrganizationId,
      to_org_id: m.toOrganizationId,
      state: m.state,
      jws: opened.jws,
      digest,
      received_at: receivedAt,
      receipt,
    });
    await deps.audit.append(trx, actor, {
      action: 'cooperation.receive',
      target: m.requestId,
      details: { type: m.requestType, state: m.state, message: m.id, from: peer.nodeId, digest },
    });
  });
  return { receipt };
}

/** A request sent to an organisation of this node: its copy here, received now. */
async function receiveRequest(
  trx: Kysely<Database>,
  t: CooperationDb,
  deps: InboundDeps,
  def: RequestDefinition,
  m: ExchangePayload['message'],
  recipientSector: string,
  actor: Actor,
  at: Date,
): Promise<void> {
  if (!m.request) throw refused('the message is refused: a request sent carries the request');
  if (!recipientFits(def, recipientSector))
    throw new DomainError(
      'NH_ERR_CONFLICT',
      `the recipient is not a ${def.recipientKind} recipient of ${def.code}`,
    );
  if (await repo.get(t, m.requestId))
    throw new DomainError('NH_ERR_CONFLICT', `request ${m.requestId} exists on this node already`);
  const handlers = m.request.confidential ? [...(m.request.handlers ?? [])] : [];
  const row: RequestRow = {
    id: m.requestId,
    type: def.code,
    state: 'sent',
    urgency: m.request.urgency,
    channel: m.request.channel,
    requester_org_id: m.fromOrganizationId,
    recipient_org_id: m.toOrganizationId,
    parent_id: await linkedParent(t, m),
    fields: JSON.stringify(m.request.fields),
    created_by: actor.kind === 'service' ? `service:${actor.name}` : '',
    created_by_user: null,
    handled_by_user: null,
    created_at: m.at,
    updated_at: m.at,
    sent_at: m.at,
    received_at: null,
    acknowledged_at: null,
    closed_at: null,
    confidential: m.request.confidential && handlers.length > 0 ? 1 : 0,
    handlers: handlers.length > 0 ? JSON.stringify(handlers) : null,
  };
  await repo.insert(t, row);
  await systemStep(trx, deps, {
    id: row.id,
    to: 'received',
    reason: 'received from a peer node',
    at,
  });
}

/**
 * This node's copy of the request that `m` follows up or is the child of, when it names one
 * shared by the same two organisations (whichever sent it); else none — a parent this node does
 * not hold, or one of other parties, is never linked.
 */
async function linkedParent(t: CooperationDb, m: ExchangePayload['message']) {
  const id = m.request?.parentId;
  if (typeof id !== 'string') return null;
  const parent = await repo.get(t, id);
  const parties = new Set([m.fromOrganizationId, m.toOrganizationId]);
  return parent &&
    parties.has(parent.requester_org_id) &&
    parent.recipient_org_id !== null &&
    parties.has(parent.recipient_org_id) &&
    parent.requester_org_id !== parent.recipient_org_id
    ? parent.id
    : null;
}

/** Another step of the other party, recorded on this node's copy without an echo back. */
async function mirrorStep(
  trx: Kysely<Database>,
  t: CooperationDb,
  deps: InboundDeps,
  def: RequestDefinition,
  m: ExchangePayload['message'],
  actor: Actor,
  files: { name: string; mediaType: string; content: Buffer }[],
  custody: ReadonlyMap<string, readonly CustodyRecord[]>,
): Promise<void> {
  const row = await repo.get(t, m.requestId);
  const side =
    row?.requester_org_id === m.fromOrganizationId && row.recipient_org_id === m.toOrganizationId
      ? 'requester'
      : row?.recipient_org_id === m.fromOrganizationId &&
          row.requester_org_id === m.toOrganizationId
        ? 'recipient'
        : null;
  if (!row || !side) throw new DomainError('NH_ERR_NOT_FOUND', NO_ROUTE);
  if (row.state === 'withdrawn' && side === 'recipient')
    throw new DomainError(
      'NH_ERR_CONFLICT',
      `the ${def.code} request was withdrawn by its sender: no response is accepted`,
    );
  const transition = mirroredTransition(def, row.state, m.state, side);
  const input = stepInput(transition, {
    reason: m.reason,
    ground: m.ground,
    files: files.map((f) => ({
      name: f.name,
      mediaType: f.mediaType,
      contentBase64: f.content.toString('base64'),
    })),
  });
  await applyTransition(
    trx,
    { audit: deps.audit, random: deps.random, settings: deps.settings },
    {
      def,
      row,
      transition,
      actor,
      at: new Date(m.at),
      ...input,
      files: input.files.map((f) => ({ ...f, custody: custody.get(f.name) })),
      mirrored: true,
    },
  );
}

/**
 * The step of the other side to record on this node's copy: the definition's transition from
 * the copy's state, or — since the other side's own steps that it does not send (under review,
 * executing…) never reach this copy — its transition to that state from any state, as long as
 * the copy is not closed.
 */
function mirroredTransition(
  def: RequestDefinition,
  from: string,
  to: string,
  side: 'requester' | 'recipient',
) {
  const found = findTransition(def, from, to, side);
  if (found.ok) return found.transition;
  const catchUp = def.transitions.find((t) => t.to === to && t.side === side);
  if (!catchUp || isTerminal(def, from)) throw new DomainError('NH_ERR_CONFLICT', found.message);
  return catchUp;
}
