/** Coverage as `GET /api/v1/coverage` returns it, and how the page orders it. */

export type Level = 'none' | 'partial' | 'covered' | 'unresponsive';
export type GapReason = 'no-answer' | 'no-point-of-contact';

export interface CountryCoverage {
  readonly country: string;
  readonly level: Level;
  readonly points_of_contact: number;
  readonly certs: number;
  readonly abuse_contacts: number;
  readonly routed: number;
  readonly acknowledged: number;
  readonly actioned: number;
  readonly rejected: number;
  readonly unanswered: number;
  readonly median_acknowledge_seconds: number | null;
  readonly oldest_unanswered_seconds: number | null;
}

export interface Coverage {
  readonly answer_within: number;
  readonly countries: readonly CountryCoverage[];
  readonly gaps: readonly { readonly country: string; readonly reasons: readonly GapReason[] }[];
  readonly without_country: { readonly contacts: number; readonly routed: number };
}

export const LEVELS: readonly Level[] = ['unresponsive', 'none', 'partial', 'covered'];

export type SortKey = 'gaps' | 'name' | 'routed';

/**
 * Rows in the chosen order. `gaps`: unresponsive countries, then those without a 24/7 point
 * of contact, then the rest; each by findings routed (most first), then by name.
 */
export function sortCountries(
  rows: readonly CountryCoverage[],
  key: SortKey,
  nameOf: (code: string) => string,
): CountryCoverage[] {
  const rank = (c: CountryCoverage) =>
    c.level === 'unresponsive' ? 0 : c.points_of_contact === 0 ? 1 : 2;
  const byName = (a: CountryCoverage, b: CountryCoverage) =>
    nameOf(a.country).localeCompare(nameOf(b.country));
  return [...rows].sort((a, b) => {
    if (key === 'name') return byName(a, b);
    if (key === 'routed') return b.routed - a.routed || byName(a, b);
    return rank(a) - rank(b) || b.routed - a.routed || byName(a, b);
  });
}
