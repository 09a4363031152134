import { describe, expect, it } from 'vitest';
import { canonicalJson, deterministicScoId, identifierType, isIdentifier, uuidV5 } from './ids.js';

describe('isIdentifier (spec 2.9)', () => {
  it.each([
    'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
    'x-mitre-tactic--298fe907-7931-4fd2-8131-2814dd493134',
    'ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4',
    'file--8E2E2D2B-17D4-4CBF-938F-98EE46B3CD3F',
  ])('accepts %s', (id) => expect(isIdentifier(id)).toBe(true));

  it.each([
    'indicator-8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
    'indicator--8e2e2d2b-17d4-4cbf-938f',
    'indicator--8e2e2d2b-17d4-6cbf-938f-98ee46b3cd3f',
    'indicator--8e2e2d2b-17d4-4cbf-c38f-98ee46b3cd3f',
    'Indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
    'ab--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
    'a--b--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
    '',
    42,
    null,
  ])('rejects %s', (id) => expect(isIdentifier(id)).toBe(false));

  it('extracts the type prefix', () => {
    expect(identifierType('x-mitre-tactic--298fe907-7931-4fd2-8131-2814dd493134')).toBe(
      'x-mitre-tactic',
    );
  });
});

describe('canonicalJson (RFC 8785)', () => {
  it('sorts keys and removes whitespace', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x'], c: { z: 1.5, y: 'é' } })).toBe(
      '{"a":[true,null,"x"],"b":1,"c":{"y":"é","z":1.5}}',
    );
  });

  it('serialises numbers the ECMAScript way', () => {
    expect(canonicalJson([1e21, 0.000001, -0, 100])).toBe('[1e+21,0.000001,0,100]');
  });

  it('rejects non-finite numbers', () => {
    expect(() => canonicalJson(Number.NaN)).toThrow(RangeError);
  });
});

describe('uuidV5 (RFC 4122 section 4.3)', () => {
  it('matches the RFC 4122 DNS namespace example computed by Python uuid.uuid5', () => {
    expect(uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'python.org')).toBe(
      '886313e1-3b8a-5372-9b90-0c9aee199e5d',
    );
  });
});

/**
 * Expected ids computed independently with Python's standard library:
 * `uuid.uuid5(UUID('00abedb4-aa42-466c-9c01-fed23315a9b7'), json.dumps(props, sort_keys=True,
 * separators=(',', ':'), ensure_ascii=False))`. (The spec's own example ids, e.g.
 * ipv4-addr--ff26c055-…, are illustrative and not derived by the algorithm.)
 */
describe('deterministicScoId (spec 2.9)', () => {
  it.each([
    [
      { type: 'ipv4-addr', value: '198.51.100.3' },
      'ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4',
    ],
    [
      { type: 'domain-name', value: 'example.com' },
      'domain-name--bedb4899-d24b-5401-bc86-8f6b4cc18ec7',
    ],
    [
      { type: 'ipv6-addr', value: '2001:0db8:85a3:0000:0000:8a2e:0370:7334' },
      'ipv6-addr--85a85a8c-ee99-5722-946d-3c3a3270fc6f',
    ],
    [
      {
        type: 'file',
        name: 'qwerty.dll',
        size: 25536,
        hashes: {
          'SHA-256': 'fe90a7e910cb3a4739bed9180e807e93fa70c90f25a8915476f5e4bfbac681db',
          MD5: '8bfb7b3b4e4f8a1e66c3c30d1dcd5b1b',
        },
      },
      'file--0d1a7c10-6b4e-5245-89a6-070ed997d00e',
    ],
    [
      {
        type: 'file',
        hashes: { 'SHA-256': 'fe90a7e910cb3a4739bed9180e807e93fa70c90f25a8915476f5e4bfbac681db' },
      },
      'file--b91bcf06-0d11-5a89-9c3a-8d4279aefe56',
    ],
    [
      {
        type: 'email-message',
        is_multipart: false,
        subject: 'Bonjour',
        from_ref: 'email-addr--89f52ea8-d6ef-51e9-8fce-6a29236436ed',
        date: '2016-06-19T14:20:40.000Z',
      },
      'email-message--d947b024-7dbe-58bd-8dbb-8ca396eecd03',
    ],
    [
      { type: 'domain-name', value: 'ﬁ.example' },
      'domain-name--6ddefde5-09c3-5dbe-8468-9de9e27ebae9',
    ],
  ])('computes %j', (sco, expected) => {
    expect(deterministicScoId(sco)).toBe(expected);
  });

  it('ignores key order and non-contributing properties', () => {
    const a = deterministicScoId({
      type: 'software',
      name: 'Word',
      vendor: 'Microsoft',
      languages: ['en'],
    });
    const b = deterministicScoId({
      vendor: 'Microsoft',
      languages: ['fr'],
      name: 'Word',
      type: 'software',
    });
    expect(a).toBe(b);
    expect(a).toMatch(
      /^software--[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('is stable across repeated calls and sensitive to contributing values', () => {
    const ids = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const id = deterministicScoId({ type: 'url', value: `https://example.com/${i}` });
      expect(deterministicScoId({ value: `https://example.com/${i}`, type: 'url' })).toBe(id);
      ids.add(id);
    }
    expect(ids.size).toBe(50);
  });

  it('uses one hash, preferring MD5 then SHA-1, SHA-256, SHA-512', () => {
    const md5 = 'd41d8cd98f00b204e9800998ecf8427e';
    const sha1 = 'da39a3ee5e6b4b0d3255bfef95601890afd80709';
    const withBoth = deterministicScoId({
      type: 'artifact',
      hashes: { 'SHA-1': sha1, MD5: md5 },
      url: 'x',
    });
    expect(withBoth).toBe(deterministicScoId({ type: 'artifact', hashes: { MD5: md5 } }));
    expect(
      deterministicScoId({ type: 'artifact', hashes: { 'SHA-1': sha1, SSDEEP: '3:a:b' } }),
    ).toBe(deterministicScoId({ type: 'artifact', hashes: { 'SHA-1': sha1 } }));
    expect(deterministicScoId({ type: 'artifact', hashes: { TLSH: 'b', SSDEEP: 'a' } })).toBe(
      deterministicScoId({ type: 'artifact', hashes: { SSDEEP: 'a' } }),
    );
  });

  it('falls back to the UUIDv4 port without contributing properties', () => {
    const uuid4 = () => '0b1b7e2f-3b4e-4f2a-9c33-6f0bd6e7b3a1';
    expect(deterministicScoId({ type: 'process', pid: 4 }, uuid4)).toBe(`process--${uuid4()}`);
    expect(deterministicScoId({ type: 'ipv4-addr' }, uuid4)).toBe(`ipv4-addr--${uuid4()}`);
    expect(deterministicScoId({ type: 'x-custom', value: 1 }, uuid4)).toBe(`x-custom--${uuid4()}`);
  });
});
