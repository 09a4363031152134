import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { postgresClientConfig } from '../../src/platform/database/connection.js';
import type { TestDatabase } from './dialects.js';

/**
 * Every place in the raw database contents where one of `needles` occurs: each table's every
 * text, JSON and binary value read through the raw driver (better-sqlite3 or pg, not Kysely),
 * and for SQLite also the bytes of the database files (main file and write-ahead log).
 */
export async function scanRawDatabase(
  db: TestDatabase,
  needles: readonly string[],
): Promise<{ hits: string[]; tables: number; values: number }> {
  const hits: string[] = [];
  let values = 0;
  let tables = 0;
  const look = (where: string, value: unknown) => {
    if (value === null || value === undefined) return;
    const text = Buffer.isBuffer(value)
      ? value.toString('latin1')
      : typeof value === 'object'
        ? JSON.stringify(value)
        : String(value);
    values++;
    for (const n of needles) if (text.includes(n)) hits.push(`${where}: ${n}`);
  };
  if (db.url === null) {
    const file = join(db.dataDir, 'nohaven.sqlite');
    const raw = new SQLite(file, { readonly: true, fileMustExist: true });
    try {
      const names = raw.prepare("select name from sqlite_master where type = 'table'").all() as {
        name: string;
      }[];
      for (const { name } of names) {
        tables++;
        for (const row of raw.prepare(`select * from "${name}"`).all() as Record<string, unknown>[])
          for (const [col, v] of Object.entries(row)) look(`${name}.${col}`, v);
      }
    } finally {
      raw.close();
    }
    for (const f of readdirSync(db.dataDir).filter((n) => n.startsWith('nohaven.sqlite')))
      look(`file ${f}`, readFileSync(join(db.dataDir, f)));
  } else {
    const client = new pg.Client(postgresClientConfig(db.url, 1));
    await client.connect();
    try {
      const names = await client.query<{ table_name: string }>(
        "select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'",
      );
      for (const { table_name: name } of names.rows) {
        tables++;
        const rows = await client.query<Record<string, unknown>>(`select * from "${name}"`);
        for (const row of rows.rows)
          for (const [col, v] of Object.entries(row)) look(`${name}.${col}`, v);
      }
    } finally {
      await client.end();
    }
  }
  return { hits, tables, values };
}
