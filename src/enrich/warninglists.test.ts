import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_WARNINGLIST_FILES } from './warninglists/index.js';
import {
  compileWarninglists,
  parseWarninglist,
  WarninglistError,
  type Warninglist,
} from './warninglists.js';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const MISP = path.resolve(repoRoot, '../shared/reference/samples/misp/warninglists');

function list(type: Warninglist['type'], name: string, entries: string[]): Warninglist {
  return { name, version: 1, description: '', type, list: entries };
}

function builtIns(): Warninglist[] {
  return Object.entries(BUILTIN_WARNINGLIST_FILES).map(([file, json]) => {
    const parsed = parseWarninglist(json, file);
    if ('skipped' in parsed) throw new Error(`${file} skipped`);
    return parsed;
  });
}

describe('parseWarninglist', () => {
  it('accepts every built-in list', () => {
    const lists = builtIns();
    expect(lists).toHaveLength(Object.keys(BUILTIN_WARNINGLIST_FILES).length);
    expect(new Set(lists.map((l) => l.name)).size).toBe(lists.length);
  });

  it.each([
    [[], '(root)'],
    [{ version: 1, type: 'cidr', list: [] }, 'name'],
    [{ name: 'x', version: '1', type: 'cidr', list: [] }, 'version'],
    [{ name: 'x', version: 1, type: 'cidr', list: 'a' }, 'list'],
    [{ name: 'x', version: 1, type: 'string', list: ['a', 2] }, 'list[1]'],
    [{ name: 'x', version: 1, type: 'cidr', list: ['10.0.0.0/8', 'ten'] }, 'list[1]'],
  ])('names the bad field of %j', (json, field) => {
    try {
      parseWarninglist(json, 'lists/x/list.json');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(WarninglistError);
      expect((err as WarninglistError).field).toBe(field);
      expect((err as Error).message).toMatch(/^lists\/x\/list\.json: /);
    }
  });

  it('skips, with a reason, a list of a type it does not match', () => {
    expect(parseWarninglist({ name: 'r', version: 1, type: 'regex', list: ['^a'] }, 'f')).toEqual({
      name: 'r',
      skipped: 'type "regex" is not supported',
    });
  });
});

