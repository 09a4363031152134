import { describe, expect, it } from 'vitest';
import { ENRICHMENT_EXTENSION_ID } from '../enrich/enrichment-extension.js';
import type { Contact } from './contact.types.js';
import { explain } from './explain.js';
import { buildDirectory, findingOf, routeFinding, type Finding } from './routing-rules.js';

let n = 0;
function contact(fields: Partial<Contact> & Pick<Contact, 'kind' | 'name'>): Contact {
  n += 1;
  return {
    id: `c${n}`,
    network: null,
    asn: null,
    domain: null,
    country: null,
    sector: null,
    languages: [],
    channel: 'email',
    address: `desk${n}@example.org`,
    notes: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...fields,
  };
}

const wide = contact({ kind: 'abuse', name: 'Wide /16', network: '203.0.0.0/16', country: 'NL' });
const narrow = contact({ kind: 'abuse', name: 'Narrow /24', network: '203.0.113.0/24' });
const byAsn = contact({ kind: 'abuse', name: 'AS64500 abuse', asn: 64500 });
const v6 = contact({ kind: 'abuse', name: 'v6 /32', network: '2001:db8::/32' });
const v6narrow = contact({ kind: 'abuse', name: 'v6 /48', network: '2001:db8:1::/48' });
const byDomain = contact({ kind: 'abuse', name: 'Example registrar', domain: 'example.net' });
const bySub = contact({ kind: 'abuse', name: 'Shop host', domain: 'shop.example.net' });
const pocNl = contact({ kind: 'poc', name: 'NL 24/7', country: 'NL' });
const pocFr = contact({ kind: 'poc', name: 'FR 24/7', country: 'FR' });
const certFinanceFr = contact({
  kind: 'cert',
  name: 'CERT finance FR',
  country: 'FR',
  sector: 'finance',
});
const certFinanceDe = contact({
  kind: 'cert',
  name: 'CERT finance DE',
  country: 'DE',
  sector: 'finance',
});
const certHealthDe = contact({
  kind: 'cert',
  name: 'CERT health DE',
  country: 'DE',
  sector: 'health',
});

const directory = buildDirectory([
  wide,
  narrow,
  byAsn,
  v6,
  v6narrow,
  byDomain,
  bySub,
  pocNl,
  pocFr,
  certFinanceFr,
  certFinanceDe,
  certHealthDe,
]);

function finding(type: string, value: string, enrichment: Finding['enrichment'] = {}): Finding {
  return { id: `${type}--00000000-0000-4000-8000-000000000001`, type, value, enrichment };
}

const names = (r: ReturnType<typeof routeFinding>) =>
  r.recipients.map((x) => x.contact.name).sort();

