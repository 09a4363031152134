import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TLP, validateStixObject, type StixObject } from '../../stix/index.js';
import { fileObservable, ipObservable, urlObservable } from '../observables.js';
import type { ReportAnswers, ReportAttachment } from './report-answers.js';
import { reportToStix, type ReportContext } from './report-to-stix.js';
import { decodeBase64, parseDateTime } from './report-validate.js';

const NOW = '2026-11-28T10:00:00.000Z';
const ORG = 'identity--2b5c4a9e-3f0e-4f6a-9a53-6f1f8c2c1a11';

function ctx(over: Partial<ReportContext> = {}): ReportContext {
  let n = 0;
  return {
    now: NOW,
    uuid: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
    createdByRef: ORG,
    ...over,
  };
}

const answers = (over: Partial<ReportAnswers> = {}): ReportAnswers => ({
  offence: 'BC-8-computer-fraud',
  when: { kind: 'between', from: '2026-11-27T09:00:00+01:00', until: '2026-11-27T10:30:00Z' },
  affected: { who: 'customers', count: 40 },
  whatHappened: 'Customers got a fake invoice e-mail.\nIt asked them to pay to a new account.',
  observables: [
    { type: 'url', value: 'HTTP://Pay-Now.EXAMPLE.com:80/invoice' },
    { type: 'email', value: 'billing@Example.COM' },
    { type: 'ip', value: '2001:DB8:0:0::1' },
    { type: 'phone', value: '+33 1 23 45 67 89' },
  ],
  ...over,
});

const file = (name: string, text: string, mediaType?: string): ReportAttachment => ({
  name,
  mediaType,
  content: new TextEncoder().encode(text),
});

function ok(result: ReturnType<typeof reportToStix>) {
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.stix;
}

