/**
 * Coverage, "no safe havens" (issue 5, item 5), pure: from the tallies of the contact directory
 * and of the routed queue per country, how well each country is covered and which countries
 * are gaps.
 *
 * Attribution: a contact belongs to the country it names (`poc` and `cert` always name one; an
 * `abuse` contact may name the country of its network). A routed item belongs to the country of
 * the contact it was routed to, as the directory holds that contact now; items of a contact
 * since removed from the directory, or of a contact without a country, belong to no country.
 *
 * Levels, in order of precedence:
 * - `unresponsive`: findings were routed there at least `answerWithinSeconds` ago, and none of
 *   the country's items was answered (acknowledged or rejected) within that time;
 * - `covered`: a 24/7 point of contact, a CERT and at least one abuse contact;
 * - `partial`: some contact, but not all three kinds;
 * - `none`: no contact at all.
 *
 * Gaps: countries without a 24/7 point of contact (`no-point-of-contact`; Budapest Convention
 * art. 35 asks every party for one), and unresponsive countries (`no-answer`).
 */

export const COVERAGE_LEVELS = ['none', 'partial', 'covered', 'unresponsive'] as const;
export type CoverageLevel = (typeof COVERAGE_LEVELS)[number];

export const GAP_REASONS = ['no-answer', 'no-point-of-contact'] as const;
export type GapReason = (typeof GAP_REASONS)[number];

/** Contacts of one kind in one country (null: contacts naming no country). */
export interface ContactTally {
  readonly country: string | null;
  readonly kind: string;
  readonly count: number;
}

/** The routed items of one country, by state. */
export interface ItemTally {
  readonly country: string | null;
  readonly routed: number;
  /** Items ever acknowledged (state acknowledged or actioned, or rejected after acknowledging). */
  readonly acknowledged: number;
  readonly actioned: number;
  readonly rejected: number;
  /** Items still `new`. */
  readonly unanswered: number;
  /** Items routed at least the answer window ago. */
  readonly due: number;
  /** `routed_at` of the oldest item still `new`. */
  readonly oldestUnansweredAt: string | null;
}

/** One answered item: when it was routed, acknowledged and rejected (ISO 8601). */
export interface AnsweredItem {
  readonly country: string | null;
  readonly routedAt: string;
  readonly acknowledgedAt: string | null;
  readonly rejectedAt: string | null;
}

export interface CountryCoverage {
  readonly country: string;
  readonly level: CoverageLevel;
  readonly pointsOfContact: number;
  readonly certs: number;
  readonly abuseContacts: number;
  readonly routed: number;
  readonly acknowledged: number;
  readonly actioned: number;
  readonly rejected: number;
  readonly unanswered: number;
  /** Median seconds from routing to acknowledgement; null when nothing was acknowledged. */
  readonly medianAcknowledgeSeconds: number | null;
  /** Age in seconds of the oldest item still `new`; null when there is none. */
  readonly oldestUnansweredSeconds: number | null;
}

export interface CoverageGap {
  readonly country: string;
  readonly reasons: readonly GapReason[];
}

export interface Coverage {
  readonly answerWithinSeconds: number;
  readonly countries: readonly CountryCoverage[];
  readonly gaps: readonly CoverageGap[];
  /** Contacts naming no country, and the items routed to them. */
  readonly withoutCountry: { readonly contacts: number; readonly routed: number };
}

/** The median of `values` (the mean of the two middle ones for an even count); null if empty. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface LevelInput {
  readonly pointsOfContact: number;
  readonly certs: number;
  readonly abuseContacts: number;
  /** Items routed at least the answer window ago. */
  readonly due: number;
  /** Items answered (acknowledged or rejected) within the answer window. */
  readonly answeredInTime: number;
}

export function coverageLevel(c: LevelInput): CoverageLevel {
  if (c.due > 0 && c.answeredInTime === 0) return 'unresponsive';
  const kinds = [c.pointsOfContact, c.certs, c.abuseContacts].filter((n) => n > 0).length;
  return kinds === 3 ? 'covered' : kinds > 0 ? 'partial' : 'none';
}

