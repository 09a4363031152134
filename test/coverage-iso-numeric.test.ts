/**
 * The coverage map's numeric → alpha-2 table (issue 5, item 5): every ISO 3166-1 country of
 * nohaven has exactly one numeric code, and every world-atlas feature with a code maps to one.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { COUNTRY_CODES } from '../src/platform/countries.js';
import { ALPHA2_OF_NUMERIC } from '../web/src/coverage/iso-numeric.js';
import { sortCountries, type CountryCoverage } from '../web/src/coverage/coverage.js';
import { formatDuration } from '../web/src/coverage/duration.js';

const world = JSON.parse(
  readFileSync(createRequire(import.meta.url).resolve('world-atlas/countries-110m.json'), 'utf8'),
) as { objects: { countries: { geometries: { id?: string; properties: { name: string } }[] } } };

describe('ISO 3166-1 numeric codes of the map', () => {
  it('has one numeric code for each of the 249 alpha-2 codes, and no other', () => {
    expect(ALPHA2_OF_NUMERIC.size).toBe(249);
    expect([...ALPHA2_OF_NUMERIC.values()].sort()).toEqual([...COUNTRY_CODES].sort());
    for (const numeric of ALPHA2_OF_NUMERIC.keys()) expect(numeric).toMatch(/^\d{3}$/);
  });

  it('maps every world-atlas feature with an id to a country whose English name matches', () => {
    const names = new Intl.DisplayNames(['en'], { type: 'region' });
    const features = world.objects.countries.geometries.filter((g) => g.id !== undefined);
    expect(features.length).toBeGreaterThan(170);
    // Natural Earth abbreviates some names ("Bosnia and Herz."): compare the first word of
    // each; the few that differ are listed, each checked by hand.
    const first = (s: string) => s.split(/[\s.,-]/)[0]!.toLowerCase();
    const unlike: string[] = [];
    for (const f of features) {
      const alpha2 = ALPHA2_OF_NUMERIC.get(f.id!);
      expect(alpha2, `${f.id} ${f.properties.name}`).toBeDefined();
      const name = names.of(alpha2!)!;
      if (first(name) !== first(f.properties.name)) unlike.push(`${f.properties.name} ≠ ${name}`);
    }
    expect(unlike.sort()).toEqual([
      'Dem. Rep. Congo ≠ Congo - Kinshasa',
      'Eq. Guinea ≠ Equatorial Guinea',
      'Fr. S. Antarctic Lands ≠ French Southern Territories',
      'Macedonia ≠ North Macedonia',
      'Palestine ≠ Palestinian Territories',
      'S. Sudan ≠ South Sudan',
      'Turkey ≠ Türkiye',
      'W. Sahara ≠ Western Sahara',
    ]);
  });
});

describe('coverage table order and durations', () => {
  const row = (country: string, level: CountryCoverage['level'], poc: number, routed: number) =>
    ({ country, level, points_of_contact: poc, routed }) as CountryCoverage;
  const rows = [
    row('NL', 'covered', 1, 5),
    row('DE', 'partial', 0, 1),
    row('FR', 'unresponsive', 1, 2),
    row('AT', 'none', 0, 0),
    row('IT', 'partial', 1, 9),
  ];
  const codes = (r: CountryCoverage[]) => r.map((c) => c.country);

  it('puts gaps first: unresponsive, then no point of contact, each by findings then name', () => {
    expect(codes(sortCountries(rows, 'gaps', (c) => c))).toEqual(['FR', 'DE', 'AT', 'IT', 'NL']);
    expect(codes(sortCountries(rows, 'routed', (c) => c))).toEqual(['IT', 'NL', 'FR', 'DE', 'AT']);
    expect(codes(sortCountries(rows, 'name', (c) => c))).toEqual(['AT', 'DE', 'FR', 'IT', 'NL']);
  });

  it('shows durations in a readable unit', () => {
    expect(formatDuration(45, 'en')).toBe('45 sec');
    expect(formatDuration(120, 'en')).toBe('2 min');
    expect(formatDuration(7440, 'en')).toBe('2 hr');
    expect(formatDuration(86_400 * 3, 'en')).toBe('3 days');
  });
});
