import type { Kysely } from 'kysely';
import type { AuditLog } from '../audit/audit.service.js';
import { requireRole } from '../auth/roles.js';
import { actorLabel, type Actor } from '../platform/actor.js';
import type { DialectCapabilities } from '../platform/database/capabilities.js';
import type { Database } from '../platform/database/schema.js';
import { inWriteTransaction } from '../platform/database/write-transaction.js';
import type { Clock, RandomSource } from '../platform/ports.js';
import type { RetentionRule } from './oversight.settings.js';
import { withOversightTables } from './oversight.tables.js';
import type { RetentionSource } from './retention-sources.js';

export interface RetentionDeps {
  readonly db: Kysely<Database>;
  readonly capabilities: DialectCapabilities;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly rules: readonly RetentionRule[];
  readonly sources: readonly RetentionSource[];
  /** Items handled per call of `run` before it returns (the rest stays planned). */
  readonly batchSize: number;
}

export interface PlannedDeletion {
  readonly category: string;
  readonly basis: string;
  readonly action: 'delete' | 'anonymise';
  readonly targetId: string;
  readonly label: string;
  readonly dueAt: string;
  /** Due now (the next run handles it) or later. */
  readonly due: boolean;
}

export interface RetentionRunResult {
  readonly runId: string | null;
  /** Whether this call resumed a run an earlier call left unfinished. */
  readonly resumed: boolean;
  readonly applied: number;
  /** Items re-checked and no longer due (e.g. a case reopened since the plan). */
  readonly skipped: number;
  /** Items still planned (the next call continues). */
  readonly remaining: number;
}

/**
 * Retention (issue 8, item 3). `plan` lists, per rule, what will be deleted or anonymised and
 * when. `run` snapshots what is due into a persistent plan (`retention_items`) and works through
 * it one item per transaction: the item is re-checked against the current data (never deleting
 * what is no longer due), its data removed, an audit entry with the rule's legal basis written
 * and the item marked `applied` — all or nothing; then the after-commit work (federation
 * withdrawal) runs and the item is `done`. A run cut off at any point resumes from its items:
 * `applied` items redo only their after-commit work, `pending` ones their whole step.
 */
export interface RetentionService {
  plan(actor: Actor): Promise<PlannedDeletion[]>;
  run(actor: Actor): Promise<RetentionRunResult>;
}

