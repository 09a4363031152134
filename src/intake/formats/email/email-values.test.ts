import { describe, expect, it } from 'vitest';
import { bodyUrls, parseMailDate, receivedIps } from './email-values.js';

describe('e-mail values', () => {
  it.each([
    ['Thu, 29 Apr 2009 00:00:00 -0000', '2009-04-29T00:00:00.000Z'],
    ['Tue, 24 Nov 2026 09:14:00 +0100', '2026-11-24T08:14:00.000Z'],
    ['Thu, 29 Apr 2013 23:45:50 PST', '2013-04-30T07:45:50.000Z'],
    ['Thu, 9 Apr 2006 23:34:45 JST', '2006-04-09T14:34:45.000Z'],
    ['29 Apr 13 10:00 GMT', '2013-04-29T10:00:00.000Z'],
    ['Sat, 31 Oct 2020 18:32:53 +0000 (UTC)', '2020-10-31T18:32:53.000Z'],
    ['2026-11-27T09:00:00Z', '2026-11-27T09:00:00.000Z'],
    ['2012-04-30 12:00:00 +0200', '2012-04-30T10:00:00.000Z'],
  ])('reads the date %s', (text, expected) => {
    expect(parseMailDate(text)).toBe(expected);
  });

  it.each([
    'yesterday',
    '31 Feb 2020 10:00:00 +0000',
    'Thu, 29 Foo 2009 00:00:00 -0000',
    '29 Apr 2009 25:00:00 +0000',
  ])('refuses the date %s', (text) => {
    expect(parseMailDate(text)).toBeUndefined();
  });

  it('finds IPv4 and IPv6 literals in Received fields but not version numbers or times', () => {
    expect(
      receivedIps(
        'from a.example (HELO b) (192.0.2.4) by mx (Haraka/2.8.21) with ESMTP id 1.2.3.4.5; Thu, 29 Apr 2009 00:00:00 -0000',
      ),
    ).toEqual(['192.0.2.4']);
    expect(
      receivedIps('from [IPv6:2001:db8::1] (unknown [2001:DB8::2]) by ietf (localhost [IPv6:::1])'),
    ).toEqual(['2001:db8::1', '2001:DB8::2', '::1']);
  });

  it('takes URLs from text and HTML, without trailing punctuation, decoding entities, at most the limit', () => {
    const text =
      'Go to https://a.example/x. Or (see http://b.example/wiki/Foo_(bar)), ftp://c.example/f!';
    const html =
      '<a href="https://d.example/?a=1&amp;b=2">x</a> <a href=mailto:z@e.example>m</a> <p>http://e.example/p</p>';
    expect(bodyUrls(text, html, 100)).toEqual([
      'https://a.example/x',
      'http://b.example/wiki/Foo_(bar)',
      'ftp://c.example/f',
      'https://d.example/?a=1&b=2',
      'http://e.example/p',
    ]);
    expect(bodyUrls(text, html, 2)).toHaveLength(2);
  });
});
