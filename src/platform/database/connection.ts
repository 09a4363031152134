import { mkdirSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql, type SqliteDatabase } from 'kysely';
import pg from 'pg';
import { parse as parseConnectionString } from 'pg-connection-string';
import {
  POSTGRES_CAPABILITIES,
  SQLITE_CAPABILITIES,
  type DialectCapabilities,
} from './capabilities.js';
import type { Database } from './schema.js';

/** An open database: the Kysely instance, what its engine can do, and how to close it. */
export interface DatabaseHandle {
  readonly db: Kysely<Database>;
  readonly capabilities: DialectCapabilities;
  /** Where the data lives, passwords masked (for logs and `config check`). */
  readonly location: string;
  /** Engine-level consistency check; returns the problems found (empty when sound). */
  integrityCheck(): Promise<string[]>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** `postgres://…`, or null for the SQLite file `nohaven.sqlite` in `dataDir`. */
  readonly url: string | null;
  readonly dataDir: string;
  /** Overrides the SQLite file (`:memory:` in unit tests). */
  readonly sqliteFile?: string;
}

// int8 (COUNT(*), bigserial) as numbers: our sequences stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));

export function openDatabase(options: DatabaseOptions): DatabaseHandle {
  return options.url === null ? openSqlite(options) : openPostgres(options.url);
}

function openSqlite(options: DatabaseOptions): DatabaseHandle {
  let file = options.sqliteFile;
  if (file === undefined) {
    mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
    file = join(options.dataDir, 'nohaven.sqlite');
  }
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  // FULL: an acknowledged transaction survives a crash of the process or of the machine.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 10000');
  applySqliteCachePragmas(sqlite);
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: withStatementCache(sqlite) }),
  });
  return {
    db,
    capabilities: SQLITE_CAPABILITIES,
    location: file,
    async integrityCheck() {
      const rows = sqlite.pragma('integrity_check') as { integrity_check: string }[];
      return rows.map((r) => r.integrity_check).filter((r) => r !== 'ok');
    },
    async close() {
      await db.destroy();
    },
  };
}

/**
 * 64 MiB of page cache (SQLite's default is 2 MiB) and temporary tables in memory. Object ids
 * are random UUIDs, so bulk writes touch index pages all over the file: with the default
 * cache, a large import spends its time re-reading pages it has just evicted.
 */
export function applySqliteCachePragmas(sqlite: SQLite.Database): void {
  sqlite.pragma('cache_size = -65536');
  sqlite.pragma('temp_store = MEMORY');
}

/**
 * Client settings for a `postgres://` URL. A URL without a user name (a socket URL such as
 * `postgres:///nohaven?host=/var/run/postgresql`) connects as the operating-system user, as
 * libpq does.
 */
export function postgresClientConfig(url: string, max = 10): pg.PoolConfig {
  const parsed = parseConnectionString(url);
  const config: pg.PoolConfig = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (value !== null && value !== undefined) (config as Record<string, unknown>)[key] = value;
  }
  return { ...config, user: parsed.user || userInfo().username, max };
}

/**
 * better-sqlite3 prepares a statement on every call; Kysely asks for one per query. Bulk
 * writes send the same large multi-row statements again and again, so keep the most recent
 * ones prepared. Safe because Kysely runs one query at a time on the SQLite connection.
 */
function withStatementCache(sqlite: SQLite.Database, size = 200): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string) {
      let statement = cache.get(text);
      if (statement) {
        cache.delete(text); // most recently used goes last
      } else {
        statement = sqlite.prepare(text);
        if (cache.size >= size) cache.delete(cache.keys().next().value!);
      }
      cache.set(text, statement);
      return statement;
    },
  };
}

function openPostgres(url: string): DatabaseHandle {
  const pool = new pg.Pool(postgresClientConfig(url, 10));
  // An idle connection that the server drops (restart, administrator command) must not crash
  // the process: the pool discards it and the next query opens a new one.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const masked = new URL(url);
  if (masked.password) masked.password = '****';
  return {
    db,
    capabilities: POSTGRES_CAPABILITIES,
    location: masked.toString(),
    async integrityCheck() {
      // PostgreSQL keeps its own consistency; check that our constraints still hold.
      const dup = await sql<{ n: number }>`
        select count(*) as n from (
          select id from stix_objects where is_latest = 1 group by id having count(*) > 1
        ) d`.execute(db);
      const n = dup.rows[0]?.n ?? 0;
      return n === 0 ? [] : [`${n} STIX ids have more than one latest version`];
    },
    async close() {
      await db.destroy();
    },
  };
}
