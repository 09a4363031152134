/**
 * Measures enrichment speed: load time of the packaged data, then µs per `enrich()` call on
 * ipv4-addr, ipv6-addr, domain-name and url objects built by `src/intake/observables.ts`.
 * Run: `npx tsx bench/enrich-lookup.ts`. No assertions; prints the figures.
 */
import { performance } from 'node:perf_hooks';
import { createEnricher } from '../src/enrich/enricher.js';
import { loadEnrichmentData } from '../src/enrich/enrichment-data.js';
import { domainObservable, ipObservable, urlObservable } from '../src/intake/observables.js';
import type { StixObject } from '../src/stix/index.js';

// A fixed loop, to tell a busy machine from slow code when reading the figures below.
const c0 = performance.now();
let sink = 0;
for (let i = 0; i < 1e7; i++) sink += i & 7;
console.log(
  `calibration: ${(((performance.now() - c0) * 1e6) / 1e7).toFixed(2)} ns per loop step (${sink})`,
);

const t0 = performance.now();
const data = loadEnrichmentData({
  asnDatabase: null,
  countryDatabase: null,
  warninglistsDir: null,
});
const loadMs = performance.now() - t0;
const enricher = createEnricher(data);

function sco(r: { ok: true; sco: StixObject } | { ok: false; reason: string }): StixObject {
  if (!r.ok) throw new Error(r.reason);
  return r.sco;
}
// Deterministic pseudo-random addresses spread over the public space.
let seed = 42;
const rand = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
const n = 200_000;
const sets: Record<string, StixObject[]> = {
  'ipv4-addr': [],
  'ipv6-addr': [],
  'domain-name': [],
  url: [],
};
for (let i = 0; i < n; i++) {
  const a = Math.floor(rand() * 2 ** 32);
  sets['ipv4-addr']!.push(
    sco(ipObservable(`${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}`)),
  );
  const g = () => Math.floor(rand() * 65536).toString(16);
  const prefix = ['2001:4860', '2a00:1450', '2003:e0', '2400:cb00', '2a01:e0a', '2001:67c'][i % 6];
  sets['ipv6-addr']!.push(sco(ipObservable(`${prefix}:${g()}::${g()}`)));
  sets['domain-name']!.push(sco(domainObservable(`host${i}.example${i % 977}.co.uk`)));
  sets.url!.push(sco(urlObservable(`http://www${i % 50}.shop${i % 1313}.com/login?id=${i}`)));
}
const mixed = Object.values(sets).flat();
console.log(
  `load: ${loadMs.toFixed(0)} ms (${data.versions
    .filter((v) => v.kind !== 'warninglist')
    .map((v) => `${v.name}: ${v.entries}`)
    .join(', ')})`,
);
for (const [type, objects] of [...Object.entries(sets), ['mixed', mixed] as const]) {
  for (const o of objects.slice(0, 20_000)) enricher.enrich(o); // warm-up
  const start = performance.now();
  let hits = 0;
  for (const o of objects) if (enricher.enrich(o) !== o) hits++;
  const us = ((performance.now() - start) * 1000) / objects.length;
  console.log(
    `${String(type).padEnd(12)} ${us.toFixed(2)} µs/object (${Math.round(1e6 / us)} objects/s, ${hits} enriched of ${objects.length})`,
  );
}

// The lookups alone, without building the enriched object.
for (const type of ['ipv4-addr', 'ipv6-addr'] as const) {
  const addresses = sets[type]!.map((o) => String((o as { value?: unknown }).value));
  for (const [name, lookup] of [
    ['asn', data.asn!],
    ['country', data.country!],
    ['warninglists', data.warninglists.matchIp],
  ] as const) {
    for (const a of addresses.slice(0, 20_000)) lookup(a);
    const start = performance.now();
    for (const a of addresses) lookup(a);
    const us = ((performance.now() - start) * 1000) / addresses.length;
    console.log(`${type} ${name.padEnd(12)} ${us.toFixed(2)} µs/lookup`);
  }
}
