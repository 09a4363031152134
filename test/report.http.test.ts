import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TLP } from '../src/stix/index.js';
import { makeTestNode, type TestNode } from './support/app.js';
import { describeDialects } from './support/dialects.js';

const EML = [
  'From: "Billing" <billing@pay-now.example.com>',
  'To: victim@example.org',
  'Subject: Your invoice',
  'Content-Type: text/plain',
  '',
  'Please pay at http://pay-now.example.com/invoice',
  '',
].join('\r\n');
const b64 = (text: string) => Buffer.from(text).toString('base64');
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function body(over: Record<string, unknown> = {}) {
  return {
    offence: 'BC-8-computer-fraud',
    when: { kind: 'between', from: '2026-11-27T08:00:00Z', until: '2026-11-27T09:30:00+01:00' },
    affected: { who: 'organisation', count: 3 },
    what_happened: 'Three colleagues received a fake invoice and one of them paid it.',
    observables: [
      { type: 'url', value: 'http://PAY-NOW.example.com/invoice' },
      { type: 'email', value: 'billing@pay-now.example.com' },
      { type: 'ip', value: '192.0.2.10' },
      { type: 'phone', value: '+44 20 7946 0000' },
    ],
    attachments: [
      { name: 'invoice.eml', media_type: 'message/rfc822', content_base64: b64(EML) },
      { name: 'screenshot.png', media_type: 'image/png', content_base64: b64('not really a png') },
    ],
    ...over,
  };
}

