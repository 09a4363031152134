import { describe, expect, it } from 'vitest';
import { parsePattern } from './parser.js';
import {
  matchPattern,
  matchesObservable,
  observationOf,
  selectValues,
  type ObservableObject,
} from './match.js';
import { matchesRegExp } from './compare.js';

const SHA256 = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f';
const MD5 = 'cead3f77f6cda6ec00f57d76c9a6879f';

const ipv4: ObservableObject = { type: 'ipv4-addr', id: 'ipv4-addr--a', value: '10.1.2.3' };
const ipv6: ObservableObject = { type: 'ipv6-addr', id: 'ipv6-addr--a', value: '2001:DB8::0:1' };
const net: ObservableObject = { type: 'ipv4-addr', id: 'ipv4-addr--n', value: '198.51.100.0/25' };
const domain: ObservableObject = {
  type: 'domain-name',
  id: 'domain-name--a',
  value: 'Example.COM',
};
const file: ObservableObject = {
  type: 'file',
  id: 'file--a',
  name: 'report.exe',
  size: 2048,
  hashes: { 'SHA-256': SHA256.toUpperCase(), MD5 },
  ctime: '2014-01-13T07:03:17.000Z',
  magic_number_hex: 'FFD8',
  extensions: {
    'windows-pebinary-ext': { pe_type: 'exe', sections: [{ entropy: 6.1 }, { entropy: 7.9 }] },
  },
};
const traffic: ObservableObject = {
  type: 'network-traffic',
  id: 'network-traffic--a',
  dst_ref: 'ipv4-addr--a',
  dst_port: 443,
  protocols: ['ipv4', 'tcp'],
  is_active: false,
};

/** Matches `pattern` against an observation made of `objects`. */
function m(pattern: string, ...objects: ObservableObject[]): boolean {
  return matchPattern(parsePattern(pattern), observationOf(objects));
}

