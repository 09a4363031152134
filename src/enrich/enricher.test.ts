import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import {
  domainObservable,
  emailObservable,
  fileObservable,
  ipObservable,
  urlObservable,
  type ObservableResult,
} from '../intake/observables.js';
import { validateStixObject, type StixObject } from '../stix/index.js';
import { createEnricher, type DataVersion, type EnrichmentData } from './enricher.js';
import {
  ENRICHMENT_EXTENSION_DEFINITION,
  ENRICHMENT_EXTENSION_ID,
  NOHAVEN_IDENTITY,
} from './enrichment-extension.js';
import { asnValues, countryValues, ipTableLookup, parseIpTableCsv } from './ip-table.js';
import { compileWarninglists, parseWarninglist, type Warninglist } from './warninglists.js';
import { BUILTIN_WARNINGLIST_FILES } from './warninglists/index.js';

// Small tables of our own, in the ip-location-db layout.
const ASN = parseIpTableCsv(
  [
    '8.8.8.0,8.8.8.255,15169,Google LLC',
    '192.0.2.0,192.0.2.255,64496,Documentation AS',
    '2001:db8::,2001:db8:ffff:ffff:ffff:ffff:ffff:ffff,64497,',
    '10.0.0.0,10.255.255.255,64512,Private',
  ].join('\n'),
  'asn.csv',
  asnValues(),
);
const COUNTRY = parseIpTableCsv(
  '8.8.8.0,8.8.8.255,US\n192.0.2.0,192.0.2.255,FR\n2001:db8::,2001:db8::ffff,JP',
  'country.csv',
  countryValues(),
);
const lists: Warninglist[] = Object.entries(BUILTIN_WARNINGLIST_FILES).map(([f, json]) => {
  const l = parseWarninglist(json, f);
  if ('skipped' in l) throw new Error(f);
  return l;
});
const VERSIONS: DataVersion[] = [
  {
    kind: 'asn',
    name: 'asn.csv',
    version: '1',
    buildDate: null,
    source: 'asn.csv',
    entries: 4,
    licence: null,
  },
];
const data: EnrichmentData = {
  asn: ipTableLookup(ASN),
  country: ipTableLookup(COUNTRY),
  warninglists: compileWarninglists(lists),
  versions: VERSIONS,
};
const enricher = createEnricher(data);

function sco(r: ObservableResult): StixObject {
  if (!r.ok) throw new Error(r.reason);
  return r.sco;
}
const ext = (o: StixObject): Record<string, unknown> | undefined =>
  (o.extensions as Record<string, Record<string, unknown>> | undefined)?.[ENRICHMENT_EXTENSION_ID];
const listNamed = (re: RegExp) => lists.find((l) => re.test(l.name))!.name;

const ajv = new Ajv2020({ strict: true, allErrors: true });
const checkExtension = ajv.compile(
  JSON.parse(
    readFileSync(path.join(import.meta.dirname, 'enrichment-extension.schema.json'), 'utf8'),
  ) as object,
);

/** The enriched object is valid STIX and its extension matches the published schema. */
function expectValid(o: StixObject): void {
  expect(validateStixObject(o)).toEqual([]);
  const e = ext(o);
  if (e !== undefined) expect(checkExtension(e), JSON.stringify(checkExtension.errors)).toBe(true);
}

