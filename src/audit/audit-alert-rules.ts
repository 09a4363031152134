/**
 * Unusual access, for oversight (issue 8, item 5) — pure rules over audit entries, evaluated
 * one window at a time:
 * - `bulk-access`: more than `bulkReads` objects read or exported by one actor in the window;
 * - `unusual-rate`: at least `rateMinimum` reads in the window and more than `rateFactor`
 *   times the actor's own mean per window over the `baselineDays` before it;
 * - `break-glass-after-hours`: a break-glass window opened, or a read only break-glass allowed,
 *   outside working hours (UTC, Monday to Friday);
 * - `outside-cases`: an actor reached a case they are not a member of — read it under
 *   break-glass or as the operator, opened its personal data under a lead's grant — or tried
 *   to open personal data outside their cases and was refused; one alert per actor and window.
 */
export interface AlertSettings {
  readonly windowSeconds: number;
  readonly bulkReads: number;
  readonly rateFactor: number;
  readonly rateMinimum: number;
  readonly baselineDays: number;
  readonly workingHours: { readonly from: number; readonly to: number };
}

/** What the rules need of an audit entry. */
export interface AlertEntry {
  readonly seq: number;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  /** Objects the entry covers (`details.count`), 1 when it does not say. */
  readonly count: number;
  /** How the entry reached outside the actor's cases ({@link outsideCases}), or null. */
  readonly outside?: string | null;
}

export const ALERT_RULES = [
  'bulk-access',
  'unusual-rate',
  'break-glass-after-hours',
  'outside-cases',
] as const;
export type AlertRule = (typeof ALERT_RULES)[number];

export interface AlertFinding {
  /** Unique per rule, actor and window (or entry): evaluating twice finds the same key. */
  readonly key: string;
  readonly rule: AlertRule;
  readonly subject: string;
  readonly windowStart: string;
  readonly windowEnd: string;
  readonly count: number;
  readonly message: string;
  readonly details: { readonly seqs: readonly number[]; readonly baselineMean?: number };
}

/** Reads of objects (and exports) the volume rules count. */
export const READ_ACTIONS: readonly string[] = [
  'object.read',
  'object.versions',
  'object.list',
  'object.stream',
  'object.read.break-glass',
  'audit.export',
];

export const AFTER_HOURS_ACTIONS: readonly string[] = [
  'break-glass.open',
  'object.read.break-glass',
];

/** Entries that may reach outside the actor's cases ({@link outsideCases} decides). */
export const OUTSIDE_CASE_ACTIONS: readonly string[] = [
  'case.read.break-glass',
  'case.read.operator',
  'privacy.open',
  'privacy.open-refused',
];

/**
 * What an audit entry did outside its actor's cases, from its action and details (as
 * `case.service` and `privacy-access.service` write them), or null when it stayed inside.
 */
export function outsideCases(
  action: string,
  details: Record<string, unknown> | null,
): string | null {
  switch (action) {
    case 'case.read.break-glass':
      return 'read a case under break-glass';
    case 'case.read.operator':
      return 'read a case as the operator';
    case 'privacy.open': {
      const cases = Array.isArray(details?.cases) ? (details.cases as unknown[]) : [];
      return cases.length > 0 && cases.every((c) => String(c).endsWith('(grant)'))
        ? 'opened personal data of a case under a grant'
        : null;
    }
    case 'privacy.open-refused':
      return details?.refusal === 'outside-case'
        ? 'tried to open personal data outside their cases'
        : null;
    default:
      return null;
  }
}

export function isWorkingTime(at: Date, hours: AlertSettings['workingHours']): boolean {
  const day = at.getUTCDay();
  const hour = at.getUTCHours();
  return day >= 1 && day <= 5 && hour >= hours.from && hour < hours.to;
}

export function evaluateWindow(input: {
  readonly windowStart: Date;
  readonly settings: AlertSettings;
  /** Entries within the window. */
  readonly current: readonly AlertEntry[];
  /** Read entries within the baseline period before the window. */
  readonly baseline: readonly AlertEntry[];
}): AlertFinding[] {
  const { settings: s } = input;
  const start = input.windowStart.toISOString();
  const end = new Date(input.windowStart.getTime() + s.windowSeconds * 1000).toISOString();
  const findings: AlertFinding[] = [];
  const reads = new Map<string, { count: number; seqs: number[] }>();
  for (const e of input.current) {
    if (e.actor === 'anonymous' || !READ_ACTIONS.includes(e.action)) continue;
    const r = reads.get(e.actor) ?? { count: 0, seqs: [] };
    r.count += e.count;
    r.seqs.push(e.seq);
    reads.set(e.actor, r);
  }
  const windowsInBaseline = (s.baselineDays * 86_400) / s.windowSeconds;
  const before = new Map<string, number>();
  for (const e of input.baseline) {
    if (READ_ACTIONS.includes(e.action)) before.set(e.actor, (before.get(e.actor) ?? 0) + e.count);
  }
  for (const [actor, r] of reads) {
    if (r.count > s.bulkReads) {
      findings.push({
        key: `bulk-access:${actor}:${start}`,
        rule: 'bulk-access',
        subject: actor,
        windowStart: start,
        windowEnd: end,
        count: r.count,
        message: `${actor} read or exported ${r.count} objects between ${start} and ${end} (more than ${s.bulkReads})`,
        details: { seqs: r.seqs.slice(0, 100) },
      });
    }
    const mean = (before.get(actor) ?? 0) / windowsInBaseline;
    if (r.count >= s.rateMinimum && r.count > s.rateFactor * mean) {
      findings.push({
        key: `unusual-rate:${actor}:${start}`,
        rule: 'unusual-rate',
        subject: actor,
        windowStart: start,
        windowEnd: end,
        count: r.count,
        message: `${actor} read ${r.count} objects between ${start} and ${end}, ${mean === 0 ? 'with no reads before' : `${Math.round(r.count / mean)} times the usual ${mean.toFixed(1)}`} in the last ${s.baselineDays} days`,
        details: { seqs: r.seqs.slice(0, 100), baselineMean: Math.round(mean * 100) / 100 },
      });
    }
  }
  const outside = new Map<string, AlertEntry[]>();
  for (const e of input.current) {
    if (!e.outside || e.actor === 'anonymous') continue;
    outside.set(e.actor, [...(outside.get(e.actor) ?? []), e]);
  }
  for (const [actor, es] of outside) {
    const what = [...new Set(es.map((e) => e.outside!))].join('; ');
    findings.push({
      key: `outside-cases:${actor}:${start}`,
      rule: 'outside-cases',
      subject: actor,
      windowStart: start,
      windowEnd: end,
      count: es.length,
      message: `${actor} reached outside their cases ${es.length} time(s) between ${start} and ${end}: ${what} (entries ${es
        .slice(0, 10)
        .map((e) => `#${e.seq}`)
        .join(', ')})`,
      details: { seqs: es.slice(0, 100).map((e) => e.seq) },
    });
  }
  for (const e of input.current) {
    if (!AFTER_HOURS_ACTIONS.includes(e.action) || isWorkingTime(new Date(e.at), s.workingHours))
      continue;
    findings.push({
      key: `break-glass-after-hours:${e.seq}`,
      rule: 'break-glass-after-hours',
      subject: e.actor,
      windowStart: start,
      windowEnd: end,
      count: e.count,
      message: `${e.actor} used break-glass (${e.action}, entry #${e.seq}) at ${e.at}, outside working hours`,
      details: { seqs: [e.seq] },
    });
  }
  return findings;
}
