import type { Kysely } from 'kysely';
import type { AuditLog } from '../audit/audit.service.js';
import { actorLabel, type Actor } from '../platform/actor.js';
import type { DialectCapabilities } from '../platform/database/capabilities.js';
import type { Database } from '../platform/database/schema.js';
import { inWriteTransaction } from '../platform/database/write-transaction.js';
import { DomainError, notFound, type ErrorDetail } from '../platform/errors.js';
import type { Clock, RandomSource } from '../platform/ports.js';
import { CHANNELS, URGENCIES, type Channel, type Urgency } from './code-lists.js';
import type { CooperationSettings } from './cooperation.settings.js';
import { withCooperationTables, type RequestRow } from './cooperation.tables.js';
import type { DefinitionRegistry } from './definition-registry.js';
import type { RequestDefinition } from './definitions/definition.schema.js';
import {
  approverRoles,
  narrowedRoles,
  confidentialityOf,
  heldRoles,
  mayRead,
  recipientFits,
  sideOf,
  type PartySide,
} from './request.access.js';
import { lateStepProblem } from './transition-window.js';
import { requestRepository as repo } from './request.repository.js';
import { fileCustodyView } from './package-custody.js';
import { referencedIds, validateDraft, type RequestProblem } from './request-validation.js';
import { requestView, timelineRows, type RequestView, type TimelineView } from './request.view.js';
import { applyTransition } from './request.workflow.js';
import { stepInput } from './step-input.js';
import { keepSealedValues } from '../privacy/personal-data.js';
import { systemStep } from './request.system.js';
import { findTransition } from './state-machine.js';
import { openFile } from './sealed-files.js';

export interface RequestServiceDeps {
  readonly db: Kysely<Database>;
  readonly capabilities: DialectCapabilities;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly registry: DefinitionRegistry;
  readonly settings: CooperationSettings;
  /** Called after a commit that put messages into the outbox (to dispatch them soon). */
  readonly onOutbox?: () => void;
  /**
   * Organisations hosted by peer nodes (the exchange of legal requests, issue 7 item 5): a
   * recipient that is not on this node must be one of them. Absent: local recipients only.
   */
  readonly remoteOrganization?: (
    id: string,
  ) => Promise<{ readonly id: string; readonly name: string; readonly country: string } | null>;
}

/** BC Art 27(8) marking of a draft: confidential, and the recipient's handlers (user names). */
export interface ConfidentialityInput {
  readonly confidential?: boolean;
  readonly handlers?: readonly string[];
}

export interface DraftInput extends ConfidentialityInput {
  readonly type: string;
  readonly urgency?: string;
  readonly channel?: string;
  readonly recipientOrganizationId?: string | null;
  readonly parentId?: string | null;
  readonly fields?: Readonly<Record<string, unknown>>;
}

export interface DraftUpdate extends ConfidentialityInput {
  readonly urgency?: string;
  readonly channel?: string;
  readonly recipientOrganizationId?: string | null;
  readonly fields?: Readonly<Record<string, unknown>>;
}

export interface TransitionInput {
  readonly to: string;
  readonly reason?: string | null;
  readonly ground?: string | null;
  /** A data package: files with base64 content. */
  readonly files?: readonly { name: string; mediaType: string; contentBase64: string }[];
}

export interface ListQuery {
  /** `inbox` (addressed to the actor's organisation), `outbox` (sent by it), `provider` (its provider inbox), or all. */
  readonly box?: 'inbox' | 'outbox' | 'provider';
  readonly type?: string;
  readonly state?: string;
  readonly overdue?: boolean;
  readonly limit?: number;
}

