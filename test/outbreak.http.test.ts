/**
 * Issue 5, item 3 — the Love-Bug replay over HTTP: organisations in several countries report
 * the ILOVEYOU worm through the API (STIX bundles and the report wizard) on a fake clock; the
 * outbreak alert fires at the Hong Kong AV lab's report and not before, reaches the live
 * stream of the organisations and contact points it concerns (and not an unaffected one),
 * grows as Europe reports, is acknowledged, and closes after the quiet period. Benign noise —
 * a warninglisted domain from many organisations, one organisation repeating one URL, a report
 * its owner does not allow to be counted — fires nothing.
 *
 * Delivery outside nohaven (issue 5, "Done when"): Hong Kong's 24/7 point of contact is reached
 * by e-mail (a real SMTP server on 127.0.0.1) and the Philippines' CERT by a signed webhook (a
 * real HTTP server on 127.0.0.1); both receive the alert when it opens, the noise sends nothing.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import PostalMime, { type Email } from 'postal-mime';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { buildApp, createServices } from '../src/app.js';
import { verifyWebhookSignature } from '../src/notify/webhook-signature.js';
import { deterministicScoId } from '../src/stix/ids.js';
import { describeDialects } from './support/dialects.js';
import { fixedClock, makeTestNode, type TestNode } from './support/app.js';
import { TLP_IDS } from './support/stix-fixtures.js';
import { openSse, type SseConnection, type SseEvent } from './support/sse-client.js';

const PASSWORD = 'outbreak-password-1';
const LETTER = 'rem barok -loveletter(vbe) <i hate go to school>'; // the attachment's bytes (made up)
const HASH = createHash('sha256').update(LETTER).digest('hex');
const SUBJECT = 'ILOVEYOU';
const at = (hhmm: string) => `2000-05-04T${hhmm}:00.000Z`;

/** Organisations: [key, name, country]. */
const ORGS = [
  ['hk-bank-1', 'HK bank one', 'HK'],
  ['ph-isp', 'PH ISP', 'PH'],
  ['hk-bank-2', 'HK bank two', 'HK'],
  ['hk-av-lab', 'HK AV lab', 'HK'],
  ['gb-isp', 'GB ISP', 'GB'],
  ['de-bank', 'DE bank', 'DE'],
  ['us-utility', 'US utility', 'US'],
  ['jp-liaison', 'JP police liaison', 'JP'],
  ['noise-1', 'Noise one', 'IT'],
  ['noise-2', 'Noise two', 'ES'],
  ['noise-3', 'Noise three', 'SE'],
  ['noise-4', 'Noise four', 'BE'],
] as const;
type OrgKey = (typeof ORGS)[number][0];

interface Alert {
  id: string;
  status: string;
  severity: string;
  reportCount: number;
  organisationCount: number;
  countries: string[];
  keys: { kind: string; value: string }[];
  trigger: { rule: string; code: string; key: { kind: string; value: string } };
  acknowledged: { at: string; by: string } | null;
}

const HK_POC_MAIL = 'duty@hk-police.example';

