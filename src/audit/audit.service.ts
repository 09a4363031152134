import { sql, type Kysely, type Transaction } from 'kysely';
import { actorLabel, type Actor } from '../platform/actor.js';
import { takeWriteLock } from '../platform/database/write-transaction.js';
import type { DialectCapabilities } from '../platform/database/capabilities.js';
import type { Database } from '../platform/database/schema.js';
import { DomainError } from '../platform/errors.js';
import type { Clock } from '../platform/ports.js';
import { GENESIS_HASH, canonicalJson, entryHash } from './audit.hash.js';
import type {
  AuditEntryInput,
  AuditEntryView,
  AuditLog,
  AuditQuery,
  AuditVerification,
} from './audit.types.js';
import { verifyChain } from './audit.verify.js';
import { BREAK_GLASS_ACTIONS } from './audit.types.js';
import { redactEntry } from './audit-redaction.js';

export type {
  AuditEntryInput,
  AuditEntryView,
  AuditLog,
  AuditQuery,
  AuditVerification,
} from './audit.types.js';

export interface AuditLogDeps {
  readonly db: Kysely<Database>;
  readonly capabilities: DialectCapabilities;
  readonly clock: Clock;
  /** Rows read per query by `verify()`; default 5000. */
  readonly pageSize?: number;
}

/** Key of the PostgreSQL advisory lock that serialises appends across processes ("nhaudit"). */
const CHAIN_LOCK_KEY = 0x6e686175;
const MAX_LIST = 1000;

/** The audit log over the `audit_log` table (see {@link AuditLog} for the contract). */
export function createAuditLog(deps: AuditLogDeps): AuditLog {
  const { db, capabilities, clock } = deps;
  const pageSize = deps.pageSize ?? 5000;

  /**
   * Makes this transaction the only appender until it ends. With row locks (PostgreSQL) a
   * transaction-scoped advisory lock; otherwise (SQLite) a no-op write, which takes the
   * database's single writer lock at once instead of upgrading a read snapshot later.
   */
  async function lockChain(trx: Kysely<Database>): Promise<void> {
    if (capabilities.supportsAdvisoryLocks) {
      await sql`select pg_advisory_xact_lock(${sql.lit(CHAIN_LOCK_KEY)})`.execute(trx);
    }
    if (capabilities.beginImmediate) await takeWriteLock(trx);
  }

  async function appendIn(
    trx: Kysely<Database>,
    actor: Actor | null,
    entry: AuditEntryInput,
  ): Promise<void> {
    await lockChain(trx);
    const last = await trx
      .selectFrom('audit_log')
      .select(['seq', 'hash'])
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    const fields = {
      seq: (last?.seq ?? 0) + 1,
      at: clock.now().toISOString(),
      actor: actor === null ? 'anonymous' : actorLabel(actor),
      action: entry.action,
      target: entry.target ?? null,
      reason: entry.reason ?? null,
      details: entry.details === undefined ? null : canonicalJson(entry.details),
      prev_hash: last?.hash ?? GENESIS_HASH,
    };
    await trx
      .insertInto('audit_log')
      .values({ ...fields, hash: entryHash(fields) })
      .execute();
  }

  return {
    async append(executor, actor, entry) {
      if (executor.isTransaction) {
        await appendIn(executor, actor, entry);
      } else {
        await executor
          .transaction()
          .execute((trx: Transaction<Database>) => appendIn(trx, actor, entry));
      }
    },

    verify(): Promise<AuditVerification> {
      return verifyChain(db, pageSize);
    },

    async list(actor: Actor, query: AuditQuery) {
      if (actor.role !== 'oversight' && actor.role !== 'admin') {
        throw new DomainError(
          'NH_ERR_FORBIDDEN',
          'only oversight and admin may read the audit log',
        );
      }
      const limit = Math.min(Math.max(Math.trunc(query.limit ?? 100), 1), MAX_LIST);
      let q = db
        .selectFrom('audit_log')
        .selectAll()
        .where('seq', '>', query.afterSeq ?? 0)
        .orderBy('seq')
        .limit(limit);
      if (query.action !== undefined) q = q.where('action', '=', query.action);
      if (query.actor !== undefined) q = q.where('actor', '=', query.actor);
      if (query.target !== undefined) q = q.where('target', '=', query.target);
      if (query.from !== undefined) q = q.where('at', '>=', isoTime(query.from, 'from'));
      if (query.to !== undefined) q = q.where('at', '<', isoTime(query.to, 'to'));
      if (query.breakGlass) q = q.where('action', 'in', [...BREAK_GLASS_ACTIONS]);
      const rows = await q.execute();
      const stored: AuditEntryView[] = rows.map((r) => ({
        seq: r.seq,
        at: r.at,
        actor: r.actor,
        action: r.action,
        target: r.target,
        reason: r.reason,
        details: r.details === null ? null : (JSON.parse(r.details) as Record<string, unknown>),
        prevHash: r.prev_hash,
        hash: r.hash,
      }));
      const entries = actor.role === 'oversight' ? stored.map((e) => redactEntry(e)) : stored;
      const lastEntry = entries[entries.length - 1];
      return {
        entries,
        nextAfterSeq: entries.length === limit && lastEntry ? lastEntry.seq : null,
      };
    },
  };
}

/** An RFC 3339 time as stored (`toISOString`), or NH_ERR_VALIDATION naming the parameter. */
export function isoTime(text: string, name: string): string {
  const t = Date.parse(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(t)) {
    throw new DomainError('NH_ERR_VALIDATION', `${name} is not a time`, [
      { path: name, message: 'must be an RFC 3339 time or a date, e.g. 2026-11-01T00:00:00Z' },
    ]);
  }
  return new Date(t).toISOString();
}
