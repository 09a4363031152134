import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import type { Role } from '../src/platform/actor.js';
import { describeDialects } from './support/dialects.js';
import { fixedClock, makeTestNode, type TestNode } from './support/app.js';
import { makeIdentity } from './support/audit-identity.js';

/** Issue 8, item 5: oversight reads and exports the audit without the personal data in it. */
describeDialects('audit for oversight', (dialect) => {
  const clock = fixedClock('2026-11-02T09:00:00Z');
  const id = makeIdentity('Oversight node');
  let node: TestNode;
  let olga: string;

  beforeEach(async () => {
    node = await makeTestNode(dialect, {
      clock,
      env: { NOHAVEN_AUDIT_POLL_MS: '0' },
      deps: { identity: id },
    });
    await node.services.auth.createUser(node.actor('admin'), {
      username: 'olga',
      role: 'oversight',
      password: 'olga-password-123',
    });
    const db = node.db.handle.db;
    const add = (entry: Parameters<typeof node.services.audit.append>[2], role: Role = 'analyst') =>
      node.services.audit.append(db, node.actor(role), entry);
    clock.set('2026-11-02T10:00:00Z');
    await node.services.audit.append(db, null, {
      action: 'auth.sign-in.failed',
      target: 'mallory@example.org',
      details: { reason: 'unknown-user', remote: '203.0.113.9' },
    });
    await add(
      { action: 'contact.create', target: 'c1', details: { kind: 'abuse', name: 'Jean Dupont' } },
      'admin',
    );
    clock.set('2026-11-02T22:30:00Z');
    await add({
      action: 'break-glass.open',
      target: 'w1',
      reason: 'ransomware victim bob@example.com needs help now',
      details: { expiresAt: '2026-11-02T23:30:00Z' },
    });
    await add({
      action: 'object.read',
      target: 'indicator--1',
      details: { count: 1, ids: ['indicator--1'] },
    });
    clock.set('2026-11-02T23:30:00Z');
    olga = await node.signIn('olga', 'olga-password-123');
  });
  afterEach(async () => {
    await node.close();
  });

  const list = async (query: string, cookie = olga) => {
    const res = await node.app.inject({
      method: 'GET',
      url: `/api/v1/audit?${query}`,
      headers: { cookie },
    });
    expect(res.statusCode).toBe(200);
    return res.json().entries as {
      seq: number;
      action: string;
      target: string;
      reason: string;
      details: Record<string, unknown>;
      redacted?: string[];
    }[];
  };

  it('lists with filters and without personal data; admins see it all', async () => {
    const failed = (await list('action=auth.sign-in.failed')).find(
      (e) => e.details?.remote !== undefined,
    )!;
    expect(failed.target).toBe('[redacted: account-name]');
    expect(failed.details.remote).toBe('[redacted: ip-address]');
    expect(failed.redacted).toEqual(['details.remote', 'target']);
    const contact = (await list('action=contact.create'))[0]!;
    expect(contact.details).toEqual({ kind: 'abuse', name: '[redacted: person-name]' });
    const glass = await list('breakGlass=true');
    expect(glass.map((e) => e.action)).toEqual(['break-glass.open']);
    expect(glass[0]!.reason).toBe('ransomware victim [redacted: e-mail-address] needs help now');
    const night = await list('from=2026-11-02T22:00:00Z&to=2026-11-02T23:00:00Z');
    expect(night.map((e) => e.action)).toEqual(['break-glass.open', 'object.read']);
    const byActor = await list('actor=service:test-analyst');
    expect(byActor.map((e) => e.action)).toEqual(['break-glass.open', 'object.read']);
    expect((await list('target=indicator--1')).map((e) => e.action)).toEqual(['object.read']);
    const bad = await node.app.inject({
      method: 'GET',
      url: '/api/v1/audit?from=yesterday',
      headers: { cookie: olga },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toMatch(/from/);

    const admin = await list('action=contact.create', await node.signIn());
    expect(admin[0]).toMatchObject({ details: { name: 'Jean Dupont' } });
    expect(admin[0]!.redacted).toBeUndefined();
  });

  it('exports a signed file that verifies offline and names the first bad line', async () => {
    const res = await node.app.inject({
      method: 'GET',
      url: '/api/v1/audit/export?from=2026-11-02T10:00:00Z&to=2026-11-02T23:00:00Z',
      headers: { cookie: olga },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/x-ndjson');
    const lines = res.body.trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    expect(res.body).not.toContain('mallory@example.org');
    expect(res.body).not.toContain('Jean Dupont');
    expect(res.body).not.toContain('bob@example.com');
    const manifest = JSON.parse(lines[4]!).manifest;
    expect(manifest).toMatchObject({
      count: 4,
      redacted: true,
      exportedBy: 'user:olga',
      nodeId: id.nodeId,
    });
    const exported = await list('action=audit.export');
    expect(exported[0]!.details).toMatchObject({ count: 4 });

    const out: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _e, done) {
        out.push(chunk.toString());
        done();
      },
    });
    const io = {
      stdout: sink,
      stderr: sink,
      env: {},
      interactive: false,
      openNode: async () => ({
        config: node.config,
        database: node.db.handle,
        services: node.services,
        close: async () => {},
      }),
    };
    const dir = mkdtempSync(join(tmpdir(), 'nohaven-export-'));
    try {
      const file = join(dir, 'audit.jsonl');
      writeFileSync(file, res.body);
      const key = id.descriptor().publicKey;
      expect(await main(['audit', 'verify-export', file, '--public-key', key], io)).toBe(0);
      expect(out.join('')).toContain('export verified: 4 entries');

      // The whole chain through the command (unredacted lines re-hash).
      const cliFile = join(dir, 'cli.jsonl');
      out.length = 0;
      expect(await main(['audit', 'export', '--from', '2026-11-01', cliFile], io)).toBe(0);
      expect(out.join('')).toMatch(/exported \d+ audit entries/);
      expect(await main(['audit', 'verify-export', cliFile], io)).toBe(0);

      const tamper = (i: number, change: (e: Record<string, unknown>) => void) => {
        const copy = readFileSync(file, 'utf8').split('\n');
        const e = JSON.parse(copy[i]!);
        change(e);
        copy[i] = JSON.stringify(e);
        writeFileSync(join(dir, 'bad.jsonl'), copy.join('\n'));
        out.length = 0;
        return main(['audit', 'verify-export', join(dir, 'bad.jsonl'), '--public-key', key], io);
      };
      // An entry without redaction: its own hash names it.
      expect(await tamper(3, (e) => (e.target = 'indicator--2'))).toBe(1);
      expect(out.join('')).toContain('export NOT verified at line 4: line 4 (entry');
      // A line dropped: the chain names the line after the gap.
      const dropped = readFileSync(file, 'utf8').split('\n');
      dropped.splice(1, 1);
      writeFileSync(join(dir, 'bad.jsonl'), dropped.join('\n'));
      out.length = 0;
      expect(await main(['audit', 'verify-export', join(dir, 'bad.jsonl')], io)).toBe(1);
      expect(out.join('')).toContain('at line 2');
      // A redacted line changed: the signed digest of the lines catches it.
      expect(await tamper(1, (e) => (e.actor = 'user:someone-else'))).toBe(1);
      expect(out.join('')).toContain('the lines are not the ones signed');
      // Another key: refused.
      out.length = 0;
      const other = makeIdentity('Other').descriptor().publicKey;
      expect(await main(['audit', 'verify-export', file, '--public-key', other], io)).toBe(1);
      expect(out.join('')).toContain('not signed by the given key');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    await expect(
      node.services.auditExport.prepare(node.actor('reporter'), {}),
    ).rejects.toMatchObject({
      code: 'NH_ERR_FORBIDDEN',
    });
  });
});
