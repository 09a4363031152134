import type { Kysely } from 'kysely';
import type { CooperationDeadlineEvent } from '../notify/event-bus.js';
import type { Database } from '../platform/database/schema.js';
import { withCooperationTables } from './cooperation.tables.js';
import { sideOf } from './request.access.js';

/**
 * What the live stream sends for a `cooperation.deadline` event (`event: deadline`), and who
 * may receive it: the users the notice names, each only while their organisation is still a
 * party that may see the request (the same rule as every read of a request).
 */
export async function deadlineNotice(
  db: Kysely<Database>,
  event: CooperationDeadlineEvent,
): Promise<{
  content: string;
  mayReceive(userId: string, organizationId: string): boolean;
} | null> {
  const c = withCooperationTables(db);
  const request = await c
    .selectFrom('cooperation_requests')
    .select(['id', 'type', 'state', 'requester_org_id', 'recipient_org_id', 'received_at'])
    .where('id', '=', event.requestId)
    .executeTakeFirst();
  if (!request) return null;
  const deadline = await c
    .selectFrom('cooperation_deadlines')
    .select(['code', 'rule', 'status', 'due_at', 'zone'])
    .where('request_id', '=', event.requestId)
    .where('code', '=', event.deadline)
    .executeTakeFirst();
  if (!deadline) return null;
  const users = new Set(event.userIds);
  const parties = {
    requesterOrgId: request.requester_org_id,
    recipientOrgId: request.recipient_org_id,
    delivered: request.received_at !== null,
  };
  return {
    content: JSON.stringify({
      notice: event.notice,
      request: { id: request.id, type: request.type, state: request.state },
      deadline: {
        code: deadline.code,
        rule: deadline.rule,
        status: deadline.status,
        dueAt: deadline.due_at,
        zone: deadline.zone,
      },
    }),
    mayReceive: (userId, organizationId) =>
      users.has(userId) && sideOf(parties, organizationId) !== null,
  };
}
