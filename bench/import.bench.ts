import { createReadStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { runImport } from '../src/cli/commands/import.command.js';
import { openNodeWith } from '../src/cli/open-node.js';
import { parseConfig } from '../src/platform/config.js';
import { openDatabase } from '../src/platform/database/connection.js';
import { migrateToLatest } from '../src/platform/database/migrate.js';
import type { BenchResult } from './bench.types.js';
import { benchOverrides, indexerNote } from './indexer-switch.js';
import { writeGeneratedBundle } from './stix-generator.js';

/** DESIGN.md: the full import path reaches at least 40 % of the raw floor, measured in the same run. */
const TARGET_RATIO = 0.4;

/**
 * Bulk import into SQLite, against the raw floor of the same run. The floor: read the bundle
 * file, `JSON.parse` it, and insert the same rows (the `stix_objects` columns) with one plain
 * better-sqlite3 prepared statement in one transaction, into a fresh migrated database with the
 * node's pragmas. The full path: `runImport` — exactly what `nohaven import FILE` runs — on a
 * fresh node. `BENCH_SIZE` sets the object count (default 200,000); `BENCH_INDEXER=off` runs the
 * full path without the observable index writer (see indexer-switch.ts).
 */
export async function run(): Promise<BenchResult[]> {
  const size = Number(process.env.BENCH_SIZE ?? 200_000);
  const tmp = mkdtempSync(join(tmpdir(), 'nohaven-bench-'));
  try {
    const bundle = join(tmp, 'bundle.json');
    const bytes = await writeGeneratedBundle(bundle, size);
    const floor = await rawFloor(bundle, join(tmp, 'floor'));
    const full = await fullImport(bundle, join(tmp, 'node'));
    if (full.stored !== size)
      throw new Error(`the import stored ${full.stored} of ${size} objects`);
    const floorRate = size / floor;
    const fullRate = size / full.seconds;
    const ratio = fullRate / floorRate;
    return [
      {
        name: `bundle size (${size.toLocaleString('en')} objects)`,
        value: bytes / 1024 / 1024,
        unit: 'MiB',
      },
      {
        name: 'raw floor: JSON.parse + prepared INSERTs',
        value: Math.round(floorRate),
        unit: 'objects/s',
      },
      {
        name: `nohaven import (full path, atomic${indexerNote()})`,
        value: Math.round(fullRate),
        unit: 'objects/s',
      },
      {
        name: 'nohaven import / raw floor',
        value: Math.round(ratio * 1000) / 10,
        unit: '%',
        target: `≥ ${TARGET_RATIO * 100} %`,
        ok: ratio >= TARGET_RATIO,
      },
      {
        name: 'RSS after the import',
        value: Math.round(process.memoryUsage().rss / 1024 / 1024),
        unit: 'MiB',
      },
    ];
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Seconds for the raw floor. */
async function rawFloor(bundlePath: string, dataDir: string): Promise<number> {
  const handle = openDatabase({ url: null, dataDir });
  await migrateToLatest(handle);
  await handle.close();
  const sqlite = new SQLite(join(dataDir, 'nohaven.sqlite'));
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  const insert = sqlite.prepare(
    `insert into stix_objects (id, type, modified, created, spec_version, date_added, revoked, is_latest,
       created_by_ref, name, description, tlp, owner_org_id, distribution, content)
     values (?, ?, ?, ?, ?, ?, 0, 1, ?, ?, ?, null, null, 'community', ?)`,
  );
  const started = performance.now();
  const { objects } = JSON.parse(readFileSync(bundlePath, 'utf8')) as {
    objects: Record<string, unknown>[];
  };
  const now = new Date().toISOString();
  sqlite.transaction(() => {
    for (const o of objects) {
      const text = (k: string): string | null =>
        typeof o[k] === 'string' ? (o[k] as string) : null;
      insert.run(
        text('id'),
        text('type'),
        text('modified') ?? '',
        text('created'),
        text('spec_version'),
        now,
        text('created_by_ref'),
        text('name') ?? text('value'),
        text('description'),
        JSON.stringify(o),
      );
    }
  })();
  const seconds = (performance.now() - started) / 1000;
  sqlite.close();
  return seconds;
}

async function fullImport(
  bundlePath: string,
  dataDir: string,
): Promise<{ seconds: number; stored: number }> {
  const node = await openNodeWith(
    parseConfig({ NOHAVEN_DATA_DIR: dataDir, NOHAVEN_LOG_LEVEL: 'warn' }),
    process.stderr,
    benchOverrides(),
  );
  try {
    const started = performance.now();
    const summary = await runImport(
      node,
      createReadStream(bundlePath, { highWaterMark: 1 << 20 }),
      { mode: 'atomic' },
    );
    return { seconds: (performance.now() - started) / 1000, stored: summary.stored };
  } finally {
    await node.close();
  }
}
