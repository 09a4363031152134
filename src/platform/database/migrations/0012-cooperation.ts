import type { Kysely } from 'kysely';
import type { DialectCapabilities } from '../capabilities.js';

/**
 * Legal cooperation requests (issue 7): the requests of this node's organisations, their
 * transitions (the timeline), their legal clocks, the reminders and escalations those clocks
 * produced, the outbox of messages for the request transport (the exchange between nodes is
 * issue 6), and the files of data packages. Timestamps are RFC 3339 text in UTC; JSON as text.
 */
export async function up(db: Kysely<unknown>, _caps: DialectCapabilities): Promise<void> {
  await db.schema
    .createTable('cooperation_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    /** Request-type code (`R4`, `E1`…). */
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('urgency', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('requester_org_id', 'text', (c) => c.notNull())
    /** Null for a record that is not sent (R7). */
    .addColumn('recipient_org_id', 'text')
    /** The request this one is a child of (R5 → R4). */
    .addColumn('parent_id', 'text')
    /** JSON object of the form's fields. */
    .addColumn('fields', 'text', (c) => c.notNull())
    /** Actor label of the drafter, and the user id when a user drafted it. */
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_by_user', 'text')
    /** The user of the requested side who acknowledged it (responsible on that side). */
    .addColumn('handled_by_user', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addColumn('received_at', 'text')
    .addColumn('acknowledged_at', 'text')
    /** When it reached a final state. */
    .addColumn('closed_at', 'text')
    .execute();
  await db.schema
    .createIndex('cooperation_requests_requester')
    .on('cooperation_requests')
    .columns(['requester_org_id', 'updated_at'])
    .execute();
  await db.schema
    .createIndex('cooperation_requests_recipient')
    .on('cooperation_requests')
    .columns(['recipient_org_id', 'updated_at'])
    .execute();

  await db.schema
    .createTable('cooperation_transitions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('request_id', 'text', (c) => c.notNull())
    /** Order within the request (1, 2, …). */
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('from_state', 'text')
    .addColumn('to_state', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('actor_user', 'text')
    .addColumn('actor_org_id', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('ground', 'text')
    .addUniqueConstraint('cooperation_transitions_seq', ['request_id', 'seq'])
    .execute();

  await db.schema
    .createTable('cooperation_deadlines')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('request_id', 'text', (c) => c.notNull())
    /** The definition's deadline code (`preservation`, `production`…). */
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('rule', 'text', (c) => c.notNull())
    /** `requester` or `recipient`: who must act before it runs out. */
    .addColumn('party', 'text', (c) => c.notNull())
    /** running | held | met | overdue | cancelled */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    /** The IANA zone the deadline is expressed in (the calendar's zone). */
    .addColumn('zone', 'text', (c) => c.notNull())
    .addColumn('extensions', 'integer', (c) => c.notNull())
    /** JSON array of the lead times (minutes) reminded or passed. */
    .addColumn('reminded_leads', 'text', (c) => c.notNull())
    .addColumn('escalated_at', 'text')
    .addColumn('held_at', 'text')
    .addColumn('closed_at', 'text')
    .addUniqueConstraint('cooperation_deadlines_code', ['request_id', 'code'])
    .execute();
  await db.schema
    .createIndex('cooperation_deadlines_status_due')
    .on('cooperation_deadlines')
    .columns(['status', 'due_at'])
    .execute();

  await db.schema
    .createTable('cooperation_notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('request_id', 'text', (c) => c.notNull())
    .addColumn('deadline_id', 'text', (c) => c.notNull())
    /** `reminder` or `escalation`. */
    .addColumn('kind', 'text', (c) => c.notNull())
    /** Minutes before the deadline (reminders). */
    .addColumn('lead_minutes', 'integer')
    .addColumn('user_id', 'text', (c) => c.notNull())
    /** Why this user: `responsible`, `contact-point`, `supervisor`. */
    .addColumn('audience', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('cooperation_notifications_user')
    .on('cooperation_notifications')
    .columns(['user_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('cooperation_outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('request_id', 'text', (c) => c.notNull())
    .addColumn('transition_id', 'text', (c) => c.notNull())
    .addColumn('recipient_org_id', 'text', (c) => c.notNull())
    /** JSON of the message handed to the transport. */
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('delivered_at', 'text')
    .addColumn('last_error', 'text')
    .execute();
  await db.schema
    .createIndex('cooperation_outbox_pending')
    .on('cooperation_outbox')
    .columns(['delivered_at', 'created_at'])
    .execute();

  await db.schema
    .createTable('cooperation_files')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('request_id', 'text', (c) => c.notNull())
    .addColumn('transition_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    /** The content, base64. */
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}
