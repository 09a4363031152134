import { describe, expect, it } from 'vitest';
import {
  asnValues,
  countryValues,
  ipTableLookup,
  IpTableError,
  parseIpTableCsv,
  splitCsvLine,
} from './ip-table.js';

// Rows in the ip-location-db layout: text and numeric bounds, quoted names, both families.
const ASN_CSV = [
  '1.0.0.0,1.0.0.255,13335,"Cloudflare, Inc."',
  '16778240,16779263,38803,Gtelecom Pty Ltd',
  '',
  '# a comment',
  '2001:4860::,2001:4860:ffff:ffff:ffff:ffff:ffff:ffff,15169,Google LLC',
  '42540528726795050063891204319802818560,42540528727329395276160870415022948351,2500,WIDE Project',
  '8.8.8.0,8.8.8.255,15169,Google LLC',
].join('\r\n');

describe('parseIpTableCsv', () => {
  const lookup = ipTableLookup(parseIpTableCsv(ASN_CSV, 'asn.csv', asnValues()));

  it('finds the AS of IPv4 and IPv6 addresses in text and numeric rows', () => {
    expect(lookup('1.0.0.1')).toEqual({ number: 13335, name: 'Cloudflare, Inc.' });
    expect(lookup('1.0.4.10')).toEqual({ number: 38803, name: 'Gtelecom Pty Ltd' });
    expect(lookup('2001:4860:4860::8888')).toEqual({ number: 15169, name: 'Google LLC' });
    expect(lookup('2001:200::1')).toEqual({ number: 2500, name: 'WIDE Project' });
    expect(lookup('1.0.1.0')).toBeUndefined();
    expect(lookup('not an address')).toBeUndefined();
  });

  it('shares one record per AS and reads IPv4-mapped IPv6 as IPv4', () => {
    expect(lookup('8.8.8.8')).toBe(lookup('2001:4860::1'));
    expect(lookup('::ffff:8.8.8.8')).toEqual({ number: 15169, name: 'Google LLC' });
  });

  it('names the file, line and field of a bad row', () => {
    const bad = (text: string) => () => parseIpTableCsv(text, 'feed.csv', asnValues());
    expect(bad('1.0.0.0,1.0.0.255,13335,x\n1.0.1.0,1.0.1.x,1,y')).toThrow(
      /^feed\.csv, line 2: "1\.0\.1\.x" is not an IP address$/,
    );
    expect(bad('1.0.0.0,1.0.0.255')).toThrow(/line 1: expected at least 3 fields, found 2/);
    expect(bad('1.0.0.0,::ff,1,x')).toThrow(/different IP versions/);
    expect(bad('1.0.0.0,1.0.0.9,AS1,x')).toThrow(/line 1: "AS1" is not an AS number/);
    expect(bad('1.0.0.0,1.0.0.9,1,"open')).toThrow(IpTableError);
  });

  it('reads country tables', () => {
    const table = parseIpTableCsv(
      '1.0.0.0,1.0.0.255,au\n2001:200::,2001:200::ffff,JP',
      'c',
      countryValues(),
    );
    const country = ipTableLookup(table);
    expect([country('1.0.0.7'), country('2001:200::1')]).toEqual(['AU', 'JP']);
    expect(() => parseIpTableCsv('1.0.0.0,1.0.0.255,Australia', 'c', countryValues())).toThrow(
      /c, line 1: "Australia" is not a country code/,
    );
  });
});

describe('splitCsvLine', () => {
  it('splits RFC 4180 quoted fields', () => {
    expect(splitCsvLine('a,"b, ""c""",d')).toEqual(['a', 'b, "c"', 'd']);
    expect(splitCsvLine('a,,b')).toEqual(['a', '', 'b']);
  });
});