describeDialects('report wizard over HTTP', (dialect) => {
  let node: TestNode;
  let admin: string;
  const cookies: Record<string, string> = {};

  beforeAll(async () => {
    node = await makeTestNode(dialect);
    admin = await node.signIn();
    for (const role of ['reporter', 'oversight']) {
      const password = `${role}-password-123`;
      const res = await node.app.inject({
        method: 'POST',
        url: '/api/v1/users',
        headers: { cookie: admin },
        payload: { username: role, role, password },
      });
      expect(res.statusCode).toBe(201);
      cookies[role] = await node.signIn(role, password);
    }
  });
  afterAll(async () => node?.close());

  const post = (payload: unknown, cookie: string | null = cookies.reporter ?? null) =>
    node.app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      headers: cookie ? { cookie } : {},
      payload: payload as Record<string, unknown>,
    });
  const get = (url: string) =>
    node.app.inject({ method: 'GET', url, headers: { cookie: cookies.reporter } });
  const total = async () => (await node.services.objects.counts(node.actor('admin'))).total;

  it('lists the offences and the attachment limits', async () => {
    const res = await get('/api/v1/reports/offences');
    expect(res.statusCode).toBe(200);
    const out = res.json();
    expect(out.offences).toHaveLength(13);
    expect(out.offences[6]).toEqual({
      code: 'BC-8-computer-fraud',
      instrument: 'ETS-185',
      article: '8',
      title: 'Computer-related fraud',
    });
    expect(out.not_sure).toBe('not-sure');
    expect(out.limits).toEqual({
      max_files: 10,
      max_file_bytes: 10 * 1024 * 1024,
      max_total_bytes: 25 * 1024 * 1024,
    });
    expect(
      (await node.app.inject({ method: 'GET', url: '/api/v1/reports/offences' })).statusCode,
    ).toBe(401);
  });

  it('stores an incident linked to its observables and files, all readable back', async () => {
    const res = await post(body());
    expect(res.statusCode).toBe(201);
    const receipt = res.json();
    expect(receipt.incident_id).toMatch(/^incident--[0-9a-f-]{36}$/);
    expect(
      receipt.observables.map((o: { type: string; value: string }) => [o.type, o.value]),
    ).toEqual([
      ['url', 'http://pay-now.example.com/invoice'],
      ['email-addr', 'billing@pay-now.example.com'],
      ['ipv4-addr', '192.0.2.10'],
      ['file', 'invoice.eml'],
      // What the attached e-mail holds, read by the intake e-mail parser.
      ['email-message', 'Your invoice'],
      ['email-addr', 'victim@example.org'],
      ['domain-name', 'pay-now.example.com'],
      ['file', 'screenshot.png'],
    ]);
    expect(receipt.relationship_ids).toHaveLength(8);
    expect(receipt.stored).toBe(17);

    const incident = (await get(`/api/v1/objects/${receipt.incident_id}`)).json();
    expect(incident.tlp).toBe('amber');
    expect(incident.object).toMatchObject({
      type: 'incident',
      created_by_ref: node.organizationId,
      object_marking_refs: [TLP.AMBER.id],
      labels: [
        'offence:BC-8-computer-fraud',
        'affected:organisation',
        'affected-count:3',
        'occurred-from:2026-11-27T08:00:00.000Z',
        'occurred-until:2026-11-27T08:30:00.000Z',
      ],
    });
    expect(incident.object.description).toContain('Phone numbers: +44 20 7946 0000');

    const eml = (await get(`/api/v1/objects/${receipt.observables[3].id}`)).json();
    expect(eml.object).toMatchObject({
      type: 'file',
      name: 'invoice.eml',
      size: Buffer.byteLength(EML),
      mime_type: 'message/rfc822',
      hashes: { 'SHA-256': sha256(EML) },
    });
    for (const [i, id] of receipt.relationship_ids.entries()) {
      const rel = (await get(`/api/v1/objects/${id}`)).json();
      expect(rel.object).toMatchObject({
        relationship_type: 'related-to',
        source_ref: receipt.incident_id,
        target_ref: receipt.observables[i].id,
      });
    }
  });

  it('links an observable the node already knows without storing it twice', async () => {
    const res = await post(
      body({
        offence: 'not-sure',
        when: { kind: 'ongoing' },
        affected: { who: 'me' },
        tlp: 'green',
        observables: [{ type: 'ip', value: '192.0.2.10' }],
        attachments: [],
      }),
    );
    expect(res.statusCode).toBe(201);
    expect(res.json().observables).toHaveLength(1);
    expect(res.json().stored).toBe(2);
    const incident = (await get(`/api/v1/objects/${res.json().incident_id}`)).json();
    expect(incident.tlp).toBe('green');
  });

  describe('bad answers: 400 naming the field, nothing stored', () => {
    const cases: [string, Record<string, unknown>, string, string][] = [
      ['unknown offence', { offence: 'BC-99-nothing' }, '/offence', 'unknown-offence'],
      ['empty offence', { offence: '' }, '/offence', 'required'],
      ['time not a date', { when: { kind: 'at', at: 'last tuesday' } }, '/when/at', 'invalid-time'],
      [
        'time in the future',
        { when: { kind: 'at', at: '2999-01-01T00:00:00Z' } },
        '/when/at',
        'in-future',
      ],
      [
        'range reversed',
        { when: { kind: 'between', from: '2026-11-02T00:00:00Z', until: '2026-11-01T00:00:00Z' } },
        '/when/until',
        'range-reversed',
      ],
      [
        'count zero',
        { affected: { who: 'customers', count: 0 } },
        '/affected/count',
        'invalid-count',
      ],
      ['nothing said', { what_happened: '  ' }, '/what_happened', 'required'],
      [
        'bad URL',
        { observables: [{ type: 'url', value: 'pay now' }] },
        '/observables/0/value',
        'invalid-url',
      ],
      [
        'bad e-mail',
        {
          observables: [
            { type: 'ip', value: '10.0.0.1' },
            { type: 'email', value: 'a@b' },
          ],
        },
        '/observables/1/value',
        'invalid-email',
      ],
      [
        'bad IP',
        { observables: [{ type: 'ip', value: '1.2.3.999' }] },
        '/observables/0/value',
        'invalid-ip',
      ],
      [
        'bad phone',
        { observables: [{ type: 'phone', value: 'ring ring' }] },
        '/observables/0/value',
        'invalid-phone',
      ],
      [
        'bad base64',
        { attachments: [{ name: 'a.txt', content_base64: 'not base64!' }] },
        '/attachments/0/content_base64',
        'invalid-base64',
      ],
      [
        'empty file',
        { attachments: [{ name: 'a.txt', content_base64: '' }] },
        '/attachments/0/content',
        'empty-file',
      ],
      [
        'path as file name',
        { attachments: [{ name: '../etc/passwd', content_base64: b64('x') }] },
        '/attachments/0/name',
        'invalid-file-name',
      ],
    ];
    it.each(cases)('%s', async (_label, over, path, code) => {
      const before = await total();
      const res = await post(body(over));
      expect(res.statusCode, res.body).toBe(400);
      const error = res.json().error;
      expect(error.code).toBe('NH_ERR_VALIDATION');
      expect(error.details).toContainEqual(expect.objectContaining({ path, code }));
      expect(error.message).toContain(path);
      expect(await total()).toBe(before);
    });

    it('a field of the wrong shape is refused by the schema, naming it', async () => {
      const res = await post(body({ affected: { who: 'everyone' } }));
      expect(res.statusCode).toBe(400);
      expect(res.json().error.message).toContain('body/affected/who');
      const extra = await post(body({ password: 'x' }));
      expect(extra.statusCode).toBe(400);
    });
  });

  it('refuses too many files with 413, naming the attachments', async () => {
    const before = await total();
    const files = Array.from({ length: 11 }, (_, i) => ({
      name: `f${i}.txt`,
      content_base64: b64(`file ${i}`),
    }));
    const res = await post(body({ attachments: files }));
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toMatchObject({
      code: 'NH_ERR_INPUT_LIMIT',
      details: [{ path: '/attachments', code: 'too-many-files' }],
    });
    expect(await total()).toBe(before);
  });

  it('refuses a file over the size limit with 413, naming it', async () => {
    const big = Buffer.alloc(10 * 1024 * 1024 + 1, 0x61).toString('base64');
    const res = await post(body({ attachments: [{ name: 'big.bin', content_base64: big }] }));
    expect(res.statusCode).toBe(413);
    expect(res.json().error.details).toEqual([
      expect.objectContaining({ path: '/attachments/0/content', code: 'file-too-large' }),
    ]);
  });

  it('service tier: an oversight actor may not report; a reporter actor may', async () => {
    const submission = {
      answers: {
        offence: 'BC-2-illegal-access',
        when: { kind: 'ongoing' as const },
        affected: { who: 'me' as const },
        whatHappened: 'Someone signed in to my mailbox from abroad.',
      },
      attachments: [],
    };
    await expect(
      node.services.reports.submit(node.actor('oversight'), submission),
    ).rejects.toMatchObject({ code: 'NH_ERR_FORBIDDEN' });
    const receipt = await node.services.reports.submit(node.actor('reporter'), submission);
    expect(receipt).toMatchObject({ observables: [], relationshipIds: [], stored: 1 });
  });

  it('needs a session (401) and a role that may report (403 for oversight)', async () => {
    const before = await total();
    const anonymous = await post(body(), null);
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().error.code).toBe('NH_ERR_UNAUTHENTICATED');
    const oversight = await post(body(), cookies.oversight ?? null);
    expect(oversight.statusCode).toBe(403);
    expect(oversight.json().error.code).toBe('NH_ERR_FORBIDDEN');
    expect(await total()).toBe(before);
  });
});
