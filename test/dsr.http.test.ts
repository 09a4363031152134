import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeDialects } from './support/dialects.js';
import { fixedClock, makeTestNode, type TestNode } from './support/app.js';
import { insertCase, insertRequest } from './support/oversight-fixtures.js';
import { indicator } from './support/stix-fixtures.js';

/** Issue 8, item 7: every record that concerns an identifier, and the decision recorded. */
describeDialects('data-subject requests', (dialect) => {
  const clock = fixedClock('2026-06-01T09:00:00Z');
  let node: TestNode;
  let olga: string;
  let ids: { request: string; kase: string; ind: string; other: string };

  beforeEach(async () => {
    node = await makeTestNode(dialect, { clock });
    const db = node.db.handle.db;
    const org = node.organizationId;
    const request = await insertRequest(db, {
      type: 'R4',
      state: 'preserved',
      requesterOrgId: org,
      recipientOrgId: org,
      fields: { identifiers: ['Alice@Example.org'], custodian: 'Mail provider' },
      createdAt: '2026-05-01T00:00:00.000Z',
    });
    const kase = await insertCase(db, {
      ownerOrgId: org,
      title: 'Account alice@example.org hijacked',
      closedAt: null,
    });
    const ind = indicator({ description: 'Phishing sent from alice@example.org' });
    const other = indicator();
    await node.services.objects.ingest(node.actor(), [ind, other], { mode: 'atomic' });
    // Someone tried to sign in with her address: the audit recorded it.
    const failed = await node.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'alice@example.org', password: 'wrong-password-1' },
    });
    expect(failed.statusCode).toBe(401);
    await node.services.auth.createUser(node.actor('admin'), {
      username: 'olga',
      role: 'oversight',
      password: 'olga-password-123',
    });
    olga = await node.signIn('olga', 'olga-password-123');
    ids = { request, kase, ind: ind.id, other: other.id };
  });
  afterEach(async () => {
    await node.close();
  });

  const call = (method: 'GET' | 'POST', url: string, payload?: unknown, cookie = olga) =>
    node.app.inject({ method, url, payload: payload as object, headers: { cookie } });

  it('lists every record that mentions the identifier, by reference, across the node', async () => {
    const res = await call('POST', '/api/v1/data-subject-requests', {
      identifier: ' ALICE@example.org ',
      kind: 'erasure',
    });
    expect(res.statusCode).toBe(201);
    const dsr = res.json();
    expect(dsr).toMatchObject({ kind: 'erasure', identifier: 'ALICE@example.org', decision: null });
    const bySource = (source: string) =>
      dsr.matches.filter((m: { source: string }) => m.source === source);
    expect(bySource('stix-objects')).toEqual([
      { source: 'stix-objects', recordId: ids.ind, label: 'indicator', fields: ['description'] },
    ]);
    expect(bySource('requests')).toEqual([
      {
        source: 'requests',
        recordId: ids.request,
        label: 'R4 request, preserved',
        fields: ['fields.identifiers', 'transition reason'],
      },
    ]);
    expect(bySource('cases')).toEqual([
      {
        source: 'cases',
        recordId: ids.kase,
        label: `case CASE-${ids.kase.slice(0, 8)}`,
        fields: ['title'],
      },
    ]);
    expect(bySource('audit').map((m: { label: string }) => m.label)).toContain(
      'auth.sign-in.failed',
    );
    expect(JSON.stringify(dsr.matches)).not.toContain('Phishing');

    // A wildcard in the identifier is taken literally.
    const literal = (
      await call('POST', '/api/v1/data-subject-requests', { identifier: 'a%e', kind: 'access' })
    ).json();
    expect(literal.matches.filter((m: { source: string }) => m.source !== 'audit')).toEqual([]);
    const list = (await call('GET', '/api/v1/data-subject-requests')).json();
    expect(list.requests.map((r: { id: string }) => r.id)).toContain(dsr.id);
    expect((await call('GET', `/api/v1/data-subject-requests/${dsr.id}`)).json().id).toBe(dsr.id);
  });

  it('records the decision and its ground once, audited without the identifier', async () => {
    const access = (
      await call('POST', '/api/v1/data-subject-requests', {
        identifier: 'alice@example.org',
        kind: 'access',
      })
    ).json();
    const url = `/api/v1/data-subject-requests/${access.id}/decision`;
    expect((await call('POST', url, { decision: 'refused' })).statusCode).toBe(400);
    const wrong = await call('POST', url, { decision: 'erased', ground: 'GDPR Art 17(1)(a)' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.message).toContain('erased answers an erasure request only');
    const ok = await call('POST', url, {
      decision: 'refused',
      ground: 'LED Art 15(1)(a): ongoing investigation',
      note: 'case still open',
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().decision).toMatchObject({
      outcome: 'refused',
      ground: 'LED Art 15(1)(a): ongoing investigation',
      decidedBy: 'user:olga',
    });
    const again = await call('POST', url, { decision: 'access-given', ground: 'GDPR Art 15' });
    expect(again.statusCode).toBe(409);
    const unknown = await call(
      'POST',
      '/api/v1/data-subject-requests/7d1f1f5e-0000-4000-8000-000000000000/decision',
      { decision: 'refused', ground: 'x' },
    );
    expect(unknown.statusCode).toBe(404);

    const audit = await node.services.audit.list(node.actor('admin'), { target: access.id });
    expect(audit.entries.map((e) => e.action)).toEqual(['dsr.search', 'dsr.decision']);
    expect(JSON.stringify(audit.entries)).not.toContain('alice');
    expect(audit.entries[1]!.reason).toBe('LED Art 15(1)(a): ongoing investigation');

    await node.services.auth.createUser(node.actor('admin'), {
      username: 'ana',
      role: 'analyst',
      password: 'ana-password-1234',
    });
    const ana = await node.signIn('ana', 'ana-password-1234');
    const refused = await call(
      'POST',
      '/api/v1/data-subject-requests',
      { identifier: 'alice@example.org', kind: 'access' },
      ana,
    );
    expect(refused.statusCode).toBe(403);
    const short = await call('POST', '/api/v1/data-subject-requests', {
      identifier: 'al',
      kind: 'access',
    });
    expect(short.statusCode).toBe(400);
  });
});
