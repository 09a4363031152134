import { describe, expect, it } from 'vitest';
import { isDomainName, isIpv4, isIpv6 } from './sco.formats.js';

describe('address syntaxes', () => {
  it.each(['0.0.0.0', '255.255.255.255', '10.0.0.0/8', '192.168.1.1/32'])('IPv4 %s', (v) =>
    expect(isIpv4(v)).toBe(true),
  );
  it.each(['256.0.0.1', '1.2.3', '01.2.3.4', '1.2.3.4/', '1.2.3.4 '])('not IPv4 %s', (v) =>
    expect(isIpv4(v)).toBe(false),
  );
  it.each([
    '::',
    '::1',
    '2001:db8::',
    'fe80::1:2',
    '::ffff:192.0.2.128',
    '2001:db8::/32',
    '1:2:3:4:5:6:7:8',
  ])('IPv6 %s', (v) => expect(isIpv6(v)).toBe(true));
  it.each([
    '1:2:3:4:5:6:7',
    '1:2:3:4:5:6:7:8:9',
    '1::2::3',
    'g::1',
    '12345::',
    '::1/200',
    '1:2:3:4:5:6:7::8:9',
  ])('not IPv6 %s', (v) => expect(isIpv6(v)).toBe(false));
  it.each(['example.com', 'xn--bcher-kva.example', 'bücher.example', 'localhost', 'a.b.c.'])(
    'domain %s',
    (v) => expect(isDomainName(v)).toBe(true),
  );
  it.each(['', 'a..b', 'has space.com', `${'a'.repeat(64)}.com`, 'http://x.com'])(
    'not a domain %s',
    (v) => expect(isDomainName(v)).toBe(false),
  );
});
