import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parsePattern } from './parser.js';
import { anchorKey, observableAnchors, patternAnchors, type PatternAnchor } from './anchors.js';
import { matchesObservable } from './match.js';
import { canonicalIp } from './canonical.js';

const SHA256 = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f';

/** Anchor keys of a pattern, sorted; null when it has none. */
function keys(pattern: string): string[] | null {
  return patternAnchors(parsePattern(pattern))?.map(anchorKey).sort() ?? null;
}

describe('patternAnchors', () => {
  it('anchors equality on identifying properties, canonicalised', () => {
    expect(keys("[ipv4-addr:value = '198.51.100.7/32']")).toEqual(['ipv4-addr:value=198.51.100.7']);
    expect(keys("[ipv4-addr:value = '10.9.8.7/8']")).toEqual(['ipv4-addr:value=10.0.0.0/8']);
    expect(keys("[ipv6-addr:value = '2001:0DB8:0:0:0:0:0:1']")).toEqual([
      'ipv6-addr:value=2001:db8::1',
    ]);
    expect(keys("[domain-name:value = 'Example.COM']")).toEqual(['domain-name:value=example.com']);
    expect(keys("[url:value = 'http://x.example/A']")).toEqual(['url:value=http://x.example/A']);
    expect(keys("[email-addr:value = 'A@x.example']")).toEqual(['email-addr:value=A@x.example']);
    expect(keys("[email-message:subject = 'kindly check the attached LOVELETTER']")).toEqual([
      'email-message:subject=kindly check the attached LOVELETTER',
    ]);
    expect(keys("[file:name = 'LOVE-LETTER-FOR-YOU.TXT.vbs']")).toEqual([
      'file:name=LOVE-LETTER-FOR-YOU.TXT.vbs',
    ]);
    expect(keys(`[file:hashes.sha256 = '${SHA256.toUpperCase()}']`)).toEqual([
      `file:hashes.SHA-256=${SHA256}`,
    ]);
    expect(keys("[file:hashes.'SHA-1' = 'AB']")).toEqual(['file:hashes.SHA-1=ab']);
    expect(keys("[file:hashes.md5 = 'AB']")).toEqual(['file:hashes.MD5=ab']);
    expect(keys("[file:hashes.'SHA-512' = 'AB']")).toEqual(['file:hashes.SHA-512=ab']);
    expect(keys('[autonomous-system:number = 64496]')).toEqual(['autonomous-system:number=64496']);
    expect(keys("[mac-addr:value = 'AA:BB:CC:00:11:22']")).toEqual([
      'mac-addr:value=aa:bb:cc:00:11:22',
    ]);
  });

  it('anchors ISSUBSET on addresses as a subset anchor', () => {
    expect(patternAnchors(parsePattern("[ipv4-addr:value ISSUBSET '10.1.0.0/16']"))).toEqual([
      { type: 'ipv4-addr', path: 'value', op: 'subset', value: '10.1.0.0/16' },
    ]);
    expect(keys("[ipv6-addr:value ISSUBSET '2001:db8::/32']")).toEqual([
      'ipv6-addr:value ISSUBSET 2001:db8::/32',
    ]);
    expect(keys("[ipv4-addr:value ISSUBSET 'nowhere']")).toEqual([]);
  });

  it('has no anchors for operators and paths an index cannot look up', () => {
    for (const pattern of [
      "[file:name LIKE 'a%']",
      "[file:name MATCHES '^a']",
      "[file:name != 'a']",
      "[file:name NOT = 'a']",
      "[ipv4-addr:value NOT IN ('10.0.0.1')]",
      "[ipv4-addr:value ISSUPERSET '10.0.0.1']",
      '[EXISTS file:name]',
      "[file:hashes.SSDEEP = 'x']",
      "[file:parent_directory_ref.path = 'C:\\\\']",
      "[network-traffic:dst_ref.value = '10.0.0.1']",
      "[email-message:to_refs[*].value = 'a@example.org']",
      "[x509-certificate:issuer = 'CN=x']",
      '[file:size = 10]',
      '[autonomous-system:number = 1.5]',
      "[autonomous-system:number = '64496']",
      "[ipv4-addr:value = 'a'] OR [file:name LIKE 'b%']",
      "[ipv4-addr:value = 'a' OR file:name LIKE 'b%']",
    ])
      expect(keys(pattern), pattern).toBeNull();
  });

  it('takes the union over OR and the smallest anchored branch over AND and FOLLOWEDBY', () => {
    expect(keys("[ipv4-addr:value = '10.0.0.1' OR domain-name:value = 'a.example']")).toEqual([
      'domain-name:value=a.example',
      'ipv4-addr:value=10.0.0.1',
    ]);
    expect(keys("[ipv4-addr:value = '10.0.0.1'] OR [ipv4-addr:value = '10.0.0.1/32']")).toEqual([
      'ipv4-addr:value=10.0.0.1',
    ]);
    expect(
      keys("[ipv4-addr:value IN ('10.0.0.1', '10.0.0.2')] AND [domain-name:value = 'a.example']"),
    ).toEqual(['domain-name:value=a.example']);
    expect(
      keys("[file:name LIKE 'x%'] FOLLOWEDBY [file:name IN ('a', 'b')] WITHIN 10 SECONDS"),
    ).toEqual(['file:name=a', 'file:name=b']);
    expect(keys("[file:name = 'a' AND file:size > 3]")).toEqual(['file:name=a']);
    expect(keys('[file:size > 3 AND file:name IN ()]')).toEqual([]);
    expect(keys("[file:name LIKE 'a%'] AND [file:size > 3]")).toBeNull();
  });
});

