import { sql, type RawBuilder } from 'kysely';
import type { DialectCapabilities } from './capabilities.js';

/**
 * The text of a top-level member of a JSON text column, written the same way in an index and
 * in the queries that must use it: `json_extract(col, '$.key')` (SQLite) or
 * `(col::jsonb ->> 'key')` (PostgreSQL). `key` is a constant of the code, never user input.
 */
export function jsonTextMember(
  caps: DialectCapabilities,
  column: string,
  key: string,
): RawBuilder<string | null> {
  if (!/^[a-z_]+$/.test(key)) throw new RangeError(`not a JSON member name: ${key}`);
  return caps.jsonMembers === 'json_extract'
    ? sql<string | null>`json_extract(${sql.ref(column)}, ${sql.lit(`$.${key}`)})`
    : sql<string | null>`(${sql.ref(column)}::jsonb ->> ${sql.lit(key)})`;
}
