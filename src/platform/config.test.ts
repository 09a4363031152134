import { describe, expect, it } from 'vitest';
import { ConfigError, maskedConfig, parseConfig } from './config.js';
import { DEFAULT_OUTBREAK_SETTINGS } from '../correlate/outbreak-settings.js';

describe('parseConfig', () => {
  it('has working defaults: SQLite in ./data on 127.0.0.1:8080', () => {
    const c = parseConfig({});
    expect(c).toMatchObject({
      dataDir: './data',
      host: '127.0.0.1',
      port: 8080,
      databaseUrl: null,
      country: null,
      logLevel: 'info',
      dedupWindowSeconds: 86_400,
      correlationCap: 1000,
    });
    expect(c.baseUrl).toBe('http://127.0.0.1:8080');
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('lets the environment override the config file', () => {
    const c = parseConfig(
      { NOHAVEN_PORT: '9090', NOHAVEN_COUNTRY: 'fr' },
      { port: 7070, nodeName: 'Paris' },
    );
    expect(c.port).toBe(9090);
    expect(c.nodeName).toBe('Paris');
    expect(c.country).toBe('FR');
  });

  it.each([
    [{ NOHAVEN_PORT: 'abc' }, 'NOHAVEN_PORT'],
    [{ NOHAVEN_PORT: '70000' }, 'NOHAVEN_PORT'],
    [{ NOHAVEN_COUNTRY: 'XX' }, 'NOHAVEN_COUNTRY'],
    [{ NOHAVEN_DATABASE_URL: 'mysql://x' }, 'NOHAVEN_DATABASE_URL'],
    [{ NOHAVEN_LOG_LEVEL: 'loud' }, 'NOHAVEN_LOG_LEVEL'],
    [{ NOHAVEN_BASE_URL: 'ftp://x' }, 'NOHAVEN_BASE_URL'],
    [{ NOHAVEN_BODY_LIMIT: '10' }, 'NOHAVEN_BODY_LIMIT'],
    [{ NOHAVEN_DEDUP_WINDOW_SECONDS: '0' }, 'NOHAVEN_DEDUP_WINDOW_SECONDS'],
    [{ NOHAVEN_CORRELATION_CAP: 'lots' }, 'NOHAVEN_CORRELATION_CAP'],
    [{ NOHAVEN_ASN_DATABASE: '/data/asn.txt' }, 'NOHAVEN_ASN_DATABASE'],
    [{ NOHAVEN_COUNTRY_DATABASE: ' , ' }, 'NOHAVEN_COUNTRY_DATABASE'],
  ])('names the bad setting in %o', (env, setting) => {
    expect(() => parseConfig(env)).toThrow(ConfigError);
    try {
      parseConfig(env);
    } catch (err) {
      expect((err as ConfigError).setting).toBe(setting);
      expect((err as Error).message).toContain(setting);
    }
  });

  it('reads enrichment data files: comma-separated in the environment, an array in the file', () => {
    expect(parseConfig({})).toMatchObject({
      asnDatabase: null,
      countryDatabase: null,
      warninglistsDir: null,
    });
    const c = parseConfig(
      { NOHAVEN_ASN_DATABASE: '/d/asn-ipv4.csv, /d/asn-ipv6.csv' },
      { countryDatabase: ['/d/country.mmdb'], warninglistsDir: '/d/misp-lists' },
    );
    expect(c.asnDatabase).toEqual(['/d/asn-ipv4.csv', '/d/asn-ipv6.csv']);
    expect(c.countryDatabase).toEqual(['/d/country.mmdb']);
    expect(c.warninglistsDir).toBe('/d/misp-lists');
    expect(() => parseConfig({}, { asnDatabase: ['/d/asn.json'] })).toThrow(
      /^asnDatabase: "\/d\/asn.json" must be a .csv or .mmdb file/,
    );
  });

  it('takes the TLS certificate and key together; the default base URL is then https', () => {
    expect(parseConfig({})).toMatchObject({ tlsCertFile: null, tlsKeyFile: null });
    const c = parseConfig({ NOHAVEN_TLS_CERT_FILE: '/t/node.crt' }, { tlsKeyFile: '/t/node.key' });
    expect(c).toMatchObject({ tlsCertFile: '/t/node.crt', tlsKeyFile: '/t/node.key' });
    expect(c.baseUrl).toBe('https://127.0.0.1:8080');
    expect(() => parseConfig({ NOHAVEN_TLS_CERT_FILE: '/t/node.crt' })).toThrow(
      /^NOHAVEN_TLS_KEY_FILE: must be set together with NOHAVEN_TLS_CERT_FILE/,
    );
    expect(() => parseConfig({}, { tlsKeyFile: '/t/node.key' })).toThrow(
      /^tlsCertFile: must be set together with tlsKeyFile/,
    );
  });

  it('names bad keys of the config file', () => {
    expect(() => parseConfig({}, { prot: 1 })).toThrow(/prot: unknown setting/);
    expect(() => parseConfig({}, { port: 'x' })).toThrow(/^port:/);
  });

  it('reads outbreak thresholds: name=value pairs in the environment, an object in the file', () => {
    expect(parseConfig({}).outbreak).toEqual(DEFAULT_OUTBREAK_SETTINGS);
    const fromEnv = parseConfig(
      { NOHAVEN_OUTBREAK: 'spreadMinCountries=3, spreadWindowSeconds=3600,growthFactor=2.5' },
      { outbreak: { spreadMinCountries: 5 } },
    ).outbreak;
    expect(fromEnv).toMatchObject({
      spreadMinCountries: 3,
      spreadWindowSeconds: 3600,
      growthFactor: 2.5,
      spreadMinOrganisations: DEFAULT_OUTBREAK_SETTINGS.spreadMinOrganisations,
    });
    expect(
      parseConfig({}, { outbreak: { spreadMinCountries: 5 } }).outbreak.spreadMinCountries,
    ).toBe(5);
    expect(() => parseConfig({ NOHAVEN_OUTBREAK: 'spreadMinCountries' })).toThrow(
      /^NOHAVEN_OUTBREAK: "spreadMinCountries" is not name=value/,
    );
    expect(() => parseConfig({ NOHAVEN_OUTBREAK: 'spreadMinCountries=0' })).toThrow(
      /NOHAVEN_OUTBREAK spreadMinCountries: must be between 1 and 249/,
    );
    expect(() => parseConfig({}, { outbreak: { spreadMinCountrys: 2 } })).toThrow(
      /outbreak\.spreadMinCountrys: unknown outbreak setting/,
    );
    expect(() => parseConfig({}, { outbreak: 3 })).toThrow(/^outbreak: must be an object/);
  });

  it('reads the federation settings: sector, clock skew and unreachable-peer alert (issue 6)', () => {
    expect(parseConfig({})).toMatchObject({
      sector: 'other',
      federationClockSkewSeconds: 900,
      peerUnreachableAlertSeconds: 900,
    });
    const c = parseConfig(
      { NOHAVEN_SECTOR: 'law-enforcement' },
      { federationClockSkewSeconds: 300, peerUnreachableAlertSeconds: 60 },
    );
    expect(c).toMatchObject({
      sector: 'law-enforcement',
      federationClockSkewSeconds: 300,
      peerUnreachableAlertSeconds: 60,
    });
    expect(() => parseConfig({ NOHAVEN_SECTOR: 'Law Enforcement' })).toThrow(
      /^NOHAVEN_SECTOR: "Law Enforcement" is not a sector code/,
    );
    expect(() => parseConfig({}, { federationClockSkewSeconds: 0 })).toThrow(
      /^federationClockSkewSeconds: must be between 1 and 86400/,
    );
  });

  it('masks the database password', () => {
    const c = parseConfig({ NOHAVEN_DATABASE_URL: 'postgres://nh:s3cret@db.example/nohaven' });
    expect(JSON.stringify(maskedConfig(c))).not.toContain('s3cret');
    expect(maskedConfig(c).databaseUrl).toBe('postgres://nh:****@db.example/nohaven');
  });
});
