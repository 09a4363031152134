import { afterEach, beforeEach, expect, it } from 'vitest';
import { parseOversightSettings } from '../src/oversight/oversight.settings.js';
import { describeDialects } from './support/dialects.js';
import { fixedClock, makeTestNode, type TestNode } from './support/app.js';
import { insertRequest } from './support/oversight-fixtures.js';

/** Issue 8, item 6: the transparency report, computed from the node's records of a period. */
describeDialects('transparency report', (dialect) => {
  const clock = fixedClock('2026-04-01T09:00:00Z');
  let node: TestNode;
  let admin: string;

  const at = (day: number, hour = 0) => new Date(Date.UTC(2026, 0, day, hour)).toISOString();

  beforeEach(async () => {
    clock.set('2026-04-01T09:00:00Z');
    node = await makeTestNode(dialect, {
      clock,
      deps: {
        oversight: parseOversightSettings({
          retention: [{ category: 'preserved-data', basis: 'BC Art 29(7)', afterDays: 0 }],
          retentionSweepSeconds: 0,
          transparencyThreshold: 2,
        }),
      },
    });
    const db = node.db.handle.db;
    const fr = node.organizationId;
    const de = 'identity--0d3b5a2e-1c1f-4c55-9a57-000000000de1';
    await db
      .insertInto('organizations')
      .values({ id: de, name: 'BKA', sector: 'law-enforcement', country: 'DE', created_at: at(1) })
      .execute();
    // Three preservations Paris → Berlin, acknowledged after 1, 2 and 3 hours, released.
    for (const [i, urgency] of (['emergency', 'normal', 'normal'] as const).entries())
      await insertRequest(db, {
        type: 'R4',
        state: 'released',
        urgency,
        requesterOrgId: fr,
        recipientOrgId: de,
        fields: { identifiers: [`suspect${i}@example.org`] },
        createdAt: at(10 + i),
        receivedAt: at(10 + i, 1),
        acknowledgedAt: at(10 + i, 2 + i),
        closedAt: at(20 + i),
      });
    // One emergency request Berlin → Paris, refused on essential interests.
    await insertRequest(db, {
      type: 'E1',
      state: 'refused',
      urgency: 'emergency',
      requesterOrgId: de,
      recipientOrgId: fr,
      createdAt: at(15),
      receivedAt: at(15, 1),
      closedAt: at(16),
      ground: 'essential_interests',
    });
    // Outside the period.
    await insertRequest(db, {
      type: 'R4',
      state: 'sent',
      requesterOrgId: fr,
      recipientOrgId: de,
      createdAt: '2025-06-01T00:00:00.000Z',
    });
    // Openings as the sealed-field capability records them, and two withdrawals.
    const append = (action: string, details: Record<string, unknown>) =>
      node.services.audit.append(db, node.actor('investigator'), { action, details });
    clock.set('2026-02-01T10:00:00Z');
    await append('privacy.open', { purpose: 'investigation' });
    await append('privacy.open.field', { purpose: 'investigation' });
    await append('privacy.open', { purpose: 'data-subject-request' });
    await append('federation.withdraw', { reason: 'audience-narrowed', peers: ['n1', 'n2'] });
    await append('federation.withdraw', { reason: 'retention-expired', peers: ['n1'] });
    // Retention anonymises the released preservations; their counts must survive.
    clock.set('2026-03-01T00:00:00Z');
    const run = await node.services.oversight.retention.run(node.actor('oversight'));
    expect(run.applied).toBe(3);
    clock.set('2026-04-01T09:00:00Z');
    admin = await node.signIn();
  });
  afterEach(async () => {
    await node.close();
  });

  const get = (url: string, cookie = admin) =>
    node.app.inject({ method: 'GET', url, headers: { cookie } });

  it('counts requests, openings, deletions and withdrawals of the period, small counts as "< N"', async () => {
    const res = await get('/api/v1/transparency?from=2026-01-01&to=2026-04-01');
    expect(res.statusCode).toBe(200);
    const report = res.json();
    expect(report.period).toEqual({
      from: '2026-01-01T00:00:00.000Z',
      to: '2026-04-01T00:00:00.000Z',
    });
    // Both organisations are on this node: each request is sent by one and received by the other.
    expect(report.requests.sent).toEqual({
      total: 4,
      byType: { E1: '< 2', R4: 3 },
      byCountry: { DE: 3, FR: '< 2' },
      byOutcome: { refused: '< 2', released: 3 },
      byRefusalGround: { essential_interests: '< 2' },
      emergency: 2,
      normal: 2,
      medianAcknowledgeSeconds: 7200,
      medianExecuteSeconds: 10 * 86400 - 3600,
    });
    expect(report.requests.received.byCountry).toEqual({ DE: '< 2', FR: 3 });
    expect(report.openings).toEqual({
      total: 3,
      byPurpose: { 'data-subject-request': '< 2', investigation: 2 },
    });
    expect(report.retention).toEqual({ total: 3, byCategory: { 'preserved-data': 3 } });
    expect(report.withdrawals).toEqual({
      total: 2,
      peersNotified: 3,
      byReason: { 'audience-narrowed': '< 2', 'retention-expired': '< 2' },
    });

    const year = (await get('/api/v1/transparency')).json();
    expect(year.period.from).toBe('2026-01-01T00:00:00.000Z');
    expect(year.requests.sent.total).toBe(4);
    const empty = (await get('/api/v1/transparency?from=2025-01-01&to=2025-12-31')).json();
    expect(empty.requests.sent).toMatchObject({ total: '< 2', medianAcknowledgeSeconds: null });
    expect(empty.openings.total).toBe(0);
  });

  it('prints as HTML; refuses bad periods and other roles', async () => {
    const html = await get('/api/v1/transparency.html?from=2026-01-01&to=2026-04-01');
    expect(html.statusCode).toBe(200);
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.body).toContain('<h1>Transparency report — Test node</h1>');
    expect(html.body).toContain('<h2>Requests sent: 4</h2>');
    expect(html.body).toContain('<th scope="row">E1</th><td>&lt; 2</td>');
    expect(html.body).not.toContain('suspect');

    const bad = await get('/api/v1/transparency?from=yesterday');
    expect(bad.statusCode).toBe(400);
    const reversed = await get('/api/v1/transparency?from=2026-03-01&to=2026-02-01');
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().error.message).toContain('from must be before to');
    await node.services.auth.createUser(node.actor('admin'), {
      username: 'ana',
      role: 'analyst',
      password: 'ana-password-1234',
    });
    const ana = await node.signIn('ana', 'ana-password-1234');
    expect((await get('/api/v1/transparency', ana)).statusCode).toBe(403);
  });
});
