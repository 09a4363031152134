import { createHash } from 'node:crypto';
import type { AuditLog } from '../audit/audit.service.js';
import { actorLabel, type Actor } from '../platform/actor.js';
import type { Kysely } from 'kysely';
import type { Database } from '../platform/database/schema.js';
import type { RandomSource } from '../platform/ports.js';
import { FALLBACK_CALENDAR } from './calendar.js';
import { clockActions } from './clock-rules.js';
import type { CooperationSettings } from './cooperation.settings.js';
import { withCooperationTables, type RequestRow } from './cooperation.tables.js';
import type { RequestDefinition, TransitionDefinition } from './definitions/definition.schema.js';
import type { Urgency } from './code-lists.js';
import { peerRepository } from '../federation/peer.repository.js';
import { requestRepository as repo } from './request.repository.js';
import { isTerminal } from './state-machine.js';
import type { OutboxMessage } from './request.transport.js';
import type { CustodyRecord } from '../cases/custody-chain.js';
import { appendCustody } from './package-custody.js';

/** A file of a data package, decoded. */
export interface PackageFile {
  readonly name: string;
  readonly mediaType: string;
  readonly content: Buffer;
  /**
   * The file's chain of custody when it arrives from another node (checked, and continued with
   * this node's receipt); absent, the chain starts here with its acquisition in this step.
   */
  readonly custody?: readonly CustodyRecord[];
}

export interface TransitionStep {
  readonly def: RequestDefinition;
  readonly row: RequestRow;
  readonly transition: TransitionDefinition;
  readonly actor: Actor;
  readonly at: Date;
  readonly reason: string | null;
  readonly ground: string | null;
  readonly files: readonly PackageFile[];
  /**
   * The step was taken by the other party on its node and arrives by the exchange: it is
   * recorded here without a message back into the outbox.
   */
  readonly mirrored?: boolean;
}

export interface WorkflowDeps {
  readonly audit: AuditLog;
  readonly random: RandomSource;
  readonly settings: CooperationSettings;
}

/**
 * Applies one allowed transition inside the caller's write transaction (issue 7, items 3–4):
 * the new state and its timestamps, the timeline row, the data-package files (SHA-256 and size
 * kept), the clocks the definition starts, holds, extends or stops on entering the state, the
 * outbox message for the other party when the step is one it must learn of, and the audit
 * entry (actor, time, reason). The caller has checked that the actor may take it.
 */
export async function applyTransition(
  trx: Kysely<Database>,
  deps: WorkflowDeps,
  step: TransitionStep,
): Promise<RequestRow> {
  const db = withCooperationTables(trx);
  const { def, row, transition, actor, at } = step;
  const now = at.toISOString();
  const to = transition.to;
  const transitionId = deps.random.uuid();
  const seq = (await repo.lastSeq(db, row.id)) + 1;
  await repo.insertTransition(db, {
    id: transitionId,
    request_id: row.id,
    seq,
    from_state: row.state,
    to_state: to,
    actor: actorLabel(actor),
    actor_user: actor.kind === 'user' ? actor.userId : null,
    actor_org_id: actor.organizationId,
    at: now,
    reason: step.reason,
    ground: step.ground,
  });
  const patch: Partial<RequestRow> = { state: to, updated_at: now };
  if (to === 'sent') patch.sent_at = now;
  if (to === 'received') patch.received_at = now;
  if (to === 'acknowledged') {
    patch.acknowledged_at = now;
    if (actor.kind === 'user') patch.handled_by_user = actor.userId;
  }
  if (isTerminal(def, to)) patch.closed_at = now;
  await repo.update(db, row.id, patch);
  const updated: RequestRow = { ...row, ...patch };

  const files = step.files.map((f) => {
    const id = deps.random.uuid();
    const sha256 = createHash('sha256').update(f.content).digest('hex');
    const size = f.content.length;
    const custody =
      f.custody ??
      appendCustody(id, { sha256, size }, [], {
        at: now,
        actor: actorLabel(actor),
        organizationId: actor.organizationId,
        action: 'acquire',
        purpose: `data package of ${row.type} request ${row.id} (${to})`,
        details: null,
      });
    return {
      id,
      request_id: row.id,
      transition_id: transitionId,
      name: f.name,
      media_type: f.mediaType,
      sha256,
      size,
      content: f.content.toString('base64'),
      created_at: now,
      custody: JSON.stringify(custody),
    };
  });
  await repo.insertFiles(db, files);

  await applyClocks(trx, deps, def, updated, to, at);

  if (transition.outbox && !step.mirrored) {
    const toOrg =
      actor.organizationId === row.requester_org_id ? row.recipient_org_id : row.requester_org_id;
    if (toOrg !== null) {
      const id = deps.random.uuid();
      const message: OutboxMessage = {
        id,
        requestId: row.id,
        transitionId,
        requestType: row.type,
        state: to,
        fromOrganizationId: actor.organizationId,
        toOrganizationId: toOrg,
        at: now,
        reason: step.reason,
        ground: step.ground,
        request:
          to === 'sent'
            ? {
                urgency: row.urgency,
                channel: row.channel,
                fields: JSON.parse(row.fields) as Record<string, unknown>,
                confidential: Number(row.confidential) === 1,
                handlers: row.handlers === null ? [] : (JSON.parse(row.handlers) as string[]),
                parentId: row.parent_id,
              }
            : null,
        files: files.map((f) => ({
          name: f.name,
          mediaType: f.media_type,
          sha256: f.sha256,
          size: f.size,
        })),
      };
      await repo.insertOutbox(db, {
        id,
        request_id: row.id,
        transition_id: transitionId,
        recipient_org_id: toOrg,
        message: JSON.stringify(message),
        created_at: now,
        attempts: 0,
        delivered_at: null,
        last_error: null,
        next_attempt_at: null,
        refused_at: null,
        receipt: null,
        receipt_at: null,
      });
    }
  }

  await deps.audit.append(trx, actor, {
    action: 'cooperation.transition',
    target: row.id,
    details: {
      type: row.type,
      from: row.state,
      to,
      transition: transitionId,
      // The reason may name people: it is sealed in the transition (`personal-fields.ts`).
      ...(step.reason ? { reason: 'sealed in the transition' } : {}),
      ...(step.ground ? { ground: step.ground } : {}),
      ...(files.length > 0
        ? // File names may name people: the files are sealed (`sealed-files.ts`), not copied here.
          { files: files.map((f) => ({ sha256: f.sha256, size: f.size })) }
        : {}),
    },
  });
  return updated;
}

