import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  ofType,
  runParser,
  TEST_SOURCE,
  TLP_GREEN,
  valuesOf,
} from '../../../../test/support/intake-run.js';
import { IntakeFormatError } from '../../intake-item.js';
import { arfFormat, detectArf } from './arf-format.js';
import { classificationOf } from './feedback-report.js';

const fixtures = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../test/fixtures/intake/email',
);
const fixture = (name: string): string => readFileSync(path.join(fixtures, name), 'utf8');

describe('ARF feedback reports (RFC 5965)', () => {
  it('imports the feedback report fields and the original message, classified by Feedback-Type', async () => {
    const { records, errors } = await runParser(arfFormat.parse, fixture('arf-fraud.eml'));
    expect(errors).toEqual([]);
    expect(records).toHaveLength(1);
    const { objects, observation } = records[0]!;
    expect(objects[0]).toMatchObject({ type: 'ipv4-addr', value: '203.0.113.77' });
    expect(observation).toMatchObject({
      subjectRef: objects[0]!.id,
      // Arrival-Date: Thu, 26 Nov 2026 07:29:10 +0100
      seen: '2026-11-26T06:29:10.000Z',
      labels: ['phishing', 'arf:fraud'],
    });
    expect(valuesOf(objects, 'domain-name')).toEqual(['fraud.example']);
    expect(valuesOf(objects, 'url')).toEqual([
      'http://fraud.example/login.php',
      'http://fraud.example/login.php?u=victim',
    ]);
    expect(valuesOf(objects, 'email-addr')).toEqual([
      'phisher@fraud.example',
      'victim@isp.example',
    ]);
    expect(ofType(objects, 'email-message')).toEqual([
      expect.objectContaining({ subject: 'Unlock your card', message_id: '<p-1@fraud.example>' }),
    ]);
    // The feedback report as sent, about every observable, by the intake's source and marking.
    expect(objects.at(-1)).toMatchObject({
      type: 'note',
      abstract: 'ARF fraud report by OwnFBL/1.0',
      object_refs: observation!.objectRefs,
      created: '2026-11-28T04:00:00.000Z',
      created_by_ref: TEST_SOURCE,
      object_marking_refs: [TLP_GREEN],
    });
    expect(objects.at(-1)!.content).toContain(
      'Authentication-Results: isp.example; spf=fail smtp.mailfrom=fraud.example',
    );
  });

  it('reports a bad Source-IP by field name and keeps the rest', async () => {
    const text = fixture('arf-fraud.eml').replace(
      'Source-IP: 203.0.113.77',
      'Source-IP: 203.0.113.777',
    );
    const { records, errors } = await runParser(arfFormat.parse, text);
    expect(errors.map((e) => [e.record, e.reason])).toEqual([
      [1, 'Source-IP: invalid IP address "203.0.113.777"'],
    ]);
    // The reported URI becomes the subject instead.
    expect(records[0]!.objects[0]).toMatchObject({
      type: 'url',
      value: 'http://fraud.example/login.php',
    });
  });

  it('refuses a report without Feedback-Type as a broken record', async () => {
    const text = fixture('arf-fraud.eml').replace('Feedback-Type: fraud\n', '');
    const { records, errors } = await runParser(arfFormat.parse, text);
    expect(records).toEqual([]);
    expect(errors).toEqual([
      { kind: 'error', record: 1, line: 1, reason: 'feedback report lacks Feedback-Type' },
    ]);
  });

  it('refuses a plain e-mail as a whole, and a plain message inside an mbox of reports as a record', async () => {
    const plain = fixture('two-messages.mbox').split('\n\nFrom ')[0]!;
    expect(detectArf(plain)).toBe(false);
    await expect(runParser(arfFormat.parse, plain)).rejects.toThrow(IntakeFormatError);
    await expect(runParser(arfFormat.parse, plain)).rejects.toThrow(
      'not an ARF report: top-level Content-Type is text/plain, not multipart/report; report-type=feedback-report',
    );
    const mbox = `From fbl Thu Nov 26 07:30:00 2026\n${fixture('arf-fraud.eml')}\n${plain}\n`;
    const { records, errors } = await runParser(arfFormat.parse, mbox);
    expect(records.map((r) => r.record)).toEqual([1]);
    expect(errors.map((e) => [e.record, e.reason.slice(0, 20)])).toEqual([
      [2, 'not an ARF report: t'],
    ]);
  });

  it('detects multipart/report; report-type=feedback-report only', () => {
    expect(detectArf(fixture('arf-fraud.eml'))).toBe(true);
    expect(detectArf(fixture('phishing.eml'))).toBe(false);
    expect(detectArf(fixture('xarf-v4-mail.eml'))).toBe(false);
  });

  it.each([
    ['abuse', 'spam'],
    ['fraud', 'phishing'],
    ['virus', 'malware-distribution'],
    ['auth-failure', 'masquerade'],
    ['not-spam', 'other'],
    ['something-new', 'other'],
  ])('classifies Feedback-Type %s as %s', (type, expected) => {
    expect(classificationOf(type)).toBe(expected);
  });
});
