/**
 * Issue 8, items 1, 3 and 7: a data-subject search finds sealed personal data through the keyed
 * blind index — requests and case subjects holding an e-mail address, an account or a name —
 * without opening an envelope and without the plaintext or an unkeyed hash in the database; the
 * index survives a master-key rotation; retention of a case erases its subjects, their index
 * entries and its evidence files (a file another case holds stays), and an interrupted run
 * deletes the files when it resumes.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEFAULT_COOPERATION_SETTINGS } from '../src/cooperation/cooperation.settings.js';
import { fileEvidenceStore } from '../src/cases/evidence-store.js';
import { parseOversightSettings } from '../src/oversight/oversight.settings.js';
import { closedCaseSource } from '../src/oversight/retention-sources.js';
import { createRetentionService } from '../src/oversight/retention.service.js';
import { rotateMasterKey } from '../src/privacy/master-key-rotation.js';
import { describeDialects } from './support/dialects.js';
import { fixedClock, makeTestNode, type TestNode } from './support/app.js';
import { scanRawDatabase } from './support/raw-scan.js';

const EMAIL = 'Mathilde.Vogt@Example.COM';
const ACCOUNT = 'mvogt-darkshop-44';
const OTHER_EMAIL = 'm.vogt@alt-mail.example';
const NAME = 'Mathilde  Vogt-Kessler';

describeDialects('blind index of sealed identifiers', (dialect) => {
  let node: TestNode;
  const clock = fixedClock('2026-11-28T10:00:00.000Z');
  const settings = parseOversightSettings({
    retention: [{ category: 'closed-case', basis: 'GDPR Art 5(1)(e)', afterDays: 30 }],
    retentionSweepSeconds: 0,
  });
  const tokens: Record<string, string> = {};
  let requestId = '';
  let caseId = '';
  let otherCaseId = '';
  let subjectId = '';

  beforeAll(async () => {
    node = await makeTestNode(dialect, {
      clock,
      deps: {
        cooperation: { ...DEFAULT_COOPERATION_SETTINGS, sweepIntervalMs: 0 },
        oversight: settings,
      },
    });
    const root = node.actor('admin');
    for (const [username, role] of [
      ['lead', 'investigator'],
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

  const call = async (user: string, method: 'GET' | 'POST', url: string, payload?: object) => {
    const res = await node.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${tokens[user]}` },
      ...(payload === undefined ? {} : { payload }),
    });
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json();
  };
  const search = async (identifier: string) =>
    (await call('dpo', 'POST', '/api/v1/data-subject-requests', { identifier, kind: 'access' }))
      .matches as { source: string; recordId: string; label: string; fields: string[] }[];
  const sealedMatches = async (identifier: string) =>
    (await search(identifier)).filter((m) => m.fields.some((f) => f.endsWith('(sealed)')));

  it('finds requests and case subjects by a sealed identifier, without the plaintext stored', async () => {
    requestId = (
      await call('lead', 'POST', '/api/v1/requests', {
        type: 'R4',
        fields: {
          requesting_authority: { name: 'OFAC, Police nationale', country: 'FR' },
          offences: ['BC-5-system-interference'],
          facts: { text: `The operator also wrote from ${OTHER_EMAIL} in March.`, lang: 'en' },
          identifiers: [
            { kind: 'email', value: EMAIL },
            { kind: 'account', value: ACCOUNT },
          ],
          data_categories: ['subscriber_information'],
        },
      })
    ).id;
    caseId = (
      await call('lead', 'POST', '/api/v1/cases', { reference: 'DE-2026-9', title: 'Darkshop' })
    ).id;
    subjectId = (
      await call('lead', 'POST', `/api/v1/cases/${caseId}/subjects`, {
        role: 'suspect',
        name: NAME,
        email: EMAIL.toLowerCase(),
      })
    ).id;

    // Any case and spacing of the whole identifier finds it; the fields say which, sealed.
    expect(await sealedMatches(' mathilde.vogt@example.com')).toEqual([
      {
        source: 'cases',
        recordId: caseId,
        label: 'case DE-2026-9',
        fields: [`subject ${subjectId} email (sealed)`],
      },
      {
        source: 'requests',
        recordId: requestId,
        label: 'R4 request, draft',
        fields: ['fields.identifiers (sealed)'],
      },
    ]);
    expect(await sealedMatches('MVOGT-darkshop-44')).toMatchObject([
      { recordId: requestId, fields: ['fields.identifiers (sealed)'] },
    ]);
    // An e-mail address inside free text is indexed too; a name as written.
    expect(await sealedMatches(OTHER_EMAIL.toUpperCase())).toMatchObject([
      { recordId: requestId, fields: ['fields.facts (sealed)'] },
    ]);
    expect(await sealedMatches('mathilde vogt-kessler')).toMatchObject([
      { recordId: caseId, fields: [`subject ${subjectId} name (sealed)`] },
    ]);
    // The index answers whole identifiers only: a part of one, or a kind, finds nothing sealed.
    expect(await sealedMatches('mathilde')).toEqual([]);
    expect(await sealedMatches('email')).toEqual([]);

    // Neither the plaintext nor an unkeyed hash of it is in the database.
    const unkeyed = ['mathilde.vogt@example.com', ACCOUNT, 'mathilde vogt-kessler'].map((v) =>
      createHash('sha256').update(v).digest('hex'),
    );
    const scan = await scanRawDatabase(node.db, [
      'athilde.vogt',
      'mvogt-darkshop',
      'alt-mail',
      'Kessler',
      ...unkeyed,
    ]);
    expect(scan.hits).toEqual([]);
    const rows = await node.db.handle.db
      .withTables<{ privacy_blind_index: { scope: string; field: string } }>()
      .selectFrom('privacy_blind_index')
      .select(['scope', 'field'])
      .execute();
    expect(rows.length).toBeGreaterThanOrEqual(5);
  });

  it('keeps finding them after a master-key rotation (the index key is re-wrapped, not re-derived)', async () => {
    const before = await sealedMatches('mathilde.vogt@example.com');
    const rotated = await rotateMasterKey({
      db: node.db.handle.db,
      vault: node.services.privacy.vault,
      keys: { dataDir: node.config.dataDir, fromEnv: null },
      clock,
      random: { uuid: () => '', bytes: (n: number) => randomBytes(n) },
    });
    expect(rotated.rewrapped).toBeGreaterThanOrEqual(3);
    node.services.privacy.vault.forget();
    expect(await sealedMatches('mathilde.vogt@example.com')).toEqual(before);
    // A record sealed after the rotation is found the same way.
    const later = (
      await call('lead', 'POST', `/api/v1/cases/${caseId}/subjects`, {
        role: 'witness',
        account: 'later-account-17',
      })
    ).id;
    expect(await sealedMatches('later-account-17')).toMatchObject([
      { recordId: caseId, fields: [`subject ${later} account (sealed)`] },
    ]);
  });

  it('retention erases a case: its subjects, their index entries and its evidence files', async () => {
    const upload = (kase: string, text: string, name: string) =>
      call('lead', 'POST', `/api/v1/cases/${kase}/evidence`, {
        name,
        media_type: 'text/plain',
        content_base64: Buffer.from(text).toString('base64'),
        method: 'seized from the server',
      });
    otherCaseId = (
      await call('lead', 'POST', '/api/v1/cases', { reference: 'DE-2026-10', title: 'Mirror' })
    ).id;
    const own = (await upload(caseId, 'only in the darkshop case', 'own.txt')).sha256 as string;
    const shared = (await upload(caseId, 'held by both cases', 'shared.txt')).sha256 as string;
    expect((await upload(otherCaseId, 'held by both cases', 'copy.txt')).sha256).toBe(shared);
    const file = (sha: string) => join(node.config.dataDir, 'evidence', sha);
    expect(existsSync(file(own)) && existsSync(file(shared))).toBe(true);

    await call('lead', 'POST', `/api/v1/cases/${caseId}/status`, {
      status: 'closed',
      reason: 'investigation finished',
    });
    clock.set('2027-01-15T00:00:00.000Z');
    // The first run is cut off after the case was anonymised, before the files were deleted.
    const store = fileEvidenceStore(node.config.dataDir);
    let failures = 1;
    const retention = createRetentionService({
      db: node.db.handle.db.withPlugin(node.services.privacy.vault.plugin),
      capabilities: node.db.handle.capabilities,
      audit: node.services.audit,
      clock,
      random: node.services.random,
      rules: settings.retention,
      sources: [
        closedCaseSource(node.db.handle.db, {
          ...store,
          remove: async (sha) => {
            if (failures-- > 0) throw new Error('process killed');
            await store.remove(sha);
          },
        }),
      ],
      batchSize: 10,
    });
    await expect(retention.run(node.actor('oversight'))).rejects.toThrow('process killed');
    expect(await sealedMatches('mathilde.vogt@example.com')).toMatchObject([
      { source: 'requests' },
    ]);
    const subjects = await node.db.handle.db
      .withTables<{ case_subjects: { case_id: string } }>()
      .selectFrom('case_subjects')
      .select('case_id')
      .where('case_id', '=', caseId)
      .execute();
    expect(subjects).toEqual([]);
    expect(existsSync(file(own))).toBe(true);

    expect(await retention.run(node.actor('oversight'))).toMatchObject({
      resumed: true,
      remaining: 0,
    });
    expect(existsSync(file(own))).toBe(false);
    // The other case still holds the shared file.
    expect(existsSync(file(shared))).toBe(true);
    expect(await sealedMatches('later-account-17')).toEqual([]);
    const audit = await node.services.audit.list(node.actor('admin'), {
      action: 'retention.anonymise',
    });
    expect(
      audit.entries.map((e) => [e.target, (e.details as { subjects?: number }).subjects]),
    ).toEqual([[caseId, 2]]);
  });
});
