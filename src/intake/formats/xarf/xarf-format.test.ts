import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ofType, runParser, valuesOf } from '../../../../test/support/intake-run.js';
import { IntakeFormatError } from '../../intake-item.js';
import { detectXarf, xarfFormat } from './xarf-format.js';

const fixtures = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../test/fixtures/intake/email',
);

const v4 = {
  xarf_version: '4.2.0',
  report_id: '7f7c1d7e-2a55-4c3b-9a57-0b1d7c1e2f33',
  timestamp: '2026-11-27T10:00:00Z',
  reporter: { org: 'Brand Watch', contact: 'takedown@brand.example', domain: 'brand.example' },
  source_identifier: '203.0.113.9',
  category: 'content',
  type: 'phishing',
  url: 'HTTP://Login.Bank-Secure.example/auth',
  file_hash: 'sha256:' + 'ab'.repeat(32),
};

const v3 = {
  Version: '3',
  ReporterInfo: { ReporterOrg: 'Org', ReporterOrgEmail: 'r@org.example' },
  Disclosure: true,
  Report: {
    ReportClass: 'Content',
    ReportType: 'Botnet',
    Date: '2026-11-20T08:00:00+01:00',
    SourceIp: '192.0.2.200',
    SourcePort: 4444,
    Samples: [
      {
        Base64Encoded: true,
        FileName: 'bot.exe',
        Payload: Buffer.from('MZ bot').toString('base64'),
      },
    ],
  },
};

