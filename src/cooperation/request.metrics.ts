/**
 * Cooperation figures of one organisation (issue 7, item 8 — the local part): per counterpart
 * (organisation and its country), requests sent and received by type, median and 90th-percentile
 * time to acknowledge and to execute, refusals by ground, overdue counts. Pure.
 */
export interface MetricsRequest {
  readonly id: string;
  readonly type: string;
  readonly direction: 'sent' | 'received';
  readonly counterpartId: string | null;
  readonly counterpartCountry: string | null;
  readonly receivedAt: string | null;
  readonly acknowledgedAt: string | null;
  /** When it reached a final state. */
  readonly closedAt: string | null;
  readonly state: string;
  /** Grounds of its refusals (transitions with a ground). */
  readonly grounds: readonly string[];
  readonly overdue: boolean;
}

export interface CounterpartMetrics {
  readonly counterpartId: string | null;
  readonly country: string | null;
  readonly sent: Record<string, number>;
  readonly received: Record<string, number>;
  readonly acknowledgeSeconds: { readonly median: number | null; readonly p90: number | null };
  readonly executeSeconds: { readonly median: number | null; readonly p90: number | null };
  readonly refusalsByGround: Record<string, number>;
  readonly overdue: number;
}

/** The `p`-th percentile (nearest rank) of `xs`; null when empty. */
export function percentile(xs: readonly number[], p: number): number | null {
  if (xs.length === 0) return null;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const seconds = (from: string | null, to: string | null) =>
  from && to ? (Date.parse(to) - Date.parse(from)) / 1000 : null;

/** States that mean "done as asked" (executed, produced, preserved, disclosed…). */
export const EXECUTED_STATES: ReadonlySet<string> = new Set([
  'executed',
  'partially_executed',
  'produced',
  'disclosed',
  'released',
  'granted',
  'surrendered',
  'agreed',
  'accepted',
  'closed',
  'use_reported',
]);

export function cooperationMetrics(requests: readonly MetricsRequest[]): CounterpartMetrics[] {
  const groups = new Map<string, MetricsRequest[]>();
  for (const r of requests) {
    const key = r.counterpartId ?? '';
    const group = groups.get(key);
    if (group) group.push(r);
    else groups.set(key, [r]);
  }
  return [...groups.values()].map((rs) => {
    const count = (dir: 'sent' | 'received') =>
      rs
        .filter((r) => r.direction === dir)
        .reduce<Record<string, number>>(
          (acc, r) => ({ ...acc, [r.type]: (acc[r.type] ?? 0) + 1 }),
          {},
        );
    const ack = rs
      .map((r) => seconds(r.receivedAt, r.acknowledgedAt))
      .filter((x): x is number => x !== null);
    const exec = rs
      .filter((r) => EXECUTED_STATES.has(r.state))
      .map((r) => seconds(r.receivedAt, r.closedAt))
      .filter((x): x is number => x !== null);
    const refusals: Record<string, number> = {};
    for (const r of rs) for (const g of r.grounds) refusals[g] = (refusals[g] ?? 0) + 1;
    return {
      counterpartId: rs[0]!.counterpartId,
      country: rs[0]!.counterpartCountry,
      sent: count('sent'),
      received: count('received'),
      acknowledgeSeconds: { median: percentile(ack, 50), p90: percentile(ack, 90) },
      executeSeconds: { median: percentile(exec, 50), p90: percentile(exec, 90) },
      refusalsByGround: refusals,
      overdue: rs.filter((r) => r.overdue).length,
    };
  });
}
