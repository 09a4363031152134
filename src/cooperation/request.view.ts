import { maskPersonal } from '../privacy/personal-data.js';
import { personalFieldsOf } from './personal-fields.js';
import type {
  DeadlineRow,
  NotificationRow,
  RequestRow,
  TransitionRow,
} from './cooperation.tables.js';

/** A request as its parties read it (lists and the request page). */
export interface RequestView {
  readonly id: string;
  readonly type: string;
  readonly state: string;
  readonly urgency: string;
  readonly channel: string;
  readonly requesterOrganizationId: string;
  readonly recipientOrganizationId: string | null;
  readonly parentId: string | null;
  readonly fields: Record<string, unknown>;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly sentAt: string | null;
  readonly receivedAt: string | null;
  readonly acknowledgedAt: string | null;
  readonly closedAt: string | null;
  readonly confidential: boolean;
  readonly handlers: string[];
  /** The side of the reader: `requester` or `recipient`. */
  readonly side: 'requester' | 'recipient';
  /** A legal clock has run out and the request is not closed. */
  readonly overdue: boolean;
  /** The nearest running deadline (UTC), if any. */
  readonly nextDeadline: {
    readonly code: string;
    readonly dueAt: string;
    readonly zone: string;
  } | null;
}

export interface DeadlineView {
  readonly code: string;
  readonly rule: string;
  readonly party: string;
  readonly status: string;
  readonly startedAt: string;
  readonly dueAt: string;
  readonly zone: string;
  readonly extensions: number;
  readonly heldAt: string | null;
  readonly closedAt: string | null;
  readonly escalatedAt: string | null;
}

export interface TimelineView {
  readonly transitions: {
    readonly seq: number;
    readonly from: string | null;
    readonly to: string;
    readonly actor: string;
    readonly at: string;
    readonly reason: string | null;
    readonly ground: string | null;
  }[];
  readonly deadlines: DeadlineView[];
  readonly reminders: {
    readonly kind: string;
    readonly deadline: string;
    readonly leadMinutes: number | null;
    readonly audience: string;
    readonly userId: string;
    readonly at: string;
  }[];
  readonly files: {
    readonly id: string;
    readonly name: string;
    readonly mediaType: string;
    readonly sha256: string;
    readonly size: number;
    readonly at: string;
    /** The file's chain of custody (issue 7, item 5); null for files kept before it existed. */
    readonly custody: FileCustodyView | null;
  }[];
  readonly outbox: {
    readonly id: string;
    readonly state: string;
    readonly createdAt: string;
    readonly deliveredAt: string | null;
    readonly attempts: number;
    readonly lastError: string | null;
    readonly nextAttemptAt: string | null;
    readonly refusedAt: string | null;
    readonly receiptAt: string | null;
    readonly receipt: string | null;
  }[];
  readonly receipts: {
    readonly messageId: string;
    readonly state: string;
    readonly fromNodeId: string;
    readonly receivedAt: string;
    readonly digest: string;
    readonly receipt: string;
  }[];
}

/** A data-package file's chain of custody and whether it holds (checked on reading). */
export interface FileCustodyView {
  readonly intact: boolean;
  /** What is wrong at the first broken record, when it does not hold. */
  readonly problem: string | null;
  readonly records: {
    readonly seq: number;
    readonly at: string;
    readonly actor: string;
    readonly organizationId: string;
    readonly action: string;
    readonly purpose: string;
    readonly details: string | null;
    readonly hash: string;
  }[];
}

export function deadlineView(d: DeadlineRow): DeadlineView {
  return {
    code: d.code,
    rule: d.rule,
    party: d.party,
    status: d.status,
    startedAt: d.started_at,
    dueAt: d.due_at,
    zone: d.zone,
    extensions: Number(d.extensions),
    heldAt: d.held_at,
    closedAt: d.closed_at,
    escalatedAt: d.escalated_at,
  };
}

export function requestView(
  r: RequestRow,
  side: 'requester' | 'recipient',
  deadlines: readonly DeadlineRow[],
): RequestView {
  const running = deadlines
    .filter((d) => d.status === 'running' || d.status === 'overdue')
    .sort((a, b) => a.due_at.localeCompare(b.due_at));
  return {
    id: r.id,
    type: r.type,
    state: r.state,
    urgency: r.urgency,
    channel: r.channel,
    requesterOrganizationId: r.requester_org_id,
    recipientOrganizationId: r.recipient_org_id,
    parentId: r.parent_id,
    // Personal fields show as sealed until opened for a purpose (issue 8, item 2).
    fields: maskPersonal(JSON.parse(r.fields) as Record<string, unknown>, personalFieldsOf(r.type)),
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    sentAt: r.sent_at,
    receivedAt: r.received_at,
    acknowledgedAt: r.acknowledged_at,
    closedAt: r.closed_at,
    confidential: Number(r.confidential) === 1,
    handlers: r.handlers === null ? [] : (JSON.parse(r.handlers) as string[]),
    side,
    overdue: r.closed_at === null && deadlines.some((d) => d.status === 'overdue'),
    nextDeadline: running[0]
      ? { code: running[0].code, dueAt: running[0].due_at, zone: running[0].zone }
      : null,
  };
}

const AUDIENCE_RANK: Record<string, number> = { responsible: 0, 'contact-point': 1, supervisor: 2 };

/** Notices in time order; at the same time the responsible user first, then contact points, supervisors. */
function byTimeThenAudience(a: NotificationRow, b: NotificationRow): number {
  return (
    a.created_at.localeCompare(b.created_at) ||
    (AUDIENCE_RANK[a.audience] ?? 9) - (AUDIENCE_RANK[b.audience] ?? 9) ||
    a.user_id.localeCompare(b.user_id)
  );
}

export function timelineRows(
  transitions: readonly TransitionRow[],
  notifications: readonly NotificationRow[],
  deadlines: readonly DeadlineRow[],
) {
  const codeOf = new Map(deadlines.map((d) => [d.id, d.code]));
  return {
    transitions: transitions.map((t) => ({
      seq: Number(t.seq),
      from: t.from_state,
      to: t.to_state,
      actor: t.actor,
      at: t.at,
      reason: t.reason,
      ground: t.ground,
    })),
    deadlines: deadlines.map(deadlineView),
    reminders: [...notifications].sort(byTimeThenAudience).map((n) => ({
      kind: n.kind,
      deadline: codeOf.get(n.deadline_id) ?? '',
      leadMinutes: n.lead_minutes === null ? null : Number(n.lead_minutes),
      audience: n.audience,
      userId: n.user_id,
      at: n.created_at,
    })),
  };
}
