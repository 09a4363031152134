/**
 * The enricher of a process, built on first need: loading the packaged data takes a second or
 * two (the ASN table is parsed from CSV), so neither `nohaven start` nor an import without
 * observables pays for it, and every node of one process (tests) shares one copy per settings.
 */
import type { StixObject } from '../stix/index.js';
import { createEnricher, type Enricher } from './enricher.js';
import { loadEnrichmentData, type EnrichmentSettings } from './enrichment-data.js';

/** The SCO types the enricher adds properties to. */
const ENRICHED_TYPES: ReadonlySet<string> = new Set([
  'ipv4-addr',
  'ipv6-addr',
  'domain-name',
  'url',
  'email-addr',
]);

const shared = new Map<string, Enricher>();

function enricherFor(settings: EnrichmentSettings): Enricher {
  const key = JSON.stringify([
    settings.asnDatabase,
    settings.countryDatabase,
    settings.warninglistsDir,
  ]);
  let enricher = shared.get(key);
  if (!enricher) {
    enricher = createEnricher(loadEnrichmentData(settings));
    shared.set(key, enricher);
  }
  return enricher;
}

/** An `enrich` function that loads the data the first time an enrichable object comes. */
export function lazyEnrich(settings: EnrichmentSettings): (object: StixObject) => StixObject {
  return (object) =>
    ENRICHED_TYPES.has(object.type) ? enricherFor(settings).enrich(object) : object;
}
