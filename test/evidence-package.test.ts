import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readTar, writeTar, type TarEntry } from '../src/cases/package-tar.js';
import { verifyPackage } from '../src/cases/package-verify.js';
import { main } from '../src/cli/main.js';
import type { Actor } from '../src/platform/actor.js';
import { describeDialects } from './support/dialects.js';
import { makeTestNode, type TestNode } from './support/app.js';
import { runCli } from './support/cli-process.js';
import { testIdentity } from './support/test-identity.js';

/**
 * Signed evidence packages (issue 7, item 7): made by the node, checked offline by
 * `nohaven evidence verify`, which names what was tampered with.
 */
describeDialects('evidence packages', (dialect) => {
  let node: TestNode;
  let dir: string;
  let lead: Actor;
  let caseId: string;
  let itemIds: string[];
  const identity = testIdentity('Evidence node');
  const fingerprint = identity.descriptor().fingerprint;
  let pkg: Buffer;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nohaven-package-'));
    node = await makeTestNode(dialect, { deps: { identity } });
    const root = node.actor('admin');
    const user = await node.services.auth.createUser(root, {
      username: 'lead',
      role: 'investigator',
      organization: 'Test CERT',
      password: 'package-password-1',
    });
    lead = {
      kind: 'user',
      userId: user.id,
      username: 'lead',
      organizationId: node.organizationId,
      role: 'investigator',
      via: 'token',
    };
    const c = await node.services.cases.create(lead, { reference: 'DE-2026-7', title: 'Love bug' });
    caseId = c.id;
    itemIds = [];
    for (const [name, text] of [
      [
        'mail.eml',
        'From: spider@example\nSubject: ILOVEYOU\n\nkindly check the attached LOVELETTER',
      ],
      ['capture.pcap', 'pcap pcap pcap'],
    ] as const) {
      const item = await node.services.evidence.upload(lead, caseId, {
        name,
        mediaType: 'application/octet-stream',
        content: Buffer.from(text),
        method: 'Received from the ISP abuse desk',
      });
      itemIds.push(item.id);
    }
    pkg = (
      await node.services.evidencePackages.export(lead, caseId, {
        itemIds,
        purpose: 'For the prosecutor in Manila',
      })
    ).bytes;
  });
  afterAll(async () => {
    await node?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function rewrite(edit: (entries: TarEntry[]) => TarEntry[]): Buffer {
    return writeTar(edit(readTar(pkg)), 0);
  }

  function problems(bytes: Buffer, expectedFingerprint?: string): string[] {
    return verifyPackage(bytes, { expectedFingerprint }).problems.map(
      (p) => `${p.where}: ${p.message}`,
    );
  }

  it('holds the files, the manifest and its signature', () => {
    expect(readTar(pkg).map((e) => e.name)).toEqual([
      'manifest.json',
      'manifest.sig',
      'evidence/1-mail.eml',
      'evidence/2-capture.pcap',
    ]);
    const result = verifyPackage(pkg, { expectedFingerprint: fingerprint });
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.manifest?.producer.nodeId).toBe(identity.nodeId);
    expect(result.manifest?.items.map((i) => i.custody.map((r) => r.action))).toEqual([
      ['acquire', 'export'],
      ['acquire', 'export'],
    ]);
  });

  it('names a tampered file', () => {
    const bad = rewrite((es) =>
      es.map((e) =>
        e.name === 'evidence/2-capture.pcap' ? { ...e, data: Buffer.from('pcap pcap pcaq') } : e,
      ),
    );
    expect(problems(bad)).toEqual(['evidence/2-capture.pcap: SHA-256 mismatch']);
    const longer = rewrite((es) =>
      es.map((e) =>
        e.name === 'evidence/1-mail.eml'
          ? { ...e, data: Buffer.concat([e.data, Buffer.from('!')]) }
          : e,
      ),
    );
    expect(problems(longer)).toEqual([
      expect.stringMatching(
        /^evidence\/1-mail\.eml: size mismatch: \d+ bytes, the manifest says \d+$/,
      ),
      'evidence/1-mail.eml: SHA-256 mismatch',
    ]);
  });

  it('names a tampered manifest, and the field when the custody chain was rewritten', () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- free-form edits of parsed JSON
    const edit = (change: (m: any) => void) =>
      rewrite((es) =>
        es.map((e) => {
          if (e.name !== 'manifest.json') return e;
          const m = JSON.parse(e.data.toString('utf8'));
          change(m);
          return { ...e, data: Buffer.from(JSON.stringify(m, null, 2)) };
        }),
      );
    expect(problems(edit((m) => (m.purpose = 'For anyone')))).toEqual([
      expect.stringMatching(/^manifest\.sig: is not the producer's signature of manifest\.json/),
    ]);
    expect(problems(edit((m) => (m.items[0].custody[1].purpose = 'nothing happened')))).toEqual([
      expect.stringMatching(/^manifest\.sig: /),
      'manifest.json /items/0/custody: custody chain broken: record 2 was changed (its hash does not match)',
    ]);
    expect(problems(edit((m) => m.items[1].custody.splice(0, 1)))).toEqual([
      expect.stringMatching(/^manifest\.sig: /),
      'manifest.json /items/1/custody: custody chain broken: record 1 has seq 2 (removed or reordered)',
    ]);
    expect(problems(edit((m) => (m.producer.name = 'Someone else')))).toEqual([
      'manifest.json /producer/signature: is not the node key’s signature of the descriptor',
    ]);
  });

  it('names a removed file and an added file', () => {
    expect(problems(rewrite((es) => es.filter((e) => e.name !== 'evidence/1-mail.eml')))).toEqual([
      'evidence/1-mail.eml: listed in the manifest but missing from the package',
    ]);
    expect(
      problems(
        rewrite((es) => [...es, { name: 'evidence/3-planted.exe', data: Buffer.from('MZ') }]),
      ),
    ).toEqual(['evidence/3-planted.exe: is in the package but not listed in the manifest']);
    expect(problems(rewrite((es) => es.filter((e) => e.name !== 'manifest.sig')))).toEqual([
      'manifest.sig: missing',
    ]);
  });

  it('names a wrong fingerprint', () => {
    const other = testIdentity('Impostor').descriptor().fingerprint;
    expect(problems(pkg, other)).toEqual([
      `manifest.json /producer/fingerprint: the producer's key is ${fingerprint}, not the expected ${other}`,
    ]);
    expect(problems(Buffer.from('not a tar at all'))).toEqual([
      'package: not a readable tar archive: the archive ends without its end-of-archive blocks',
    ]);
  });

  it('nohaven case list and case show name the case and its items for the operator', async () => {
    const opened = {
      openNode: async () => ({
        config: node.config,
        database: node.db.handle,
        services: node.services,
        close: async () => undefined,
      }),
    };
    const list = new PassThrough();
    expect(
      await main(['case', 'list'], { ...opened, stdout: list, stderr: new PassThrough() }),
    ).toBe(0);
    expect(String(list.read())).toBe(`DE-2026-7\topen\tLove bug\t${caseId}\n`);
    const show = new PassThrough();
    expect(await main(['case', 'show', 'DE-2026-7'], { ...opened, stdout: show })).toBe(0);
    const text = String(show.read());
    expect(text).toContain('  lead (lead)\n');
    expect(text).toMatch(
      new RegExp(`  2\\. ${itemIds[1]} sha256:[0-9a-f]{64} 14 bytes capture\\.pcap`),
    );
    const audit = await node.services.audit.list(node.actor('oversight'), {
      action: 'case.read.operator',
    });
    expect(audit.entries.at(-1)).toMatchObject({ actor: 'service:cli-case', target: caseId });
  });

  it('nohaven evidence export writes the package and nohaven evidence verify checks it', async () => {
    const out = join(dir, 'exported.tar');
    const err = new PassThrough();
    const code = await main(
      [
        'evidence',
        'export',
        'DE-2026-7',
        '--items',
        itemIds.join(','),
        '--purpose',
        'Copy for the court',
        out,
      ],
      {
        stderr: err,
        openNode: async () => ({
          config: node.config,
          database: node.db.handle,
          services: node.services,
          close: async () => undefined,
        }),
      },
    );
    expect(code, String(err.read())).toBe(0);
    const custody = await node.services.evidence.custody(lead, caseId, itemIds[0]!);
    expect(custody.records.at(-1)).toMatchObject({
      action: 'export',
      actor: 'service:cli-evidence',
      purpose: 'Copy for the court',
    });

    const tampered = join(dir, 'tampered.tar');
    writeFileSync(
      tampered,
      writeTar(
        readTar(readFileSync(out)).map((e) =>
          e.name === 'evidence/2-capture.pcap' ? { ...e, data: Buffer.from('PCAP PCAP PCAP') } : e,
        ),
        0,
      ),
    );
    const stderr = new PassThrough();
    expect(
      await main(['evidence', 'verify', tampered], { stderr, stdout: new PassThrough() }),
    ).toBe(1);
    expect(String(stderr.read())).toContain('evidence/2-capture.pcap: SHA-256 mismatch\n');
  });

  it('verifies offline in a process that has no node at all', async () => {
    const file = join(dir, 'offline.tar');
    writeFileSync(file, pkg);
    const ok = await runCli(['evidence', 'verify', file, '--fingerprint', fingerprint]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('evidence/2-capture.pcap');
    const wrong = await runCli(['evidence', 'verify', file, '--fingerprint', 'SHA256:AAAA']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('manifest.json /producer/fingerprint: ');
  }, 120_000);
});
