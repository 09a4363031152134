/**
 * What differs between the two engines, in one place (like Kysely's `DialectAdapter`).
 * Code asks these questions instead of testing which engine it runs on.
 */
export interface DialectCapabilities {
  readonly name: 'sqlite' | 'postgres';
  /** SQL type of an auto-incrementing 64-bit integer primary key column. */
  readonly autoIncrementType: 'integer' | 'bigserial';
  /** `INSERT … RETURNING` is available. */
  readonly supportsReturning: boolean;
  /** `SELECT … FOR UPDATE` row locks (SQLite serialises writers instead). */
  readonly supportsRowLocks: boolean;
  /** Several processes may write concurrently (and must coordinate through the database). */
  readonly multiProcess: boolean;
  /** Transaction-scoped advisory locks (`pg_advisory_xact_lock`) to serialise writers of the same keys. */
  readonly supportsAdvisoryLocks: boolean;
  /**
   * Write transactions must start with `BEGIN IMMEDIATE` (SQLite: take the write lock up front,
   * so that a second process waits on the busy timeout instead of failing mid-transaction).
   */
  readonly beginImmediate: boolean;
  /** How bind parameters are written in SQL text: `?` (SQLite) or `$1, $2, …` (PostgreSQL). */
  readonly parameterStyle: 'question' | 'numbered';
  /** Most bind parameters one statement may carry. */
  readonly maxBindParameters: number;
  /** Case-insensitive LIKE operator. */
  readonly caseInsensitiveLike: 'like' | 'ilike';
  /** How a member of a JSON text column is read (`json-member.ts`). */
  readonly jsonMembers: 'json_extract' | 'jsonb';
}

export const SQLITE_CAPABILITIES: DialectCapabilities = Object.freeze({
  name: 'sqlite',
  autoIncrementType: 'integer',
  supportsReturning: true,
  supportsRowLocks: false,
  multiProcess: false,
  supportsAdvisoryLocks: false,
  beginImmediate: true,
  parameterStyle: 'question',
  maxBindParameters: 32_000,
  caseInsensitiveLike: 'like',
  jsonMembers: 'json_extract',
});

export const POSTGRES_CAPABILITIES: DialectCapabilities = Object.freeze({
  name: 'postgres',
  autoIncrementType: 'bigserial',
  supportsReturning: true,
  supportsRowLocks: true,
  multiProcess: true,
  supportsAdvisoryLocks: true,
  beginImmediate: false,
  parameterStyle: 'numbered',
  maxBindParameters: 65_000,
  caseInsensitiveLike: 'ilike',
  jsonMembers: 'jsonb',
});
