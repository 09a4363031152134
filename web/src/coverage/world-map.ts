/**
 * The shapes of the coverage map: world-atlas countries (bundled, loaded on demand, no network)
 * projected with d3-geo's Equal Earth projection (equal-area, so no country looks bigger than
 * its share of the world) into SVG path data.
 */
import { geoEqualEarth, geoPath } from 'd3-geo';
import { feature } from 'topojson-client';
import { ALPHA2_OF_NUMERIC } from './iso-numeric.js';
import { MAP_HEIGHT, MAP_WIDTH } from './map-size.js';


export interface CountryShape {
  /** ISO 3166-1 alpha-2; null for territories without an ISO code (Kosovo, Somaliland …). */
  readonly code: string | null;
  /** Natural Earth's English name, for shapes without a code. */
  readonly name: string;
  /** SVG path data. */
  readonly d: string;
}

export interface WorldShapes {
  readonly countries: readonly CountryShape[];
  /** The outline of the globe. */
  readonly sphere: string;
}

/** Loads the map data (a separate chunk: import this module lazily too) and projects it. */
export async function loadWorldShapes(): Promise<WorldShapes> {
  const world = (await import('world-atlas/countries-110m.json')).default;
  const collection = feature(world, world.objects.countries);
  const projection = geoEqualEarth().fitSize([MAP_WIDTH, MAP_HEIGHT], { type: 'Sphere' });
  const path = geoPath(projection);
  const countries = collection.features.map((f) => ({
    code: f.id === undefined ? null : (ALPHA2_OF_NUMERIC.get(String(f.id)) ?? null),
    name: f.properties.name,
    d: path(f) ?? '',
  }));
  return { countries, sphere: path({ type: 'Sphere' }) ?? '' };
}
