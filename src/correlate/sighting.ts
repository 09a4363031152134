/**
 * STIX sightings of indicators (issue 5, item 2), pure: who may see a sighting, its id, and the
 * next version of it when one more report is counted.
 *
 * A sighting says "organisation X saw indicator I, N times, between first and last seen". STIX
 * 2.1 §5.7 makes `sighting_of_ref` an SDO, so sightings exist only for indicators: an observable
 * that no indicator's pattern matches has no sighting (the correlation view already lists the
 * other reports of it).
 *
 * A sighting must not reveal more than its sources. Its reach is the narrowest of the reporting
 * object's and the indicator's: the stricter TLP (unmarked counts as GREEN), the narrower
 * distribution, the reporting organisation as owner, no organisation named as recipient, and
 * for RED the users named on the report. Reports of one organisation that differ in that reach
 * are counted in separate sightings (the id is derived from indicator, organisation and reach),
 * so that an AMBER+STRICT report never raises the count of a GREEN sighting that others read;
 * in the common case — one marking — an (indicator, organisation) pair has exactly one sighting.
 */
import { effectiveTlp, sharingGroupOf, TLP_ORDER } from '../policy/read-policy.js';
import { TLP, uuidV5, type StixObject, type TlpLevel } from '../stix/index.js';

/** Name space of sighting and country-location ids (UUIDv5). */
const SIGHTING_NAMESPACE = 'a3d4c6b2-5f0e-4c1a-9b7e-2e61f4d8c915';

/** At most this many ids are kept in `observed_data_refs` and `x_nohaven_counted_refs`. */
export const MAX_COUNTED_REFS = 1000;

/** Who may see a sighting: derived from its report and its indicator. */
export interface SightingReach {
  readonly tlp: TlpLevel;
  readonly distribution: string;
  /** Users named as recipients (RED only), sorted. */
  readonly userIds: readonly string[];
}

/** What the policy knows of a stored object, for the reach of its sightings. */
export interface ReachSource {
  readonly tlp: string | null;
  readonly distribution: string;
  readonly recipientUserIds: readonly string[];
}

/** One report (observed-data, report, grouping, note) of an indicator by an organisation. */
export interface SightingReport {
  readonly id: string;
  readonly type: string;
  /** When the report says it was seen (first / last); RFC 3339. */
  readonly firstSeen: string;
  readonly lastSeen: string;
}

const DISTRIBUTION_RANK: Readonly<Record<string, number>> = {
  organisation: 0,
  community: 2,
  connected: 3,
  all: 4,
};

function distributionRank(distribution: string): number {
  if (sharingGroupOf(distribution) !== null) return 1;
  return DISTRIBUTION_RANK[distribution] ?? 0;
}

/** The narrower of two distributions; two different sharing groups leave only the owner. */
export function narrowerDistribution(a: string, b: string): string {
  if (a === b) return a;
  const ra = distributionRank(a);
  const rb = distributionRank(b);
  if (ra === 1 && rb === 1) return 'organisation';
  if (ra === 0 || rb === 0) return 'organisation';
  return ra <= rb ? a : b;
}

/** The stricter of two TLP levels (unmarked: GREEN; unknown: RED). */
export function stricterTlp(a: string | null, b: string | null): TlpLevel {
  const ea = effectiveTlp(a);
  const eb = effectiveTlp(b);
  return TLP_ORDER.indexOf(ea) >= TLP_ORDER.indexOf(eb) ? ea : eb;
}

/** The reach of the sighting of `indicator` counted from `report`. */
export function sightingReach(report: ReachSource, indicator: ReachSource): SightingReach {
  const tlp = stricterTlp(report.tlp, indicator.tlp);
  const distribution = narrowerDistribution(report.distribution, indicator.distribution);
  const userIds =
    tlp === 'red'
      ? [...new Set(report.recipientUserIds)]
          .filter(
            (u) => effectiveTlp(indicator.tlp) !== 'red' || indicator.recipientUserIds.includes(u),
          )
          .sort()
      : [];
  return { tlp, distribution, userIds };
}

/** The deterministic id of the sighting of an indicator by an organisation within a reach. */
export function sightingId(
  indicatorId: string,
  organizationId: string,
  reach: SightingReach,
): string {
  const key = [indicatorId, organizationId, reach.tlp, reach.distribution, ...reach.userIds];
  return `sighting--${uuidV5(SIGHTING_NAMESPACE, key.join('|'))}`;
}

/** The deterministic id of the `location` of a country (ISO 3166-1 alpha-2). */
export function countryLocationId(country: string): string {
  return `location--${uuidV5(SIGHTING_NAMESPACE, `country|${country.toUpperCase()}`)}`;
}