describe('X-ARF reports', () => {
  it('maps a v4 report: source, URL and its domain, file hash, classification and time', async () => {
    const { records, errors } = await runParser(xarfFormat.parse, JSON.stringify(v4));
    expect(errors).toEqual([]);
    const { objects, observation, record } = records[0]!;
    expect(record).toBe(1);
    expect(objects[0]).toMatchObject({ type: 'ipv4-addr', value: '203.0.113.9' });
    expect(valuesOf(objects, 'url')).toEqual(['http://login.bank-secure.example/auth']);
    expect(valuesOf(objects, 'domain-name')).toEqual(['login.bank-secure.example']);
    expect(ofType(objects, 'file')).toEqual([
      expect.objectContaining({ hashes: { 'SHA-256': 'ab'.repeat(32) } }),
    ]);
    expect(observation).toMatchObject({
      seen: '2026-11-27T10:00:00.000Z',
      labels: ['phishing', 'xarf:content/phishing'],
    });
  });

  it('maps a v3 report with its port and a named sample hashed as decoded', async () => {
    const { records, errors } = await runParser(xarfFormat.parse, JSON.stringify(v3));
    expect(errors).toEqual([]);
    const { objects, observation } = records[0]!;
    expect(objects[0]).toMatchObject({ type: 'ipv4-addr', value: '192.0.2.200' });
    expect(ofType(objects, 'network-traffic')).toEqual([
      expect.objectContaining({ src_ref: objects[0]!.id, src_port: 4444, protocols: ['ipv4'] }),
    ]);
    expect(ofType(objects, 'file')).toEqual([
      expect.objectContaining({ name: 'bot.exe', size: 6 }),
    ]);
    const note = objects.at(-1)!;
    expect(note).toMatchObject({ type: 'note', abstract: 'X-ARF content/botnet report' });
    expect(JSON.parse(String(note.content))).toMatchObject({
      Report: { Samples: [{ FileName: 'bot.exe' }] },
    });
    expect(String(note.content)).not.toContain('Payload');
    expect(observation).toMatchObject({
      seen: '2026-11-20T07:00:00.000Z',
      labels: ['infected-system', 'xarf:content/botnet'],
    });
  });

  it('reports invalid reports of an array by record number and field, and imports the valid ones', async () => {
    const { source_identifier: _, ...noSource } = v4;
    const reports = [
      v4,
      noSource,
      { ...v4, source_identifier: '203.0.113.300' },
      { ...v3, Report: { ...v3.Report, SourceIp: 'not-an-ip' } },
      { ...v4, timestamp: 'yesterday' },
      { ...v4, xarf_version: '5.0' },
      { ...v4, destination_ip: '198.51.100.1', destination_port: 70000 },
    ];
    const { records, errors } = await runParser(xarfFormat.parse, JSON.stringify(reports));
    expect(records.map((r) => r.record)).toEqual([1, 7]);
    expect(errors.map((e) => [e.record, e.reason])).toEqual([
      [2, 'missing required field source_identifier'],
      [3, 'source_identifier: neither an IP address nor a domain name: "203.0.113.300"'],
      [4, 'Report.SourceIp: invalid IP address "not-an-ip"'],
      [5, 'timestamp: unparsable date "yesterday"'],
      [6, 'xarf_version: unsupported version "5.0"'],
      [7, 'destination_port: invalid port 70000'],
    ]);
  });

  it('reads JSON lines with their line numbers', async () => {
    const text = `${JSON.stringify(v4)}\n\n${JSON.stringify(v3)}\n{broken\n`;
    const { records, errors } = await runParser(xarfFormat.parse, text);
    expect(records.map((r) => [r.record, r.line])).toEqual([
      [1, 1],
      [2, 3],
    ]);
    expect(errors).toEqual([
      expect.objectContaining({
        record: 3,
        line: 4,
        reason: expect.stringMatching(/^invalid JSON/),
      }),
    ]);
  });

  it('reads an X-ARF e-mail (X-ARF: yes) with its JSON report part', async () => {
    const mail = readFileSync(path.join(fixtures, 'xarf-v4-mail.eml'), 'utf8');
    expect(detectXarf(mail)).toBe(true);
    const { records, errors } = await runParser(xarfFormat.parse, mail);
    expect(errors).toEqual([]);
    const { objects, observation } = records[0]!;
    expect(objects[0]).toMatchObject({ value: '192.0.2.66' });
    expect(ofType(objects, 'network-traffic')).toEqual([
      expect.objectContaining({ src_port: 50122, dst_port: 22, protocols: ['ipv4', 'tcp'] }),
    ]);
    expect(observation).toMatchObject({
      seen: '2026-11-27T09:00:00.000Z',
      labels: ['brute-force', 'xarf:connection/login_attack'],
    });
  });

  it('reads a classic X-ARF 0.2 e-mail (X-XARF: PLAIN) with its YAML report', async () => {
    const mail = readFileSync(path.join(fixtures, 'xarf-yaml-mail.eml'), 'utf8');
    expect(detectXarf(mail)).toBe(true);
    const { records, errors } = await runParser(xarfFormat.parse, mail);
    expect(errors).toEqual([]);
    const { objects, observation } = records[0]!;
    expect(objects[0]).toMatchObject({ type: 'ipv4-addr', value: '192.0.2.44' });
    expect(ofType(objects, 'network-traffic')).toEqual([
      expect.objectContaining({ src_port: 22, protocols: ['ipv4'] }),
    ]);
    expect(observation).toMatchObject({
      seen: '2026-11-26T10:00:00.000Z',
      labels: ['brute-force', 'xarf:abuse/login-attack'],
    });
    const broken = mail.replace('Source: 192.0.2.44\n', '');
    expect((await runParser(xarfFormat.parse, broken)).errors).toEqual([
      { kind: 'error', record: 1, line: 1, reason: 'missing required field Source' },
    ]);
  });

  it('refuses other JSON and plain e-mail, naming why', async () => {
    const bundle = JSON.stringify({ type: 'bundle', id: 'bundle--1', objects: [] });
    expect(detectXarf(bundle)).toBe(false);
    await expect(runParser(xarfFormat.parse, bundle)).rejects.toThrow(IntakeFormatError);
    await expect(runParser(xarfFormat.parse, '{"Version": 3,')).rejects.toThrow(/^invalid JSON/);
    const plain = readFileSync(path.join(fixtures, 'phishing.eml'), 'utf8');
    expect(detectXarf(plain)).toBe(false);
    await expect(runParser(xarfFormat.parse, plain)).rejects.toThrow(
      'not an X-ARF e-mail: no X-ARF header field',
    );
  });

  it('detects v3 and v4 JSON', () => {
    expect(detectXarf(JSON.stringify(v4, null, 2))).toBe(true);
    expect(detectXarf(JSON.stringify([v3]))).toBe(true);
  });
});
