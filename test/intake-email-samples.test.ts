/**
 * Issue 4, "E-mail": every shared ARF and X-ARF sample in
 * ../shared/reference/samples/abuse-reports/ imports; per sample, the values read here from the
 * raw file (Source-IP, Feedback-Type, Reported-Domain; X-ARF source, URL, time) are the ones
 * the parsers produce. Skipped when the samples folder is absent.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { arfFormat } from '../src/intake/formats/arf/arf-format.js';
import { classificationOf } from '../src/intake/formats/arf/feedback-report.js';
import { emlFormat } from '../src/intake/formats/email/eml-format.js';
import { xarfFormat } from '../src/intake/formats/xarf/xarf-format.js';
import { ofType, runParser, valuesOf } from './support/intake-run.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const samplesDir = path.resolve(repoRoot, '../shared/reference/samples/abuse-reports');
const present = existsSync(samplesDir);
const files = (dir: string, ext: string): string[] =>
  present
    ? readdirSync(path.join(samplesDir, dir))
        .filter((f) => f.endsWith(ext))
        .sort()
    : [];

/** A field of the raw feedback-report part, read with a plain regular expression. */
function rawField(raw: string, name: string): string | undefined {
  return new RegExp(`^${name}:[ \\t]*(\\S+)`, 'mi').exec(raw)?.[1];
}

/**
 * Arrival-Date (or Received-Date) as read in each file, in UTC. arf-12 has none: it falls back
 * to the report's own Date (Thu, 9 Apr 2006 23:34:45 JST).
 */
const SEEN: Readonly<Record<string, string>> = {
  'arf-01-crlf.eml': '2009-04-29T00:00:00.000Z', // Received-Date: Thu, 29 Apr 2009 00:00:00 -0000
  'arf-02.eml': '2013-04-30T07:45:50.000Z', // Received-Date: Thu, 29 Apr 2013 23:45:50 PST
  'arf-12.eml': '2006-04-09T14:34:45.000Z',
  'arf-14.eml': '2017-04-29T23:34:45.000Z',
  'arf-17.eml': '2016-04-29T23:34:45.000Z',
  'arf-20.eml': '2015-04-29T23:34:45.000Z', // the report's Date: it has no Arrival-Date
  'arf-25.eml': '2020-10-31T18:02:57.000Z',
};

describe.skipIf(!present)('shared ARF samples', () => {
  it('finds all seven samples', () => {
    expect(files('arf', '.eml')).toEqual(Object.keys(SEEN).sort());
  });

  it.each(files('arf', '.eml'))(
    '%s imports with its Source-IP, Feedback-Type and Reported-Domain',
    async (name) => {
      const raw = readFileSync(path.join(samplesDir, 'arf', name));
      const text = raw.toString('latin1');
      expect(arfFormat.detect(text)).toBe(true);
      const { records, errors } = await runParser(arfFormat.parse, raw);
      expect(records).toHaveLength(1);
      const { objects, observation } = records[0]!;
      const feedbackType = rawField(text, 'Feedback-Type')!.toLowerCase();
      expect(observation!.labels).toEqual([classificationOf(feedbackType), `arf:${feedbackType}`]);
      const sourceIp = rawField(text, 'Source-IP');
      const domain = rawField(text, 'Reported-Domain');
      // The subject: Source-IP, else Reported-Domain, else the original message.
      if (sourceIp !== undefined)
        expect(objects[0]).toMatchObject({ type: 'ipv4-addr', value: sourceIp });
      else if (domain !== undefined)
        expect(objects[0]).toMatchObject({ type: 'domain-name', value: domain });
      else expect(objects[0]!.type).toBe('email-message');
      expect(valuesOf(objects, 'domain-name')).toEqual(domain === undefined ? [] : [domain]);
      expect(observation!.seen).toBe(SEEN[name]);
      // Only arf-01 lacks the closing boundary of its multipart/report.
      const boundary = /boundary="?([^";\s]+)/i.exec(text)![1]!;
      const closed = text.includes(`--${boundary}--`);
      expect(errors.map((e) => e.reason)).toEqual(
        closed
          ? []
          : [
              `the message (multipart/report): closing boundary "--${boundary}--" missing; the message is truncated`,
            ],
      );
    },
  );

  it('reads the original message of arf-17 and both Original-Rcpt-To', async () => {
    const raw = readFileSync(path.join(samplesDir, 'arf', 'arf-17.eml'));
    const { records } = await runParser(arfFormat.parse, raw);
    const { objects } = records[0]!;
    expect(ofType(objects, 'email-message')).toEqual([
      expect.objectContaining({ subject: 'Nyaan' }),
    ]);
    const rcpt = [...raw.toString('latin1').matchAll(/^Original-Rcpt-To:\s*(\S+)/gm)].map(
      (m) => m[1]!,
    );
    expect(rcpt).toHaveLength(2);
    for (const address of rcpt) expect(valuesOf(objects, 'email-addr')).toContain(address);
  });

  it('also reads each ARF sample as a plain e-mail', async () => {
    for (const name of files('arf', '.eml')) {
      const { records } = await runParser(
        emlFormat.parse,
        readFileSync(path.join(samplesDir, 'arf', name)),
      );
      expect(records, name).toHaveLength(1);
    }
  });
});