describe('observableAnchors', () => {
  it('gives the canonical keys an object carries', () => {
    expect(observableAnchors({ type: 'ipv4-addr', value: '10.0.0.1/32' }).map(anchorKey)).toEqual([
      'ipv4-addr:value=10.0.0.1',
    ]);
    expect(
      observableAnchors({
        type: 'file',
        name: 'a.exe',
        size: 3,
        hashes: { sha256: 'AB', SSDEEP: '3:x', MD5: 'CD' },
      })
        .map(anchorKey)
        .sort(),
    ).toEqual(['file:hashes.MD5=cd', 'file:hashes.SHA-256=ab', 'file:name=a.exe']);
    expect(observableAnchors({ type: 'autonomous-system', number: 64496 }).map(anchorKey)).toEqual([
      'autonomous-system:number=64496',
    ]);
    expect(observableAnchors({ type: 'process', name: 'x' })).toEqual([]);
  });
});

const examplesDir = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../shared/reference/stix2.1/examples',
);
const hasExamples = existsSync(examplesDir);
if (!hasExamples) console.warn(`OASIS indicator examples skipped: ${examplesDir} is absent`);

function listJson(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return listJson(full);
    return entry.name.endsWith('.json') ? [full] : [];
  });
}

/** Every `indicator` with `pattern_type: 'stix'` in the OASIS examples. */
function oasisPatterns(): string[] {
  const out: string[] = [];
  for (const file of listJson(examplesDir)) {
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { objects?: unknown[] };
    for (const object of doc.objects ?? [doc]) {
      const o = object as { type?: string; pattern_type?: string; pattern?: string };
      if (o.type === 'indicator' && o.pattern_type === 'stix' && typeof o.pattern === 'string')
        out.push(o.pattern);
    }
  }
  return out;
}

/** The object an `equals` anchor denotes, or the block itself for a `subset` anchor. */
function objectOf(anchor: PatternAnchor) {
  const [head, algorithm] = anchor.path.split('.');
  const value = anchor.path === 'number' ? Number(anchor.value) : anchor.value;
  if (head === 'hashes') return { type: anchor.type, hashes: { [algorithm as string]: value } };
  return { type: anchor.type, [anchor.path]: value };
}

describe.skipIf(!hasExamples)('OASIS STIX 2.1 example indicators', () => {
  const patterns = hasExamples ? oasisPatterns() : [];

  it('all parse, and their anchors come from their own constants', () => {
    expect(patterns.length).toBeGreaterThan(0);
    for (const pattern of patterns) {
      const ast = parsePattern(pattern);
      const anchors = patternAnchors(ast);
      if (anchors === null) continue;
      expect(anchors.length, pattern).toBeGreaterThan(0);
      for (const anchor of anchors) {
        expect(pattern.toLowerCase(), pattern).toContain(anchor.value.toLowerCase());
        // These examples join comparisons with OR only: each anchor alone must match.
        if (!/ AND |FOLLOWEDBY/.test(pattern))
          expect(
            matchesObservable(ast, objectOf(anchor)),
            `${pattern} / ${anchorKey(anchor)}`,
          ).toBe(true);
      }
    }
  });

  it('gives the hand-checked anchors', () => {
    const find = (prefix: string) => {
      const pattern = patterns.find((p) => p.startsWith(prefix));
      expect(pattern, prefix).toBeDefined();
      return keys(pattern as string);
    };
    expect(find("[ipv4-addr:value = '223.166.0.0/15']")).toEqual([
      'ipv4-addr:value=223.166.0.0/15',
    ]);
    expect(find("[file:hashes.md5 = '001dd76872d80801692ff942308c64e6']")).toEqual([
      'file:hashes.MD5=001dd76872d80801692ff942308c64e6',
    ]);
    expect(find("[domain-name:value = 'mongoles.3322.org' OR")).toEqual([
      'domain-name:value=mongoles.3322.org',
      'ipv4-addr:value=123.183.210.28',
    ]);
    expect(find("[ ipv4-addr:value = '10.0.0.0' ]")).toEqual(['ipv4-addr:value=10.0.0.0']);
    expect(find('[x509-certificate:issuer')).toBeNull();
    expect(find('[email-message:subject MATCHES')).toBeNull();
    expect(find('[email-message:body_multipart[*]')).toBeNull();
    expect(canonicalIp('223.167.255.255/15')).toBe('223.166.0.0/15');
  });
});