export interface RequestService {
  definitions(): readonly RequestDefinition[];
  definition(code: string): RequestDefinition;
  validate(actor: Actor, input: DraftInput): Promise<RequestProblem[]>;
  create(actor: Actor, input: DraftInput): Promise<RequestView>;
  update(actor: Actor, id: string, input: DraftUpdate): Promise<RequestView>;
  transition(actor: Actor, id: string, input: TransitionInput): Promise<RequestView>;
  list(actor: Actor, query: ListQuery): Promise<RequestView[]>;
  get(actor: Actor, id: string): Promise<RequestView & { timeline: TimelineView }>;
  /** The content of one file of a data package (base64), for the request's parties. */
  file(
    actor: Actor,
    id: string,
    fileId: string,
  ): Promise<{ name: string; mediaType: string; content: Buffer }>;
  /**
   * A transition the node itself takes (`system` side): delivery by the transport, a clock
   * running out, a follow-up arriving. Refused when the definition has no such system step.
   */
  systemTransition(
    id: string,
    to: string,
    reason: string,
    executor?: Kysely<Database>,
    /** When it happened, if not now (the time of a signed receipt). */
    at?: Date,
  ): Promise<void>;
}

function invalid(message: string, details: readonly ErrorDetail[] = []): DomainError {
  return new DomainError('NH_ERR_VALIDATION', message, details);
}

/** The stored marking of a draft's confidentiality; a confidential one names its handlers. */
function confidentialityColumns(input: ConfidentialityInput, current?: RequestRow) {
  const confidential = input.confidential ?? Number(current?.confidential ?? 0) === 1;
  const handlers = input.handlers
    ? [...new Set(input.handlers)]
    : current?.handlers
      ? (JSON.parse(current.handlers) as string[])
      : [];
  if (confidential && handlers.length === 0)
    throw invalid('a confidential request (BC Art 27(8)) names at least one handler', [
      { path: '/handlers', message: 'is required when confidential' },
    ]);
  return {
    confidential: confidential ? 1 : 0,
    handlers: handlers.length > 0 ? JSON.stringify(handlers) : null,
  };
}

/** The request a follow-up names in its `followUp.field` (checked by validation), if any. */
function followUpOf(def: RequestDefinition, fields: Record<string, unknown>): string | null {
  const v = def.followUp ? fields[def.followUp.field] : undefined;
  return typeof v === 'string' ? v : null;
}

const problemDetails = (ps: readonly RequestProblem[]): ErrorDetail[] =>
  ps.map((p) => ({ path: `/fields/${p.field}`, message: p.message }));

/**
 * Legal cooperation requests of one node (issue 7, items 2, 3, 5, 6): drafts checked against
 * their definition, transitions per the definition's state machine and roles, four-eyes
 * approval, the outbox for the transport, data packages. An organisation sees only its own
 * requests (sent, or delivered to it).
 */
