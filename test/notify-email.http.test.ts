/**
 * E-mail notifications as X-ARF (issue 5 item 6), on both databases, against a real SMTP
 * server (`smtp-server`) on 127.0.0.1: one message per recipient, language and batch window,
 * its headers, parts and YAML fields; content the external policy withholds never in the
 * message; outbreak alerts to the contact points of their countries; a server that refuses
 * (5xx, 4xx) retried, then dead-lettered.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import PostalMime, { type Email } from 'postal-mime';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeDialects } from './support/dialects.js';
import { fixedClock, makeTestNode, type TestNode } from './support/app.js';
import { TLP_IDS, bundle } from './support/stix-fixtures.js';

interface Received {
  to: string[];
  raw: string;
  mail: Email;
}

const BATCH_MS = 60_000;
const RETRY_MS = 10_000;

function domain(value: string, marking: string = TLP_IDS.green) {
  return {
    type: 'domain-name',
    spec_version: '2.1',
    id: `domain-name--${randomUUID()}`,
    value,
    object_marking_refs: [marking],
  };
}

/** Refusals by recipient address: `RCPT TO` answered with this SMTP code. */
const REFUSE: Record<string, number> = {
  'refuse@example.es': 550,
  'busy@example.es': 451,
};

describeDialects('e-mail notifications (X-ARF)', (dialect) => {
  let node: TestNode;
  let token: string;
  let smtp: SMTPServer;
  const clock = fixedClock('2026-11-29T09:00:00.000Z');
  const received: Received[] = [];

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo(address, _session, callback) {
        const code = REFUSE[address.address];
        if (code === undefined) return callback();
        const err = Object.assign(new Error(`refused by policy (${code})`), {
          responseCode: code,
        });
        callback(err);
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          void PostalMime.parse(raw).then((mail) => {
            received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw, mail });
            callback();
          }, callback);
        });
      },
    });
    await new Promise<void>((ok) => smtp.listen(0, '127.0.0.1', ok));
    const port = (smtp.server.address() as AddressInfo).port;

    node = await makeTestNode(dialect, {
      clock,
      env: {
        NOHAVEN_SMTP_URL: `smtp://127.0.0.1:${port}`,
        NOHAVEN_MAIL_FROM: 'cert@nohaven.example',
        NOHAVEN_DELIVERY_POLL_MS: '0',
        NOHAVEN_MAIL_BATCH_SECONDS: String(BATCH_MS / 1000),
        NOHAVEN_DELIVERY_ATTEMPTS: '3',
        NOHAVEN_RETRY_DELAY_SECONDS: String(RETRY_MS / 1000),
      },
    });
    await node.app.ready();
    token = (
      await node.services.auth.createTokenForUser(node.actor('admin'), node.adminUsername, 'a')
    ).token;
    const contacts: [string, string, string, string[]][] = [
      ['poc', 'DE', 'poc@bka.example.de', ['de', 'en']],
      ['poc', 'DE', 'duty@lka.example.de', ['pt']],
      ['cert', 'FR', 'cert@cert.example.fr', ['fr-FR']],
      ['poc', 'ES', 'refuse@example.es', ['es']],
      ['poc', 'ES', 'busy@example.es', ['es']],
    ];
    for (const [kind, country, address, languages] of contacts) {
      const res = await call('POST', '/api/v1/contacts', {
        kind,
        name: `${kind} ${country} ${address}`,
        country,
        channel: 'email',
        address,
        languages,
      });
      expect(res.statusCode, res.body).toBe(201);
    }
  });
  afterAll(async () => {
    await node?.close();
    await new Promise<void>((ok) => (smtp ? smtp.close(ok) : ok()));
  });

  const call = (method: 'GET' | 'POST', url: string, payload?: unknown) =>
    node.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}` },
      ...(payload === undefined ? {} : { payload: payload as string }),
    });
  const store = async (objects: unknown[]) => {
    const res = await call('POST', '/api/v1/objects', bundle(objects));
    expect(res.statusCode, res.body).toBe(201);
  };
  const routeTo = async (country: string, objects: { id: string }[]) => {
    await store(objects);
    const res = await call('POST', '/api/v1/routing/route', {
      object_ids: objects.map((o) => o.id),
      victim: { country },
    });
    expect(res.statusCode, res.body).toBe(200);
    // Queued at the clock's present time, before the test moves it.
    await node.services.notifications.producer.settled();
  };
  const worker = () => node.services.notifications.worker;
  const to = (address: string) => received.filter((r) => r.to.includes(address));
  const part = (m: Received, filename: string) => {
    const a = m.mail.attachments.find((x) => x.filename === filename);
    if (!a) throw new Error(`no part ${filename} in ${m.mail.attachments.map((x) => x.filename)}`);
    return typeof a.content === 'string' ? a.content : new TextDecoder().decode(a.content);
  };

  it('sends one X-ARF message per recipient, language and batch window', async () => {
    const a = domain('login.phish-de.biz');
    const b = domain('pay.phish-de.biz');
    const strict = domain('secret.phish-de.biz', TLP_IDS.amberStrict);
    await routeTo('DE', [a, strict]);
    await worker().drain();
    expect(received).toHaveLength(0); // the batch window is still open
    clock.advance(BATCH_MS / 2);
    await routeTo('DE', [b]); // joins the open batch
    clock.advance(BATCH_MS / 2);
    await worker().drain();

    const [de] = to('poc@bka.example.de');
    expect(to('poc@bka.example.de')).toHaveLength(1);
    expect(de!.mail.subject).toBe('[Test node] 3 Missbrauchsmeldungen für Sie');
    expect(de!.mail.from?.address).toBe('cert@nohaven.example');
    const header = (name: string) => de!.mail.headers.find((h) => h.key === name)?.value;
    expect(header('x-arf')).toBe('Yes');
    expect(header('x-xarf')).toBe('PLAIN');
    expect(header('content-type')).toMatch(/^multipart\/mixed/);
    expect(de!.mail.text).toContain('Guten Tag,');
    expect(de!.mail.text).toContain('3 Befunde wurden an Sie weitergeleitet');
    expect(de!.mail.attachments.map((x) => x.filename).sort()).toEqual([
      'evidence-1.json',
      'evidence-2.json',
      'report-1.txt',
      'report-2.txt',
    ]);
    const reports = [part(de!, 'report-1.txt'), part(de!, 'report-2.txt')].join('\n');
    for (const field of [
      'Reported-From: "cert@nohaven.example"',
      'Category: "abuse"',
      'Report-Type: "malicious-domain"',
      'Source-Type: "domain"',
      'Source: "login.phish-de.biz"',
      'Source: "pay.phish-de.biz"',
      'Version: "0.2"',
    ])
      expect(reports).toContain(field);
    expect(reports).toMatch(/Report-ID: "[0-9a-f-]{36}@nohaven\.example"/);
    const evidence = [part(de!, 'evidence-1.json'), part(de!, 'evidence-2.json')].map(
      (e) => JSON.parse(e).id,
    );
    expect(evidence.sort()).toEqual([a.id, b.id].sort());
    // AMBER+STRICT: a notice with a link, never the value.
    expect(de!.raw).not.toContain('secret.phish-de.biz');
    expect(de!.mail.text).toContain('Sein Inhalt darf die Plattform nicht verlassen');

    // This desk asked for Portuguese, which the node does not write: English.
    const [cert] = to('duty@lka.example.de');
    expect(cert!.mail.subject).toBe('[Test node] 3 abuse reports for you');
    expect(cert!.mail.text).toContain('3 findings were routed to you');
    await worker().drain();
    expect(received).toHaveLength(2);
  });

  it('notifies the contact points of an outbreak alert’s countries, with the alert as evidence', async () => {
    const finding = domain('worm.love-letter.biz');
    const note = {
      type: 'note',
      spec_version: '2.1',
      id: `note--${randomUUID()}`,
      created: '2026-11-29T09:01:00.000Z',
      modified: '2026-11-29T09:01:00.000Z',
      abstract: 'Outbreak: ILOVEYOU',
      content: '3 organisations in 2 countries reported worm.love-letter.biz within 30 minutes',
      object_refs: [finding.id],
      object_marking_refs: [TLP_IDS.green],
    };
    await store([finding, note]);
    const before = received.length;
    const { events, notifications } = node.services;
    const alert = { kind: 'alert.changed', alertId: note.id, organisations: [] } as const;
    events.publish({ ...alert, change: 'acknowledged', countries: ['DE'] });
    events.publish({ ...alert, change: 'opened', countries: ['DE', 'FR'] });
    await notifications.producer.settled();
    clock.advance(BATCH_MS);
    await worker().drain();
    const sent = received.slice(before);
    expect(sent.map((m) => m.to[0]).sort()).toEqual([
      'cert@cert.example.fr',
      'duty@lka.example.de',
      'poc@bka.example.de',
    ]);
    const fr = sent.find((m) => m.to[0] === 'cert@cert.example.fr')!;
    expect(fr.mail.text).toContain(`Alerte d’épidémie (opened): ${note.id}`);
    const de = sent.find((m) => m.to[0] === 'poc@bka.example.de')!;
    expect(de.mail.text).toContain(`Ausbruchswarnung (opened): ${note.id}`);
    expect(de.mail.attachments.map((x) => x.filename)).toEqual(['evidence-1.json']);
    expect(JSON.parse(part(de, 'evidence-1.json'))).toMatchObject({
      id: note.id,
      abstract: 'Outbreak: ILOVEYOU',
    });
  });

  it('retries a server that refuses (5xx and 4xx), then dead-letters the delivery', async () => {
    await routeTo('ES', [domain('refused.phish-es.biz')]);
    clock.advance(BATCH_MS);
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      await worker().drain();
      clock.advance(RETRY_MS * 2 ** (attempt - 1));
    }
    const res = await call('GET', '/api/v1/deliveries?state=dead');
    expect(res.statusCode).toBe(200);
    const dead = (
      res.json().deliveries as { address: string; attempts: number; last_error: string }[]
    ).filter((d) => d.address.endsWith('@example.es'));
    expect(dead.map((d) => [d.address, d.attempts]).sort()).toEqual([
      ['busy@example.es', 3],
      ['refuse@example.es', 3],
    ]);
    expect(dead.find((d) => d.address === 'refuse@example.es')!.last_error).toContain('550');
    expect(dead.find((d) => d.address === 'busy@example.es')!.last_error).toContain('451');
    expect(to('refuse@example.es')).toHaveLength(0);
  });
});
