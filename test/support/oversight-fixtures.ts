import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { caseDb } from '../../src/cases/case.tables.js';
import { withCooperationTables } from '../../src/cooperation/cooperation.tables.js';
import type { Database } from '../../src/platform/database/schema.js';

/**
 * Rows of legal requests and cases as their services leave them at the end of a workflow,
 * written directly so retention and the transparency report can be tested at chosen dates
 * (the workflows themselves are tested in cooperation.http.test.ts and cases.http.test.ts).
 */
export async function insertRequest(
  db: Kysely<Database>,
  r: {
    type: string;
    state: string;
    requesterOrgId: string;
    recipientOrgId: string | null;
    urgency?: string;
    fields?: Record<string, unknown>;
    receivedAt?: string | null;
    acknowledgedAt?: string | null;
    closedAt?: string | null;
    createdAt: string;
    ground?: string;
  },
): Promise<string> {
  const id = randomUUID();
  const t = withCooperationTables(db);
  await t
    .insertInto('cooperation_requests')
    .values({
      id,
      type: r.type,
      state: r.state,
      urgency: r.urgency ?? 'normal',
      channel: '24_7',
      requester_org_id: r.requesterOrgId,
      recipient_org_id: r.recipientOrgId,
      parent_id: null,
      fields: JSON.stringify(r.fields ?? {}),
      created_by: 'user:fixture',
      created_by_user: null,
      handled_by_user: null,
      created_at: r.createdAt,
      updated_at: r.closedAt ?? r.createdAt,
      sent_at: r.createdAt,
      received_at: r.receivedAt ?? null,
      acknowledged_at: r.acknowledgedAt ?? null,
      closed_at: r.closedAt ?? null,
      confidential: 0,
      handlers: null,
    })
    .execute();
  await t
    .insertInto('cooperation_transitions')
    .values({
      id: randomUUID(),
      request_id: id,
      seq: 1,
      from_state: 'draft',
      to_state: r.state,
      actor: 'user:fixture',
      actor_user: null,
      actor_org_id: r.recipientOrgId,
      at: r.closedAt ?? r.createdAt,
      reason: 'account holder alice@example.org',
      ground: r.ground ?? null,
    })
    .execute();
  return id;
}

export async function insertCase(
  db: Kysely<Database>,
  c: { ownerOrgId: string; title: string; closedAt: string | null; links?: string[] },
): Promise<string> {
  const id = randomUUID();
  const t = caseDb(db);
  await t
    .insertInto('cases')
    .values({
      id,
      reference: `CASE-${id.slice(0, 8)}`,
      title: c.title,
      owner_org_id: c.ownerOrgId,
      status: c.closedAt ? 'closed' : 'open',
      closed_reason: c.closedAt ? 'solved' : null,
      closed_at: c.closedAt,
      created_by: 'user:fixture',
      created_at: '2026-01-01T00:00:00.000Z',
      updated_at: c.closedAt ?? '2026-01-01T00:00:00.000Z',
    })
    .execute();
  for (const target of c.links ?? [])
    await t
      .insertInto('case_links')
      .values({
        case_id: id,
        kind: 'request',
        target_id: target,
        added_by: 'user:fixture',
        added_at: '2026-01-01T00:00:00.000Z',
      })
      .execute();
  return id;
}