describe('matchPattern: comparison operators (spec 9.5)', () => {
  const cases: [string, ObservableObject[], boolean][] = [
    // = and != on strings, numbers, booleans
    ["[file:name = 'report.exe']", [file], true],
    ["[file:name = 'Report.exe']", [file], false],
    ["[file:name != 'other.exe']", [file], true],
    ["[file:name != 'report.exe']", [file], false],
    ['[file:size = 2048]', [file], true],
    ['[file:size = 2048.0]', [file], true],
    ['[file:size != 2048]', [file], false],
    ['[network-traffic:is_active = false]', [traffic], true],
    ['[network-traffic:is_active = true]', [traffic], false],
    ['[network-traffic:is_active != true]', [traffic], true],
    // ordering
    ['[file:size > 1024]', [file], true],
    ['[file:size > 2048]', [file], false],
    ['[file:size >= 2048]', [file], true],
    ['[file:size < 2048]', [file], false],
    ['[file:size <= 2048]', [file], true],
    ["[file:name > 'a']", [file], true],
    ["[file:name < 'a']", [file], false],
    ["[file:ctime > t'2014-01-13T07:03:16.999Z']", [file], true],
    ["[file:ctime = t'2014-01-13T07:03:17Z']", [file], true],
    ["[file:ctime < t'2014-01-13T07:03:17Z']", [file], false],
    // IN
    ['[network-traffic:dst_port IN (80, 443)]', [traffic], true],
    ['[network-traffic:dst_port IN (80, 8080)]', [traffic], false],
    ['[network-traffic:dst_port NOT IN (80, 8080)]', [traffic], true],
    ['[network-traffic:dst_port IN ()]', [traffic], false],
    ['[network-traffic:dst_port NOT IN ()]', [traffic], true],
    // LIKE
    ["[file:name LIKE 'rep%.exe']", [file], true],
    ["[file:name LIKE 'r_port.exe']", [file], true],
    ["[file:name LIKE 'r_port']", [file], false],
    ["[file:name LIKE '%.EXE']", [file], false],
    ["[file:name LIKE 'report.ex%']", [file], true],
    ["[file:name LIKE 'report_exe']", [file], true],
    ["[file:name LIKE 'report.exe.']", [file], false],
    ["[file:name NOT LIKE 'legit%']", [file], true],
    ["[domain-name:value LIKE '%.example.com']", [{ ...domain, value: 'A.Example.com' }], true],
    // MATCHES
    ["[file:name MATCHES '^rep.+\\\\.exe$']", [file], true],
    ["[file:name MATCHES 'port']", [file], true],
    ["[file:name MATCHES '^port']", [file], false],
    ["[file:name NOT MATCHES '^port']", [file], true],
    ["[file:name MATCHES '(unclosed']", [file], false],
    ["[file:name NOT MATCHES '(unclosed']", [file], false],
    ["[file:name MATCHES '(a+)+$']", [{ ...file, name: `${'a'.repeat(40)}!` }], false],
    // ISSUBSET / ISSUPERSET, IPv4 and IPv6
    ["[ipv4-addr:value ISSUBSET '10.0.0.0/8']", [ipv4], true],
    ["[ipv4-addr:value ISSUBSET '10.1.2.3/32']", [ipv4], true],
    ["[ipv4-addr:value ISSUBSET '11.0.0.0/8']", [ipv4], false],
    ["[ipv4-addr:value NOT ISSUBSET '11.0.0.0/8']", [ipv4], true],
    ["[ipv4-addr:value ISSUBSET '198.51.100.0/24']", [net], true],
    ["[ipv4-addr:value ISSUBSET '198.51.100.0/26']", [net], false],
    ["[ipv4-addr:value ISSUPERSET '198.51.100.7']", [net], true],
    ["[ipv4-addr:value ISSUPERSET '198.51.100.200']", [net], false],
    ["[ipv4-addr:value ISSUBSET '2001:db8::/32']", [ipv4], false],
    ["[ipv6-addr:value ISSUBSET '2001:db8::/32']", [ipv6], true],
    ["[ipv6-addr:value ISSUBSET '2001:db9::/32']", [ipv6], false],
    ["[ipv4-addr:value ISSUBSET 'not an address']", [ipv4], false],
    ["[file:name ISSUBSET '10.0.0.0/8']", [file], false],
    // canonical IP, hash, domain equality
    ["[ipv4-addr:value = '10.1.2.3/32']", [ipv4], true],
    ["[ipv4-addr:value = '10.1.2.4']", [ipv4], false],
    ["[ipv6-addr:value = '2001:0db8:0000::0001']", [ipv6], true],
    ["[ipv6-addr:value = '2001:db8::2']", [ipv6], false],
    ["[ipv4-addr:value = '198.51.100.1/25']", [net], true],
    [`[file:hashes.'SHA-256' = '${SHA256}']`, [file], true],
    [`[file:hashes.SHA256 = '${SHA256}']`, [file], true],
    [`[file:hashes.md5 = '${MD5.toUpperCase()}']`, [file], true],
    [`[file:hashes.MD5 = '${SHA256}']`, [file], false],
    ["[domain-name:value = 'example.com']", [domain], true],
    ["[domain-name:value = 'example.org']", [domain], false],
    // EXISTS
    ['[EXISTS file:name]', [file], true],
    ['[EXISTS file:parent_directory_ref]', [file], false],
    ['[NOT EXISTS file:parent_directory_ref]', [file], true],
    ['[NOT EXISTS file:name]', [file], false],
    ['[NOT EXISTS file:name]', [ipv4], false],
    // typed literals
    ["[file:magic_number_hex = h'ffd8']", [file], true],
    ["[file:magic_number_hex = h'ffd9']", [file], false],
    ["[file:magic_number_hex = b'/9g=']", [file], true],
    ["[artifact:payload_bin = b'dGhpcyBpcyBhIHRlc3Q=']", [artifact('this is a test')], true],
    ["[artifact:payload_bin = h'74686973']", [artifact('this')], true],
    ["[artifact:payload_bin = b'dGhpcw==']", [artifact('that')], false],
  ];
  it.each(cases.map(([pattern, objects, expected]) => ({ pattern, objects, expected })))(
    '$pattern → $expected',
    ({ pattern, objects, expected }) => {
      expect(m(pattern, ...objects)).toBe(expected);
    },
  );

  it('treats type mismatches as no match, for the plain and the NOT form, without throwing', () => {
    for (const pattern of [
      "[file:size = '2048']",
      "[file:size != '2048']",
      "[file:size NOT = '2048']",
      "[file:size > '1']",
      '[file:name = 12]',
      "[file:name > t'2014-01-13T07:03:17Z']",
      '[file:name = true]',
      "[file:size LIKE '2%']",
      "[file:size MATCHES '2']",
      "[file:size ISSUBSET '10.0.0.0/8']",
      "[file:name = h'00']",
      "[file:hashes = 'x']",
      "[file:extensions.'windows-pebinary-ext'.sections = 1]",
      '[file:name IN (1, 2)]',
      '[file:name NOT IN (1, 2)]',
      "[file:name[0] = 'r']",
      '[file:name.length = 10]',
    ])
      expect(m(pattern, file), pattern).toBe(false);
  });

  it('fails on absent properties with or without NOT', () => {
    expect(m("[file:mime_type = 'x']", file)).toBe(false);
    expect(m("[file:mime_type != 'x']", file)).toBe(false);
    expect(m("[file:mime_type NOT = 'x']", file)).toBe(false);
  });
});

