import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { verifyPackage } from '../src/cases/package-verify.js';
import { fixedClock } from '../src/platform/ports.js';
import { describeDialects } from './support/dialects.js';
import { makeTestNode, type TestNode } from './support/app.js';
import { TLP_IDS, bundle } from './support/stix-fixtures.js';
import { testIdentity } from './support/test-identity.js';

function incident(marking: string, name: string) {
  return {
    type: 'incident',
    spec_version: '2.1',
    id: `incident--${randomUUID()}`,
    created: '2026-02-01T10:00:00.000Z',
    modified: '2026-02-01T10:00:00.000Z',
    name,
    object_marking_refs: [marking],
  };
}

const MAX_BYTES = 4096;

/** Cases, evidence and chain of custody over HTTP (issue 7, item 7). */
describeDialects('cases and evidence over HTTP', (dialect) => {
  let node: TestNode;
  const identity = testIdentity();
  const clock = fixedClock('2026-03-01T10:00:00.000Z');
  const tokens: Record<string, string> = {};
  let caseId: string;
  const green = incident(TLP_IDS.green, 'Bank phishing wave');
  const amber = incident(TLP_IDS.amber, 'Ransomware at the hospital');
  const foreignRed = incident(TLP_IDS.red, 'Other agency secret');

  beforeAll(async () => {
    node = await makeTestNode(dialect, {
      clock,
      env: { NOHAVEN_EVIDENCE_MAX_BYTES: String(MAX_BYTES) },
      deps: { identity },
    });
    const { auth } = node.services;
    const root = node.actor('admin');
    await auth.createOrganization(root, {
      name: 'Other agency',
      sector: 'law-enforcement',
      country: 'DE',
    });
    const users: [string, string, string][] = [
      ['lead', 'investigator', 'Test CERT'],
      ['colleague', 'investigator', 'Test CERT'],
      ['watcher', 'analyst', 'Test CERT'],
      ['foreign', 'investigator', 'Other agency'],
      ['boss', 'admin', 'Test CERT'],
    ];
    for (const [username, role, organization] of users) {
      await auth.createUser(root, { username, role, organization, password: 'cases-password-1' });
      tokens[username] = (await auth.createTokenForUser(root, username, 't')).token;
    }
    expect((await call('lead', 'POST', '/api/v1/objects', bundle([green, amber]))).statusCode).toBe(
      201,
    );
    expect(
      (await call('foreign', 'POST', '/api/v1/objects', bundle([foreignRed]))).statusCode,
    ).toBe(201);
  });
  afterAll(async () => node?.close());

  const call = (user: string, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown) =>
    node.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${tokens[user]}` },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });

  const upload = (user: string, name: string, content: Buffer) =>
    call(user, 'POST', `/api/v1/cases/${caseId}/evidence`, {
      name,
      media_type: 'application/vnd.tcpdump.pcap',
      content_base64: content.toString('base64'),
      method: 'Capture handed over by the bank',
    });

  it('opens a case whose only reader is its members', async () => {
    const created = await call('lead', 'POST', '/api/v1/cases', {
      reference: 'FR-2026-0042',
      title: 'Phishing wave',
    });
    expect(created.statusCode).toBe(201);
    const c = created.json();
    caseId = c.id;
    expect(c.access).toBe('lead');
    expect(c.members.map((m: { username: string; role: string }) => [m.username, m.role])).toEqual([
      ['lead', 'lead'],
    ]);
    expect(
      (await call('lead', 'POST', '/api/v1/cases', { reference: 'FR-2026-0042', title: 'x' }))
        .statusCode,
    ).toBe(409);
    const bad = await call('lead', 'POST', '/api/v1/cases', {
      reference: ' no spaces ',
      title: 'x',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/^reference:/);

    for (const outsider of ['colleague', 'foreign', 'boss']) {
      expect((await call(outsider, 'GET', `/api/v1/cases/${caseId}`)).statusCode, outsider).toBe(
        404,
      );
      expect((await call(outsider, 'GET', '/api/v1/cases')).json().cases, outsider).toEqual([]);
      expect((await call(outsider, 'GET', `/api/v1/cases/${caseId}/evidence`)).statusCode).toBe(
        404,
      );
    }
    expect(
      (await call('lead', 'GET', '/api/v1/cases')).json().cases.map((x: { id: string }) => x.id),
    ).toEqual([caseId]);
    // Opening cases is for investigating roles; an analyst may too.
    expect(
      (await call('watcher', 'POST', '/api/v1/cases', { reference: 'W-1', title: 't' })).statusCode,
    ).toBe(201);
  });

  it('links only what the actor may read; an unreadable object is "not found"', async () => {
    const ok = await call('lead', 'POST', `/api/v1/cases/${caseId}/links`, {
      kind: 'incident',
      target_id: green.id,
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().links).toEqual([
      expect.objectContaining({
        kind: 'incident',
        target_id: green.id,
        label: 'Bank phishing wave',
      }),
    ]);

    const refused = await call('lead', 'POST', `/api/v1/cases/${caseId}/links`, {
      kind: 'incident',
      target_id: foreignRed.id,
    });
    expect(refused.statusCode).toBe(404);
    expect(refused.json().error.code).toBe('NH_ERR_OBJECT_NOT_FOUND');
    expect(refused.body).not.toContain('Other agency secret');

    const wrongKind = await call('lead', 'POST', `/api/v1/cases/${caseId}/links`, {
      kind: 'indicator',
      target_id: green.id,
    });
    expect(wrongKind.statusCode).toBe(400);
    expect(wrongKind.json().error.message).toContain('indicator--');

    const request = await call('lead', 'POST', `/api/v1/cases/${caseId}/links`, {
      kind: 'request',
      target_id: 'req-R4-0001',
    });
    expect(request.statusCode).toBe(200);
    expect(
      (
        await call('lead', 'POST', `/api/v1/cases/${caseId}/links`, {
          kind: 'request',
          target_id: 'req-R4-0001',
        })
      ).statusCode,
    ).toBe(409);
    expect(request.json().links).toHaveLength(2);
  });

  it('manages members by role; a member of another organisation sees only links they may read', async () => {
    expect(
      (
        await call('lead', 'POST', `/api/v1/cases/${caseId}/members`, {
          username: 'colleague',
          role: 'observer',
        })
      ).statusCode,
    ).toBe(200);
    expect((await call('colleague', 'GET', `/api/v1/cases/${caseId}`)).json().access).toBe(
      'observer',
    );
    const observerLink = await call('colleague', 'POST', `/api/v1/cases/${caseId}/links`, {
      kind: 'incident',
      target_id: amber.id,
    });
    expect(observerLink.statusCode).toBe(403);
    expect(
      (
        await call('colleague', 'POST', `/api/v1/cases/${caseId}/members`, {
          username: 'foreign',
          role: 'investigator',
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await call('lead', 'POST', `/api/v1/cases/${caseId}/members`, {
          username: 'nobody',
          role: 'observer',
        })
      ).statusCode,
    ).toBe(404);

    expect(
      (
        await call('lead', 'POST', `/api/v1/cases/${caseId}/links`, {
          kind: 'incident',
          target_id: amber.id,
        })
      ).statusCode,
    ).toBe(200);
    expect(
      (
        await call('lead', 'POST', `/api/v1/cases/${caseId}/members`, {
          username: 'foreign',
          role: 'investigator',
        })
      ).statusCode,
    ).toBe(200);
    const seen = (await call('foreign', 'GET', `/api/v1/cases/${caseId}`)).json();
    expect(seen.links.map((l: { target_id: string }) => l.target_id).sort()).toEqual(
      [green.id, 'req-R4-0001'].sort(),
    );
    expect(seen.hidden_links).toBe(1);
    expect(JSON.stringify(seen)).not.toContain('hospital');

    const lastLead = await call(
      'lead',
      'DELETE',
      `/api/v1/cases/${caseId}/members/${seen.members.find((m: { username: string }) => m.username === 'lead').user_id}`,
    );
    expect(lastLead.statusCode).toBe(409);
    const audit = await node.services.audit.list(node.actor('oversight'), {
      action: 'case.member.add',
    });
    expect(audit.entries.map((e) => e.details?.user)).toEqual(['colleague', 'foreign']);
  });

  it('keeps evidence with its hash and records every access in a hash-chained custody', async () => {
    const content = Buffer.from('pcap bytes of the phishing server capture');
    const up = await upload('foreign', 'capture 1.pcap', content);
    expect(up.statusCode).toBe(201);
    const item = up.json();
    expect(item).toMatchObject({
      number: 1,
      size: content.length,
      name: 'capture 1.pcap',
      origin: {
        by: 'user:foreign',
        node_id: identity.nodeId,
        method: 'Capture handed over by the bank',
      },
    });
    expect(item.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect((await upload('colleague', 'x.pcap', content)).statusCode).toBe(403);

    const base = `/api/v1/cases/${caseId}/evidence/${item.id}`;
    const noPurpose = await call('lead', 'GET', `${base}/content?purpose=`);
    expect(noPurpose.statusCode).toBe(400);
    expect(noPurpose.json().error.message).toMatch(/^purpose:/);
    expect((await call('lead', 'GET', `${base}/content`)).statusCode).toBe(400);
    expect((await call('boss', 'GET', `${base}/content?purpose=curiosity%20only`)).statusCode).toBe(
      404,
    );

    clock.advance(60_000);
    const dl = await call(
      'lead',
      'GET',
      `${base}/content?purpose=${encodeURIComponent('Compare with the bank report')}`,
    );
    expect(dl.statusCode).toBe(200);
    expect(dl.rawPayload.equals(content)).toBe(true);
    expect(dl.headers['x-evidence-sha256']).toBe(item.sha256);
    expect(dl.headers['content-disposition']).toContain('attachment');
    const view = await call(
      'colleague',
      'GET',
      `${base}/content?mode=view&purpose=${encodeURIComponent('Read the capture')}`,
    );
    expect(view.statusCode).toBe(200);

    const custody = (await call('lead', 'GET', base)).json();
    expect(custody.chain).toEqual({ ok: true });
    expect(
      custody.records.map((r: { action: string; actor: string; purpose: string }) => [
        r.action,
        r.actor,
        r.purpose,
      ]),
    ).toEqual([
      ['acquire', 'user:foreign', 'Capture handed over by the bank'],
      ['download', 'user:lead', 'Compare with the bank report'],
      ['view', 'user:colleague', 'Read the capture'],
    ]);
    expect(custody.records[1].prev_hash).toBe(custody.records[0].hash);

    const verified = (await call('lead', 'POST', `${base}/verify`)).json();
    expect(verified.file_ok).toBe(true);
    expect(verified.records.at(-1)).toMatchObject({
      action: 'verify',
      details: { fileOk: true, chainOk: true },
    });
    const audited = await node.services.audit.list(node.actor('oversight'), {
      action: 'evidence.download',
    });
    expect(audited.entries).toEqual([
      expect.objectContaining({ actor: 'user:lead', reason: 'Compare with the bank report' }),
    ]);
  });

  it('keeps one unbroken custody chain when accesses arrive at the same time', async () => {
    const item = (await upload('lead', 'busy.bin', Buffer.from('accessed by many at once'))).json();
    const url = `/api/v1/cases/${caseId}/evidence/${item.id}/content?purpose=`;
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        call(
          i % 2 ? 'lead' : 'foreign',
          'GET',
          `${url}${encodeURIComponent(`parallel read ${i}`)}`,
        ),
      ),
    );
    expect(results.map((r) => r.statusCode)).toEqual(Array(8).fill(200));
    const custody = (
      await call('lead', 'GET', `/api/v1/cases/${caseId}/evidence/${item.id}`)
    ).json();
    expect(custody.chain).toEqual({ ok: true });
    expect(custody.records.map((r: { seq: number }) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(new Set(custody.records.map((r: { purpose: string }) => r.purpose)).size).toBe(9);
  });

  it('detects a rewritten custody record', async () => {
    const item = (await upload('lead', 'tamper.bin', Buffer.from('to be tampered'))).json();
    await call(
      'lead',
      'GET',
      `/api/v1/cases/${caseId}/evidence/${item.id}/content?purpose=${encodeURIComponent('first look at it')}`,
    );
    await node.db.handle.db
      .withTables<{ custody_records: { item_id: string; seq: number; purpose: string } }>()
      .updateTable('custody_records')
      .set({ purpose: 'nothing to see' })
      .where('item_id', '=', item.id)
      .where('seq', '=', 2)
      .execute();
    const custody = (
      await call('lead', 'GET', `/api/v1/cases/${caseId}/evidence/${item.id}`)
    ).json();
    expect(custody.chain).toEqual({
      ok: false,
      seq: 2,
      message: 'record 2 was changed (its hash does not match)',
    });
  });

  it('withholds a stored file that no longer matches its hash, and verification says so', async () => {
    const item = (await upload('lead', 'altered.bin', Buffer.from('original content'))).json();
    writeFileSync(join(node.config.dataDir, 'evidence', item.sha256), 'altered content!');
    const base = `/api/v1/cases/${caseId}/evidence/${item.id}`;
    const dl = await call(
      'lead',
      'GET',
      `${base}/content?purpose=${encodeURIComponent('check the file')}`,
    );
    expect(dl.statusCode).toBe(409);
    expect(dl.json().error.message).toContain('no longer matches its SHA-256');
    const verified = (await call('lead', 'POST', `${base}/verify`)).json();
    expect(verified.file_ok).toBe(false);
    expect(verified.records.map((r: { action: string }) => r.action)).toEqual([
      'acquire',
      'verify',
    ]);
  });

  it('refuses a file over the configured size with 413 naming the limit', async () => {
    const res = await upload('lead', 'big.bin', Buffer.alloc(MAX_BYTES + 1, 7));
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('NH_ERR_INPUT_LIMIT');
    expect(res.json().error.message).toContain(`${MAX_BYTES} bytes`);
    const huge = await upload('lead', 'huge.bin', Buffer.alloc(MAX_BYTES * 3, 7));
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error.message).toContain(`${MAX_BYTES} bytes`);
    expect((await upload('lead', 'fits.bin', Buffer.alloc(MAX_BYTES, 7))).statusCode).toBe(201);
  });

  it("lets an organisation's admin read only through an audited break-glass window", async () => {
    expect((await call('boss', 'GET', `/api/v1/cases/${caseId}`)).statusCode).toBe(404);
    const reason = 'Investigator on leave, supervisor must review the case file';
    expect((await call('boss', 'POST', '/api/v1/break-glass', { reason })).statusCode).toBe(201);
    const read = await call('boss', 'GET', `/api/v1/cases/${caseId}`);
    expect(read.statusCode).toBe(200);
    expect(read.json().access).toBe('break-glass');
    expect(
      (
        await call('boss', 'POST', `/api/v1/cases/${caseId}/links`, {
          kind: 'request',
          target_id: 'req-2',
        })
      ).statusCode,
    ).toBe(403);
    const audit = await node.services.audit.list(node.actor('oversight'), {
      action: 'case.read.break-glass',
    });
    expect(audit.entries.at(-1)).toMatchObject({ actor: 'user:boss', reason, target: caseId });
    // A member of another organisation reads it as a member, without any window.
    expect((await call('foreign', 'GET', `/api/v1/cases/${caseId}`)).statusCode).toBe(200);
  });

  it('exports a signed package that verifies offline and records the export in custody', async () => {
    const items = (await call('lead', 'GET', `/api/v1/cases/${caseId}/evidence`)).json().items as {
      id: string;
      sha256: string;
    }[];
    const chosen = [items[0]!.id];
    expect(
      (
        await call('lead', 'POST', `/api/v1/cases/${caseId}/packages`, {
          items: chosen,
          purpose: '',
        })
      ).statusCode,
    ).toBe(400);
    expect(
      (
        await call('colleague', 'POST', `/api/v1/cases/${caseId}/packages`, {
          items: chosen,
          purpose: 'Send to the prosecutor',
        })
      ).statusCode,
    ).toBe(403);
    const res = await call('lead', 'POST', `/api/v1/cases/${caseId}/packages`, {
      items: chosen,
      purpose: 'Send to the prosecutor',
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/x-tar');
    const result = verifyPackage(res.rawPayload, {
      expectedFingerprint: identity.descriptor().fingerprint,
    });
    expect(result.problems).toEqual([]);
    expect(result.manifest?.case.reference).toBe('FR-2026-0042');
    const m = result.manifest!.items[0]!;
    expect(m.sha256).toBe(items[0]!.sha256);
    expect(m.path).toBe('evidence/1-capture_1.pcap');
    expect(m.custody.map((r) => r.action)).toEqual([
      'acquire',
      'download',
      'view',
      'verify',
      'export',
    ]);
    const custody = (
      await call('lead', 'GET', `/api/v1/cases/${caseId}/evidence/${chosen[0]}`)
    ).json();
    expect(custody.records.at(-1)).toMatchObject({
      action: 'export',
      purpose: 'Send to the prosecutor',
      details: { package: res.headers['x-package-id'] },
    });
  });

  it('closes a case only with a reason; a closed case takes no new evidence', async () => {
    const noReason = await call('lead', 'POST', `/api/v1/cases/${caseId}/status`, {
      status: 'closed',
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.message).toMatch(/^reason:/);
    expect(
      (
        await call('foreign', 'POST', `/api/v1/cases/${caseId}/status`, {
          status: 'closed',
          reason: 'done here',
        })
      ).statusCode,
    ).toBe(403);
    const closed = await call('lead', 'POST', `/api/v1/cases/${caseId}/status`, {
      status: 'closed',
      reason: 'Case handed to the prosecutor',
    });
    expect(closed.json()).toMatchObject({
      status: 'closed',
      closed_reason: 'Case handed to the prosecutor',
    });
    expect((await upload('lead', 'late.bin', Buffer.from('late'))).statusCode).toBe(409);
    expect(
      (await call('lead', 'POST', `/api/v1/cases/${caseId}/status`, { status: 'open' })).json()
        .status,
    ).toBe('open');
  });
});