describe('compileWarninglists', () => {
  const matcher = compileWarninglists([
    list('cidr', 'private', ['10.0.0.0/8', '192.168.0.0/16', 'fc00::/7']),
    list('cidr', 'narrow', ['10.1.0.0/16', '2001:db8::1']),
    list('hostname', 'popular', ['Example.com.', '.co.example']),
    list('string', 'exact', ['only.example.net', '8.8.8.8', 'http://exact.example/']),
    list('substring', 'sub', ['phish']),
  ]);

  it('matches addresses against CIDR blocks, nested blocks giving every list', () => {
    expect(matcher.matchIp('10.2.3.4')).toEqual(['private']);
    expect(matcher.matchIp('10.1.3.4')).toEqual(['narrow', 'private']);
    expect(matcher.matchIp('10.1.0.0/24')).toEqual(['narrow', 'private']);
    expect(matcher.matchIp('fd12:3456::1')).toEqual(['private']);
    expect(matcher.matchIp('2001:db8::1')).toEqual(['narrow']);
    expect(matcher.matchIp('2001:db8::2')).toEqual([]);
    expect(matcher.matchIp('11.0.0.1')).toEqual([]);
    expect(matcher.matchIp('8.8.8.8')).toEqual(['exact']);
  });

  it('matches a hostname list on the name and its sub-domains only', () => {
    expect(matcher.matchHostname('example.com')).toEqual(['popular']);
    expect(matcher.matchHostname('www.mail.example.com')).toEqual(['popular']);
    expect(matcher.matchHostname('notexample.com')).toEqual([]);
    expect(matcher.matchHostname('example.com.evil.net')).toEqual([]);
    expect(matcher.matchHostname('a.co.example')).toEqual(['popular']);
  });

  it('matches string lists exactly and substring lists anywhere', () => {
    expect(matcher.matchHostname('only.example.net')).toEqual(['exact']);
    expect(matcher.matchHostname('www.only.example.net')).toEqual([]);
    expect(matcher.matchHostname('phishing.example.com')).toEqual(['popular', 'sub']);
    expect(matcher.matchUrl('http://exact.example/')).toEqual(['exact']);
    expect(matcher.matchUrl('http://a.test/PHISH')).toEqual(['sub']);
    expect(matcher.matchUrl('http://a.test/')).toEqual([]);
  });

  it('marks with the built-in lists', () => {
    const m = compileWarninglists(builtIns());
    const names = (found: readonly string[]) => found.join(' | ');
    expect(names(m.matchIp('172.20.1.1'))).toMatch(/RFC 1918/);
    expect(names(m.matchIp('100.64.0.1'))).toMatch(/RFC 6890/);
    expect(names(m.matchIp('127.0.0.1'))).toMatch(/RFC 6890/);
    expect(names(m.matchIp('224.0.0.251'))).toMatch(/RFC 6890/);
    expect(names(m.matchIp('fe80::1'))).toMatch(/special-purpose IPv6/);
    expect(names(m.matchIp('fd00::1'))).toMatch(/special-purpose IPv6/);
    expect(names(m.matchIp('::1'))).toMatch(/special-purpose IPv6/);
    expect(names(m.matchIp('198.51.100.7'))).toMatch(/documentation/);
    expect(names(m.matchIp('2001:db8:1::5'))).toMatch(/documentation/);
    expect(names(m.matchIp('9.9.9.9'))).toMatch(/public DNS resolvers/);
    expect(names(m.matchIp('2606:4700:4700::1111'))).toMatch(/public DNS resolvers/);
    expect(names(m.matchHostname('www.example.org'))).toMatch(/special-use/);
    expect(names(m.matchHostname('printer.local'))).toMatch(/special-use/);
    expect(names(m.matchHostname('accounts.google.com'))).toMatch(/popular domains/);
    // Public addresses and names that merely resemble listed ones stay unmarked.
    expect(m.matchIp('8.8.8.9')).toEqual([]);
    expect(m.matchIp('172.32.0.1')).toEqual([]);
    expect(m.matchIp('2a00:1450:4001::1')).toEqual([]);
    expect(m.matchHostname('google.com.evil.net')).toEqual([]);
    expect(m.matchHostname('examples.com')).toEqual([]);
  });
});

describe.skipIf(!existsSync(MISP))('the MISP warninglists in the shared samples', () => {
  const read = (name: string): Warninglist => {
    const file = path.join(MISP, name, 'list.json');
    const parsed = parseWarninglist(JSON.parse(readFileSync(file, 'utf8')), file);
    if ('skipped' in parsed) throw new Error(parsed.skipped);
    return parsed;
  };
  const lists = ['rfc1918', 'rfc5735', 'rfc6761', 'majestic_million'].map(read);
  const m = compileWarninglists(lists);
  const [rfc1918, rfc5735, rfc6761, majestic] = lists.map((l) => l.name);

  it('marks private and special-use addresses', () => {
    expect(m.matchIp('192.168.1.1')).toEqual([rfc1918, rfc5735].sort());
    expect(m.matchIp('127.0.0.1')).toEqual([rfc5735]);
    expect(m.matchIp('93.184.216.34')).toEqual([]);
  });

  it('marks special-use domains and the majestic top sites (exact names: a string list)', () => {
    expect(m.matchHostname('example.org')).toContain(rfc6761);
    expect(m.matchHostname('10.in-addr.arpa')).toEqual([rfc6761]);
    expect(m.matchHostname('google.com')).toEqual([majestic]);
    expect(m.matchHostname('www.google.com')).toEqual([]);
    expect(majestic).toMatch(/Majestic/);
  });
});
