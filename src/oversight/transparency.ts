import { EXECUTED_STATES, percentile } from '../cooperation/request.metrics.js';

/**
 * The transparency report (issue 8, item 6), computed from the node's records — never typed.
 * Pure: the repository gathers the rows of the period, this counts them. Any count from 1 to
 * `threshold - 1` is shown as `"< threshold"` so that small numbers do not point at one case;
 * a median over fewer than `threshold` requests is withheld (null) for the same reason.
 */
export type Count = number | `< ${number}`;

export interface TransparencyRequest {
  readonly type: string;
  readonly direction: 'sent' | 'received';
  /** The other side's country (ISO 3166-1 alpha-2), null when unknown. */
  readonly country: string | null;
  readonly state: string;
  /** Reached a final state. */
  readonly closed: boolean;
  readonly urgency: string;
  readonly grounds: readonly string[];
  readonly receivedAt: string | null;
  readonly acknowledgedAt: string | null;
  readonly closedAt: string | null;
}

export interface TransparencyInput {
  readonly from: string;
  readonly to: string;
  readonly threshold: number;
  readonly requests: readonly TransparencyRequest[];
  /** `details.purpose` of each personal-data opening (`privacy.open*` audit entries). */
  readonly openingPurposes: readonly string[];
  /** `details.category` of each retention deletion or anonymisation. */
  readonly retentionCategories: readonly string[];
  /** `details.reason` of each federation withdrawal, with the number of peers it went to. */
  readonly withdrawals: readonly { readonly reason: string; readonly peers: number }[];
}

export interface RequestFigures {
  readonly total: Count;
  readonly byType: Record<string, Count>;
  readonly byCountry: Record<string, Count>;
  readonly byOutcome: Record<string, Count>;
  readonly byRefusalGround: Record<string, Count>;
  readonly emergency: Count;
  readonly normal: Count;
  /** Seconds from receipt to acknowledgement, median; null: too few to show. */
  readonly medianAcknowledgeSeconds: number | null;
  /** Seconds from receipt to execution (a final "done as asked" state), median. */
  readonly medianExecuteSeconds: number | null;
}

export interface TransparencyReport {
  readonly period: { readonly from: string; readonly to: string };
  readonly threshold: number;
  readonly requests: { readonly sent: RequestFigures; readonly received: RequestFigures };
  readonly openings: { readonly total: Count; readonly byPurpose: Record<string, Count> };
  readonly retention: { readonly total: Count; readonly byCategory: Record<string, Count> };
  readonly withdrawals: {
    readonly total: Count;
    readonly peersNotified: Count;
    readonly byReason: Record<string, Count>;
  };
}

/** `n` as shown: 0 and counts at or above the threshold as they are, others as `< threshold`. */
export function shownCount(n: number, threshold: number): Count {
  return n === 0 || n >= threshold ? n : `< ${threshold}`;
}

function tally(keys: readonly string[], threshold: number): Record<string, Count> {
  const counts = new Map<string, number>();
  for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  return Object.fromEntries(
    [...counts]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, n]) => [k, shownCount(n, threshold)]),
  );
}

const seconds = (from: string | null, to: string | null) =>
  from && to ? (Date.parse(to) - Date.parse(from)) / 1000 : null;

function median(xs: readonly (number | null)[], threshold: number): number | null {
  const values = xs.filter((x): x is number => x !== null);
  return values.length >= threshold ? percentile(values, 50) : null;
}

function figures(rs: readonly TransparencyRequest[], threshold: number): RequestFigures {
  return {
    total: shownCount(rs.length, threshold),
    byType: tally(
      rs.map((r) => r.type),
      threshold,
    ),
    byCountry: tally(
      rs.map((r) => r.country ?? 'unknown'),
      threshold,
    ),
    byOutcome: tally(
      rs.map((r) => (r.closed ? r.state : 'in-progress')),
      threshold,
    ),
    byRefusalGround: tally(
      rs.flatMap((r) => r.grounds),
      threshold,
    ),
    emergency: shownCount(rs.filter((r) => r.urgency === 'emergency').length, threshold),
    normal: shownCount(rs.filter((r) => r.urgency !== 'emergency').length, threshold),
    medianAcknowledgeSeconds: median(
      rs.map((r) => seconds(r.receivedAt, r.acknowledgedAt)),
      threshold,
    ),
    medianExecuteSeconds: median(
      rs.filter((r) => EXECUTED_STATES.has(r.state)).map((r) => seconds(r.receivedAt, r.closedAt)),
      threshold,
    ),
  };
}

export function transparencyReport(input: TransparencyInput): TransparencyReport {
  const t = input.threshold;
  const peers = input.withdrawals.reduce((sum, w) => sum + w.peers, 0);
  return {
    period: { from: input.from, to: input.to },
    threshold: t,
    requests: {
      sent: figures(
        input.requests.filter((r) => r.direction === 'sent'),
        t,
      ),
      received: figures(
        input.requests.filter((r) => r.direction === 'received'),
        t,
      ),
    },
    openings: {
      total: shownCount(input.openingPurposes.length, t),
      byPurpose: tally(input.openingPurposes, t),
    },
    retention: {
      total: shownCount(input.retentionCategories.length, t),
      byCategory: tally(input.retentionCategories, t),
    },
    withdrawals: {
      total: shownCount(input.withdrawals.length, t),
      peersNotified: shownCount(peers, t),
      byReason: tally(
        input.withdrawals.map((w) => w.reason),
        t,
      ),
    },
  };
}