describeDialects('outbreak early warning over HTTP (issue 5, item 3)', (dialect) => {
  let clock = fixedClock(at('06:00'));
  let node: TestNode;
  let base: string;
  // What left the node: e-mails at the SMTP server, POSTs at the webhook receiver.
  const mails: { to: string[]; mail: Email }[] = [];
  const hooks: { headers: IncomingHttpHeaders; body: string }[] = [];
  let smtp: SMTPServer;
  let receiver: Server;
  let smtpPort = 0;
  let hookUrl = '';
  let phCertSecret = '';

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          void PostalMime.parse(Buffer.concat(chunks).toString('utf8')).then((mail) => {
            mails.push({ to: session.envelope.rcptTo.map((r) => r.address), mail });
            callback();
          }, callback);
        });
      },
    });
    await new Promise<void>((ok) => smtp.listen(0, '127.0.0.1', ok));
    smtpPort = (smtp.server.address() as AddressInfo).port;
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        hooks.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((ok) => receiver.listen(0, '127.0.0.1', ok));
    hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/ph-cert`;
  });
  afterAll(async () => {
    await new Promise<void>((ok) => (smtp ? smtp.close(ok) : ok()));
    await new Promise<void>((ok) => (receiver ? receiver.close(() => ok()) : ok()));
  });

  /** Queues what the alert events produced and sends everything due at `hhmm`. */
  const deliverAt = async (hhmm: string) => {
    await node.services.notifications.producer.settled();
    clock.set(at(hhmm));
    await node.services.notifications.worker.drain();
  };
  const orgIds = {} as Record<OrgKey, string>;
  const tokens = {} as Record<OrgKey, string>;
  const open: SseConnection[] = [];

  const call = (who: OrgKey, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    node.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${tokens[who]}` },
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });

  /** A STIX `report` of `who` referring to an e-mail (subject) and/or its attachment (hash). */
  const bundleReport = async (who: OrgKey, hhmm: string, keys: ('subject' | 'hash')[]) => {
    clock.set(at(hhmm));
    const green = { object_marking_refs: [TLP_IDS.green] };
    const observables: Record<string, unknown>[] = [];
    if (keys.includes('subject')) {
      const m = {
        type: 'email-message',
        spec_version: '2.1',
        is_multipart: false,
        subject: SUBJECT,
      };
      observables.push({ ...m, id: deterministicScoId(m), ...green });
    }
    if (keys.includes('hash')) {
      const f = { type: 'file', spec_version: '2.1', hashes: { 'SHA-256': HASH } };
      observables.push({ ...f, id: deterministicScoId({ ...f }), ...green });
    }
    const report = {
      type: 'report',
      spec_version: '2.1',
      id: `report--${crypto.randomUUID()}`,
      created: at(hhmm),
      modified: at(hhmm),
      name: `Love letter e-mails at ${who}`,
      published: at(hhmm),
      report_types: ['campaign'],
      object_refs: observables.map((o) => o.id),
      created_by_ref: orgIds[who],
      ...green,
    };
    const res = await call(who, 'POST', '/api/v1/objects', {
      type: 'bundle',
      id: `bundle--${crypto.randomUUID()}`,
      objects: [report, ...observables],
    });
    expect(res.statusCode, res.body).toBe(201);
    await node.services.outbreak.idle();
  };

  /** A wizard report of `who` (TLP:GREEN) with web addresses and attached files. */
  const wizardReport = async (
    who: OrgKey,
    hhmm: string,
    observables: { type: string; value: string }[],
    attachments: { name: string; text: string }[] = [],
  ) => {
    clock.set(at(hhmm));
    const res = await call(who, 'POST', '/api/v1/reports', {
      offence: 'BC-4-data-interference',
      when: { kind: 'at', at: at(hhmm) },
      affected: { who: 'organisation', count: 10 },
      what_happened: 'Staff received a love letter by e-mail and opened the attachment.',
      observables,
      attachments: attachments.map((a) => ({
        name: a.name,
        content_base64: Buffer.from(a.text).toString('base64'),
      })),
      tlp: 'green',
    });
    expect(res.statusCode, res.body).toBe(201);
    await node.services.outbreak.idle();
  };

  const alerts = async (who: OrgKey = 'us-utility', query = ''): Promise<Alert[]> => {
    const res = await call(who, 'GET', `/api/v1/alerts${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().alerts as Alert[];
  };
  const alertEvents = (c: SseConnection) =>
    c.events
      .filter((e: SseEvent) => e.event === 'alert')
      .map((e) => JSON.parse(e.data) as { change: string; alert: { id: string; type: string } });
  const subscribe = async (who: OrgKey) => {
    const c = await openSse(`${base}/api/v1/stream`, { authorization: `Bearer ${tokens[who]}` });
    expect(c.status).toBe(200);
    open.push(c);
    return c;
  };

  // A node per test: the detector's time only moves forward, so tests share nothing.
  beforeEach(async () => {
    clock = fixedClock(at('06:00'));
    mails.length = 0;
    hooks.length = 0;
    node = await makeTestNode(dialect, {
      clock,
      env: {
        NOHAVEN_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
        NOHAVEN_MAIL_FROM: 'alerts@nohaven.example',
        NOHAVEN_DELIVERY_POLL_MS: '0',
        NOHAVEN_MAIL_BATCH_SECONDS: '60',
      },
    });
    const { auth, contacts } = node.services;
    const admin = node.actor('admin');
    for (const [key, name, country] of ORGS) {
      const org = await auth.createOrganization(admin, { name, sector: 'industry', country });
      orgIds[key] = org.id;
      await auth.createUser(admin, {
        username: key,
        role: key === 'jp-liaison' ? 'contact-point' : 'analyst',
        organization: org.id,
        password: PASSWORD,
      });
      tokens[key] = (await auth.createTokenForUser(admin, key, 'outbreak')).token;
    }
    // The JP liaison office is the nohaven-channel 24/7 point of contact for Great Britain.
    await contacts.create(admin, {
      kind: 'poc',
      name: 'GB 24/7 point of contact (liaison)',
      country: 'GB',
      languages: ['en'],
      channel: 'nohaven',
      address: orgIds['jp-liaison'],
    });
    // Outside nohaven: Hong Kong's point of contact by e-mail, the Philippines' CERT by webhook.
    await contacts.create(admin, {
      kind: 'poc',
      name: 'HK 24/7 point of contact',
      country: 'HK',
      languages: ['en'],
      channel: 'email',
      address: HK_POC_MAIL,
    });
    const phCert = await contacts.create(admin, {
      kind: 'cert',
      name: 'PH CERT',
      country: 'PH',
      languages: ['en'],
      channel: 'webhook',
      address: hookUrl,
    });
    phCertSecret = (await node.services.notifications.deliveries.rotateSecret(admin, phCert.id))
      .secret;
    // DE bank lets none of its reports be counted in aggregates.
    await node.services.aggregateSettings.set(
      { kind: 'service', name: 'test', organizationId: orgIds['de-bank'], role: 'admin' },
      orgIds['de-bank'],
      'none',
    );
    await node.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(node.app.server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    for (const c of open.splice(0)) c.close();
    await node?.close();
  });

  it('fires at the Hong Kong AV lab’s report, not before, to whom it concerns; grows; is acknowledged; closes', async () => {
    const hk1 = await subscribe('hk-bank-1');
    const us = await subscribe('us-utility');
    const liaison = await subscribe('jp-liaison');

    await bundleReport('hk-bank-1', '06:50', ['subject', 'hash']);
    await wizardReport(
      'ph-isp',
      '07:05',
      [],
      [{ name: 'LOVE-LETTER-FOR-YOU.TXT.vbs', text: LETTER }],
    );
    await bundleReport('hk-bank-2', '07:30', ['subject', 'hash']);
    // Three organisations, two countries — but hk-bank-1's 06:50 report is outside 30 minutes.
    expect(await alerts()).toEqual([]);

    await bundleReport('hk-av-lab', '07:34', ['hash']);
    const [opened, ...more] = await alerts();
    expect(more).toEqual([]);
    expect(opened).toMatchObject({
      status: 'open',
      severity: 'medium',
      reportCount: 3,
      organisationCount: 3,
      countries: ['HK', 'PH'],
      trigger: {
        rule: 'spread',
        code: 'NH_OUTBREAK_SPREAD',
        key: { kind: 'file-sha256', value: HASH },
      },
      acknowledged: null,
    });
    expect(opened!.keys).toEqual(
      expect.arrayContaining([
        { kind: 'file-sha256', value: HASH },
        { kind: 'email-subject', value: SUBJECT },
      ]),
    );
    const id = opened!.id;
    expect(id).toMatch(/^note--/);

    // Hong Kong's bank is located in an affected country: it receives the alert live.
    await hk1.until((c) => alertEvents(c).some((e) => e.change === 'opened' && e.alert.id === id));

    // Outside nohaven, once the e-mail batch window (60 s) has passed: HK's point of contact
    // by e-mail, PH's CERT by a webhook signed with its secret; nothing else was sent.
    await deliverAt('07:35');
    expect(mails.map((m) => m.to)).toEqual([[HK_POC_MAIL]]);
    expect(mails[0]!.mail.text).toContain(`Outbreak alert (opened): ${id}`);
    const evidence = mails[0]!.mail.attachments.find((x) => x.filename === 'evidence-1.json');
    const evidenceText =
      typeof evidence?.content === 'string'
        ? evidence.content
        : new TextDecoder().decode(evidence?.content);
    expect(JSON.parse(evidenceText)).toMatchObject({ id, type: 'note' });
    expect(hooks).toHaveLength(1);
    const hook = hooks[0]!;
    const stamp = hook.headers['x-nohaven-timestamp'] as string;
    const signature = hook.headers['x-nohaven-signature'] as string;
    expect(verifyWebhookSignature(phCertSecret, stamp, hook.body, signature)).toBe(true);
    expect(JSON.parse(hook.body)).toMatchObject({
      alert: { id, change: 'opened' },
      object: { id, type: 'note' },
    });
    // The note is a STIX note by the node's organisation, referring to the observables.
    const note = (await call('us-utility', 'GET', `/api/v1/objects/${id}`)).json().object;
    expect(note).toMatchObject({
      type: 'note',
      created_by_ref: node.organizationId,
      object_marking_refs: [TLP_IDS.green],
    });
    expect(note.object_refs.every((r: string) => /^(file|email-message)--/.test(r))).toBe(true);
    expect(JSON.stringify(note)).not.toContain(orgIds['hk-av-lab']);

    // Europe wakes up: Great Britain joins (its point of contact now receives it); the DE
    // bank's report is not counted (its owner allows no aggregate).
    await bundleReport('de-bank', '08:05', ['subject', 'hash']);
    await bundleReport('gb-isp', '08:06', ['subject', 'hash']);
    const [grown] = await alerts();
    expect(grown).toMatchObject({ id, reportCount: 4, organisationCount: 4 });
    expect(grown!.countries).toEqual(['GB', 'HK', 'PH']);
    await liaison.until((c) => alertEvents(c).some((e) => e.change === 'updated'));
    expect(alertEvents(liaison).map((e) => e.change)).toEqual(['updated']);
    const versions = (await call('us-utility', 'GET', `/api/v1/objects/${id}/versions`)).json();
    expect(versions.versions.length).toBe(2);

    // Acknowledged by the liaison's organisation: once, audited; not by anyone else.
    const ack = await call('jp-liaison', 'POST', `/api/v1/alerts/${id}/acknowledge`);
    expect(ack.statusCode, ack.body).toBe(200);
    expect(ack.json().acknowledged).toMatchObject({ at: at('08:06'), by: 'user:jp-liaison' });
    clock.set(at('08:07'));
    const again = await call('jp-liaison', 'POST', `/api/v1/alerts/${id}/acknowledge`);
    expect(again.json().acknowledged).toEqual(ack.json().acknowledged);
    expect((await alerts('jp-liaison'))[0]!.acknowledged).toEqual(ack.json().acknowledged);
    expect((await call('jp-liaison', 'GET', `/api/v1/alerts/${id}`)).json().acknowledged).toEqual(
      ack.json().acknowledged,
    );
    expect((await alerts('gb-isp'))[0]!.acknowledged).toBeNull();
    const audit = await node.services.audit.list(node.actor('admin'), {
      action: 'alert.acknowledge',
    });
    expect(audit.entries.filter((e: { target: string | null }) => e.target === id)).toHaveLength(1);
    expect(
      (await call('jp-liaison', 'POST', `/api/v1/alerts/note--${crypto.randomUUID()}/acknowledge`))
        .statusCode,
    ).toBe(404);
    expect((await call('jp-liaison', 'GET', '/api/v1/alerts/indicator--x')).statusCode).toBe(400);

    // An hour without a report of any of its keys: closed.
    clock.set(at('09:06'));
    await node.services.outbreak.sweep();
    expect(await alerts('us-utility', '?status=open')).toEqual([]);
    const [closed] = await alerts('us-utility', '?status=closed');
    expect(closed).toMatchObject({ id, status: 'closed' });
    await hk1.until((c) => alertEvents(c).some((e) => e.change === 'closed'));

    // The US organisation saw the note on the object stream (it may read it) but was never
    // sent an alert: no report came from the US, nor is it a contact point of those countries.
    expect(alertEvents(us)).toEqual([]);
    expect(alertEvents(hk1).map((e) => e.change)).toEqual([
      'opened',
      'updated',
      'acknowledged',
      'closed',
    ]);
  });

  it('fires nothing on benign noise: a warninglisted domain from many, one organisation repeating one URL', async () => {
    const noisy = ['noise-1', 'noise-2', 'noise-3', 'noise-4', 'us-utility', 'gb-isp'] as const;
    for (const [i, who] of noisy.entries())
      await wizardReport(who, `10:0${i}`, [{ type: 'url', value: 'https://www.google.com/' }]);
    for (let i = 0; i < 12; i++)
      await wizardReport('noise-1', `10:${String(10 + i)}`, [
        { type: 'url', value: 'http://update-love.net/update.exe' },
      ]);
    expect(await alerts()).toEqual([]);
    expect(node.services.outbreak.detector.snapshot().alerts).toEqual([]);
    // Nor any e-mail or webhook to the contact points.
    await deliverAt('11:00');
    expect(mails).toEqual([]);
    expect(hooks).toEqual([]);
  });

  it('rebuilds the detector after a restart: the open alert goes on growing under its id', async () => {
    await bundleReport('hk-bank-2', '07:30', ['subject', 'hash']);
    await bundleReport('ph-isp', '07:31', ['hash']);
    await bundleReport('hk-av-lab', '07:34', ['hash']);
    const [opened] = await alerts();
    expect(opened).toMatchObject({ reportCount: 3, countries: ['HK', 'PH'] });

    // A second process of the node on the same database, started later.
    clock.set(at('07:50'));
    const services = createServices({ config: node.config, database: node.db.handle, clock });
    const restarted = await buildApp(
      { config: node.config, database: node.db.handle, clock },
      services,
    );
    try {
      await restarted.ready();
      expect(services.outbreak.detector.snapshot().alerts.map((a) => `note--${a.id}`)).toEqual([
        opened!.id,
      ]);
      clock.set(at('07:55'));
      const res = await restarted.inject({
        method: 'POST',
        url: '/api/v1/reports',
        headers: { authorization: `Bearer ${tokens['gb-isp']}` },
        payload: {
          offence: 'BC-4-data-interference',
          when: { kind: 'at', at: at('07:55') },
          affected: { who: 'organisation', count: 1 },
          what_happened: 'A love letter.',
          attachments: [
            {
              name: 'LOVE-LETTER-FOR-YOU.TXT.vbs',
              content_base64: Buffer.from(LETTER).toString('base64'),
            },
          ],
          tlp: 'green',
        },
      });
      expect(res.statusCode, res.body).toBe(201);
      await services.outbreak.idle();
      const [grown, ...none] = await alerts();
      expect(none).toEqual([]);
      expect(grown).toMatchObject({
        id: opened!.id,
        reportCount: 4,
        countries: ['GB', 'HK', 'PH'],
      });

      // Restarted after the quiet period: the stored open alert is closed, not left open.
      await restarted.close();
      clock.set(at('09:30'));
      const later = createServices({ config: node.config, database: node.db.handle, clock });
      const again = await buildApp({ config: node.config, database: node.db.handle, clock }, later);
      await again.ready();
      await again.close();
      expect(await alerts('us-utility', '?status=open')).toEqual([]);
      expect(await alerts('us-utility', '?status=closed')).toMatchObject([
        { id: opened!.id, status: 'closed' },
      ]);
    } finally {
      await restarted.close();
    }
  });
});