export function gapReasons(c: LevelInput): GapReason[] {
  const out: GapReason[] = [];
  if (coverageLevel(c) === 'unresponsive') out.push('no-answer');
  if (c.pointsOfContact === 0) out.push('no-point-of-contact');
  return out;
}

const seconds = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 1000;

export interface CoverageInput {
  /** Every country to report on (ISO 3166-1 alpha-2), in the order to list them. */
  readonly countries: readonly string[];
  readonly contacts: readonly ContactTally[];
  readonly items: readonly ItemTally[];
  readonly answered: readonly AnsweredItem[];
  readonly now: Date;
  readonly answerWithinSeconds: number;
}

/**
 * The coverage of every country. Gaps come unresponsive countries first, then by findings
 * routed there (most first), then by code.
 */
export function computeCoverage(input: CoverageInput): Coverage {
  const contactsOf = new Map<string | null, Record<string, number>>();
  for (const t of input.contacts) {
    const byKind = contactsOf.get(t.country) ?? {};
    byKind[t.kind] = (byKind[t.kind] ?? 0) + t.count;
    contactsOf.set(t.country, byKind);
  }
  const itemsOf = new Map(input.items.map((t) => [t.country, t]));
  const ackSeconds = new Map<string | null, number[]>();
  const inTime = new Map<string | null, number>();
  for (const a of input.answered) {
    if (a.acknowledgedAt !== null) {
      const list = ackSeconds.get(a.country) ?? [];
      list.push(seconds(a.routedAt, a.acknowledgedAt));
      ackSeconds.set(a.country, list);
    }
    const first = [a.acknowledgedAt, a.rejectedAt].filter((t) => t !== null).sort()[0];
    if (first !== undefined && seconds(a.routedAt, first) <= input.answerWithinSeconds)
      inTime.set(a.country, (inTime.get(a.country) ?? 0) + 1);
  }

  const nowIso = input.now.toISOString();
  const countries: CountryCoverage[] = [];
  const gaps: (CoverageGap & { routed: number })[] = [];
  for (const country of input.countries) {
    const k = contactsOf.get(country) ?? {};
    const it = itemsOf.get(country);
    const levelInput: LevelInput = {
      pointsOfContact: k.poc ?? 0,
      certs: k.cert ?? 0,
      abuseContacts: k.abuse ?? 0,
      due: it?.due ?? 0,
      answeredInTime: inTime.get(country) ?? 0,
    };
    const oldest = it?.oldestUnansweredAt ?? null;
    countries.push({
      country,
      level: coverageLevel(levelInput),
      pointsOfContact: levelInput.pointsOfContact,
      certs: levelInput.certs,
      abuseContacts: levelInput.abuseContacts,
      routed: it?.routed ?? 0,
      acknowledged: it?.acknowledged ?? 0,
      actioned: it?.actioned ?? 0,
      rejected: it?.rejected ?? 0,
      unanswered: it?.unanswered ?? 0,
      medianAcknowledgeSeconds: median(ackSeconds.get(country) ?? []),
      oldestUnansweredSeconds: oldest === null ? null : Math.max(0, seconds(oldest, nowIso)),
    });
    const reasons = gapReasons(levelInput);
    if (reasons.length > 0) gaps.push({ country, reasons, routed: it?.routed ?? 0 });
  }
  gaps.sort(
    (a, b) =>
      Number(b.reasons.includes('no-answer')) - Number(a.reasons.includes('no-answer')) ||
      b.routed - a.routed ||
      a.country.localeCompare(b.country),
  );
  const none = contactsOf.get(null) ?? {};
  return {
    answerWithinSeconds: input.answerWithinSeconds,
    countries,
    gaps: gaps.map(({ country, reasons }) => ({ country, reasons })),
    withoutCountry: {
      contacts: Object.values(none).reduce((a, b) => a + b, 0),
      routed: itemsOf.get(null)?.routed ?? 0,
    },
  };
}
