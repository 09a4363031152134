import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { writeGeneratedBundle } from '../bench/stix-generator.js';
import { createServices } from '../src/app.js';
import { parseConfig } from '../src/platform/config.js';
import { describeDialects, type TestDatabase } from './support/dialects.js';
import { cliArgs } from './support/cli-bundle.js';

const ROOT = join(import.meta.dirname, '..');
const COUNT = 50_000;
/** Batches to see committed before the kill (the store commits 1000 objects per batch). */
const KILL_AFTER_COMMITS = 5;

interface Outcome {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  /** Lines of stderr that are not progress events (errors). */
  readonly messages: string[];
  /** Ids that committed batches reported as stored. */
  readonly committed: string[];
}

/** `nohaven import --partial --progress-json FILE` in a child; SIGKILLed after `killAfter` commits. */
function importInChild(
  path: string,
  env: Record<string, string>,
  killAfter: number | null,
): Promise<Outcome> {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('NOHAVEN_')),
  );
  const child = spawn(
    process.execPath,
    cliArgs(['import', '--partial', '--progress-json', '--json', path]),
    {
      cwd: ROOT,
      env: { ...base, ...env },
    },
  );
  const committed: string[] = [];
  let commits = 0;
  let stdout = '';
  const messages: string[] = [];
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  createInterface({ input: child.stderr }).on('line', (line) => {
    if (!line.startsWith('{')) {
      messages.push(line);
      return;
    }
    const event = JSON.parse(line) as { event: string; storedIds?: string[] };
    if (event.event !== 'commit') return;
    committed.push(...(event.storedIds ?? []));
    if (++commits === killAfter) child.kill('SIGKILL');
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, messages, committed }));
  });
}

describeDialects('import killed mid-way', (dialect) => {
  let db: TestDatabase;
  let env: Record<string, string>;
  const tmp = mkdtempSync(join(tmpdir(), 'nohaven-crash-'));
  const bundlePath = join(tmp, 'large.json');

  beforeAll(async () => {
    db = await dialect.create();
    env = {
      NOHAVEN_DATA_DIR: db.dataDir,
      NOHAVEN_LOG_LEVEL: 'warn',
      ...(db.url ? { NOHAVEN_DATABASE_URL: db.url } : {}),
    };
    await writeGeneratedBundle(bundlePath, COUNT);
  });
  afterAll(async () => {
    await db?.dispose();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('keeps every reported batch, a sound database and audit chain; a re-run stores the rest', async () => {
    const killed = await importInChild(bundlePath, env, KILL_AFTER_COMMITS);
    expect(killed.signal).toBe('SIGKILL');
    expect(killed.committed.length).toBeGreaterThanOrEqual(KILL_AFTER_COMMITS * 1000);

    expect(await db.handle.integrityCheck()).toEqual([]);
    const config = parseConfig({
      NOHAVEN_DATA_DIR: db.dataDir,
      ...(db.url ? { NOHAVEN_DATABASE_URL: db.url } : {}),
    });
    const services = createServices({ config, database: db.handle });
    expect(await services.audit.verify()).toMatchObject({ ok: true });

    const present = new Set<string>();
    for (let i = 0; i < killed.committed.length; i += 500) {
      const rows = await db.handle.db
        .selectFrom('stix_objects')
        .select('id')
        .where('id', 'in', killed.committed.slice(i, i + 500))
        .execute();
      for (const r of rows) present.add(r.id);
    }
    expect(killed.committed.filter((id) => !present.has(id))).toEqual([]);
    const stored = Number(
      (
        await db.handle.db
          .selectFrom('stix_objects')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('owner_org_id', 'is not', null) // not the built-in TLP marking definitions
          .executeTakeFirstOrThrow()
      ).n,
    );
    expect(stored).toBeLessThan(COUNT);

    const rerun = await importInChild(bundlePath, env, null);
    expect({ code: rerun.code, messages: rerun.messages }).toEqual({ code: 0, messages: [] });
    const summary = JSON.parse(rerun.stdout) as {
      records: number;
      stored: number;
      duplicates: number;
      problems: unknown[];
    };
    expect(summary).toMatchObject({ records: COUNT, duplicates: stored, problems: [] });
    expect(summary.stored).toBe(COUNT - stored);
    expect(await db.handle.integrityCheck()).toEqual([]);
    expect(await services.audit.verify()).toMatchObject({ ok: true });
  }, 600_000);
});
