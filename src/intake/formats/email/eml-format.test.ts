import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { domainToASCII, fileURLToPath } from 'node:url';
import { createDeflateRaw } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { IntakeFormatError, type IntakeItem } from '../../intake-item.js';
import {
  ofType,
  runParser,
  testIntakeContext,
  valuesOf,
} from '../../../../test/support/intake-run.js';
import { createEmlParser, detectEml, emlFormat } from './eml-format.js';

const fixtures = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../test/fixtures/intake/email',
);
const fixture = (name: string): Buffer => readFileSync(path.join(fixtures, name));

const digest = (algorithm: string, bytes: Buffer): string =>
  createHash(algorithm).update(bytes).digest('hex');

function message(headers: string, body: string): string {
  return `From: a@sender.example\nTo: b@rcpt.example\nSubject: t\nDate: Wed, 25 Nov 2026 12:00:00 +0000\nMessage-ID: <x@sender.example>\n${headers}\n${body}`;
}

function withAttachment(name: string, bytes: Buffer, type = 'application/zip'): string {
  const base64 = bytes.toString('base64').replace(/.{76}/g, '$&\n');
  return message(
    'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b"\n',
    `--b\nContent-Type: text/plain\n\nsee attached\n--b\nContent-Type: ${type}; name="${name}"\nContent-Disposition: attachment; filename="${name}"\nContent-Transfer-Encoding: base64\n\n${base64}\n--b--\n`,
  );
}

