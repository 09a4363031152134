import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe } from 'vitest';
import {
  openDatabase,
  postgresClientConfig,
  type DatabaseHandle,
} from '../../src/platform/database/connection.js';
import { migrateToLatest } from '../../src/platform/database/migrate.js';

/** PostgreSQL server for the suite; the PostgreSQL half of the suite is skipped when unset. */
export const POSTGRES_URL = process.env.NOHAVEN_TEST_DATABASE_URL ?? null;

/** A database made for one test file (or one test), dropped again by `dispose`. */
export interface TestDatabase {
  readonly handle: DatabaseHandle;
  /** The URL a child process can use (null for SQLite: use `dataDir`). */
  readonly url: string | null;
  readonly dataDir: string;
  dispose(): Promise<void>;
}

export interface TestDialect {
  readonly name: 'sqlite' | 'postgres';
  /** A fresh, empty database; migrated unless `migrate: false`. */
  create(options?: { migrate?: boolean }): Promise<TestDatabase>;
}

const sqlite: TestDialect = {
  name: 'sqlite',
  async create(options) {
    const dataDir = mkdtempSync(join(tmpdir(), 'nohaven-test-'));
    const handle = openDatabase({ url: null, dataDir });
    if (options?.migrate !== false) await migrateToLatest(handle);
    return {
      handle,
      url: null,
      dataDir,
      async dispose() {
        await handle.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  },
};

const postgres: TestDialect = {
  name: 'postgres',
  async create(options) {
    if (POSTGRES_URL === null) throw new Error('NOHAVEN_TEST_DATABASE_URL is not set');
    const name = `nh_test_${randomBytes(6).toString('hex')}`;
    await adminQuery(`CREATE DATABASE ${name}`);
    const url = withDatabase(POSTGRES_URL, name);
    const dataDir = mkdtempSync(join(tmpdir(), 'nohaven-test-'));
    const handle = openDatabase({ url, dataDir });
    if (options?.migrate !== false) await migrateToLatest(handle);
    return {
      handle,
      url,
      dataDir,
      async dispose() {
        await handle.close();
        await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  },
};

/**
 * The engines the suite runs against, like Kysely's `DIALECTS`. Filter with
 * `NOHAVEN_TEST_DIALECTS=sqlite` or `=postgres`; PostgreSQL needs `NOHAVEN_TEST_DATABASE_URL`.
 */
const SELECTED: readonly TestDialect[] = [sqlite, postgres].filter((d) => {
  const only = process.env.NOHAVEN_TEST_DIALECTS?.split(',').map((s) => s.trim());
  return !only || only.includes(d.name);
});

function available(d: TestDialect): boolean {
  return d.name === 'sqlite' || POSTGRES_URL !== null;
}

export const DIALECTS: readonly TestDialect[] = SELECTED.filter(available);

/**
 * Declares the same suite once per engine. An engine that is not configured shows up as
 * skipped in the report (PostgreSQL without `NOHAVEN_TEST_DATABASE_URL`), never silently absent.
 */
export function describeDialects(title: string, body: (dialect: TestDialect) => void): void {
  for (const d of SELECTED) {
    describe.skipIf(!available(d))(`${title} [${d.name}]`, () => body(d));
  }
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client(postgresClientConfig(POSTGRES_URL!));
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