export function createRequestService(deps: RequestServiceDeps): RequestService {
  const { registry, settings, clock } = deps;
  const db = withCooperationTables(deps.db);

  function definitionOf(code: string): RequestDefinition {
    const def = registry.get(code);
    if (!def)
      throw invalid(
        `unknown request type "${code}" (known: ${registry.all.map((d) => d.code).join(', ')})`,
        [{ path: '/type', message: 'unknown request type' }],
      );
    return def;
  }

  async function orgOf(id: string) {
    const org = await repo.organization(db, id);
    if (!org) throw notFound('organisation', id);
    return org;
  }

  /** The request, if the actor's organisation is a party that may see it; else not found. */
  async function visible(actor: Actor, id: string): Promise<{ row: RequestRow; side: PartySide }> {
    const row = /^[0-9a-f-]{36}$/.test(id) ? await repo.get(db, id) : undefined;
    const side = row
      ? sideOf(
          {
            requesterOrgId: row.requester_org_id,
            recipientOrgId: row.recipient_org_id,
            delivered: row.received_at !== null,
          },
          actor.organizationId,
        )
      : null;
    if (!row || !side || !mayRead(side, confidentialityOf(row), actor))
      throw notFound('request', id);
    return { row, side };
  }

  /** The references of a draft the actor's organisation may see, with their types. */
  async function references(actor: Actor, def: RequestDefinition, fields: Record<string, unknown>) {
    const rows = await repo.getMany(db, [...new Set(referencedIds(def, fields))]);
    return new Map(
      rows
        .filter(
          (r) =>
            sideOf(
              {
                requesterOrgId: r.requester_org_id,
                recipientOrgId: r.recipient_org_id,
                delivered: r.received_at !== null,
              },
              actor.organizationId,
            ) !== null,
        )
        .map((r) => [r.id, { type: r.type }]),
    );
  }

  function urgencyOf(def: RequestDefinition, v: string | undefined): Urgency {
    const u = v ?? def.urgencies[0]!;
    if (!(URGENCIES as readonly string[]).includes(u))
      throw invalid(`urgency must be one of ${URGENCIES.join(', ')}`, [
        { path: '/urgency', message: 'unknown urgency' },
      ]);
    return u as Urgency;
  }

  function channelOf(def: RequestDefinition, v: string | undefined): Channel {
    const c = v ?? def.channels[0]!;
    if (!(CHANNELS as readonly string[]).includes(c))
      throw invalid(`channel must be one of ${CHANNELS.join(', ')}`, [
        { path: '/channel', message: 'unknown channel' },
      ]);
    return c as Channel;
  }

  async function problemsOf(
    actor: Actor,
    def: RequestDefinition,
    row: Pick<RequestRow, 'urgency' | 'channel' | 'fields'>,
  ) {
    const fields = JSON.parse(row.fields) as Record<string, unknown>;
    return validateDraft(
      def,
      { urgency: row.urgency as Urgency, channel: row.channel as Channel, fields },
      await references(actor, def, fields),
    );
  }

  async function checkRecipient(
    actor: Actor,
    def: RequestDefinition,
    recipient: string | null | undefined,
  ) {
    if (def.recipientKind === 'none') {
      if (recipient)
        throw invalid(`${def.code} is a record: it has no recipient`, [
          { path: '/recipientOrganizationId', message: 'must be empty' },
        ]);
      return null;
    }
    if (!recipient) return null;
    if (recipient === actor.organizationId)
      throw invalid('the recipient must be another organisation', [
        { path: '/recipientOrganizationId', message: 'is your own organisation' },
      ]);
    const org = await repo.organization(db, recipient);
    // A peer node's organisation: its kind is checked by its node when the request arrives.
    if (!org && deps.remoteOrganization && (await deps.remoteOrganization(recipient)))
      return recipient;
    // An unknown recipient and one of the wrong kind are told apart only by kind, never by existence elsewhere.
    if (!org || !recipientFits(def, org.sector))
      throw invalid(
        `recipientOrganizationId must be ${def.recipientKind === 'provider' ? 'a service provider (industry) organisation' : 'an authority'} on this node or a peer node`,
        [{ path: '/recipientOrganizationId', message: `not a ${def.recipientKind} recipient` }],
      );
    return recipient;
  }

  async function loadViews(rows: readonly RequestRow[], organizationId: string) {
    const deadlines = await repo.deadlines(
      db,
      rows.map((r) => r.id),
    );
    return rows.map((r) =>
      requestView(
        r,
        r.requester_org_id === organizationId ? 'requester' : 'recipient',
        deadlines.filter((d) => d.request_id === r.id),
      ),
    );
  }

  async function viewOf(actor: Actor, row: RequestRow) {
    return (await loadViews([row], actor.organizationId))[0]!;
  }

  return {
    definitions: () => registry.all,
    definition(code) {
      const def = registry.get(code);
      if (!def) throw notFound('request type', code);
      return def;
    },

    async validate(actor, input) {
      const def = definitionOf(input.type);
      const fields = { ...(input.fields ?? {}) };
      return validateDraft(
        def,
        { urgency: urgencyOf(def, input.urgency), channel: channelOf(def, input.channel), fields },
        await references(actor, def, fields),
      );
    },

    async create(actor, input) {
      const def = definitionOf(input.type);
      const org = await orgOf(actor.organizationId);
      if (heldRoles(actor, org.sector, def.senders, settings).length === 0)
        throw new DomainError(
          'NH_ERR_FORBIDDEN',
          `${def.code} is sent by ${def.senders.join(', ')}; ${actorLabel(actor)} (${actor.role}) holds none of these roles`,
        );
      const fields: Record<string, unknown> = { ...(input.fields ?? {}) };
      let recipient = await checkRecipient(actor, def, input.recipientOrganizationId);
      let parentId: string | null = null;
      if (def.parentType) {
        if (!input.parentId)
          throw invalid(
            `${def.code} is created from a ${def.parentType} request: parentId is required`,
            [{ path: '/parentId', message: 'is required' }],
          );
        const { row: parent, side } = await visible(actor, input.parentId);
        if (parent.type !== def.parentType || side !== 'recipient')
          throw invalid(
            `parentId must be a ${def.parentType} request addressed to your organisation`,
            [{ path: '/parentId', message: `not a ${def.parentType} you execute` }],
          );
        parentId = parent.id;
        recipient = parent.requester_org_id;
        const refField = def.fields.find(
          (f) => f.type === 'reference' && f.referenceTypes?.includes(def.parentType!),
        );
        if (refField) fields[refField.code] = parent.id;
      } else if (input.parentId) {
        throw invalid(`${def.code} has no parent request`, [
          { path: '/parentId', message: 'must be empty' },
        ]);
      }
      const draft = {
        urgency: urgencyOf(def, input.urgency),
        channel: channelOf(def, input.channel),
        fields,
      };
      const bad = validateDraft(def, draft, await references(actor, def, fields)).filter(
        (p) => p.kind !== 'missing',
      );
      if (bad.length > 0)
        throw invalid(
          `the ${def.code} draft has ${bad.length} invalid field(s): ${bad[0]!.message}`,
          problemDetails(bad),
        );
      // A follow-up (an R6 or R1 naming its R4) is linked to the request it names.
      if (def.followUp) parentId = followUpOf(def, fields);
      const now = clock.now().toISOString();
      const row: RequestRow = {
        id: deps.random.uuid(),
        type: def.code,
        state: 'draft',
        urgency: draft.urgency,
        channel: draft.channel,
        requester_org_id: actor.organizationId,
        recipient_org_id: recipient,
        parent_id: parentId,
        fields: JSON.stringify(fields),
        created_by: actorLabel(actor),
        created_by_user: actor.kind === 'user' ? actor.userId : null,
        handled_by_user: null,
        created_at: now,
        updated_at: now,
        sent_at: null,
        received_at: null,
        acknowledged_at: null,
        closed_at: null,
        ...confidentialityColumns(input),
      };
      await inWriteTransaction(deps.db, deps.capabilities, async (trx) => {
        const t = withCooperationTables(trx);
        await repo.insert(t, row);
        await repo.insertTransition(t, {
          id: deps.random.uuid(),
          request_id: row.id,
          seq: 1,
          from_state: null,
          to_state: 'draft',
          actor: actorLabel(actor),
          actor_user: actor.kind === 'user' ? actor.userId : null,
          actor_org_id: actor.organizationId,
          at: now,
          reason: null,
          ground: null,
        });
        await deps.audit.append(trx, actor, {
          action: 'cooperation.create',
          target: row.id,
          details: { type: def.code, recipient, parent: parentId },
        });
      });
      return viewOf(actor, row);
    },

    async update(actor, id, input) {
      const { row, side } = await visible(actor, id);
      const def = definitionOf(row.type);
      if (side !== 'requester' || row.state !== 'draft')
        throw new DomainError(
          'NH_ERR_CONFLICT',
          `only a draft can be changed, by its requesting organisation; this ${def.code} is ${row.state}`,
        );
      const stored = JSON.parse(row.fields) as Record<string, unknown>;
      const fields = input.fields ? keepSealedValues(input.fields, stored) : stored;
      if (def.parentType && row.parent_id) {
        const refField = def.fields.find(
          (f) => f.type === 'reference' && f.referenceTypes?.includes(def.parentType!),
        );
        if (refField) fields[refField.code] = row.parent_id;
      }
      const recipient =
        input.recipientOrganizationId === undefined || def.parentType
          ? row.recipient_org_id
          : await checkRecipient(actor, def, input.recipientOrganizationId);
      const draft = {
        urgency: urgencyOf(def, input.urgency ?? row.urgency),
        channel: channelOf(def, input.channel ?? row.channel),
        fields,
      };
      const bad = validateDraft(def, draft, await references(actor, def, fields)).filter(
        (p) => p.kind !== 'missing',
      );
      if (bad.length > 0)
        throw invalid(
          `the ${def.code} draft has ${bad.length} invalid field(s): ${bad[0]!.message}`,
          problemDetails(bad),
        );
      const patch = {
        urgency: draft.urgency,
        channel: draft.channel,
        fields: JSON.stringify(fields),
        recipient_org_id: recipient,
        ...(def.followUp ? { parent_id: followUpOf(def, fields) } : {}),
        updated_at: clock.now().toISOString(),
        ...confidentialityColumns(input, row),
      };
      await inWriteTransaction(deps.db, deps.capabilities, async (trx) => {
        await repo.update(withCooperationTables(trx), id, patch);
        await deps.audit.append(trx, actor, {
          action: 'cooperation.update',
          target: id,
          details: { type: def.code },
        });
      });
      return viewOf(actor, { ...row, ...patch });
    },

    async transition(actor, id, input) {
      const { row, side } = await visible(actor, id);
      const def = definitionOf(row.type);
      if (row.state === 'withdrawn' && side === 'recipient')
        throw new DomainError(
          'NH_ERR_CONFLICT',
          `the ${def.code} request was withdrawn by its sender: no response is accepted`,
        );
      const found = findTransition(def, row.state, input.to, side);
      if (!found.ok)
        throw new DomainError('NH_ERR_CONFLICT', found.message, [
          { path: '/to', message: `allowed: ${found.allowed.join(', ') || 'none'}` },
        ]);
      const tr = found.transition;
      const late = lateStepProblem(def, tr, row.received_at, clock.now());
      if (late) throw new DomainError('NH_ERR_CONFLICT', late);
      const org = await orgOf(actor.organizationId);
      const { roles, articles } = narrowedRoles(
        tr,
        tr.fourEyes ? approverRoles(def, org.country, tr.roles, settings) : tr.roles,
        JSON.parse(row.fields) as Record<string, unknown>,
      );
      if (heldRoles(actor, org.sector, roles, settings).length === 0)
        throw new DomainError(
          'NH_ERR_FORBIDDEN',
          `${def.code} ${row.state} → ${tr.to} is taken by ${roles.join(', ') || 'no role'}${articles.length > 0 ? ` (${articles.join('; ')})` : ''}; ${actorLabel(actor)} (${actor.role}) holds none of these roles`,
        );
      if (tr.fourEyes) {
        const history = await repo.transitions(db, id);
        const others = new Set([
          row.created_by,
          ...history
            .filter((h) => h.to_state === 'pending_approval' || h.to_state === 'acknowledged')
            .map((h) => h.actor),
        ]);
        if (others.has(actorLabel(actor)))
          throw new DomainError(
            'NH_ERR_FORBIDDEN',
            `four-eyes: ${actorLabel(actor)} drafted, submitted or handled this ${def.code}; another person must take ${tr.to}`,
          );
      }
      if (tr.requiresComplete) {
        const problems = await problemsOf(actor, def, row);
        if (problems.length > 0)
          throw invalid(
            `the ${def.code} request cannot go to ${tr.to}: ${problems.map((p) => p.message).join('; ')}`,
            problemDetails(problems),
          );
        if (def.recipientKind !== 'none' && row.recipient_org_id === null)
          throw invalid(`the ${def.code} request names no recipient`, [
            { path: '/recipientOrganizationId', message: 'is required' },
          ]);
      }
      const { reason, ground, files } = stepInput(tr, input);
      const at = clock.now();
      const updated = await inWriteTransaction(deps.db, deps.capabilities, async (trx) => {
        const fresh = await repo.get(withCooperationTables(trx), id);
        if (!fresh || fresh.state !== row.state)
          throw new DomainError(
            'NH_ERR_CONFLICT',
            `the request changed meanwhile (now ${fresh?.state}); reload it`,
          );
        return applyTransition(
          trx,
          { audit: deps.audit, random: deps.random, settings },
          { def, row: fresh, transition: tr, actor, at, reason, ground, files },
        );
      });
      if (tr.outbox) deps.onOutbox?.();
      return viewOf(actor, updated);
    },

    async list(actor, query) {
      const limit = Math.min(Math.max(query.limit ?? 100, 1), 500);
      let box: 'inbox' | 'outbox' | 'all' =
        query.box === 'outbox' ? 'outbox' : query.box ? 'inbox' : 'all';
      if (query.box === 'provider') {
        const org = await orgOf(actor.organizationId);
        if (org.sector !== 'industry')
          throw new DomainError(
            'NH_ERR_FORBIDDEN',
            'the provider inbox is for service-provider (industry) organisations',
          );
        box = 'inbox';
      }
      let rows = await repo.listFor(db, actor.organizationId, box, {
        type: query.type,
        state: query.state,
        limit,
      });
      if (query.box === 'provider') {
        const providerTypes = new Set(
          registry.all.filter((d) => d.recipientKind === 'provider').map((d) => d.code),
        );
        rows = rows.filter((r) => providerTypes.has(r.type));
      }
      rows = rows.filter((r) =>
        mayRead(
          r.requester_org_id === actor.organizationId ? 'requester' : 'recipient',
          confidentialityOf(r),
          actor,
        ),
      );
      const views = await loadViews(rows, actor.organizationId);
      return query.overdue === undefined ? views : views.filter((v) => v.overdue === query.overdue);
    },

    async get(actor, id) {
      const { row } = await visible(actor, id);
      const [transitions, deadlines, notifications, files, outbox, inbound] = await Promise.all([
        repo.transitions(db, id),
        repo.deadlines(db, [id]),
        repo.notifications(db, id),
        repo.files(db, id),
        repo.outboxOf(db, id),
        repo.inboundOf(db, id),
      ]);
      const view = requestView(
        row,
        row.requester_org_id === actor.organizationId ? 'requester' : 'recipient',
        deadlines,
      );
      // Each side sees the reminders and escalations of the clocks it must act on.
      const partyOf = new Map(deadlines.map((d) => [d.id, d.party]));
      const mineOnly = notifications.filter((n) => partyOf.get(n.deadline_id) === view.side);
      return {
        ...view,
        timeline: {
          ...timelineRows(transitions, mineOnly, deadlines),
          files: files.map((f) => ({
            id: f.id,
            name: f.name,
            mediaType: f.media_type,
            sha256: f.sha256,
            size: Number(f.size),
            at: f.created_at,
            custody: fileCustodyView(f.custody, { sha256: f.sha256, size: Number(f.size) }),
          })),
          outbox: outbox.map((o) => ({
            id: o.id,
            state: (JSON.parse(o.message) as { state: string }).state,
            createdAt: o.created_at,
            deliveredAt: o.delivered_at,
            attempts: Number(o.attempts),
            lastError: o.last_error,
            nextAttemptAt: o.next_attempt_at,
            refusedAt: o.refused_at,
            receiptAt: o.receipt_at,
            receipt: o.receipt,
          })),
          receipts: inbound.map((m) => ({
            messageId: m.message_id,
            state: m.state,
            fromNodeId: m.from_node_id,
            receivedAt: m.received_at,
            digest: m.digest,
            receipt: m.receipt,
          })),
        },
      };
    },

    async file(actor, id, fileId) {
      await visible(actor, id);
      const f = await db
        .selectFrom('cooperation_files')
        .select(['id', 'name', 'media_type', 'content'])
        .where('request_id', '=', id)
        .where('id', '=', fileId)
        .executeTakeFirst()
        .then((r) => r && openFile(db, id, r));
      if (!f) throw notFound('file', fileId);
      return { name: f.name, mediaType: f.media_type, content: Buffer.from(f.content, 'base64') };
    },

    async systemTransition(id, to, reason, executor, at) {
      const run = (trx: Kysely<Database>) =>
        systemStep(trx, { ...deps, definitionOf }, { id, to, reason, at });
      if (executor) await run(executor);
      else await inWriteTransaction(deps.db, deps.capabilities, run);
    },
  };
}