describe('plain e-mail (.eml)', () => {
  it('turns a phishing e-mail into an email-message with addresses, Received IPs, URLs and the hashed attachment', async () => {
    const raw = fixture('phishing.eml');
    const { records, errors } = await runParser(emlFormat.parse, raw);
    expect(errors).toEqual([]);
    expect(records).toHaveLength(1);
    const { objects, observation, record, line } = records[0]!;
    expect([record, line]).toEqual([1, 1]);
    const [msg] = objects;
    expect(msg).toMatchObject({
      type: 'email-message',
      is_multipart: true,
      date: '2026-11-24T08:14:00.000Z',
      message_id: '<20261124081400.1234@pay-secure.example>',
      subject: Buffer.from(
        'WW91ciBhY2NvdW50IGlzIHN1c3BlbmRlZCDigJMgYWN0IG5vdw==',
        'base64',
      ).toString('utf8'),
      additional_header_fields: {
        'Reply-To': 'collect@drop.example',
        'Return-Path': '<billing@pay-secure.example>',
        'X-Mailer': 'PHPMailer 6.1',
      },
    });
    expect(msg!.received_lines).toHaveLength(2);
    const byId = new Map(objects.map((o) => [o.id, o]));
    expect(byId.get(String(msg!.from_ref))).toMatchObject({
      value: 'billing@pay-secure.example',
      display_name: 'PayPal Service',
    });
    expect(byId.get(String(msg!.sender_ref))).toMatchObject({ value: 'bulk@mailer.example' });
    expect((msg!.to_refs as string[]).map((r) => byId.get(r)!.value)).toEqual([
      'alice@bank.example',
      'bob@bank.example',
    ]);
    expect((msg!.cc_refs as string[]).map((r) => byId.get(r)!.display_name)).toEqual(['Jürgen']);
    expect(valuesOf(objects, 'ipv4-addr')).toEqual(['198.51.100.23', '198.51.100.80']);
    expect(valuesOf(objects, 'ipv6-addr')).toEqual(['2001:db8::17']);
    const idn = domainToASCII('p\u0430ypal.example');
    expect(valuesOf(objects, 'url')).toEqual(
      [
        'https://login.pay-secure.example/verify?id=42&t=1',
        'https://login.pay-secure.example/verify?id=42&t=2',
        'http://198.51.100.80/kit/index.php',
        `http://${idn}/track`,
      ].sort(),
    );
    expect(valuesOf(objects, 'domain-name')).toEqual(['login.pay-secure.example', idn].sort());
    // The attachment as written in the fixture, decoded here independently.
    const base64 =
      /filename="invoice-2026.zip"\nContent-Transfer-Encoding: base64\n\n([A-Za-z0-9+/=\n]+)\n--outer-1--/.exec(
        raw.toString('utf8'),
      )![1]!;
    const bytes = Buffer.from(base64, 'base64');
    const [file] = ofType(objects, 'file');
    expect(file).toMatchObject({
      name: 'invoice-2026.zip',
      size: bytes.length,
      mime_type: 'application/zip',
      hashes: {
        MD5: digest('md5', bytes),
        'SHA-1': digest('sha1', bytes),
        'SHA-256': digest('sha256', bytes),
      },
    });
    expect(msg!.body_multipart).toEqual([
      expect.objectContaining({ content_type: 'text/plain' }),
      expect.objectContaining({ content_type: 'text/html' }),
      {
        content_type: 'application/zip',
        content_disposition: 'attachment',
        body_raw_ref: file!.id,
      },
    ]);
    expect(observation).toMatchObject({ subjectRef: msg!.id, seen: '2026-11-24T08:14:00.000Z' });
    expect(observation!.objectRefs).toHaveLength(objects.length);
  });

  it('gives the same objects whatever the chunk boundaries', async () => {
    const raw = fixture('phishing.eml');
    const whole = await runParser(emlFormat.parse, raw);
    const chunked = await runParser(emlFormat.parse, raw, 7);
    expect(chunked.records[0]!.objects).toEqual(whole.records[0]!.objects);
  });

  it('parses a forwarded message/rfc822 attachment as a message of its own, down to the nesting limit', async () => {
    const raw = fixture('forwarded.eml');
    const { records, errors } = await runParser(emlFormat.parse, raw);
    expect(errors).toEqual([]);
    const messages = ofType(records[0]!.objects, 'email-message');
    expect(messages.map((m) => m.subject)).toEqual([
      'Fwd: suspicious mail',
      'Your account is suspended – act now',
    ]);
    expect(
      ofType(records[0]!.objects, 'file')
        .map((f) => f.name)
        .sort(),
    ).toEqual(['invoice-2026.zip', 'suspicious.eml']);

    const flat = await runParser(createEmlParser({ maxNestingDepth: 0 }), raw);
    expect(ofType(flat.records[0]!.objects, 'email-message')).toHaveLength(1);
    expect(ofType(flat.records[0]!.objects, 'file').map((f) => f.name)).toEqual(['suspicious.eml']);
    expect(flat.errors.map((e) => e.reason)).toEqual([
      'part 2 (message/rfc822, "suspicious.eml"): message/rfc822 nested deeper than 0 levels; kept as a file, not parsed',
    ]);
  });

  it('reports a missing closing boundary and a truncated base64 attachment, and imports the rest', async () => {
    const { records, errors } = await runParser(emlFormat.parse, fixture('truncated.eml'));
    expect(records).toHaveLength(1);
    expect(errors.map((e) => [e.record, e.reason])).toEqual([
      [
        1,
        'the message (multipart/mixed): closing boundary "--tb--" missing; the message is truncated',
      ],
      [
        1,
        'part 2 (application/octet-stream, "payload.exe"): base64 content is truncated (102 characters); not imported',
      ],
    ]);
    expect(ofType(records[0]!.objects, 'file')).toEqual([]);
    expect(valuesOf(records[0]!.objects, 'url')).toEqual(['http://evil.example/x']);
  });

  it('reads an mbox as one record per message, with the line each starts on', async () => {
    const raw = fixture('two-messages.mbox').toString('utf8');
    const { records, errors } = await runParser(emlFormat.parse, raw, 16);
    expect(errors).toEqual([]);
    const starts = raw.split('\n').flatMap((l, i) => (l.startsWith('From mallory') ? [i + 1] : []));
    expect(records.map((r) => [r.record, r.line])).toEqual([
      [1, starts[0]],
      [2, starts[1]],
    ]);
    expect(records.map((r) => r.objects[0]!.subject)).toEqual(['first', 'second']);
    expect(records[0]!.objects[0]!.is_multipart).toBe(false);
    expect(String(records[0]!.objects[0]!.body)).toContain('\nFrom the desk of the CEO');
  });

  it('refuses a message over the size limit without reading the rest of the input', async () => {
    let pulled = 0;
    async function* endless(): AsyncGenerator<Uint8Array> {
      yield Buffer.from(message('', ''));
      for (;;) {
        pulled += 1;
        yield Buffer.alloc(1024 * 1024, 0x41);
      }
    }
    const items: IntakeItem[] = [];
    for await (const item of createEmlParser({ maxMessageBytes: 2 * 1024 * 1024 })(
      endless(),
      testIntakeContext(),
    )) {
      items.push(item);
    }
    expect(items).toEqual([
      {
        kind: 'error',
        record: 1,
        line: 1,
        reason: 'message larger than the limit of 2 MiB; not read',
      },
    ]);
    expect(pulled).toBeLessThanOrEqual(3);
  });

  it('skips an over-size message of an mbox and imports the others', async () => {
    const big = `From x Wed Nov 25 12:00:00 2026\n${message('', 'A'.repeat(5000))}\n\n`;
    const small = fixture('two-messages.mbox').toString('utf8');
    const { records, errors } = await runParser(
      createEmlParser({ maxMessageBytes: 4096 }),
      big + small,
    );
    expect(errors).toEqual([
      {
        kind: 'error',
        record: 1,
        line: 1,
        reason: 'message larger than the limit of 4096 bytes; not read',
      },
    ]);
    expect(records.map((r) => r.record)).toEqual([2, 3]);
  });

  it('reports attachments over the size or count limit by name and imports the rest', async () => {
    const raw = fixture('phishing.eml');
    const tooBig = await runParser(createEmlParser({ maxAttachmentBytes: 10 }), raw);
    expect(tooBig.errors.map((e) => e.reason)).toEqual([
      expect.stringMatching(
        /^attachment "invoice-2026.zip" is \d+ bytes, over the limit of 10; not imported$/,
      ),
    ]);
    expect(ofType(tooBig.records[0]!.objects, 'file')).toEqual([]);
    expect(ofType(tooBig.records[0]!.objects, 'email-message')).toHaveLength(1);
    const tooMany = await runParser(createEmlParser({ maxAttachments: 0 }), raw);
    expect(tooMany.errors.map((e) => e.reason)).toEqual([
      '1 attachment(s) beyond the limit of 0 not imported',
    ]);
  });

  it('hashes a zip bomb as it is, never inflating it', async () => {
    // A zip whose one entry inflates to 128 MiB of zeros, built by streaming.
    const uncompressed = 128 * 1024 * 1024;
    const deflate = createDeflateRaw({ level: 9 });
    const out: Buffer[] = [];
    deflate.on('data', (c: Buffer) => out.push(c));
    const done = new Promise((resolve) => deflate.on('end', resolve));
    const zeros = Buffer.alloc(1024 * 1024);
    for (let i = 0; i < uncompressed / zeros.length; i += 1) deflate.write(zeros);
    deflate.end();
    await done;
    const data = Buffer.concat(out);
    const name = Buffer.from('zeros.bin');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(uncompressed, 22);
    local.writeUInt16LE(name.length, 26);
    const zip = Buffer.concat([local, name, data]);
    const before = process.memoryUsage().rss;
    const { records, errors } = await runParser(
      createEmlParser({ maxAttachmentBytes: 1024 * 1024 }),
      withAttachment('bomb.zip', zip),
    );
    const grown = process.memoryUsage().rss - before;
    expect(errors).toEqual([]);
    expect(ofType(records[0]!.objects, 'file')).toEqual([
      expect.objectContaining({
        name: 'bomb.zip',
        size: zip.length,
        hashes: expect.objectContaining({ 'SHA-256': digest('sha256', zip) }),
      }),
    ]);
    expect(zip.length).toBeLessThan(1024 * 1024);
    expect(grown).toBeLessThan(uncompressed / 2);
  });

  it('refuses binary garbage and text that is no e-mail, naming why', async () => {
    const garbage = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0xff, 0x10]);
    expect(detectEml(garbage.toString('latin1'))).toBe(false);
    await expect(runParser(emlFormat.parse, garbage)).rejects.toThrow(IntakeFormatError);
    await expect(runParser(emlFormat.parse, garbage)).rejects.toThrow(
      /binary data \(control character 0x7f on line 1\)/,
    );
    const prose = 'Dear team,\nplease find the report below.\n';
    expect(detectEml(prose)).toBe(false);
    await expect(runParser(emlFormat.parse, prose)).rejects.toThrow(
      'line 1 is not an RFC 5322 header field: "Dear team,"',
    );
    await expect(runParser(emlFormat.parse, '')).rejects.toThrow('the input is empty');
  });

  it('detects e-mail and mbox heads but not JSON or other header-like text', () => {
    expect(detectEml(fixture('phishing.eml').toString('latin1'))).toBe(true);
    expect(detectEml(fixture('two-messages.mbox').toString('latin1'))).toBe(true);
    expect(detectEml('{"type": "bundle"}')).toBe(false);
    expect(detectEml('Name: value\nOther: value\n\nbody')).toBe(false);
  });
});