/**
 * The countries of the parties, whose calendars count the clocks: of this node's organisations,
 * or — for the other party of a request exchanged between nodes — as the peer hosting it
 * announced it, so that both nodes count the same clock on the same calendar.
 */
async function partyCountries(trx: Kysely<Database>, ids: readonly string[]) {
  const local = await repo.organizations(withCooperationTables(trx), ids);
  const countries = new Map(local.map((o) => [o.id, o.country]));
  if (ids.some((id) => !countries.has(id)))
    for (const peer of await peerRepository.list(trx))
      for (const o of peer.organizations)
        if (ids.includes(o.id) && !countries.has(o.id)) countries.set(o.id, o.country);
  return countries;
}

async function applyClocks(
  trx: Kysely<Database>,
  deps: WorkflowDeps,
  def: RequestDefinition,
  row: RequestRow,
  state: string,
  at: Date,
): Promise<void> {
  const db = withCooperationTables(trx);
  const stored = await repo.deadlines(db, [row.id]);
  const countries = await partyCountries(
    trx,
    [row.requester_org_id, row.recipient_org_id].filter((x): x is string => x !== null),
  );
  const countryOf = (id: string | null) => (id === null ? null : (countries.get(id) ?? null));
  const actions = clockActions(
    def,
    state,
    stored.map((d) => ({
      code: d.code,
      status: d.status as 'running',
      dueAt: new Date(d.due_at),
      extensions: Number(d.extensions),
    })),
    {
      at,
      urgency: row.urgency as Urgency,
      fields: JSON.parse(row.fields) as Record<string, unknown>,
      calendar: (side) => {
        const country = countryOf(
          side === 'requester' ? row.requester_org_id : row.recipient_org_id,
        );
        return (country ? deps.settings.calendars[country] : undefined) ?? FALLBACK_CALENDAR;
      },
    },
  );
  const now = at.toISOString();
  for (const a of actions) {
    const current = stored.find((d) => d.code === a.code);
    if (a.kind === 'start') {
      const dl = def.deadlines.find((d) => d.code === a.code)!;
      await repo.insertDeadline(db, {
        id: deps.random.uuid(),
        request_id: row.id,
        code: a.code,
        rule: dl.rule,
        party: a.party,
        status: 'running',
        started_at: now,
        due_at: a.dueAt.toISOString(),
        zone: a.zone,
        extensions: 0,
        reminded_leads: '[]',
        escalated_at: null,
        held_at: null,
        closed_at: null,
      });
    } else if (a.kind === 'stop') {
      await repo.updateDeadline(db, current!.id, { status: 'met', closed_at: now });
    } else if (a.kind === 'hold') {
      await repo.updateDeadline(db, current!.id, { status: 'held', held_at: now });
    } else {
      // An extension starts the reminders afresh and clears an overdue flag.
      await repo.updateDeadline(db, current!.id, {
        due_at: a.dueAt.toISOString(),
        extensions: Number(current!.extensions) + 1,
        status: 'running',
        reminded_leads: '[]',
        escalated_at: null,
      });
    }
  }
  // Reaching a final state closes every clock still open.
  if (isTerminal(def, state)) {
    for (const d of stored)
      if (
        ['running', 'held', 'overdue'].includes(d.status) &&
        !actions.some((a) => a.code === d.code)
      )
        await repo.updateDeadline(db, d.id, {
          status: d.status === 'overdue' ? 'overdue' : 'cancelled',
          closed_at: now,
        });
  }
}
