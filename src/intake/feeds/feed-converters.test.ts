import { describe, expect, it } from 'vitest';
import { convertValue, isIpv6 } from './feed-converters.js';
import { parseTimestamp } from './feed-timestamp.js';

describe('feed converters', () => {
  it('ip accepts IPv4 and IPv6 (lower-cased) and rejects the rest', () => {
    expect(convertValue('192.0.2.4', { convert: 'ip' })).toEqual({ ok: true, value: '192.0.2.4' });
    expect(convertValue('2001:DB8::1', { convert: 'ip' })).toEqual({
      ok: true,
      value: '2001:db8::1',
    });
    expect(convertValue('::ffff:192.0.2.1', { convert: 'ip' }).ok).toBe(true);
    for (const bad of [
      '192.0.2.256',
      '192.0.2',
      '01.2.3.4',
      'example.com',
      '1::2::3',
      '1:2:3:4:5:6:7:8:9',
    ]) {
      expect(convertValue(bad, { convert: 'ip' })).toMatchObject({ ok: false });
    }
    expect(isIpv6('1:2:3:4:5:6:7:8')).toBe(true);
    expect(isIpv6('1:2:3:4:5:6:7::8')).toBe(false);
  });

  it('cidr accepts v4 and v6 networks with a valid prefix length', () => {
    expect(convertValue('1.4.0.0/17', { convert: 'cidr' })).toEqual({
      ok: true,
      value: '1.4.0.0/17',
    });
    expect(convertValue('2A06:E480::/29', { convert: 'cidr' })).toEqual({
      ok: true,
      value: '2a06:e480::/29',
    });
    expect(convertValue('1.4.0.0/33', { convert: 'cidr' })).toMatchObject({ ok: false });
    expect(convertValue('1.4.0.0', { convert: 'cidr' })).toMatchObject({ ok: false });
  });

  it('url keeps the original spelling and rejects non-URLs', () => {
    const odd = 'http://www..example.com/phishing';
    expect(convertValue(odd, { convert: 'url' })).toEqual({ ok: true, value: odd });
    expect(convertValue('not a url', { convert: 'url' })).toMatchObject({ ok: false });
    expect(convertValue('http://', { convert: 'url' })).toMatchObject({ ok: false });
  });

  it('fqdn lower-cases, drops the root dot and rejects IPs and bad labels', () => {
    expect(convertValue('WWW.Example.COM.', { convert: 'fqdn' })).toEqual({
      ok: true,
      value: 'www.example.com',
    });
    expect(convertValue('192.0.2.1', { convert: 'fqdn' })).toMatchObject({ ok: false });
    expect(convertValue('-bad.example', { convert: 'fqdn' })).toMatchObject({ ok: false });
    expect(convertValue('localhost', { convert: 'fqdn' })).toMatchObject({ ok: false });
  });

  it('int and asn', () => {
    expect(convertValue('788', { convert: 'int' })).toEqual({ ok: true, value: 788 });
    expect(convertValue(4643, { convert: 'int' })).toEqual({ ok: true, value: 4643 });
    expect(convertValue('7.5', { convert: 'int' })).toMatchObject({ ok: false });
    expect(convertValue('AS260', { convert: 'asn' })).toEqual({ ok: true, value: 260 });
    expect(convertValue('as 10516', { convert: 'asn' })).toEqual({ ok: true, value: 10516 });
    expect(convertValue('8100', { convert: 'asn' })).toEqual({ ok: true, value: 8100 });
    expect(convertValue('AS4294967296', { convert: 'asn' })).toMatchObject({ ok: false });
    expect(convertValue('ASX', { convert: 'asn' })).toMatchObject({ ok: false });
  });

  it('lower and no converter', () => {
    expect(convertValue(' Dridex ', { convert: 'lower' })).toEqual({ ok: true, value: 'dridex' });
    expect(convertValue(' JP ', {})).toEqual({ ok: true, value: 'JP' });
    expect(convertValue(3, {})).toEqual({ ok: true, value: 3 });
  });

  it('timestamp: iso, epoch, custom; bad dates are reasons', () => {
    const ts = (v: string) => convertValue(v, { convert: 'timestamp', timestamp: 'iso' });
    expect(ts('2021-01-17 07:44:46')).toEqual({ ok: true, value: '2021-01-17T07:44:46+00:00' });
    expect(ts('2022-11-15')).toEqual({ ok: true, value: '2022-11-15T00:00:00+00:00' });
    expect(ts('2022-11-16T14:08:44+02:00')).toEqual({
      ok: true,
      value: '2022-11-16T12:08:44+00:00',
    });
    expect(ts('2018-02-08T09:38:56.6512034Z')).toEqual({
      ok: true,
      value: '2018-02-08T09:38:56.651+00:00',
    });
    expect(ts('2015-02-30 00:00:00')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('unparsable date'),
    });
    expect(ts('yesterday')).toMatchObject({ ok: false });
    expect(parseTimestamp('1450193618', 'epoch')).toBe('2015-12-15T15:33:38+00:00');
    expect(parseTimestamp(1450193618000, 'epoch-ms')).toBe('2015-12-15T15:33:38+00:00');
    expect(
      parseTimestamp('Tue Dec 15 15:33:38 2015 UTC', 'custom:ddd MMM DD hh:mm:ss YYYY UTC'),
    ).toBe('2015-12-15T15:33:38+00:00');
    expect(
      parseTimestamp('Mon, 14 Sep 2015 04:39:22 GMT', 'custom:ddd, DD MMM YYYY hh:mm:ss GMT'),
    ).toBe('2015-09-14T04:39:22+00:00');
    expect(parseTimestamp('15/12/2015', 'custom:DD/MM/YYYY')).toBe('2015-12-15T00:00:00+00:00');
    expect(parseTimestamp('Foo 14 2015', 'custom:MMM DD YYYY')).toBeUndefined();
  });
});
