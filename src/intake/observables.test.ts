import { describe, expect, it } from 'vitest';
import {
  asnObservable,
  canonicalIpv6,
  domainObservable,
  emailObservable,
  fileObservable,
  hashAlgorithmOf,
  ipObservable,
  networkTrafficObservable,
  urlObservable,
} from './observables.js';

function value(result: ReturnType<typeof ipObservable>): unknown {
  if (!result.ok) throw new Error(result.reason);
  return (result.sco as Record<string, unknown>).value;
}

describe('observables', () => {
  it.each([
    ['2001:DB8::1', '2001:db8::1'],
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
    ['::ffff:192.0.2.1', '::ffff:c000:201'],
    ['::', '::'],
    ['::1', '::1'],
    ['fe80::/10', 'fe80::/10'],
  ])('writes IPv6 %s as %s (RFC 5952)', (input, expected) => {
    expect(canonicalIpv6(input)).toBe(expected);
  });

  it('gives the same id to the same address however it is written', () => {
    const a = ipObservable('2001:DB8::1');
    const b = ipObservable('2001:0db8:0:0:0:0:0:1');
    expect(a.ok && b.ok && a.sco.id === b.sco.id).toBe(true);
    expect(value(ipObservable('192.0.2.1'))).toBe('192.0.2.1');
    expect(ipObservable('192.0.2.300')).toEqual({
      ok: false,
      reason: 'invalid IP address "192.0.2.300"',
    });
  });

  it('normalises domains and URLs', () => {
    expect(value(domainObservable('WWW.Example.COM.'))).toBe('www.example.com');
    expect(value(domainObservable('bücher.example'))).toBe('xn--bcher-kva.example');
    expect(domainObservable('192.0.2.1').ok).toBe(false);
    expect(domainObservable('localhost').ok).toBe(false);
    expect(value(urlObservable('HTTP://Example.COM:80/a?b=1'))).toBe('http://example.com/a?b=1');
    expect(value(urlObservable('https://bücher.example:443/'))).toBe(
      'https://xn--bcher-kva.example/',
    );
    expect(urlObservable('not a url').ok).toBe(false);
    expect(urlObservable('http://').ok).toBe(false);
  });

  it('builds e-mail addresses, AS and files', () => {
    expect(value(emailObservable('Alice@Example.COM'))).toBe('Alice@example.com');
    expect(emailObservable('no-at-sign').ok).toBe(false);
    const as = asnObservable('AS64496', 'Example AS');
    expect(as.ok && as.sco).toMatchObject({ number: 64496, name: 'Example AS' });
    expect(asnObservable('AS99999999999').ok).toBe(false);
    expect(hashAlgorithmOf('d41d8cd98f00b204e9800998ecf8427e')).toBe('MD5');
    const file = fileObservable({
      hashes: { MD5: 'D41D8CD98F00B204E9800998ECF8427E' },
      name: 'empty.txt',
      size: 0,
    });
    expect(file.ok && file.sco).toMatchObject({
      type: 'file',
      hashes: { MD5: 'd41d8cd98f00b204e9800998ecf8427e' },
      size: 0,
    });
    expect(fileObservable({ hashes: { MD5: 'abc' } })).toEqual({
      ok: false,
      reason: 'invalid MD5 hash "abc"',
    });
  });

  it('builds network-traffic between addresses, with deterministic ids and checked ports', () => {
    const src = ipObservable('192.0.2.1');
    const dst = ipObservable('198.51.100.2');
    if (!src.ok || !dst.ok) throw new Error('fixture');
    const props = {
      srcRef: src.sco.id,
      dstRef: dst.sco.id,
      srcPort: 5000,
      dstPort: 22,
      protocols: ['IPv4', 'TCP'],
    };
    const a = networkTrafficObservable(props);
    const b = networkTrafficObservable(props);
    expect(a.ok && b.ok && a.sco.id === b.sco.id).toBe(true);
    expect(a.ok && a.sco).toMatchObject({
      src_ref: src.sco.id,
      dst_port: 22,
      protocols: ['ipv4', 'tcp'],
    });
    expect(networkTrafficObservable({ ...props, dstPort: 65536 })).toEqual({
      ok: false,
      reason: 'invalid port "65536"',
    });
    expect(networkTrafficObservable({ protocols: ['tcp'] })).toEqual({
      ok: false,
      reason: 'network traffic needs a source or a destination',
    });
  });
});