describe('createEnricher', () => {
  it('adds AS number, AS name, country and warninglists to an IPv4 address', () => {
    const ip = sco(ipObservable('8.8.8.8'));
    const out = enricher.enrich(ip);
    expect(ext(out)).toEqual({
      extension_type: 'property-extension',
      asn: 15169,
      as_name: 'Google LLC',
      country: 'US',
      warninglists: [listNamed(/public DNS resolvers/)],
    });
    expect(out.id).toBe(ip.id);
    expect(ip.extensions).toBeUndefined();
    expectValid(out);
  });

  it('enriches IPv6 addresses and CIDR blocks by their first address', () => {
    const out = enricher.enrich(sco(ipObservable('2001:DB8::1')));
    expect(ext(out)).toEqual({
      extension_type: 'property-extension',
      asn: 64497,
      country: 'JP',
      warninglists: [listNamed(/documentation/)],
    });
    expectValid(out);
    const block = enricher.enrich(sco(ipObservable('10.1.0.0/16')));
    expect(ext(block)).toMatchObject({ asn: 64512, warninglists: [listNamed(/RFC 1918/)] });
    expectValid(block);
  });

  it('returns an address nothing is known of unchanged', () => {
    const ip = sco(ipObservable('203.0.114.9'));
    expect(enricher.enrich(ip)).toBe(ip);
  });

  it('adds the registrable domain and public suffix of a domain name', () => {
    const out = enricher.enrich(sco(domainObservable('Login.Secure-Bank.co.uk')));
    expect(ext(out)).toEqual({
      extension_type: 'property-extension',
      registrable_domain: 'secure-bank.co.uk',
      public_suffix: 'co.uk',
    });
    expectValid(out);
    // The private section of the Public Suffix List counts: each blog is its own domain.
    const blog = enricher.enrich(sco(domainObservable('evil.blogspot.com')));
    expect(ext(blog)).toMatchObject({ registrable_domain: 'evil.blogspot.com' });
    const popular = enricher.enrich(sco(domainObservable('mail.google.com')));
    expect(ext(popular)).toMatchObject({
      registrable_domain: 'google.com',
      warninglists: [listNamed(/popular domains/)],
    });
    expectValid(popular);
  });

  it('enriches a URL by its host: a domain, an IPv4 or a bracketed IPv6 address', () => {
    const named = enricher.enrich(sco(urlObservable('https://WWW.Example.COM:443/a?b=c')));
    expect(ext(named)).toEqual({
      extension_type: 'property-extension',
      host: 'www.example.com',
      registrable_domain: 'example.com',
      public_suffix: 'com',
      warninglists: [listNamed(/special-use/)],
    });
    expectValid(named);
    const v4 = enricher.enrich(sco(urlObservable('http://192.0.2.10:8080/payload.exe')));
    expect(ext(v4)).toEqual({
      extension_type: 'property-extension',
      host: '192.0.2.10',
      asn: 64496,
      as_name: 'Documentation AS',
      country: 'FR',
      warninglists: [listNamed(/documentation/)],
    });
    expectValid(v4);
    const v6 = enricher.enrich(sco(urlObservable('http://[2001:db8::5]/x')));
    expect(ext(v6)).toMatchObject({ host: '2001:db8::5', asn: 64497, country: 'JP' });
    expectValid(v6);
  });

  it('enriches an e-mail address by its domain', () => {
    const out = enricher.enrich(sco(emailObservable('ceo@Mail.Contoso.com.au')));
    expect(ext(out)).toEqual({
      extension_type: 'property-extension',
      registrable_domain: 'contoso.com.au',
      public_suffix: 'com.au',
    });
    expectValid(out);
    const reserved = enricher.enrich(sco(emailObservable('alice@example.net')));
    expect(ext(reserved)?.warninglists).toEqual([listNamed(/special-use/)]);
  });

  it('keeps other extensions, replaces an earlier enrichment, and passes other types', () => {
    const ip = {
      ...sco(ipObservable('8.8.8.4')),
      extensions: {
        [ENRICHMENT_EXTENSION_ID]: { extension_type: 'property-extension', asn: 1 },
        'extension-definition--00000000-0000-4000-8000-000000000001': {
          extension_type: 'property-extension',
          note: 'kept',
        },
      },
    } as StixObject;
    const out = enricher.enrich(ip);
    expect(ext(out)).toMatchObject({ asn: 15169 });
    expect(Object.keys(out.extensions as object)).toHaveLength(2);
    expectValid(out);
    const file = sco(fileObservable({ name: 'invoice.pdf.exe' }));
    expect(enricher.enrich(file)).toBe(file);
  });

  it('reports the data versions it was given', () => {
    expect(enricher.versions()).toBe(VERSIONS);
  });
});

describe('the enrichment extension-definition', () => {
  it('is a valid STIX extension-definition created by a valid nohaven identity', () => {
    expect(validateStixObject(ENRICHMENT_EXTENSION_DEFINITION)).toEqual([]);
    expect(validateStixObject(NOHAVEN_IDENTITY)).toEqual([]);
    expect(ENRICHMENT_EXTENSION_DEFINITION.created_by_ref).toBe(NOHAVEN_IDENTITY.id);
    expect(ENRICHMENT_EXTENSION_DEFINITION.extension_types).toEqual(['property-extension']);
    expect(new URL(ENRICHMENT_EXTENSION_DEFINITION.schema).protocol).toBe('https:');
    expect(ENRICHMENT_EXTENSION_DEFINITION.created).toMatch(/\.\d{3}Z$/);
  });

  it('has a schema that refuses ad-hoc properties and bad values', () => {
    expect(checkExtension({ extension_type: 'property-extension', asn: 15169 })).toBe(true);
    expect(checkExtension({ extension_type: 'property-extension', owner: 'x' })).toBe(false);
    expect(checkExtension({ extension_type: 'property-extension', country: 'usa' })).toBe(false);
    expect(checkExtension({ extension_type: 'property-extension', asn: -1 })).toBe(false);
  });
});