describe('matchPattern: object paths (spec 9.4)', () => {
  it('follows nested keys, extensions, list indexes and [*]', () => {
    const ext = "file:extensions.'windows-pebinary-ext'";
    expect(m(`[${ext}.pe_type = 'exe']`, file)).toBe(true);
    expect(m(`[${ext}.sections[*].entropy > 7.0]`, file)).toBe(true);
    expect(m(`[${ext}.sections[*].entropy > 8.0]`, file)).toBe(false);
    expect(m(`[${ext}.sections[0].entropy > 7.0]`, file)).toBe(false);
    expect(m(`[${ext}.sections[1].entropy > 7.0]`, file)).toBe(true);
    expect(m(`[${ext}.sections[2].entropy > 0]`, file)).toBe(false);
    expect(m("[network-traffic:protocols[*] = 'tcp']", traffic)).toBe(true);
    expect(m("[network-traffic:protocols[0] = 'tcp']", traffic)).toBe(false);
    expect(m("[network-traffic:protocols[*] NOT = 'tcp']", traffic)).toBe(true);
    expect(
      m("[x-custom:x_map.'odd key' = 'v']", { type: 'x-custom', x_map: { 'odd key': 'v' } }),
    ).toBe(true);
  });

  it('dereferences *_ref and *_refs within the observation', () => {
    expect(m("[network-traffic:dst_ref.value = '10.1.2.3']", traffic, ipv4)).toBe(true);
    expect(m("[network-traffic:dst_ref.value ISSUBSET '10.0.0.0/8']", traffic, ipv4)).toBe(true);
    expect(m("[network-traffic:dst_ref.type = 'ipv4-addr']", traffic, ipv4)).toBe(true);
    expect(m("[network-traffic:dst_ref.value = '10.1.2.3']", traffic)).toBe(false);
    const mail = email();
    expect(m("[email-message:to_refs[*].value = 'b@example.org']", ...mail)).toBe(true);
    expect(m("[email-message:to_refs[0].value = 'b@example.org']", ...mail)).toBe(false);
    expect(m("[email-message:to_refs[1].value = 'b@example.org']", ...mail)).toBe(true);
  });

  it('selects values with how they compare', () => {
    const path = parsePattern("[file:hashes.sha256 = 'x']");
    if (path.kind !== 'observation' || path.comparison.kind !== 'comparison') throw new Error();
    expect(selectValues(path.comparison.path, file)).toEqual([
      { value: SHA256.toUpperCase(), kind: 'hash' },
    ]);
  });
});

