import { describe, expect, it } from 'vitest';
import type { StixObject } from '../stix/index.js';
import { patternKeys, patternMatches } from './pattern-keys.js';

const ind = (pattern: string, pattern_type = 'stix') =>
  ({ type: 'indicator', id: 'indicator--1', pattern, pattern_type }) as unknown as StixObject;

describe('pattern keys', () => {
  it('turns anchors into the stored forms of the observable index', () => {
    expect(
      patternKeys(
        ind(
          "[ipv4-addr:value = '198.51.100.7'] OR [domain-name:value = 'Evil.Example.com'] OR " +
            "[file:hashes.'SHA-256' = '" +
            'AB'.repeat(32) +
            "'] OR [ipv6-addr:value ISSUBSET '2001:db8::/32'] OR [email-message:subject = 'ILOVEYOU']",
        ),
      ),
    ).toEqual([
      { kind: 'ipv4', value: 'c6336407' },
      { kind: 'domain', value: 'com.example.evil' },
      { kind: 'sha256', value: 'ab'.repeat(32) },
      { kind: 'ipv6-net', value: '20010db8000000000000000000000000/032' },
      { kind: 'email-subject', value: 'ILOVEYOU' },
    ]);
  });

  it('has no keys for unanchored, non-STIX or broken patterns', () => {
    expect(patternKeys(ind("[url:value LIKE '%evil%']"))).toBeNull();
    expect(patternKeys(ind('alert tcp any any -> any any', 'snort'))).toBeNull();
    expect(patternKeys(ind('[ipv4-addr:value = '))).toBeNull();
  });

  it('evaluates the pattern on one observable', () => {
    const sco = { type: 'ipv4-addr', id: 'ipv4-addr--1', value: '10.1.2.3' } as StixObject;
    expect(patternMatches(ind("[ipv4-addr:value ISSUBSET '10.0.0.0/8']"), sco)).toBe(true);
    expect(patternMatches(ind("[ipv4-addr:value = '10.1.2.4']"), sco)).toBe(false);
    expect(patternMatches(ind('broken ['), sco)).toBe(false);
  });
});
