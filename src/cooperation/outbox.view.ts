import type { CooperationDb } from './cooperation.tables.js';

/**
 * One undelivered message of the node's outbox, for the operator (issue 7, item 5): the step
 * it carries, its recipient, how often delivery was tried, when it is tried next (back-off)
 * and the last error — or, for a message the receiving node refused for good, when and why.
 * It names no field of the request: personal data stays in the sealed message.
 */
export interface OutboxEntry {
  readonly id: string;
  readonly requestId: string;
  readonly requestType: string;
  /** The state the request moved to with this message (`sent`, `preserved`…). */
  readonly step: string;
  readonly recipientOrganizationId: string;
  readonly createdAt: string;
  readonly attempts: number;
  readonly nextAttemptAt: string | null;
  readonly lastError: string | null;
  /** `pending`: will be tried again; `failed`: refused for good by the receiving node. */
  readonly status: 'pending' | 'failed';
  readonly refusedAt: string | null;
}

/** The node's undelivered messages, oldest first: pending ones, and refused ones when asked. */
export async function undeliveredOutbox(
  db: CooperationDb,
  options: { readonly failed: boolean; readonly limit: number },
): Promise<OutboxEntry[]> {
  let q = db
    .selectFrom('cooperation_outbox as o')
    .innerJoin('cooperation_transitions as t', 't.id', 'o.transition_id')
    .innerJoin('cooperation_requests as r', 'r.id', 'o.request_id')
    .select([
      'o.id',
      'o.request_id',
      'r.type',
      't.to_state',
      'o.recipient_org_id',
      'o.created_at',
      'o.attempts',
      'o.next_attempt_at',
      'o.last_error',
      'o.refused_at',
    ])
    .where('o.delivered_at', 'is', null);
  if (!options.failed) q = q.where('o.refused_at', 'is', null);
  const rows = await q
    .orderBy('o.created_at')
    .orderBy('t.seq')
    .orderBy('o.id')
    .limit(options.limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    requestId: r.request_id,
    requestType: r.type,
    step: r.to_state,
    recipientOrganizationId: r.recipient_org_id,
    createdAt: r.created_at,
    attempts: Number(r.attempts),
    nextAttemptAt: r.next_attempt_at,
    lastError: r.last_error,
    status: r.refused_at === null ? 'pending' : 'failed',
    refusedAt: r.refused_at,
  }));
}