/** IntelMQ classification type per sample, from its ReportType / type. */
const CLASSIFICATION: Readonly<Record<string, string>> = {
  'botnet_sample.json': 'infected-system',
  'ddos_sample.json': 'ddos',
  'loginattack_sample.json': 'brute-force',
  'phishing_sample.json': 'phishing',
  'spam_sample.json': 'spam',
  'connection-ddos.json': 'ddos',
  'connection-login-attack.json': 'brute-force',
  'content-phishing.json': 'phishing',
  'infrastructure-botnet.json': 'infected-system',
  'messaging-spam.json': 'spam',
};

describe.skipIf(!present)('shared X-ARF samples', () => {
  it.each(files('xarf-v3', '.json'))('v3 %s imports', async (name) => {
    const raw = readFileSync(path.join(samplesDir, 'xarf-v3', name), 'utf8');
    const report = (JSON.parse(raw) as { Report: Record<string, unknown> }).Report;
    expect(xarfFormat.detect(raw)).toBe(true);
    const { records, errors } = await runParser(xarfFormat.parse, raw);
    expect(errors).toEqual([]);
    const { objects, observation } = records[0]!;
    expect(objects[0]).toMatchObject({ value: report.SourceIp });
    expect(observation!.seen).toBe(new Date(String(report.Date)).toISOString());
    const type = String(report.ReportType).toLowerCase();
    expect(observation!.labels).toEqual([
      CLASSIFICATION[name],
      `xarf:${String(report.ReportClass).toLowerCase()}/${type}`,
    ]);
    expect(valuesOf(objects, 'url')).toEqual(
      report.SourceUrl === undefined ? [] : [report.SourceUrl],
    );
    if (report.DestinationIp !== undefined)
      expect(valuesOf(objects, 'ipv4-addr')).toContain(report.DestinationIp);
    if (report.SmtpMailFromAddress !== undefined) {
      expect(valuesOf(objects, 'email-addr')).toContain(report.SmtpMailFromAddress);
    }
  });

  it.each(files('xarf-v4', '.json'))('v4 %s imports', async (name) => {
    const raw = readFileSync(path.join(samplesDir, 'xarf-v4', name), 'utf8');
    const report = JSON.parse(raw) as Record<string, unknown>;
    expect(xarfFormat.detect(raw)).toBe(true);
    const { records, errors } = await runParser(xarfFormat.parse, raw);
    expect(errors).toEqual([]);
    const { objects, observation } = records[0]!;
    expect(objects[0]).toMatchObject({ value: report.source_identifier });
    expect(observation!.seen).toBe(
      new Date(String(report.first_seen ?? report.timestamp)).toISOString(),
    );
    expect(observation!.labels).toEqual([
      CLASSIFICATION[name],
      `xarf:${String(report.category)}/${String(report.type)}`,
    ]);
    expect(valuesOf(objects, 'url')).toEqual(report.url === undefined ? [] : [report.url]);
    if (report.c2_server !== undefined)
      expect(valuesOf(objects, 'domain-name')).toContain(report.c2_server);
    if (report.destination_ip !== undefined)
      expect(valuesOf(objects, 'ipv4-addr')).toContain(report.destination_ip);
    if (report.smtp_from !== undefined)
      expect(valuesOf(objects, 'email-addr')).toContain(report.smtp_from);
  });
});