describe('matchPattern: expressions (spec 9.5, 9.6, 9.7)', () => {
  it('holds AND inside brackets on one single object', () => {
    const a = { ...file, id: 'file--1', name: 'a.exe', size: 1 };
    const b = { ...file, id: 'file--2', name: 'b.exe', size: 2 };
    expect(m("[file:name = 'a.exe' AND file:size = 1]", a, b)).toBe(true);
    expect(m("[file:name = 'a.exe' AND file:size = 2]", a, b)).toBe(false);
    expect(m("[file:name = 'a.exe'] AND [file:size = 2]", a, b)).toBe(true);
    expect(m("[file:name = 'a.exe' AND ipv4-addr:value = '10.1.2.3']", a, ipv4)).toBe(false);
    expect(m("[file:name = 'x' OR ipv4-addr:value = '10.1.2.3']", a, ipv4)).toBe(true);
    expect(m("[(file:name = 'x' OR file:size = 1) AND file:name = 'a.exe']", a, b)).toBe(true);
  });

  it('combines observation expressions; FOLLOWEDBY as AND, qualifiers ignored', () => {
    expect(m("[file:name = 'report.exe'] AND [ipv4-addr:value = '10.1.2.3']", file, ipv4)).toBe(
      true,
    );
    expect(m("[file:name = 'report.exe'] AND [ipv4-addr:value = '10.9.9.9']", file, ipv4)).toBe(
      false,
    );
    expect(m("[file:name = 'nope'] OR [ipv4-addr:value = '10.1.2.3']", file, ipv4)).toBe(true);
    expect(m("[file:name = 'nope'] OR [ipv4-addr:value = '10.9.9.9']", file, ipv4)).toBe(false);
    expect(
      m("[ipv4-addr:value = '10.1.2.3'] FOLLOWEDBY [file:name = 'report.exe']", file, ipv4),
    ).toBe(true);
    expect(m("[file:name = 'report.exe'] FOLLOWEDBY [file:name = 'x']", file, ipv4)).toBe(false);
    expect(m("[file:name = 'report.exe'] REPEATS 5 TIMES WITHIN 10 SECONDS", file)).toBe(true);
    expect(
      m(
        "[file:name = 'report.exe'] START t'2000-01-01T00:00:00Z' STOP t'2000-01-02T00:00:00Z'",
        file,
      ),
    ).toBe(true);
  });

  it('reads STIX 2.0 observed-data objects maps, keyed by their local keys', () => {
    const observation = observationOf({
      '0': { type: 'ipv4-addr', value: '10.1.2.3' },
      '1': { type: 'network-traffic', dst_ref: '0', dst_port: 80 },
    });
    const pattern = parsePattern(
      "[network-traffic:dst_ref.value = '10.1.2.3' AND network-traffic:dst_port = 80]",
    );
    expect(matchPattern(pattern, observation)).toBe(true);
    expect(matchPattern(pattern, observationOf([]))).toBe(false);
  });
});

describe('matchesObservable', () => {
  it('matches one object, resolving references through the callback', () => {
    const p = parsePattern("[network-traffic:dst_ref.value = '10.1.2.3']");
    expect(matchesObservable(p, traffic)).toBe(false);
    expect(matchesObservable(p, traffic, (id) => (id === ipv4.id ? ipv4 : undefined))).toBe(true);
    expect(matchesObservable(parsePattern("[ipv4-addr:value = '10.1.2.3']"), ipv4)).toBe(true);
    expect(
      matchesObservable(
        parsePattern("[ipv4-addr:value = '10.1.2.3'] AND [file:name = 'report.exe']"),
        ipv4,
      ),
    ).toBe(false);
  });
});

describe('MATCHES guard (spec 9.5 caveats)', () => {
  it('refuses nested unbounded quantifiers and back-references, keeps ordinary expressions', () => {
    for (const source of ['(a+)+', '(\\w*x)*$', '(a{2,})+', '(x)\\1'])
      expect(matchesRegExp(source), source).toBeNull();
    for (const source of ['^[IMPORTANT] Please', '([+-]\\d)+', '(?:ab)+', '^a.+\\.exe$', 'a{1,3}'])
      expect(matchesRegExp(source), source).not.toBeNull();
  });
});

function artifact(text: string): ObservableObject {
  return {
    type: 'artifact',
    id: `artifact--${text}`,
    payload_bin: Buffer.from(text).toString('base64'),
  };
}

function email(): ObservableObject[] {
  return [
    { type: 'email-addr', id: 'email-addr--a', value: 'a@example.org' },
    { type: 'email-addr', id: 'email-addr--b', value: 'b@example.org' },
    {
      type: 'email-message',
      id: 'email-message--m',
      is_multipart: false,
      from_ref: 'email-addr--a',
      to_refs: ['email-addr--a', 'email-addr--b'],
    },
  ];
}
