/** The TopoJSON world of world-atlas (Natural Earth 1:110m), features keyed by ISO numeric id. */
declare module 'world-atlas/countries-110m.json' {
  import type { GeometryCollection, Topology } from 'topojson-specification';
  const world: Topology<{
    countries: GeometryCollection<{ name: string }>;
    land: GeometryCollection;
  }>;
  export default world;
}
