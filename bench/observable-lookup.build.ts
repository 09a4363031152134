/**
 * The database of the observable-lookup bench: `size` indicators (see observable-lookup.data.ts)
 * as latest versions in `stix_objects`, and their pattern anchors in `observable_keys`, in a
 * SQLite file migrated with the real migrations.
 *
 * This is the bench's setup, not what it measures. Storing 10,000,000 indicators through the
 * import path would take hours on the bench machine, so the rows are written with plain
 * prepared INSERTs in transactions of 500,000 indicators, with the index rows computed by the
 * indexer's own `indexRowsOf` and `patternKeys` (the real pattern parser and key functions).
 * The secondary indexes of both tables are dropped first and re-created afterwards from their
 * own `CREATE INDEX` text (sorting once is much faster than 10 M random B-tree inserts), so the
 * lookup runs against exactly the migrations' indexes. The database is kept between runs
 * (`dir/nohaven.sqlite`) while the migrations and the data version are unchanged.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { indexRowsOf } from '../src/correlate/observable-index.js';
import { patternKeys } from '../src/correlate/pattern-keys.js';
import { openDatabase } from '../src/platform/database/connection.js';
import { appliedMigrations, migrateToLatest } from '../src/platform/database/migrate.js';
import type { StixObject } from '../src/stix/index.js';
import { LOOKUP_DATA_VERSION, lookupIndicator } from './observable-lookup.data.js';

const CHUNK = 500_000;
const TABLES = ['stix_objects', 'observable_keys'];

export interface LookupDatabase {
  readonly dataDir: string;
  readonly file: string;
  /** Seconds the build took (when it was built, for a cached database). */
  readonly buildSeconds: number;
  readonly cached: boolean;
  readonly indexRows: number;
}

interface Marker {
  readonly size: number;
  readonly dataVersion: number;
  readonly migrations: readonly string[];
  readonly indexRows: number;
  readonly buildSeconds: number;
}

/** Builds (or reuses) the database of `size` indicators under `dataDir`. */
export async function lookupDatabase(dataDir: string, size: number): Promise<LookupDatabase> {
  const file = join(dataDir, 'nohaven.sqlite');
  const markerFile = join(dataDir, 'bench-lookup.json');
  const migrations = await migrated(dataDir);
  if (existsSync(markerFile)) {
    const marker = JSON.parse(readFileSync(markerFile, 'utf8')) as Marker;
    if (
      marker.size === size &&
      marker.dataVersion === LOOKUP_DATA_VERSION &&
      marker.migrations.join() === migrations.join()
    ) {
      process.stderr.write(`reusing ${file} (built in ${marker.buildSeconds.toFixed(0)} s)\n`);
      return {
        dataDir,
        file,
        buildSeconds: marker.buildSeconds,
        cached: true,
        indexRows: marker.indexRows,
      };
    }
  }
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  await migrated(dataDir);
  const started = performance.now();
  const indexRows = load(file, size);
  const buildSeconds = (performance.now() - started) / 1000;
  const marker: Marker = {
    size,
    dataVersion: LOOKUP_DATA_VERSION,
    migrations,
    indexRows,
    buildSeconds,
  };
  writeFileSync(markerFile, JSON.stringify(marker));
  return { dataDir, file, buildSeconds, cached: false, indexRows };
}

/** Migrates the database in `dataDir` to the latest schema; returns the applied migrations. */
async function migrated(dataDir: string): Promise<string[]> {
  const handle = openDatabase({ url: null, dataDir });
  try {
    await migrateToLatest(handle);
    return await appliedMigrations(handle);
  } finally {
    await handle.close();
  }
}

/** Writes the rows; returns the number of index rows. */
function load(file: string, size: number): number {
  const sqlite = new SQLite(file);
  try {
    sqlite.pragma('journal_mode = DELETE');
    sqlite.pragma('synchronous = OFF');
    sqlite.pragma('cache_size = -1048576');
    const indexes = sqlite
      .prepare(
        `select name, sql from sqlite_master
         where type = 'index' and sql is not null and tbl_name in (${TABLES.map(() => '?').join(', ')})`,
      )
      .all(...TABLES) as { name: string; sql: string }[];
    for (const { name } of indexes) sqlite.exec(`drop index "${name}"`);

    const insertObject = sqlite.prepare(
      `insert into stix_objects (seq, id, type, modified, created, spec_version, date_added, revoked,
         is_latest, created_by_ref, name, description, tlp, owner_org_id, distribution, content)
       values (?, ?, 'indicator', ?, ?, '2.1', ?, 0, 1, null, ?, null, ?, ?, 'community', ?)`,
    );
    const insertKey = sqlite.prepare(
      `insert into observable_keys (object_seq, kind, value, role) values (?, ?, ?, ?)`,
    );
    const now = new Date().toISOString();
    let indexRows = 0;
    const started = performance.now();
    const chunk = sqlite.transaction((from: number, to: number) => {
      for (let i = from; i < to; i++) {
        const { object, owner, tlp } = lookupIndicator(i);
        const seq = i + 1;
        insertObject.run(
          seq,
          object.id,
          object.modified,
          object.created,
          now,
          object.name,
          tlp,
          owner,
          JSON.stringify(object),
        );
        for (const k of indexRowsOf(object as unknown as StixObject, { patternKeys })) {
          insertKey.run(seq, k.kind, k.value, k.role);
          indexRows++;
        }
      }
    });
    for (let from = 0; from < size; from += CHUNK) {
      chunk(from, Math.min(size, from + CHUNK));
      const done = Math.min(size, from + CHUNK);
      const seconds = (performance.now() - started) / 1000;
      process.stderr.write(
        `  ${done.toLocaleString('en')} / ${size.toLocaleString('en')} indicators, ` +
          `${indexRows.toLocaleString('en')} index rows, ${seconds.toFixed(0)} s\n`,
      );
    }
    for (const { name, sql } of indexes) {
      process.stderr.write(`  creating index ${name}…\n`);
      sqlite.exec(sql);
    }
    sqlite.pragma('journal_mode = WAL');
    return indexRows;
  } finally {
    sqlite.close();
  }
}
