/**
 * "N other organisations in M countries reported this" (issue 5, item 1), pure.
 *
 * An organisation decides how much of its reporting may be counted in aggregates shown to
 * readers who cannot read the reports themselves: up to a TLP level (`none` — never). The
 * default is `green`: CLEAR, GREEN and unmarked reports are counted, AMBER and RED are not.
 * Only counts are returned, never who.
 */
import { TLP_LEVELS, type TlpLevel } from '../stix/index.js';

export type AggregateLevel = TlpLevel | 'none';
export const AGGREGATE_LEVELS: readonly AggregateLevel[] = ['none', ...TLP_LEVELS];
export const DEFAULT_AGGREGATE_LEVEL: AggregateLevel = 'green';

export interface Reporter {
  readonly organizationId: string;
  readonly country: string | null;
  /** The organisation's setting; null for the default. */
  readonly aggregateTlp: string | null;
  /** The strictest TLP of the report; null when unmarked. */
  readonly tlp: string | null;
}

export interface Aggregate {
  /** Distinct other organisations whose reports may be counted. */
  readonly organizations: number;
  /** Distinct countries of those organisations (organisations without a country add none). */
  readonly countries: number;
}

export function isAggregateLevel(value: string): value is AggregateLevel {
  return (AGGREGATE_LEVELS as readonly string[]).includes(value);
}

/** Whether a report at `tlp` may be counted under `setting`. */
export function countable(tlp: string | null, setting: string | null): boolean {
  const level = setting !== null && isAggregateLevel(setting) ? setting : DEFAULT_AGGREGATE_LEVEL;
  if (level === 'none') return false;
  const rank = TLP_LEVELS.indexOf((tlp ?? 'clear') as TlpLevel);
  return rank >= 0 && rank <= TLP_LEVELS.indexOf(level);
}

/** The aggregate over `reporters`, leaving out the reader's own organisation. */
export function aggregateOf(reporters: readonly Reporter[], ownOrganizationId: string): Aggregate {
  const organizations = new Set<string>();
  const countries = new Set<string>();
  for (const r of reporters) {
    if (r.organizationId === ownOrganizationId || !countable(r.tlp, r.aggregateTlp)) continue;
    organizations.add(r.organizationId);
    if (r.country) countries.add(r.country);
  }
  return { organizations: organizations.size, countries: countries.size };
}
