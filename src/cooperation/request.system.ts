import type { Kysely } from 'kysely';
import type { AuditLog } from '../audit/audit.service.js';
import type { Actor } from '../platform/actor.js';
import type { Database } from '../platform/database/schema.js';
import { DomainError, notFound } from '../platform/errors.js';
import type { Clock, RandomSource } from '../platform/ports.js';
import type { CooperationSettings } from './cooperation.settings.js';
import { withCooperationTables } from './cooperation.tables.js';
import type { RequestDefinition } from './definitions/definition.schema.js';
import { requestRepository as repo } from './request.repository.js';
import { applyTransition } from './request.workflow.js';
import { findTransition } from './state-machine.js';

/** The service actor of the node's own steps (delivery, clocks); it appears in the audit chain. */
export const cooperationSystemActor = (organizationId: string): Actor => ({
  kind: 'service',
  name: 'cooperation-clock',
  organizationId,
  role: 'contact-point',
});

/**
 * A step the node itself takes (`system` side of the definition), inside the caller's
 * transaction: delivery by the transport (`received`, acting for the recipient), a clock running
 * out (acting for the requester). A follow-up reaching the definition's `followUp.on` state moves
 * the request it names (same recipient, in one of the `from` states) to `parentTo` — an R6 or R1
 * received holds its R4's preservation (BC Art 29(7)). Refused when the definition has no such
 * system step.
 */
export async function systemStep(
  trx: Kysely<Database>,
  deps: {
    readonly audit: AuditLog;
    readonly random: RandomSource;
    readonly clock: Clock;
    readonly settings: CooperationSettings;
    definitionOf(code: string): RequestDefinition;
  },
  step: {
    readonly id: string;
    readonly to: string;
    readonly reason: string;
    /** When the step happened, if not now: the time of a signed receipt. */
    readonly at?: Date;
  },
): Promise<void> {
  const db = withCooperationTables(trx);
  const workflow = { audit: deps.audit, random: deps.random, settings: deps.settings };
  const row = await repo.get(db, step.id);
  if (!row) throw notFound('request', step.id);
  const def = deps.definitionOf(row.type);
  const found = findTransition(def, row.state, step.to, 'system');
  if (!found.ok) throw new DomainError('NH_ERR_CONFLICT', found.message);
  const actor = cooperationSystemActor(
    step.to === 'received' ? row.recipient_org_id! : row.requester_org_id,
  );
  const at = step.at ?? deps.clock.now();
  await applyTransition(trx, workflow, {
    def,
    row,
    transition: found.transition,
    actor,
    at,
    reason: step.reason,
    ground: null,
    files: [],
  });
  if (!def.followUp || def.followUp.on !== step.to) return;
  const parentId = (JSON.parse(row.fields) as Record<string, unknown>)[def.followUp.field];
  const parent = typeof parentId === 'string' ? await repo.get(db, parentId) : undefined;
  if (!parent || !def.followUp.from.includes(parent.state)) return;
  if (parent.recipient_org_id !== row.recipient_org_id) return;
  const pdef = deps.definitionOf(parent.type);
  const next = findTransition(pdef, parent.state, def.followUp.parentTo, 'system');
  if (!next.ok) return;
  await applyTransition(trx, workflow, {
    def: pdef,
    row: parent,
    transition: next.transition,
    actor,
    at,
    reason: `follow-up ${row.type} ${row.id} received`,
    ground: null,
    files: [],
  });
}
