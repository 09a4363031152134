import type { Kysely, Selectable } from 'kysely';
import { requireRole } from '../auth/roles.js';
import type { NodeEvents } from '../notify/event-bus.js';
import type { Actor } from '../platform/actor.js';
import type { AuditAlertTable, Database } from '../platform/database/schema.js';
import type { Clock, RandomSource } from '../platform/ports.js';
import {
  AFTER_HOURS_ACTIONS,
  OUTSIDE_CASE_ACTIONS,
  READ_ACTIONS,
  evaluateWindow,
  outsideCases,
  type AlertEntry,
  type AlertRule,
  type AlertSettings,
} from './audit-alert-rules.js';

/** An unusual-access alert as oversight reads it. */
export interface AuditAlertView {
  readonly id: string;
  readonly rule: AlertRule;
  readonly subject: string;
  readonly windowStart: string;
  readonly windowEnd: string;
  readonly count: number;
  readonly message: string;
  readonly seqs: number[];
  readonly createdAt: string;
}

export interface AuditAlertService {
  /** Evaluates every whole window not evaluated yet (at most a day's worth per call). */
  tick(): Promise<number>;
  /** Newest first (oversight, admin). */
  list(actor: Actor, query: { limit?: number }): Promise<AuditAlertView[]>;
  /** Alerts by id, for the live stream. */
  byIds(ids: readonly string[]): Promise<AuditAlertView[]>;
}

const CURSOR_KEY = 'audit.alerts.evaluated-until';

export function createAuditAlertService(deps: {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly events: NodeEvents;
  readonly settings: AlertSettings;
}): AuditAlertService {
  const { db, settings } = deps;
  const windowMs = settings.windowSeconds * 1000;

  async function entries(
    from: string,
    to: string,
    actions: readonly string[],
  ): Promise<AlertEntry[]> {
    const rows = await db
      .selectFrom('audit_log')
      .select(['seq', 'at', 'actor', 'action', 'details'])
      .where('at', '>=', from)
      .where('at', '<', to)
      .where('action', 'in', [...actions])
      .orderBy('seq')
      .execute();
    return rows.map((r) => {
      const details =
        r.details === null ? null : (JSON.parse(r.details) as Record<string, unknown>);
      const count = typeof details?.count === 'number' && details.count >= 0 ? details.count : 1;
      const outside = outsideCases(r.action, details);
      return { seq: r.seq, at: r.at, actor: r.actor, action: r.action, count, outside };
    });
  }

  const view = (r: Selectable<AuditAlertTable>): AuditAlertView => ({
    id: r.id,
    rule: r.rule as AlertRule,
    subject: r.subject,
    windowStart: r.window_start,
    windowEnd: r.window_end,
    count: Number(r.count),
    message: r.message,
    seqs: (JSON.parse(r.details) as { seqs: number[] }).seqs,
    createdAt: r.created_at,
  });

  return {
    async tick() {
      const now = deps.clock.now().getTime();
      const cursor = await db
        .selectFrom('node_settings')
        .select('value')
        .where('key', '=', CURSOR_KEY)
        .executeTakeFirst();
      let start = cursor
        ? Date.parse(cursor.value)
        : Math.floor(now / windowMs) * windowMs - windowMs;
      const created: string[] = [];
      const limit = Math.max(1, Math.ceil(86_400_000 / windowMs));
      for (let n = 0; n < limit && start + windowMs <= now; n++, start += windowMs) {
        const from = new Date(start).toISOString();
        const to = new Date(start + windowMs).toISOString();
        const current = await entries(from, to, [
          ...READ_ACTIONS,
          ...AFTER_HOURS_ACTIONS,
          ...OUTSIDE_CASE_ACTIONS,
        ]);
        if (current.length === 0) continue;
        const baselineFrom = new Date(start - settings.baselineDays * 86_400_000).toISOString();
        const baseline = await entries(baselineFrom, from, READ_ACTIONS);
        for (const f of evaluateWindow({
          windowStart: new Date(start),
          settings,
          current,
          baseline,
        })) {
          const id = deps.random.uuid();
          const result = await db
            .insertInto('audit_alerts')
            .values({
              id,
              key: f.key,
              rule: f.rule,
              subject: f.subject,
              window_start: f.windowStart,
              window_end: f.windowEnd,
              count: f.count,
              message: f.message,
              details: JSON.stringify(f.details),
              created_at: deps.clock.now().toISOString(),
            })
            .onConflict((oc) => oc.column('key').doNothing())
            .executeTakeFirst();
          if (Number(result.numInsertedOrUpdatedRows ?? 0) > 0) created.push(id);
        }
      }
      const until = new Date(start).toISOString();
      await db
        .insertInto('node_settings')
        .values({ key: CURSOR_KEY, value: until })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: until }))
        .execute();
      if (created.length > 0) deps.events.publish({ kind: 'audit.alert', alertIds: created });
      return created.length;
    },

    async list(actor, query) {
      requireRole(actor, 'oversight', 'admin');
      const limit = Math.min(Math.max(Math.trunc(query.limit ?? 100), 1), 1000);
      const rows = await db
        .selectFrom('audit_alerts')
        .selectAll()
        .orderBy('created_at', 'desc')
        .orderBy('window_start', 'desc')
        .limit(limit)
        .execute();
      return rows.map(view);
    },

    async byIds(ids) {
      if (ids.length === 0) return [];
      const rows = await db
        .selectFrom('audit_alerts')
        .selectAll()
        .where('id', 'in', [...ids])
        .execute();
      return rows.map(view);
    },
  };
}
