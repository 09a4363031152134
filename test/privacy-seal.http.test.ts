/**
 * Sealed personal data and purpose-bound opening over HTTP on both databases (issue 8, items 1
 * and 2): a request with personal fields is stored sealed — a scan of every table's raw values
 * finds none of them — and shown sealed; opening without a purpose, without the role, or
 * outside the case is refused and audited as refused; opening with a purpose returns the value
 * and is audited; a lead's grant lets a user outside the case open; more subjects than the bulk
 * threshold need a second approval by another user and raise an alert for oversight.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEFAULT_COOPERATION_SETTINGS } from '../src/cooperation/cooperation.settings.js';
import { describeDialects } from './support/dialects.js';
import { fixedClock, makeTestNode, type TestNode } from './support/app.js';
import { scanRawDatabase } from './support/raw-scan.js';
import { parseOversightSettings } from '../src/oversight/oversight.settings.js';

const EMAIL = 'quellmalz.suspect@example.org';
const ACCOUNT = 'zq-darkmarket-7731';
const FACTS = 'Zacharias Quellmalz ran the botnet controller from Frankfurt.';

const r4 = (identifiers: unknown[]) => ({
  type: 'R4',
  fields: {
    requesting_authority: { name: 'OFAC, Police nationale', country: 'FR' },
    offences: ['BC-5-system-interference'],
    facts: { text: FACTS, lang: 'en' },
    identifiers,
    data_categories: ['traffic_data', 'subscriber_information'],
    relationship_to_offence: { text: 'The controller that commanded the attack.', lang: 'en' },
    necessity: { text: 'Logs are rotated after 7 days.', lang: 'en' },
    mla_follow_up_intended: true,
  },
});

describeDialects('sealed personal data over HTTP', (dialect) => {
  let node: TestNode;
  const clock = fixedClock('2026-11-28T10:00:00.000Z');
  const tokens: Record<string, string> = {};
  let requestId = '';
  let caseId = '';
  let bka = '';

  beforeAll(async () => {
    node = await makeTestNode(dialect, {
      clock,
      deps: {
        cooperation: { ...DEFAULT_COOPERATION_SETTINGS, sweepIntervalMs: 0 },
        // As an operator sets it in the oversight settings file (`NOHAVEN_OVERSIGHT_FILE`).
        oversight: parseOversightSettings({
          privacy: { bulkSubjects: 2, bulkWindowSeconds: 3600 },
        }),
      },
    });
    const root = node.actor('admin');
    bka = (
      await node.services.auth.createOrganization(root, {
        name: 'BKA',
        sector: 'law-enforcement',
        country: 'DE',
      })
    ).id;
    for (const [username, role] of [
      ['lead', 'investigator'],
      ['outsider', 'investigator'],
      ['second', 'investigator'],
      ['helper', 'analyst'],
      ['dpo', 'oversight'],
    ] as const) {
      await node.services.auth.createUser(root, {
        username,
        role,
        organization: 'Test CERT',
        password: 'privacy-password-1',
      });
      tokens[username] = (await node.services.auth.createTokenForUser(root, username, 't')).token;
    }
  });
  afterAll(async () => node?.close());

  const call = (user: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    node.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${tokens[user]}` },
      ...(payload === undefined ? {} : { payload }),
    });
  const open = (user: string, field: string, purpose?: object, id = requestId) =>
    call(user, 'POST', '/api/v1/privacy/open', {
      resource: 'request',
      id,
      field,
      ...(purpose ? { purpose } : {}),
    });
  const entries = async (action: string) =>
    (await node.services.audit.list(node.actor('admin'), { action, limit: 1000 })).entries;
  const purpose = { code: 'investigation', text: 'Identify the operator for case FR-2026-17' };

  it('stores personal fields sealed: the raw database holds none of the plaintext', async () => {
    const created = await call(
      'lead',
      'POST',
      '/api/v1/requests',
      r4([
        { kind: 'email', value: EMAIL },
        { kind: 'account', value: ACCOUNT },
      ]),
    );
    expect(created.statusCode, created.body).toBe(201);
    const view = created.json() as { id: string; fields: Record<string, unknown> };
    requestId = view.id;
    expect(view.fields.identifiers).toEqual({ sealed: true, category: 'subscriber' });
    expect(view.fields.facts).toEqual({ sealed: true, category: 'free-text' });
    expect(view.fields.offences).toEqual(['BC-5-system-interference']);

    const scan = await scanRawDatabase(node.db, [EMAIL, ACCOUNT, 'Quellmalz', 'darkmarket']);
    expect(scan.hits).toEqual([]);
    expect(scan.tables).toBeGreaterThan(40);
    // The control: a value that is not personal is stored as it is, and the scan finds it.
    const control = await scanRawDatabase(node.db, ['Logs are rotated after 7 days.']);
    expect(control.hits.length).toBeGreaterThan(0);

    // The form comes back with its sealed markers: the stored values are kept, and the service
    // still validates them — the draft is complete and can be submitted.
    const updated = await call('lead', 'PATCH', `/api/v1/requests/${requestId}`, {
      recipientOrganizationId: bka,
      fields: { ...view.fields, custodian: { text: 'Host DE GmbH', lang: 'en' } },
    });
    expect(updated.statusCode, updated.body).toBe(200);
    const submitted = await call('lead', 'POST', `/api/v1/requests/${requestId}/transitions`, {
      to: 'pending_approval',
    });
    expect(submitted.statusCode, submitted.body).toBe(200);
    // Approved four-eyes and sent: the outbox message stores the fields sealed too, and is
    // delivered.
    // Their reasons may name people: sealed too, in the transitions and the outbox message.
    for (const [user, to, reason] of [
      ['second', 'approved', 'Checked against the Quellmalz file'],
      ['lead', 'sent', `Urgent: Quellmalz may delete ${EMAIL}`],
    ] as const) {
      const res = await call(user, 'POST', `/api/v1/requests/${requestId}/transitions`, {
        to,
        reason,
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    expect((await scanRawDatabase(node.db, [EMAIL, ACCOUNT, 'Quellmalz'])).hits).toEqual([]);
    // The request's parties read the history with its reasons.
    const got = (await call('lead', 'GET', `/api/v1/requests/${requestId}`)).json() as {
      timeline: { transitions: { reason: string | null }[] };
    };
    expect(got.timeline.transitions.map((t) => t.reason)).toContain(
      'Checked against the Quellmalz file',
    );
    expect(await node.services.cooperation.dispatch()).toEqual({ delivered: 1, failed: 0 });
  });

  it('refuses opening without a purpose, without the role, or outside the case — audited', async () => {
    const created = await call('lead', 'POST', '/api/v1/cases', {
      reference: 'FR-2026-17',
      title: 'Botnet controller of Z. Quellmalz',
    });
    expect(created.statusCode, created.body).toBe(201);
    caseId = (created.json() as { id: string }).id;
    // A case title often names its people: sealed, and shown in the lead's list as typed.
    const cases = (await call('lead', 'GET', '/api/v1/cases')).json() as {
      cases: { reference: string; title: string }[];
    };
    expect(cases.cases).toMatchObject([
      { reference: 'FR-2026-17', title: 'Botnet controller of Z. Quellmalz' },
    ]);
    expect((await scanRawDatabase(node.db, ['Quellmalz', 'Botnet controller'])).hits).toEqual([]);

    const noCase = await open('lead', 'identifiers', purpose);
    expect(noCase.statusCode).toBe(403);
    expect(noCase.json().error.message).toContain('belongs to no case');

    for (const [path, payload] of [
      ['links', { kind: 'request', target_id: requestId }],
      ['members', { username: 'helper', role: 'investigator' }],
    ] as const) {
      const res = await call('lead', 'POST', `/api/v1/cases/${caseId}/${path}`, payload);
      expect(res.statusCode, res.body).toBeLessThan(300);
    }

    const noPurpose = await open('lead', 'identifiers');
    expect(noPurpose.statusCode).toBe(400);
    expect(noPurpose.json().error.message).toMatch(/^purpose:/);
    const badCode = await open('lead', 'identifiers', { code: 'curiosity', text: 'just looking' });
    expect(badCode.statusCode).toBe(400);

    const noRole = await open('helper', 'identifiers', purpose);
    expect(noRole.statusCode).toBe(403);
    expect(noRole.json().error.message).toContain('needs the role investigator or contact-point');

    const outside = await open('outsider', 'identifiers', purpose);
    expect(outside.statusCode).toBe(403);
    expect(outside.json().error.message).toContain('not a member of the case');

    const notPersonal = await open('lead', 'offences', purpose);
    expect(notPersonal.statusCode).toBe(400);

    const refused = await entries('privacy.open-refused');
    expect(
      refused.map((e) => [e.actor, (e.details as { refusal: string }).refusal, e.target]),
    ).toEqual([
      ['user:lead', 'outside-case', `request:${requestId}#identifiers`],
      ['user:lead', 'no-purpose', `request:${requestId}#identifiers`],
      ['user:lead', 'no-purpose', `request:${requestId}#identifiers`],
      ['user:helper', 'role', `request:${requestId}#identifiers`],
      ['user:outsider', 'outside-case', `request:${requestId}#identifiers`],
      ['user:lead', 'not-personal', `request:${requestId}#offences`],
    ]);
    expect(await entries('privacy.open')).toEqual([]);
  });

  it('opens a field for a stated purpose, and records who, what, why in the audit', async () => {
    const res = await open('lead', 'identifiers', purpose);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      value: [
        { kind: 'email', value: EMAIL },
        { kind: 'account', value: ACCOUNT },
      ],
      category: 'subscriber',
      recorded: { action: 'privacy.open', target: `request:${requestId}#identifiers` },
    });
    const [entry] = await entries('privacy.open');
    expect(entry).toMatchObject({
      actor: 'user:lead',
      target: `request:${requestId}#identifiers`,
      reason: null,
      details: { category: 'subscriber', purpose: 'investigation', cases: [`${caseId} (member)`] },
    });
    // The purpose's free text is kept with the opening, sealed; the audit names the opening.
    const opening = (entry!.details as { opening: string }).opening;
    const stored = await node.db.handle.db
      .withTables<{ privacy_openings: { id: string; purpose_text: string | null } }>()
      .selectFrom('privacy_openings')
      .select('purpose_text')
      .where('id', '=', opening)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(stored.purpose_text!)).toMatchObject({ $sealed: 1, category: 'free-text' });
    expect((await scanRawDatabase(node.db, ['Identify the operator'])).hits).toEqual([]);
    // The view stays sealed: opening is per reader and per act, never stored in the clear.
    const view = (await call('lead', 'GET', `/api/v1/requests/${requestId}`)).json() as {
      fields: Record<string, unknown>;
    };
    expect(view.fields.identifiers).toEqual({ sealed: true, category: 'subscriber' });
    expect((await scanRawDatabase(node.db, [EMAIL, ACCOUNT])).hits).toEqual([]);
  });

  it('lets a user outside the case open once the case lead grants it; only the lead grants', async () => {
    const notLead = await call('outsider', 'POST', '/api/v1/privacy/grants', {
      caseId,
      username: 'outsider',
    });
    expect(notLead.statusCode).toBe(403);
    const granted = await call('lead', 'POST', '/api/v1/privacy/grants', {
      caseId,
      username: 'outsider',
    });
    expect(granted.statusCode, granted.body).toBe(204);
    const res = await open('outsider', 'facts', { code: 'prosecution', text: 'Charge sheet' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().value).toEqual({ text: FACTS, lang: 'en' });
    expect((await entries('privacy.grant')).map((e) => e.target)).toEqual([`case:${caseId}`]);
  });

  it('needs a second approval by another user beyond the bulk threshold, and alerts oversight', async () => {
    // lead has opened one subject; a second is within the threshold of 2 …
    expect((await open('lead', 'facts', purpose)).statusCode).toBe(200);
    // … reopening a subject already opened in the window is not a new subject …
    expect((await open('lead', 'identifiers', purpose)).statusCode).toBe(200);
    // … a third subject is bulk access.
    const other = await call(
      'lead',
      'POST',
      '/api/v1/requests',
      r4([{ kind: 'ip', value: '203.0.113.9', timestamp: '2026-11-28T08:55:00+01:00' }]),
    );
    const otherId = (other.json() as { id: string }).id;
    await call('lead', 'POST', `/api/v1/cases/${caseId}/links`, {
      kind: 'request',
      target_id: otherId,
    });
    const bulk = await open('lead', 'identifiers', purpose, otherId);
    expect(bulk.statusCode).toBe(403);
    const body = bulk.json() as { error: { message: string; details: { message: string }[] } };
    expect(body.error.message).toContain('needs a second approval');
    const approvalId = body.error.details[0]!.message;

    const alerts = await call('dpo', 'GET', '/api/v1/audit/alerts');
    expect(alerts.statusCode, alerts.body).toBe(200);
    const list = (alerts.json() as { alerts: { rule: string; subject: string; count: number }[] })
      .alerts;
    expect(list).toEqual([
      expect.objectContaining({ rule: 'bulk-access', subject: 'user:lead', count: 2 }),
    ]);

    const self = await call('lead', 'POST', `/api/v1/privacy/approvals/${approvalId}/approve`);
    expect(self.statusCode).toBe(403);
    const stillRefused = await open('lead', 'identifiers', purpose, otherId);
    expect(stillRefused.statusCode).toBe(403);
    const approved = await call(
      'second',
      'POST',
      `/api/v1/privacy/approvals/${approvalId}/approve`,
    );
    expect(approved.statusCode, approved.body).toBe(200);
    const again = await call('second', 'POST', `/api/v1/privacy/approvals/${approvalId}/approve`);
    expect(again.statusCode).toBe(409);

    const opened = await open('lead', 'identifiers', purpose, otherId);
    expect(opened.statusCode, opened.body).toBe(200);
    expect((await entries('privacy.bulk-approve')).map((e) => [e.actor, e.target])).toEqual([
      ['user:second', approvalId],
    ]);
    expect(
      (await entries('privacy.open-refused'))
        .map((e) => (e.details as { refusal: string }).refusal)
        .filter((r) => r === 'bulk-needs-approval'),
    ).toHaveLength(2);
  });

  it('seals the people a case concerns, and opens them under the same rules', async () => {
    const added = await call('lead', 'POST', `/api/v1/cases/${caseId}/subjects`, {
      role: 'victim',
      name: 'Héloïse Rossignol-Testaz',
      email: 'heloise.rt@example.net',
    });
    expect(added.statusCode, added.body).toBe(201);
    const subject = added.json() as { id: string; fields: Record<string, unknown> };
    expect(subject.fields).toEqual({
      name: { sealed: true, category: 'identity' },
      email: { sealed: true, category: 'contact' },
    });
    const listed = await call('helper', 'GET', `/api/v1/cases/${caseId}/subjects`);
    expect(listed.statusCode).toBe(200);
    expect(JSON.stringify(listed.json())).not.toContain('Rossignol');
    expect((await scanRawDatabase(node.db, ['Rossignol-Testaz', 'heloise.rt'])).hits).toEqual([]);

    // Evidence names and descriptions may name people: sealed, and shown to the case's members.
    const uploaded = await call('lead', 'POST', `/api/v1/cases/${caseId}/evidence`, {
      name: 'Rossignol-Testaz statement.txt',
      media_type: 'text/plain',
      content_base64: Buffer.from('statement').toString('base64'),
      method: 'handed over by the victim',
      description: 'Signed by Héloïse Rossignol-Testaz, heloise.rt@example.net',
    });
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const items = (await call('helper', 'GET', `/api/v1/cases/${caseId}/evidence`)).json() as {
      items: { name: string; description: string | null }[];
    };
    expect(items.items).toMatchObject([
      {
        name: 'Rossignol-Testaz statement.txt',
        description: 'Signed by Héloïse Rossignol-Testaz, heloise.rt@example.net',
      },
    ]);
    expect((await scanRawDatabase(node.db, ['Rossignol-Testaz', 'heloise.rt'])).hits).toEqual([]);

    const openSubject = (user: string, field: string) =>
      call(user, 'POST', '/api/v1/privacy/open', {
        resource: 'case-subject',
        id: subject.id,
        field,
        purpose: { code: 'victim-support', text: 'Inform the victim of the seizure' },
      });
    const noRole = await openSubject('helper', 'name');
    expect(noRole.statusCode).toBe(403);
    const opened = await openSubject('lead', 'name');
    expect(opened.statusCode, opened.body).toBe(200);
    expect(opened.json()).toMatchObject({
      value: 'Héloïse Rossignol-Testaz',
      category: 'identity',
      recorded: { action: 'privacy.open', target: `case-subject:${subject.id}#name` },
    });
    const stranger = await call('dpo', 'POST', '/api/v1/privacy/open', {
      resource: 'case-subject',
      id: subject.id,
      field: 'email',
      purpose: { code: 'oversight-review', text: 'Checking the record' },
    });
    expect(stranger.statusCode).toBe(403);
    expect(
      (await entries('privacy.open-refused'))
        .filter((e) => e.target?.startsWith('case-subject:'))
        .map((e) => [e.actor, (e.details as { refusal: string }).refusal]),
    ).toEqual([
      ['user:helper', 'role'],
      ['user:dpo', 'role'],
    ]);
  });

  it("alerts oversight to access outside a user's cases: refused attempts and grant openings", async () => {
    // The alert sweep evaluates whole windows: the hour of the openings is over.
    clock.set('2026-11-28T11:00:00.000Z');
    await node.db.handle.db
      .insertInto('node_settings')
      .values({ key: 'audit.alerts.evaluated-until', value: '2026-11-28T10:00:00.000Z' })
      .execute();
    await node.services.auditAlerts.tick();
    const alerts = (await call('dpo', 'GET', '/api/v1/audit/alerts')).json() as {
      alerts: { rule: string; subject: string; count: number; message: string; seqs: number[] }[];
    };
    const outside = alerts.alerts.filter((a) => a.rule === 'outside-cases');
    expect(outside.map((a) => [a.subject, a.count]).sort()).toEqual([
      ['user:lead', 1],
      ['user:outsider', 2],
    ]);
    const outsider = outside.find((a) => a.subject === 'user:outsider')!;
    expect(outsider.message).toContain('tried to open personal data outside their cases');
    expect(outsider.message).toContain('opened personal data of a case under a grant');
    // Opening inside one's own case, or a refusal for the role, raises none.
    expect(outside.map((a) => a.subject)).not.toContain('user:helper');
    clock.set('2026-11-28T10:00:00.000Z');
  });

  it('seals the files of a response, content and name; the parties still read them', async () => {
    const root = node.actor('admin');
    const isp = (
      await node.services.auth.createOrganization(root, {
        name: 'Host DE',
        sector: 'industry',
        country: 'DE',
      })
    ).id;
    await node.services.auth.createUser(root, {
      username: 'ispdesk',
      role: 'contact-point',
      organization: 'Host DE',
      password: 'privacy-password-1',
    });
    tokens.ispdesk = (await node.services.auth.createTokenForUser(root, 'ispdesk', 't')).token;
    const text = (t: string) => ({ text: t, lang: 'en' });
    const created = await call('lead', 'POST', '/api/v1/requests', {
      type: 'E1',
      urgency: 'emergency',
      channel: 'eu_decentralised_it',
      recipientOrganizationId: isp,
      fields: {
        issuing_authority: { name: 'Parquet de Paris', country: 'FR' },
        file_number: text('PAR-2026-17'),
        addressee_type: 'designated_establishment',
        identifiers: [{ kind: 'email', value: EMAIL }],
        data_categories: ['subscriber_information'],
        offences: ['BC-8-computer-fraud'],
        necessity_grounds: text('Identify the account holder.'),
        enforcing_state_notified: false,
        emergency_reasons: text('The controller is about to wipe the logs.'),
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = (created.json() as { id: string }).id;
    for (const [user, to] of [
      ['lead', 'pending_approval'],
      ['second', 'approved'],
      ['lead', 'sent'],
    ] as const) {
      const res = await call(user, 'POST', `/api/v1/requests/${id}/transitions`, { to });
      expect(res.statusCode, res.body).toBe(200);
    }
    expect(await node.services.cooperation.dispatch()).toEqual({ delivered: 1, failed: 0 });

    const content = Buffer.from('{"subscriber":"Ottokar Wendelstein-Brix","mail":"o.wbrix@x.org"}');
    const name = 'Wendelstein-Brix subscriber.json';
    const produced = await call('ispdesk', 'POST', `/api/v1/requests/${id}/transitions`, {
      to: 'produced',
      files: [{ name, mediaType: 'application/json', contentBase64: content.toString('base64') }],
    });
    expect(produced.statusCode, produced.body).toBe(200);
    expect(await node.services.cooperation.dispatch()).toEqual({ delivered: 1, failed: 0 });
    // Neither the content (as sent, in base64, or as text) nor the name, in any table: the
    // files, the outbox message that lists them, the audit of the step.
    const needles = ['Wendelstein', 'o.wbrix', content.toString('base64')];
    expect((await scanRawDatabase(node.db, needles)).hits).toEqual([]);
    const audit = await entries('cooperation.transition');
    expect(audit.at(-1)?.details).toMatchObject({
      to: 'produced',
      files: [{ sha256: createHash('sha256').update(content).digest('hex'), size: content.length }],
    });

    // The requesting side reads the package as produced: its name in the timeline, its content.
    const view = (await call('lead', 'GET', `/api/v1/requests/${id}`)).json() as {
      timeline: { files: { id: string; name: string }[] };
    };
    expect(view.timeline.files.map((f) => f.name)).toEqual([name]);
    const file = await call(
      'lead',
      'GET',
      `/api/v1/requests/${id}/files/${view.timeline.files[0]!.id}`,
    );
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.equals(content)).toBe(true);
  });
});
