import { describe, expect, it } from 'vitest';
import {
  cidrRange,
  ipToBigInt,
  parseIpv4,
  parseIpv6,
  RangeIndexBuilder,
  segmentRanges,
} from './ip-ranges.js';

function v6(text: string): number[] | undefined {
  const out = new Uint32Array(4);
  return parseIpv6(text, out) ? [...out] : undefined;
}

describe('parseIpv4', () => {
  it.each([
    ['0.0.0.0', 0],
    ['1.2.3.4', 0x01020304],
    ['255.255.255.255', 0xffffffff],
    ['192.168.0.1', 0xc0a80001],
  ])('reads %s', (text, n) => expect(parseIpv4(text)).toBe(n));

  it.each(['1.2.3', '1.2.3.4.5', '256.1.1.1', '01.2.3.4', '1..2.3', '1.2.3.4 ', '', 'a.b.c.d'])(
    'refuses %j',
    (text) => expect(parseIpv4(text)).toBe(-1),
  );
});

describe('parseIpv6', () => {
  it.each([
    ['::', [0, 0, 0, 0]],
    ['::1', [0, 0, 0, 1]],
    ['2001:db8::', [0x20010db8, 0, 0, 0]],
    ['2001:db8::8:800:200c:417a', [0x20010db8, 0, 0x0008_0800, 0x200c417a]],
    ['1:2:3:4:5:6:7:8', [0x00010002, 0x00030004, 0x00050006, 0x00070008]],
    ['1:2:3:4:5:6:7::', [0x00010002, 0x00030004, 0x00050006, 0x00070000]],
    ['::ffff:192.0.2.1', [0, 0, 0xffff, 0xc0000201]],
    ['FE80::ABCD', [0xfe800000, 0, 0, 0xabcd]],
  ])('reads %s', (text, words) => expect(v6(text)).toEqual(words));

  it.each([
    '',
    ':',
    '1::2::3',
    '1:2:3:4:5:6:7:8:9',
    '12345::',
    ':1',
    '1:',
    'g::',
    '1.2.3.4',
    '::1%eth0',
  ])('refuses %j', (text) => expect(v6(text)).toBeUndefined());
});

describe('cidrRange', () => {
  it('gives the inclusive range of a block, host bits ignored', () => {
    expect(cidrRange('10.0.0.0/8')).toEqual({ family: 4, start: 0x0a000000n, end: 0x0affffffn });
    expect(cidrRange('10.1.2.3/8')).toEqual({ family: 4, start: 0x0a000000n, end: 0x0affffffn });
    expect(cidrRange('192.0.2.7')).toEqual({ family: 4, start: 0xc0000207n, end: 0xc0000207n });
    const doc = cidrRange('2001:db8::/32')!;
    expect(doc.family).toBe(6);
    expect(doc.start).toBe(ipToBigInt('2001:db8::')!.value);
    expect(doc.end).toBe(ipToBigInt('2001:db8:ffff:ffff:ffff:ffff:ffff:ffff')!.value);
  });

  it.each(['10.0.0.0/33', '::/129', '10.0.0.0/x', 'example.com', '10.0.0.0/'])('refuses %j', (t) =>
    expect(cidrRange(t)).toBeUndefined(),
  );
});

describe('RangeIndex', () => {
  it('finds the range holding an address, and nothing between ranges', () => {
    const b = new RangeIndexBuilder<string>(4);
    b.addIpv4(300, 400, 'c');
    b.addIpv4(10, 20, 'a');
    b.addIpv4(100, 200, 'b');
    const index = b.build();
    expect([5, 10, 15, 20, 21, 150, 250, 300, 400, 401].map((n) => index.findIpv4(n))).toEqual([
      undefined,
      'a',
      'a',
      'a',
      undefined,
      'b',
      undefined,
      'c',
      'c',
      undefined,
    ]);
    expect(index.find([150])).toBe('b');
  });

  it('compares IPv6 addresses word by word', () => {
    const b = new RangeIndexBuilder<string>(6);
    const r = (t: string) => cidrRange(t)!;
    for (const [block, label] of [
      ['2001:db8::/32', 'doc'],
      ['fe80::/10', 'link'],
      ['2001:4860::/32', 'google'],
    ] as const)
      b.addBigInt(r(block).start, r(block).end, label);
    const index = b.build();
    expect(index.find(v6('2001:db8:ffff::1')!)).toBe('doc');
    expect(index.find(v6('2001:4860:4860::8888')!)).toBe('google');
    expect(index.find(v6('febf:ffff::')!)).toBe('link');
    expect(index.find(v6('2001:db9::')!)).toBeUndefined();
    expect(index.find(v6('::1')!)).toBeUndefined();
  });

  it('drops a range starting inside the previous one and says so', () => {
    const b = new RangeIndexBuilder<string>(4);
    b.addIpv4(10, 20, 'a');
    b.addIpv4(15, 30, 'b');
    const dropped: number[] = [];
    const index = b.build((i) => dropped.push(i));
    expect(dropped).toEqual([1]);
    expect(index.findIpv4(25)).toBeUndefined();
  });
});

describe('segmentRanges', () => {
  it('splits nested and overlapping ranges, each segment with every covering label', () => {
    expect(
      segmentRanges([
        { start: 0n, end: 99n, label: 'wide' },
        { start: 10n, end: 19n, label: 'narrow' },
        { start: 10n, end: 19n, label: 'narrow' },
        { start: 90n, end: 120n, label: 'tail' },
      ]),
    ).toEqual([
      { start: 0n, end: 9n, labels: ['wide'] },
      { start: 10n, end: 19n, labels: ['narrow', 'wide'] },
      { start: 20n, end: 89n, labels: ['wide'] },
      { start: 90n, end: 99n, labels: ['tail', 'wide'] },
      { start: 100n, end: 120n, labels: ['tail'] },
    ]);
  });
});