describe('reportToStix', () => {
  it('makes a valid incident linked to normalised observables and the attached files', () => {
    const eml = file('invoice.eml', 'From: a@example.org\r\nSubject: Invoice\r\n\r\nPay now');
    const pdf = file('invoice.pdf', '%PDF-1.4 fake', 'Application/PDF; name=invoice.pdf');
    const stix = ok(reportToStix(answers(), [eml, pdf], ctx()));

    expect(stix.incident).toMatchObject({
      type: 'incident',
      spec_version: '2.1',
      id: 'incident--00000000-0000-4000-8000-000000000001',
      created: NOW,
      modified: NOW,
      created_by_ref: ORG,
      object_marking_refs: [TLP.AMBER.id],
      name: 'Computer-related fraud: Customers got a fake invoice e-mail.',
      labels: [
        'offence:BC-8-computer-fraud',
        'affected:customers',
        'affected-count:40',
        'occurred-from:2026-11-27T08:00:00.000Z',
        'occurred-until:2026-11-27T10:30:00.000Z',
      ],
    });
    const description = String(stix.incident.description);
    expect(description).toContain('It asked them to pay to a new account.');
    expect(description).toContain(
      'Offence: Computer-related fraud (Art. 8 ETS 185, BC-8-computer-fraud)',
    );
    expect(description).toContain('Phone numbers: +33 1 23 45 67 89');
    expect(description).toContain(
      `Attached file: invoice.pdf (13 bytes, SHA-256 ${createHash('sha256').update('%PDF-1.4 fake').digest('hex')})`,
    );

    const values = stix.observables.map((o) => [o.type, o.value ?? o.name]);
    expect(values).toEqual([
      ['url', 'http://pay-now.example.com/invoice'],
      ['email-addr', 'billing@example.com'],
      ['ipv6-addr', '2001:db8::1'],
      ['file', 'invoice.eml'],
      ['file', 'invoice.pdf'],
    ]);
    // Ids are those of the shared builders: the same value has the same id in every parser.
    const ids = (r: { ok: boolean; sco?: StixObject }) => (r as { sco: StixObject }).sco.id;
    expect(stix.observables[0]!.id).toBe(ids(urlObservable('http://pay-now.example.com/invoice')));
    expect(stix.observables[2]!.id).toBe(ids(ipObservable('2001:db8::1')));
    const sha256 = createHash('sha256').update('%PDF-1.4 fake').digest('hex');
    const md5 = createHash('md5').update('%PDF-1.4 fake').digest('hex');
    const sha1 = createHash('sha1').update('%PDF-1.4 fake').digest('hex');
    expect(stix.observables[4]).toMatchObject({
      id: ids(
        fileObservable({
          hashes: { MD5: md5, 'SHA-1': sha1, 'SHA-256': sha256 },
          name: 'invoice.pdf',
        }),
      ),
      hashes: { MD5: md5, 'SHA-1': sha1, 'SHA-256': sha256 },
      size: 13,
      mime_type: 'application/pdf',
      object_marking_refs: [TLP.AMBER.id],
    });
    expect(stix.observables[3]).toMatchObject({ mime_type: 'message/rfc822' });

    expect(stix.relationships).toHaveLength(5);
    for (const [i, r] of stix.relationships.entries()) {
      expect(r).toMatchObject({
        type: 'relationship',
        relationship_type: 'related-to',
        source_ref: stix.incident.id,
        target_ref: stix.observables[i]!.id,
        created_by_ref: ORG,
        object_marking_refs: [TLP.AMBER.id],
      });
    }
    expect(stix.objects).toHaveLength(11);
    for (const o of stix.objects) expect(validateStixObject(o), o.id).toEqual([]);
  });

  it('keeps only a well-formed media type', () => {
    const stix = ok(
      reportToStix(answers(), [file('a.bin', 'x', 'not a type'), file('b.txt', 'y', '')], ctx()),
    );
    const files = stix.observables.filter((o) => o.type === 'file');
    expect(files.map((f) => f.mime_type)).toEqual([undefined, undefined]);
  });

  it('links a value typed twice once, uses the chosen TLP and omits created_by_ref without an organisation', () => {
    const stix = ok(
      reportToStix(
        answers({
          offence: 'not-sure',
          when: { kind: 'ongoing' },
          affected: { who: 'me' },
          tlp: 'red',
          observables: [
            { type: 'domain', value: 'Example.ORG.' },
            { type: 'domain', value: 'example.org' },
          ],
        }),
        [],
        ctx({ createdByRef: undefined }),
      ),
    );
    expect(stix.observables.map((o) => o.value)).toEqual(['example.org']);
    expect(stix.incident.created_by_ref).toBeUndefined();
    expect(stix.incident.object_marking_refs).toEqual([TLP.RED.id]);
    expect(stix.incident.labels).toEqual(['offence:not-sure', 'affected:me', 'ongoing']);
    expect(String(stix.incident.name)).toMatch(/^Incident: Customers got/);
    expect(String(stix.incident.description)).toContain('Offence: not known to the reporter');
    for (const o of stix.objects) expect(validateStixObject(o), o.id).toEqual([]);
  });

  it('names every bad answer with its field and code, and builds nothing', () => {
    const result = reportToStix(
      {
        offence: 'BC-11-attempt',
        when: { kind: 'between', from: '2026-02-30T10:00:00Z', until: '2026-12-01T10:00:00Z' },
        affected: { who: 'others', count: 0 },
        whatHappened: '   ',
        observables: [
          { type: 'url', value: 'not a url' },
          { type: 'email', value: 'nobody' },
          { type: 'ip', value: '300.1.1.1' },
          { type: 'domain', value: 'localhost' },
          { type: 'phone', value: 'call me' },
          { type: 'url', value: ' ' },
        ],
      },
      [file('a/b.txt', 'x'), file('empty.txt', '')],
      ctx(),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.path, p.code])).toEqual([
      ['/offence', 'unknown-offence'],
      ['/when/from', 'invalid-time'],
      ['/when/until', 'in-future'],
      ['/affected/count', 'invalid-count'],
      ['/what_happened', 'required'],
      ['/observables/0/value', 'invalid-url'],
      ['/observables/1/value', 'invalid-email'],
      ['/observables/2/value', 'invalid-ip'],
      ['/observables/3/value', 'invalid-domain'],
      ['/observables/4/value', 'invalid-phone'],
      ['/observables/5/value', 'required'],
      ['/attachments/0/name', 'invalid-file-name'],
      ['/attachments/1/content', 'empty-file'],
    ]);
    for (const p of result.problems) expect(p.message.length).toBeGreaterThan(5);
  });

  it('refuses a reversed time range and a missing time', () => {
    const reversed = reportToStix(
      answers({
        when: { kind: 'between', from: '2026-11-27T10:00:00Z', until: '2026-11-27T09:00:00Z' },
      }),
      [],
      ctx(),
    );
    expect(reversed.ok ? [] : reversed.problems.map((p) => [p.path, p.code])).toEqual([
      ['/when/until', 'range-reversed'],
    ]);
    const missing = reportToStix(answers({ when: { kind: 'at', at: '' } }), [], ctx());
    expect(missing.ok ? [] : missing.problems.map((p) => [p.path, p.code])).toEqual([
      ['/when/at', 'required'],
    ]);
  });

  it('enforces the attachment limits: count, size per file, total', () => {
    const limits = { maxFiles: 2, maxFileBytes: 10, maxTotalBytes: 15 };
    const result = reportToStix(
      answers(),
      [file('a.txt', '12345678'), file('b.txt', '12345678901'), file('c.txt', '1')],
      ctx({ limits }),
    );
    expect(result.ok ? [] : result.problems.map((p) => [p.path, p.code])).toEqual([
      ['/attachments', 'too-many-files'],
      ['/attachments/1/content', 'file-too-large'],
      ['/attachments', 'total-too-large'],
    ]);
  });
});

describe('report helpers', () => {
  it('reads RFC 3339 date-times with a zone, and nothing else', () => {
    expect(parseDateTime('2026-11-27T09:00+01:00')).toBe('2026-11-27T08:00:00.000Z');
    expect(parseDateTime('2024-02-29T23:59:59.5Z')).toBe('2024-02-29T23:59:59.500Z');
    expect(parseDateTime('2025-02-29T10:00:00Z')).toBeUndefined();
    expect(parseDateTime('2026-11-27T10:00:00')).toBeUndefined();
    expect(parseDateTime('yesterday')).toBeUndefined();
  });

  it('decodes strict base64 only', () => {
    expect(new TextDecoder().decode(decodeBase64('aGVsbG8='))).toBe('hello');
    expect(decodeBase64('aGVsbG8')).toBeUndefined();
    expect(decodeBase64('aGV*bG8=')).toBeUndefined();
  });
});
