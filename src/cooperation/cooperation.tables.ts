import type { Kysely } from 'kysely';
import type { Database } from '../platform/database/schema.js';

/**
 * The tables of migration 0012 (legal cooperation), as Kysely sees them. Kept beside the
 * capability and joined to the node's schema with `withTables`, so the capability's storage is
 * described where it is used.
 */
export type CooperationTables = {
  cooperation_requests: {
    id: string;
    type: string;
    state: string;
    urgency: string;
    channel: string;
    requester_org_id: string;
    recipient_org_id: string | null;
    parent_id: string | null;
    fields: string;
    created_by: string;
    created_by_user: string | null;
    handled_by_user: string | null;
    created_at: string;
    updated_at: string;
    sent_at: string | null;
    received_at: string | null;
    acknowledged_at: string | null;
    closed_at: string | null;
    /** 1 when the sender asked for confidentiality (BC Art 27(8)); migration 0015. */
    confidential: number;
    /** JSON array of the user names that may read a confidential request on the receiving side. */
    handlers: string | null;
  };
  cooperation_transitions: {
    id: string;
    request_id: string;
    seq: number;
    from_state: string | null;
    to_state: string;
    actor: string;
    actor_user: string | null;
    actor_org_id: string | null;
    at: string;
    reason: string | null;
    ground: string | null;
  };
  cooperation_deadlines: {
    id: string;
    request_id: string;
    code: string;
    rule: string;
    party: string;
    status: string;
    started_at: string;
    due_at: string;
    zone: string;
    extensions: number;
    reminded_leads: string;
    escalated_at: string | null;
    held_at: string | null;
    closed_at: string | null;
  };
  cooperation_notifications: {
    id: string;
    request_id: string;
    deadline_id: string;
    kind: string;
    lead_minutes: number | null;
    user_id: string;
    audience: string;
    created_at: string;
  };
  cooperation_outbox: {
    id: string;
    request_id: string;
    transition_id: string;
    recipient_org_id: string;
    message: string;
    created_at: string;
    attempts: number;
    delivered_at: string | null;
    last_error: string | null;
    /** Migration 0015: back-off, final refusal, the receiving node's signed receipt. */
    next_attempt_at: string | null;
    refused_at: string | null;
    receipt: string | null;
    receipt_at: string | null;
  };
  cooperation_files: {
    id: string;
    request_id: string;
    transition_id: string;
    name: string;
    media_type: string;
    sha256: string;
    size: number;
    content: string;
    created_at: string;
    /** Migration 0019: JSON array of the file's custody records, null before it. */
    custody: string | null;
  };
  cooperation_inbound: {
    message_id: string;
    request_id: string;
    from_node_id: string;
    from_org_id: string;
    to_org_id: string;
    state: string;
    jws: string;
    digest: string;
    received_at: string;
    receipt: string;
  };
};

export type CooperationDb = Kysely<Database & CooperationTables>;

export const withCooperationTables = (db: Kysely<Database>): CooperationDb =>
  db.withTables<CooperationTables>();

export type RequestRow = CooperationTables['cooperation_requests'];
export type TransitionRow = CooperationTables['cooperation_transitions'];
export type DeadlineRow = CooperationTables['cooperation_deadlines'];
export type NotificationRow = CooperationTables['cooperation_notifications'];
export type OutboxRow = CooperationTables['cooperation_outbox'];
export type FileRow = CooperationTables['cooperation_files'];
export type InboundRow = CooperationTables['cooperation_inbound'];