/** The shared `location` object of a country, the same on every node and every run. */
export function countryLocation(country: string, createdBy: string): StixObject {
  const code = country.toUpperCase();
  return {
    type: 'location',
    spec_version: '2.1',
    id: countryLocationId(code),
    created_by_ref: createdBy,
    created: '2026-11-29T00:00:00.000Z',
    modified: '2026-11-29T00:00:00.000Z',
    name: code,
    country: code,
  } as StixObject;
}

const MARKING_OF: Readonly<Record<TlpLevel, string>> = {
  clear: TLP.CLEAR.id,
  green: TLP.GREEN.id,
  amber: TLP.AMBER.id,
  'amber+strict': TLP.AMBER_STRICT.id,
  red: TLP.RED.id,
};

export interface SightingInput {
  readonly indicatorId: string;
  readonly organizationId: string;
  readonly country: string | null;
  readonly reach: SightingReach;
  /** The node's identity: `created_by_ref`. */
  readonly createdBy: string;
  readonly report: SightingReport;
  /** Now, RFC 3339: `created` of a new sighting; `modified` at least this. */
  readonly now: string;
}

/** The sighting's refs of the reports it has counted. */
export function countedRefs(sighting: StixObject | undefined): Set<string> {
  if (!sighting) return new Set();
  const s = sighting as { observed_data_refs?: unknown; x_nohaven_counted_refs?: unknown };
  return new Set([...stringsOf(s.observed_data_refs), ...stringsOf(s.x_nohaven_counted_refs)]);
}

function stringsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/**
 * The next version of the sighting after `input.report` (or its first version), or null when
 * it changes nothing. A report counted before (a new version of it) moves first/last seen but
 * is not counted again.
 */
export function nextSighting(
  previous: StixObject | undefined,
  input: SightingInput,
): StixObject | null {
  const p = previous as
    | (StixObject & {
        count?: number;
        first_seen?: string;
        last_seen?: string;
        observed_data_refs?: string[];
        x_nohaven_counted_refs?: string[];
      })
    | undefined;
  const { report } = input;
  const counted = countedRefs(previous).has(report.id);
  const firstSeen = minTime(p?.first_seen, report.firstSeen);
  const lastSeen = maxTime(p?.last_seen, report.lastSeen);
  const count = (p?.count ?? 0) + (counted ? 0 : 1);
  if (p && counted && firstSeen === p.first_seen && lastSeen === p.last_seen) return null;

  const observed = stringsOf(p?.observed_data_refs);
  const others = stringsOf(p?.x_nohaven_counted_refs);
  if (!counted) {
    const list = report.type === 'observed-data' ? observed : others;
    if (list.length < MAX_COUNTED_REFS) list.push(report.id);
  }
  const where = [input.organizationId];
  if (input.country) where.push(countryLocationId(input.country));
  return {
    type: 'sighting',
    spec_version: '2.1',
    id: sightingId(input.indicatorId, input.organizationId, input.reach),
    created_by_ref: input.createdBy,
    created: typeof p?.created === 'string' ? p.created : input.now,
    modified: laterThan(typeof p?.modified === 'string' ? p.modified : undefined, input.now),
    sighting_of_ref: input.indicatorId,
    count,
    first_seen: firstSeen,
    last_seen: lastSeen,
    ...(observed.length > 0 ? { observed_data_refs: observed } : {}),
    where_sighted_refs: where,
    object_marking_refs: [MARKING_OF[input.reach.tlp]],
    ...(others.length > 0 ? { x_nohaven_counted_refs: others } : {}),
  } as StixObject;
}

function minTime(a: string | undefined, b: string): string {
  return a !== undefined && Date.parse(a) <= Date.parse(b) ? a : b;
}

function maxTime(a: string | undefined, b: string): string {
  return a !== undefined && Date.parse(a) >= Date.parse(b) ? a : b;
}

/** `now`, or one millisecond after `previous` when the clock has not moved past it. */
function laterThan(previous: string | undefined, now: string): string {
  if (previous === undefined || Date.parse(now) > Date.parse(previous)) return now;
  return new Date(Date.parse(previous) + 1).toISOString();
}

/** When a report says it saw what it reports: observed-data's window, else its own times. */
export function seenOf(object: StixObject): { firstSeen: string; lastSeen: string } | null {
  const o = object as {
    first_observed?: unknown;
    last_observed?: unknown;
    published?: unknown;
    created?: unknown;
    modified?: unknown;
  };
  const text = (v: unknown) =>
    typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? v : undefined;
  const first = text(o.first_observed) ?? text(o.published) ?? text(o.created);
  const last = text(o.last_observed) ?? text(o.published) ?? text(o.modified) ?? first;
  if (first === undefined || last === undefined) return null;
  return Date.parse(first) <= Date.parse(last)
    ? { firstSeen: first, lastSeen: last }
    : { firstSeen: last, lastSeen: first };
}
