import type { Kysely } from 'kysely';
import type { AuditLog } from '../audit/audit.types.js';
import type { Actor } from '../platform/actor.js';
import type { DialectCapabilities } from '../platform/database/capabilities.js';
import type { Database } from '../platform/database/schema.js';
import { inWriteTransaction } from '../platform/database/write-transaction.js';
import { DomainError } from '../platform/errors.js';
import type { Clock, RandomSource } from '../platform/ports.js';

/** Shortest accepted reason, so that "x" is not a reason. */
export const BREAK_GLASS_MIN_REASON = 20;
/** How long a break-glass window stays open. */
export const BREAK_GLASS_MINUTES = 15;

export interface BreakGlassWindow {
  readonly id: string;
  readonly reason: string;
  readonly openedAt: string;
  readonly expiresAt: string;
}

export interface BreakGlassService {
  /**
   * Opens a window for an admin user: for {@link BREAK_GLASS_MINUTES} minutes the admin reads
   * beyond their own reach; opening is audited with the reason, and every read that only the
   * window allowed is audited again with it. Replaces a window already open.
   */
  open(actor: Actor, reason: string): Promise<BreakGlassWindow>;
  /** Closes the actor's open window (audited); a no-op answer `false` when none is open. */
  close(actor: Actor): Promise<boolean>;
  /** The actor's open window, or null (expired windows are closed). */
  active(actor: Actor): Promise<BreakGlassWindow | null>;
}

export function createBreakGlassService(deps: {
  readonly db: Kysely<Database>;
  readonly capabilities: DialectCapabilities;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly random: RandomSource;
}): BreakGlassService {
  const { db, audit, clock, random } = deps;

  async function current(userId: string): Promise<BreakGlassWindow | null> {
    const row = await db
      .selectFrom('break_glass_windows')
      .selectAll()
      .where('user_id', '=', userId)
      .where('closed_at', 'is', null)
      .where('expires_at', '>', clock.now().toISOString())
      .orderBy('opened_at', 'desc')
      .executeTakeFirst();
    return row
      ? { id: row.id, reason: row.reason, openedAt: row.opened_at, expiresAt: row.expires_at }
      : null;
  }

  return {
    async open(actor, reason) {
      if (actor.kind !== 'user' || actor.role !== 'admin') {
        throw new DomainError(
          'NH_ERR_FORBIDDEN',
          'only an admin user may open a break-glass window',
        );
      }
      const text = reason.trim();
      if (text.length < BREAK_GLASS_MIN_REASON) {
        throw new DomainError(
          'NH_ERR_VALIDATION',
          `reason: state why you need to read beyond your reach in at least ${BREAK_GLASS_MIN_REASON} characters`,
          [{ path: 'reason', message: `at least ${BREAK_GLASS_MIN_REASON} characters` }],
        );
      }
      const now = clock.now();
      const window: BreakGlassWindow = {
        id: random.uuid(),
        reason: text,
        openedAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + BREAK_GLASS_MINUTES * 60_000).toISOString(),
      };
      await inWriteTransaction(db, deps.capabilities, async (trx) => {
        await trx
          .updateTable('break_glass_windows')
          .set({ closed_at: window.openedAt })
          .where('user_id', '=', actor.userId)
          .where('closed_at', 'is', null)
          .execute();
        await trx
          .insertInto('break_glass_windows')
          .values({
            id: window.id,
            user_id: actor.userId,
            reason: window.reason,
            opened_at: window.openedAt,
            expires_at: window.expiresAt,
            closed_at: null,
          })
          .execute();
        await audit.append(trx, actor, {
          action: 'break-glass.open',
          target: window.id,
          reason: window.reason,
          details: { expiresAt: window.expiresAt },
        });
      });
      return window;
    },

    async close(actor) {
      if (actor.kind !== 'user') return false;
      const open = await current(actor.userId);
      if (!open) return false;
      await inWriteTransaction(db, deps.capabilities, async (trx) => {
        await trx
          .updateTable('break_glass_windows')
          .set({ closed_at: clock.now().toISOString() })
          .where('id', '=', open.id)
          .execute();
        await audit.append(trx, actor, {
          action: 'break-glass.close',
          target: open.id,
          reason: open.reason,
        });
      });
      return true;
    },

    async active(actor) {
      if (actor.kind !== 'user' || actor.role !== 'admin') return null;
      return current(actor.userId);
    },
  };
}
