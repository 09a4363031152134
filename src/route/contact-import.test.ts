import { describe, expect, it } from 'vitest';
import { DomainError } from '../platform/errors.js';
import { contactFormatOf, readContactFile } from './contact-import.js';
import { checkContact, parseAsn } from './contact-rules.js';

const ORG = 'identity--11111111-1111-4111-8111-111111111111';
const known = (id: string) => id === ORG;

describe('contact checks', () => {
  it('accepts and normalises each kind', () => {
    const abuse = checkContact(
      {
        kind: 'Abuse',
        name: 'Host abuse',
        network: '2001:DB8::/32',
        channel: 'email',
        address: 'Abuse@Example.net',
        languages: 'en; fr-ca',
      },
      known,
    );
    expect(abuse).toMatchObject({
      ok: true,
      contact: {
        kind: 'abuse',
        network: '2001:db8::/32',
        address: 'abuse@example.net',
        languages: ['en', 'fr-CA'],
      },
    });
    expect(
      checkContact(
        { kind: 'poc', name: 'NL', country: 'nl', channel: 'nohaven', address: ORG },
        known,
      ),
    ).toMatchObject({ ok: true, contact: { country: 'NL' } });
    expect(
      checkContact(
        {
          kind: 'cert',
          name: 'CERT',
          country: 'DE',
          sector: 'Finance',
          channel: 'webhook',
          address: 'https://cert.example/hook',
        },
        known,
      ),
    ).toMatchObject({ ok: true, contact: { sector: 'finance' } });
    expect(parseAsn('AS64500')).toBe(64500);
    expect(parseAsn(64500)).toBe(64500);
    expect(parseAsn('AS0')).toBeNull();
    expect(parseAsn('4294967296')).toBeNull();
  });

  it('names every wrong field', () => {
    const bad = checkContact(
      {
        kind: 'abuse',
        name: 'x',
        network: '10.0.0.0/33',
        country: 'XX',
        languages: ['en', 'not a tag'],
        channel: 'nohaven',
        address: 'identity--22222222-2222-4222-8222-222222222222',
      },
      known,
    );
    expect(bad.ok).toBe(false);
    const fields = bad.ok ? [] : bad.problems.map((p) => p.field);
    expect(fields).toEqual(['network', 'country', 'languages', 'address']);
    const two = checkContact(
      {
        kind: 'abuse',
        name: 'x',
        asn: 'AS1',
        domain: 'example.org',
        channel: 'email',
        address: 'a@b.c',
      },
      known,
    );
    expect(two.ok ? [] : two.problems.map((p) => p.message)).toEqual([
      'an abuse contact needs exactly one of network, asn or domain',
    ]);
    const poc = checkContact(
      { kind: 'poc', name: 'x', channel: 'webhook', address: 'ftp://x' },
      known,
    );
    expect(poc.ok ? [] : poc.problems.map((p) => p.field)).toEqual(['country', 'address']);
  });
});

describe('contact files', () => {
  it('reads CSV with the line of each record', () => {
    const text = [
      '# directory',
      'kind,name,asn,country,channel,address',
      '',
      'abuse,"Host, Inc.",AS64500,NL,email,abuse@host.example',
      'abuse,broken,"unterminated,NL,email,x@y.z',
      'poc,NL,,NL,email',
    ].join('\n');
    const records = readContactFile(text, 'csv');
    expect(records.map((r) => r.line)).toEqual([4, 5, 6]);
    expect(records[0]).toMatchObject({ input: { name: 'Host, Inc.', asn: 'AS64500' } });
    expect('error' in records[1]!).toBe(true);
    expect(records[2]).toMatchObject({
      error: { field: 'line', message: 'has 5 columns, the header 6' },
    });
  });

  it('refuses a CSV header with an unknown or missing column', () => {
    expect(() => readContactFile('kind,name,colour\n', 'csv')).toThrow(/unknown column "colour"/);
    expect(() => readContactFile('kind,name,channel\n', 'csv')).toThrow(/"address" is missing/);
  });

  it('reads JSON arrays and { contacts } with the line each record starts on', () => {
    const text =
      '[\n  {"kind": "poc", "name": "a [b]"},\n  "nope",\n\n  {\n    "kind": "abuse"\n  }\n]';
    expect(readContactFile(text, 'json').map((r) => r.line)).toEqual([2, 3, 5]);
    const wrapped = '{ "contacts": [\n {"name": "x"}, {"name": "y"}\n] }';
    expect(readContactFile(wrapped, 'json').map((r) => r.line)).toEqual([2, 2]);
    expect(contactFormatOf('  [')).toBe('json');
    expect(contactFormatOf('kind,name')).toBe('csv');
    expect(() => contactFormatOf('x', 'xml')).toThrow(DomainError);
    expect(() => readContactFile('{"a": 1}', 'json')).toThrow(/expected an array/);
  });
});
