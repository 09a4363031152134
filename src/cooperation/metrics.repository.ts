import type { CooperationDb } from './cooperation.tables.js';

/**
 * What the cooperation figures (`request.metrics.ts`) read: every request of one organisation,
 * sent or received, whatever their number — only the columns that hold no personal data (no
 * field is opened), the refusal grounds of their transitions and whether a clock of theirs is
 * overdue. Three queries, whatever the number of requests.
 */
export interface MetricsRow {
  readonly id: string;
  readonly type: string;
  readonly state: string;
  readonly requester_org_id: string;
  readonly recipient_org_id: string | null;
  readonly received_at: string | null;
  readonly acknowledged_at: string | null;
  readonly closed_at: string | null;
  readonly confidential: number;
  readonly handlers: string | null;
  /** Grounds of its refusals (postponements, which also carry a ground, are not refusals). */
  readonly grounds: readonly string[];
  /** A legal clock ran out and the request is not closed. */
  readonly overdue: boolean;
}

export async function metricsRows(
  db: CooperationDb,
  organizationId: string,
): Promise<MetricsRow[]> {
  // The requests the organisation sent, and those it received (a draft addressed to it is not).
  const ofOrganization = db
    .selectFrom('cooperation_requests')
    .select('id')
    .where((eb) =>
      eb.or([
        eb('requester_org_id', '=', organizationId),
        eb.and([eb('recipient_org_id', '=', organizationId), eb('received_at', 'is not', null)]),
      ]),
    );
  const [requests, grounds, overdue] = await Promise.all([
    db
      .selectFrom('cooperation_requests')
      .select([
        'id',
        'type',
        'state',
        'requester_org_id',
        'recipient_org_id',
        'received_at',
        'acknowledged_at',
        'closed_at',
        'confidential',
        'handlers',
      ])
      .where('id', 'in', ofOrganization)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('cooperation_transitions')
      .select(['request_id', 'ground'])
      .where('request_id', 'in', ofOrganization)
      .where('ground', 'is not', null)
      .where('to_state', '<>', 'postponed')
      .orderBy('request_id')
      .orderBy('seq')
      .execute(),
    db
      .selectFrom('cooperation_deadlines')
      .select('request_id')
      .distinct()
      .where('request_id', 'in', ofOrganization)
      .where('status', '=', 'overdue')
      .execute(),
  ]);
  const groundsOf = new Map<string, string[]>();
  for (const g of grounds) {
    const list = groundsOf.get(g.request_id) ?? [];
    list.push(g.ground!);
    groundsOf.set(g.request_id, list);
  }
  const late = new Set(overdue.map((o) => o.request_id));
  return requests.map((r) => ({
    ...r,
    grounds: groundsOf.get(r.id) ?? [],
    overdue: r.closed_at === null && late.has(r.id),
  }));
}