export function createRetentionService(deps: RetentionDeps): RetentionService {
  const db = withOversightTables(deps.db);
  const sourceOf = (category: string) => deps.sources.find((s) => s.category === category);
  const ruleOf = (category: string, basis: string) =>
    deps.rules.find((r) => r.category === category && r.basis === basis);

  /** What the rules cover — or, `dueOnly`, what is due at `now` (sources may read less). */
  async function planAll(now: Date, dueOnly = false): Promise<PlannedDeletion[]> {
    const seen = new Set<string>();
    const out: PlannedDeletion[] = [];
    for (const rule of deps.rules) {
      const source = sourceOf(rule.category);
      if (!source) continue;
      for (const c of await source.candidates(
        deps.db,
        rule,
        undefined,
        dueOnly ? now : undefined,
      )) {
        // The first rule that covers a record applies.
        const key = `${rule.category}:${c.targetId}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({
          category: rule.category,
          basis: rule.basis,
          action: source.action,
          ...c,
          due: Date.parse(c.dueAt) <= now.getTime(),
        });
      }
    }
    return out.sort(
      (a, b) => a.dueAt.localeCompare(b.dueAt) || a.targetId.localeCompare(b.targetId),
    );
  }

  /** The unfinished run, or a new one holding what is due now (null: nothing due). */
  async function openRun(actor: Actor, now: Date) {
    const open = await db
      .selectFrom('retention_runs')
      .selectAll()
      .where('finished_at', 'is', null)
      .orderBy('started_at')
      .executeTakeFirst();
    if (open) return { id: open.id, resumed: true };
    const due = (await planAll(now, true)).filter((p) => p.due);
    if (due.length === 0) return null;
    const id = deps.random.uuid();
    await inWriteTransaction(deps.db, deps.capabilities, async (trx) => {
      const t = withOversightTables(trx);
      await t
        .insertInto('retention_runs')
        .values({
          id,
          started_at: now.toISOString(),
          started_by: actorLabel(actor),
          finished_at: null,
          items: due.length,
        })
        .execute();
      for (let i = 0; i < due.length; i += 200)
        await t
          .insertInto('retention_items')
          .values(
            due.slice(i, i + 200).map((p, j) => ({
              run_id: id,
              seq: i + j + 1,
              category: p.category,
              basis: p.basis,
              action: p.action,
              target_id: p.targetId,
              due_at: p.dueAt,
              status: 'pending',
              applied_at: null,
            })),
          )
          .execute();
      await deps.audit.append(trx, actor, {
        action: 'retention.run.start',
        target: id,
        details: { items: due.length },
      });
    });
    return { id, resumed: false };
  }

  type Item = { seq: number; category: string; basis: string; target_id: string; due_at: string };

  /** One item's step in its own transaction; answers whether it was applied. */
  async function applyItem(actor: Actor, runId: string, item: Item, now: Date) {
    const source = sourceOf(item.category);
    const rule = ruleOf(item.category, item.basis);
    return inWriteTransaction(deps.db, deps.capabilities, async (trx) => {
      const t = withOversightTables(trx);
      const current = await t
        .selectFrom('retention_items')
        .select('status')
        .where('run_id', '=', runId)
        .where('seq', '=', item.seq)
        .executeTakeFirst();
      if (current?.status !== 'pending') return current?.status === 'applied';
      const still =
        source && rule ? (await source.candidates(trx, rule, item.target_id))[0] : undefined;
      const due = still !== undefined && Date.parse(still.dueAt) <= now.getTime();
      const set = (status: string) =>
        t
          .updateTable('retention_items')
          .set({ status, applied_at: now.toISOString() })
          .where('run_id', '=', runId)
          .where('seq', '=', item.seq)
          .execute();
      if (!due || !source) {
        await set('skipped');
        return false;
      }
      const removed = await source.apply(trx, item.target_id);
      await deps.audit.append(trx, actor, {
        action: source.action === 'delete' ? 'retention.delete' : 'retention.anonymise',
        target: item.target_id,
        details: {
          run: runId,
          category: item.category,
          basis: item.basis,
          dueAt: still.dueAt,
          label: still.label,
          ...removed,
        },
      });
      await set('applied');
      return true;
    });
  }

  async function finishItem(runId: string, item: Item) {
    await sourceOf(item.category)?.after?.(item.target_id);
    await db
      .updateTable('retention_items')
      .set({ status: 'done' })
      .where('run_id', '=', runId)
      .where('seq', '=', item.seq)
      .execute();
  }

  return {
    async plan(actor) {
      requireRole(actor, 'oversight', 'admin');
      return planAll(deps.clock.now());
    },

    async run(actor) {
      requireRole(actor, 'oversight', 'admin');
      const now = deps.clock.now();
      const run = await openRun(actor, now);
      if (!run) return { runId: null, resumed: false, applied: 0, skipped: 0, remaining: 0 };
      const items = await db
        .selectFrom('retention_items')
        .select(['seq', 'category', 'basis', 'target_id', 'due_at', 'status'])
        .where('run_id', '=', run.id)
        .where('status', 'in', ['pending', 'applied'])
        .orderBy('seq')
        .limit(deps.batchSize)
        .execute();
      let applied = 0;
      let skipped = 0;
      for (const item of items) {
        if (item.status === 'pending') {
          if (await applyItem(actor, run.id, item, now)) applied++;
          else {
            skipped++;
            continue;
          }
        }
        await finishItem(run.id, item);
      }
      const left = await db
        .selectFrom('retention_items')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('run_id', '=', run.id)
        .where('status', 'in', ['pending', 'applied'])
        .executeTakeFirstOrThrow();
      const remaining = Number(left.n);
      if (remaining === 0)
        await inWriteTransaction(deps.db, deps.capabilities, async (trx) => {
          await withOversightTables(trx)
            .updateTable('retention_runs')
            .set({ finished_at: deps.clock.now().toISOString() })
            .where('id', '=', run.id)
            .execute();
          await deps.audit.append(trx, actor, { action: 'retention.run.finish', target: run.id });
        });
      return { runId: run.id, resumed: run.resumed, applied, skipped, remaining };
    },
  };
}