describe('routing rules', () => {
  it('routes an address to the longest matching prefix and its country’s point of contact', () => {
    const r = routeFinding(
      finding('ipv4-addr', '203.0.113.7', { asn: 64500, country: 'NL' }),
      directory,
    );
    expect(names(r)).toEqual(['NL 24/7', 'Narrow /24']);
    const abuse = r.recipients.find((x) => x.contact === narrow)!;
    expect(abuse.reasons).toEqual([
      {
        code: 'abuse-network',
        params: {
          value: '203.0.113.7',
          network: '203.0.113.0/24',
          asn: 64500,
          country: 'NL',
          contact: 'Narrow /24',
        },
      },
    ]);
    expect(explain(abuse.reasons[0]!)).toBe(
      'routed to Narrow /24 because 203.0.113.7 is in 203.0.113.0/24 (AS64500, announced from NL)',
    );
  });

  it('falls back to a shorter prefix outside the narrow one', () => {
    const r = routeFinding(finding('ipv4-addr', '203.0.1.1', { country: 'NL' }), directory);
    expect(names(r)).toEqual(['NL 24/7', 'Wide /16']);
  });

  it('falls back to the autonomous system when no network matches', () => {
    const r = routeFinding(
      finding('ipv4-addr', '198.51.100.9', { asn: 64500, country: 'NL' }),
      directory,
    );
    expect(names(r)).toEqual(['AS64500 abuse', 'NL 24/7']);
    const reason = r.recipients.find((x) => x.contact === byAsn)!.reasons[0]!;
    expect(explain(reason)).toBe(
      'routed to AS64500 abuse because 198.51.100.9 is in AS64500, announced from NL',
    );
  });

  it('matches IPv6 addresses by longest prefix', () => {
    expect(names(routeFinding(finding('ipv6-addr', '2001:db8:1::5'), directory))).toEqual([
      'v6 /48',
    ]);
    expect(names(routeFinding(finding('ipv6-addr', '2001:db8:2::5'), directory))).toEqual([
      'v6 /32',
    ]);
    // An IPv4-mapped family never matches an IPv6 block and the other way round.
    expect(names(routeFinding(finding('ipv6-addr', '2001:db9::1'), directory))).toEqual([]);
  });

  it('routes URLs with an IP host by the address', () => {
    const f = finding('url', 'http://203.0.113.7/login', { host: '203.0.113.7', country: 'NL' });
    expect(names(routeFinding(f, directory))).toEqual(['NL 24/7', 'Narrow /24']);
    // Without enrichment, the host is read from the URL itself (IPv6 in brackets too).
    expect(names(routeFinding(finding('url', 'http://[2001:db8:1::5]:8080/x'), directory))).toEqual(
      ['v6 /48'],
    );
    expect(names(routeFinding(finding('url', 'https://a.shop.example.net/'), directory))).toEqual([
      'Shop host',
    ]);
  });

  it('routes domains, URLs and e-mail addresses to the longest matching domain', () => {
    expect(names(routeFinding(finding('domain-name', 'www.shop.example.net'), directory))).toEqual([
      'Shop host',
    ]);
    const url = finding('url', 'https://login.example.net/x', {
      host: 'login.example.net',
      registrable_domain: 'example.net',
    });
    const r = routeFinding(url, directory);
    expect(names(r)).toEqual(['Example registrar']);
    expect(explain(r.recipients[0]!.reasons[0]!)).toBe(
      'routed to Example registrar because https://login.example.net/x is under example.net',
    );
    expect(names(routeFinding(finding('email-addr', 'crook@example.net'), directory))).toEqual([
      'Example registrar',
    ]);
    // A suffix that is not on a label boundary does not match.
    expect(names(routeFinding(finding('domain-name', 'notexample.net'), directory))).toEqual([]);
  });

  it('sends to the victim country’s point of contact and the sector CERT', () => {
    const r = routeFinding(finding('domain-name', 'unknown.example'), directory, {
      country: 'FR',
      sector: 'Finance',
    });
    expect(names(r)).toEqual(['CERT finance FR', 'FR 24/7']);
    expect(r.recipients.find((x) => x.contact === pocFr)!.reasons[0]!.code).toBe('poc-victim');
    // Without a sector CERT in the victim's country, any of the sector.
    const de = routeFinding(finding('domain-name', 'unknown.example'), directory, {
      country: 'IT',
      sector: 'health',
    });
    expect(names(de)).toEqual(['CERT health DE']);
    expect(de.notes).toContainEqual({ code: 'no-point-of-contact', params: { country: 'IT' } });
  });

  it('does not route warninglisted findings, and says why', () => {
    const r = routeFinding(
      finding('ipv4-addr', '203.0.113.7', {
        country: 'NL',
        warninglists: ['documentation-prefixes'],
      }),
      directory,
      { country: 'FR' },
    );
    expect(r.recipients).toEqual([]);
    expect(r.notes).toEqual([
      {
        code: 'warninglisted',
        params: { value: '203.0.113.7', warninglists: 'documentation-prefixes' },
      },
    ]);
  });

  it('deduplicates a recipient reached by two rules, merging its reasons', () => {
    const r = routeFinding(finding('ipv4-addr', '203.0.113.7', { country: 'NL' }), directory, {
      country: 'NL',
    });
    const poc = r.recipients.filter((x) => x.contact === pocNl);
    expect(poc).toHaveLength(1);
    expect(poc[0]!.reasons.map((x) => x.code)).toEqual(['poc-infrastructure', 'poc-victim']);
  });

  it('names the gaps: no abuse contact, no point of contact', () => {
    const r = routeFinding(finding('ipv4-addr', '192.0.2.1', { country: 'BR' }), directory);
    expect(r.recipients).toEqual([]);
    expect(r.notes.map((x) => x.code)).toEqual(['no-abuse-contact', 'no-point-of-contact']);
  });

  it('reads findings from STIX observables with the enrichment extension', () => {
    const f = findingOf({
      type: 'ipv4-addr',
      id: 'ipv4-addr--00000000-0000-4000-8000-000000000002',
      value: '203.0.113.7',
      extensions: {
        [ENRICHMENT_EXTENSION_ID]: { extension_type: 'property-extension', asn: 64500 },
      },
    });
    expect(f?.enrichment.asn).toBe(64500);
    expect(findingOf({ type: 'malware', id: 'malware--x', value: 'x' })).toBeNull();
  });
});
