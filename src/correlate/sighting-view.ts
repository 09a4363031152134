/**
 * How the correlation view shows a sighting (issue 5, item 2), pure: which indicator, how many
 * reports, first and last seen, and where — the sighting organisation and its country, read from
 * `where_sighted_refs` (an identity, and a `location` with a `country`).
 */
export interface SightingSummary {
  readonly id: string;
  readonly sighting_of_ref: string;
  readonly count: number;
  readonly first_seen: string | null;
  readonly last_seen: string | null;
  readonly tlp: string | null;
  /** The sighting organisation (its identity id and, when known, its name). */
  readonly organization: { readonly id: string; readonly name: string | null } | null;
  /** ISO 3166-1 alpha-2 code of the country where it was sighted, when stated. */
  readonly country: string | null;
}

interface SightingContent {
  sighting_of_ref?: unknown;
  count?: unknown;
  first_seen?: unknown;
  last_seen?: unknown;
  where_sighted_refs?: unknown;
}

/**
 * The summary of a stored sighting; `names` maps organisation ids to names, `locations` maps
 * location ids to the content of the stored location.
 */
export function sightingSummary(
  row: { id: string; tlp: string | null; content: string },
  names: ReadonlyMap<string, string>,
  locations: ReadonlyMap<string, string>,
): SightingSummary {
  const s = JSON.parse(row.content) as SightingContent;
  const where = Array.isArray(s.where_sighted_refs)
    ? s.where_sighted_refs.filter((r): r is string => typeof r === 'string')
    : [];
  const identity = where.find((r) => r.startsWith('identity--'));
  let country: string | null = null;
  for (const ref of where) {
    const content = ref.startsWith('location--') ? locations.get(ref) : undefined;
    const code =
      content === undefined ? undefined : (JSON.parse(content) as { country?: unknown }).country;
    if (typeof code === 'string') {
      country = code;
      break;
    }
  }
  const text = (v: unknown) => (typeof v === 'string' ? v : null);
  return {
    id: row.id,
    sighting_of_ref: text(s.sighting_of_ref) ?? '',
    count: typeof s.count === 'number' ? s.count : 1,
    first_seen: text(s.first_seen),
    last_seen: text(s.last_seen),
    tlp: row.tlp,
    organization: identity ? { id: identity, name: names.get(identity) ?? null } : null,
    country,
  };
}

/** The location ids among the `where_sighted_refs` of stored sightings. */
export function locationRefsOf(contents: readonly string[]): string[] {
  const out = new Set<string>();
  for (const content of contents) {
    const refs = (JSON.parse(content) as SightingContent).where_sighted_refs;
    if (Array.isArray(refs))
      for (const r of refs) if (typeof r === 'string' && r.startsWith('location--')) out.add(r);
  }
  return [...out];
}

/** The identity ids among the `where_sighted_refs` of stored sightings. */
export function identityRefsOf(contents: readonly string[]): string[] {
  const out = new Set<string>();
  for (const content of contents) {
    const refs = (JSON.parse(content) as SightingContent).where_sighted_refs;
    if (Array.isArray(refs))
      for (const r of refs) if (typeof r === 'string' && r.startsWith('identity--')) out.add(r);
  }
  return [...out];
}
