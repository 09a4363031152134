import { describe, expect, it } from 'vitest';
import {
  displayKey,
  domainKey,
  ipKey,
  observableKeys,
  relatedLookups,
  type KeyLookup,
  type ObservableKey,
} from './observable-keys.js';
import type { StixObject } from '../stix/index.js';

const sco = (type: string, props: Record<string, unknown>) =>
  ({ type, id: `${type}--00000000-0000-4000-8000-000000000000`, ...props }) as StixObject;

/** Whether `other` is found by one of the lookups of `key` (as the repository would run them). */
function finds(key: ObservableKey, other: ObservableKey): string | undefined {
  for (const l of relatedLookups(key)) {
    if (l.kind !== other.kind) continue;
    if ('values' in l) {
      if (l.values.includes(other.value)) return l.relation;
    } else if (other.value >= l.from && other.value <= l.to && inPrefix(l, other)) {
      return l.relation;
    }
  }
  return undefined;
}
function inPrefix(l: KeyLookup, k: ObservableKey): boolean {
  if (!('minPrefix' in l) || l.minPrefix === undefined) return true;
  return Number(k.value.split('/')[1]) >= l.minPrefix;
}

describe('observable keys', () => {
  it('keys addresses as fixed-width hex and networks as hex/len', () => {
    expect(ipKey('198.51.100.7')).toEqual({ kind: 'ipv4', value: 'c6336407' });
    expect(ipKey('198.51.100.7/32')).toEqual({ kind: 'ipv4', value: 'c6336407' });
    expect(ipKey('198.51.100.0/24')).toEqual({ kind: 'ipv4-net', value: 'c6336400/24' });
    expect(ipKey('10.0.0.0/8')).toEqual({ kind: 'ipv4-net', value: '0a000000/08' });
    expect(ipKey('2001:db8::1')).toEqual({
      kind: 'ipv6',
      value: '20010db8000000000000000000000001',
    });
    expect(ipKey('2001:db8::/32')?.value).toBe('20010db8000000000000000000000000/032');
    expect(ipKey('not an ip')).toBeUndefined();
  });

  it('shows keys as people write them', () => {
    for (const text of ['198.51.100.7', '10.0.0.0/8', '2001:db8::1', '2001:db8::/32', '::1'])
      expect(displayKey(ipKey(text)!)).toBe(text);
    expect(displayKey(domainKey('WWW.Example.COM.')!)).toBe('www.example.com');
  });

  it('relates addresses and networks in both directions, and nothing outside', () => {
    const addr = ipKey('198.51.100.7')!;
    expect(finds(addr, ipKey('198.51.100.7')!)).toBe('same');
    expect(finds(addr, ipKey('198.51.100.0/24')!)).toBe('contains');
    expect(finds(addr, ipKey('198.48.0.0/12')!)).toBe('contains');
    expect(finds(addr, ipKey('198.51.101.0/24')!)).toBeUndefined();
    const net = ipKey('198.51.100.0/24')!;
    expect(finds(net, ipKey('198.51.100.7')!)).toBe('within');
    expect(finds(net, ipKey('198.51.100.255')!)).toBe('within');
    expect(finds(net, ipKey('198.51.101.0')!)).toBeUndefined();
    expect(finds(net, ipKey('198.51.100.128/25')!)).toBe('within');
    expect(finds(net, ipKey('198.51.0.0/16')!)).toBe('contains');
    expect(finds(net, ipKey('198.51.100.0/24')!)).toBe('same');
    const v6 = ipKey('2001:db8::/32')!;
    expect(finds(v6, ipKey('2001:db8:1::9')!)).toBe('within');
    expect(finds(ipKey('2001:db8:1::9')!, v6)).toBe('contains');
    expect(finds(v6, ipKey('2001:db9::1')!)).toBeUndefined();
  });

  it('relates domains to their parents and subdomains only', () => {
    const d = domainKey('mail.example.com')!;
    expect(finds(d, domainKey('example.com')!)).toBe('parent-domain');
    expect(finds(d, domainKey('a.mail.example.com')!)).toBe('subdomain');
    expect(finds(d, domainKey('mail.example.com')!)).toBe('same');
    expect(finds(d, domainKey('mailexample.com')!)).toBeUndefined();
    expect(finds(d, domainKey('xmail.example.com')!)).toBeUndefined();
    expect(finds(d, domainKey('com.example.org')!)).toBeUndefined();
    // Never the bare top-level domain.
    expect(
      relatedLookups(domainKey('example.com')!).some(
        (l) => 'values' in l && l.values.includes('com'),
      ),
    ).toBe(false);
  });

  it('keys the observable values of each SCO type', () => {
    expect(observableKeys(sco('url', { value: 'HTTP://Evil.Example.com:80/a?b' }))).toEqual([
      { kind: 'url', value: 'http://evil.example.com/a?b' },
      { kind: 'domain', value: 'com.example.evil' },
    ]);
    expect(observableKeys(sco('url', { value: 'http://192.0.2.1/x' }))[1]).toEqual({
      kind: 'ipv4',
      value: 'c0000201',
    });
    expect(
      observableKeys(
        sco('file', {
          name: 'LOVE-LETTER-FOR-YOU.TXT.vbs',
          hashes: { 'SHA-256': 'AB'.repeat(32), MD5: 'cd'.repeat(16), 'x-odd': 'zz' },
        }),
      ),
    ).toEqual([
      { kind: 'sha256', value: 'ab'.repeat(32) },
      { kind: 'md5', value: 'cd'.repeat(16) },
      { kind: 'file-name', value: 'LOVE-LETTER-FOR-YOU.TXT.vbs' },
    ]);
    expect(observableKeys(sco('email-message', { subject: ' ILOVEYOU ' }))).toEqual([
      { kind: 'email-subject', value: 'ILOVEYOU' },
    ]);
    expect(observableKeys(sco('email-addr', { value: 'Spy@Example.COM' }))).toEqual([
      { kind: 'email-addr', value: 'spy@example.com' },
    ]);
    expect(observableKeys(sco('autonomous-system', { number: 64500 }))).toEqual([
      { kind: 'asn', value: '64500' },
    ]);
    expect(observableKeys(sco('indicator', { pattern: "[url:value = 'x']" }))).toEqual([]);
    expect(observableKeys(sco('ipv4-addr', { value: 'garbage' }))).toEqual([]);
  });
});
