import { sql, type Kysely } from 'kysely';
import { withCooperationTables } from '../cooperation/cooperation.tables.js';
import { caseDb } from '../cases/case.tables.js';
import { objectVersionsRepository as versionsRepo } from '../objects/object-versions.repository.js';
import { feedLogRepository as feedLog } from '../federation/feed-log.repository.js';
import type { EvidenceStore } from '../cases/evidence-store.js';
import { requestScope } from '../cooperation/personal-fields.js';
import { caseScope } from '../cases/case-subject.repository.js';
import type { DialectCapabilities } from '../platform/database/capabilities.js';
import { jsonTextMember } from '../platform/database/json-member.js';
import type { Database } from '../platform/database/schema.js';
import { vaultOf } from '../privacy/privacy-vault.js';
import { withOversightTables } from './oversight.tables.js';
import type { RetentionCategory, RetentionRule } from './oversight.settings.js';

/** One record a rule covers, and when it falls due. */
export interface RetentionCandidate {
  readonly targetId: string;
  /** What the record is, without its personal data (`R4 request, released`). */
  readonly label: string;
  readonly dueAt: string;
}

/**
 * How retention handles one data category. `candidates` lists the records the rule covers
 * that retention has not yet handled (all, or only `targetId`); `apply` runs inside the item's
 * transaction and answers what it removed, for the audit entry; `after` runs after commit,
 * must be idempotent (an interrupted run calls it again) and is where federation is told.
 */
export interface RetentionSource {
  readonly category: RetentionCategory;
  readonly action: 'delete' | 'anonymise';
  candidates(
    db: Kysely<Database>,
    rule: RetentionRule,
    targetId?: string,
    /** Only records due by then are needed (a source may still answer more). */
    dueBy?: Date,
  ): Promise<RetentionCandidate[]>;
  apply(trx: Kysely<Database>, targetId: string): Promise<Record<string, unknown>>;
  after?(targetId: string): Promise<void>;
}

const DAY_MS = 86_400_000;

/** `dueBy - days`, rounded up to the next whole second, as STIX text (`…T12:00:01Z`). */
function cutoffText(dueBy: Date, days: number): string {
  const ms = Math.floor((dueBy.getTime() - days * DAY_MS) / 1000) * 1000 + 1000;
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/**
 * Deletes the files of `caseId`'s evidence that no other case still holds (a case retention
 * has anonymised holds none): the store is content-addressed, one file may serve two cases.
 */
async function removeEvidenceFiles(db: Kysely<Database>, store: EvidenceStore, caseId: string) {
  const t = caseDb(db);
  const own = await t
    .selectFrom('evidence_items')
    .select('sha256')
    .distinct()
    .where('case_id', '=', caseId)
    .execute();
  if (own.length === 0) return;
  const shas = own.map((r) => r.sha256);
  const others = await t
    .selectFrom('evidence_items')
    .select(['case_id', 'sha256'])
    .where('sha256', 'in', shas)
    .where('case_id', '!=', caseId)
    .execute();
  const erased = await handled(db, 'closed-case', [...new Set(others.map((o) => o.case_id))]);
  const kept = new Set(others.filter((o) => !erased.has(o.case_id)).map((o) => o.sha256));
  for (const sha of shas) if (!kept.has(sha)) await store.remove(sha);
}
const plusDays = (iso: string, days: number) =>
  new Date(Date.parse(iso) + days * DAY_MS).toISOString();

/** Targets of `category` whose personal data a finished item already removed. */
async function handled(db: Kysely<Database>, category: string, ids: readonly string[]) {
  if (ids.length === 0) return new Set<string>();
  const rows = await withOversightTables(db)
    .selectFrom('retention_items')
    .select('target_id')
    .where('category', '=', category)
    .where('status', 'in', ['applied', 'done'])
    .where('target_id', 'in', [...ids])
    .execute();
  return new Set(rows.map((r) => r.target_id));
}

/** A preservation request (R4, E2) released or expired: its content goes, its count stays. */
export const preservedDataSource: RetentionSource = {
  category: 'preserved-data',
  action: 'anonymise',
  async candidates(db, rule, targetId) {
    let q = withCooperationTables(db)
      .selectFrom('cooperation_requests')
      .select(['id', 'type', 'state', 'closed_at'])
      .where('type', 'in', [...rule.types])
      .where('state', 'in', ['released', 'expired'])
      .where('closed_at', 'is not', null);
    if (targetId !== undefined) q = q.where('id', '=', targetId);
    const rows = await q.orderBy('closed_at').execute();
    const done = await handled(
      db,
      'preserved-data',
      rows.map((r) => r.id),
    );
    return rows
      .filter((r) => !done.has(r.id))
      .map((r) => ({
        targetId: r.id,
        label: `${r.type} request, ${r.state}`,
        dueAt: plusDays(r.closed_at!, rule.afterDays),
      }));
  },
  async apply(trx, id) {
    const t = withCooperationTables(trx);
    await t
      .updateTable('cooperation_requests')
      .set({ fields: '{}' })
      .where('id', '=', id)
      .execute();
    await t
      .updateTable('cooperation_transitions')
      .set({ reason: null })
      .where('request_id', '=', id)
      .execute();
    const files = await t.deleteFrom('cooperation_files').where('request_id', '=', id).execute();
    const outbox = await t.deleteFrom('cooperation_outbox').where('request_id', '=', id).execute();
    // The messages received from the other node hold the request's fields in their signed copy.
    const inbound = await t
      .deleteFrom('cooperation_inbound')
      .where('request_id', '=', id)
      .execute();
    await vaultOf(trx).forgetIndex(trx, requestScope(id));
    return {
      kept: ['type', 'state', 'urgency', 'organisations', 'times', 'refusal grounds'],
      files: Number(files[0]?.numDeletedRows ?? 0),
      messages: Number(outbox[0]?.numDeletedRows ?? 0) + Number(inbound[0]?.numDeletedRows ?? 0),
    };
  },
};

export const ERASED_TITLE = '[erased under retention]';

/**
 * A closed case: its title, links, evidence names, the people it concerns (case subjects) and
 * the evidence files go; reference, owner, times and the evidence hashes and custody stay.
 * `after` deletes the files from the evidence store — a file another case still holds (the
 * store is content-addressed) stays; an interrupted run deletes the rest when it resumes.
 */
export function closedCaseSource(db: Kysely<Database>, store: EvidenceStore): RetentionSource {
  return {
    category: 'closed-case',
    action: 'anonymise',
    async candidates(db, rule, targetId) {
      let q = caseDb(db)
        .selectFrom('cases')
        .select(['id', 'reference', 'closed_at'])
        .where('status', '=', 'closed')
        .where('closed_at', 'is not', null);
      if (targetId !== undefined) q = q.where('id', '=', targetId);
      const rows = await q.orderBy('closed_at').execute();
      const done = await handled(
        db,
        'closed-case',
        rows.map((r) => r.id),
      );
      return rows
        .filter((r) => !done.has(r.id))
        .map((r) => ({
          targetId: r.id,
          label: `case ${r.reference}, closed`,
          dueAt: plusDays(r.closed_at!, rule.afterDays),
        }));
    },
    async apply(trx, id) {
      const t = caseDb(trx);
      await t
        .updateTable('cases')
        .set({ title: ERASED_TITLE, closed_reason: null })
        .where('id', '=', id)
        .execute();
      const links = await t.deleteFrom('case_links').where('case_id', '=', id).execute();
      const evidence = await t
        .updateTable('evidence_items')
        .set({ original_name: 'erased', description: null })
        .where('case_id', '=', id)
        .execute();
      const subjects = await trx
        .withTables<{ case_subjects: { case_id: string } }>()
        .deleteFrom('case_subjects')
        .where('case_id', '=', id)
        .execute();
      await vaultOf(trx).forgetIndex(trx, caseScope(id));
      return {
        kept: ['reference', 'owner', 'members', 'times', 'evidence hashes and custody'],
        links: Number(links[0]?.numDeletedRows ?? 0),
        evidenceItems: Number(evidence[0]?.numUpdatedRows ?? 0),
        subjects: Number(subjects[0]?.numDeletedRows ?? 0),
      };
    },
    async after(id) {
      // Runs after commit: the case is handled, so only other cases can still hold a file.
      await removeEvidenceFiles(db, store, id);
    },
  };
}

/**
 * The latest indicators with a `valid_until` — those due by `dueBy` when given — through the
 * partial index `stix_objects_indicator_valid_until` (migration 0020), whose expression and
 * predicate the query repeats literally so that both planners use it.
 */
export function indicatorsQuery(
  db: Kysely<Database>,
  caps: DialectCapabilities,
  afterDays: number,
  targetId?: string,
  dueBy?: Date,
) {
  const validUntil = jsonTextMember(caps, 'content', 'valid_until');
  let q = db
    .selectFrom('stix_objects')
    .select(['id', 'content'])
    .where('type', '=', sql.lit('indicator'))
    .where('is_latest', '=', sql.lit(1))
    .where(validUntil, 'is not', null);
  if (targetId !== undefined) q = q.where('id', '=', targetId);
  // STIX timestamps are UTC (`Z`, §3.2): text order is time order to the second, so the index
  // finds what expired before the next whole second; the exact time is decided after.
  if (dueBy !== undefined) q = q.where(validUntil, '<', cutoffText(dueBy, afterDays));
  // In the index's order, so that no planner prefers the index on (type, seq) to avoid a sort.
  return q.orderBy(validUntil).orderBy('id');
}

/**
 * A STIX indicator past its `valid_until` (STIX 2.1 §4.7) plus the period: every version is
 * deleted with what refers to it on this node; `after` withdraws it from the peers holding it.
 */
export function indicatorSource(
  caps: DialectCapabilities,
  withdraw: (objectId: string) => Promise<unknown>,
): RetentionSource {
  return {
    category: 'indicator',
    action: 'delete',
    async candidates(db, rule, targetId, dueBy) {
      const q = indicatorsQuery(db, caps, rule.afterDays, targetId, dueBy);
      const out: RetentionCandidate[] = [];
      for (const r of await q.execute()) {
        const validUntil = (JSON.parse(r.content) as { valid_until?: unknown }).valid_until;
        if (typeof validUntil !== 'string' || Number.isNaN(Date.parse(validUntil))) continue;
        out.push({
          targetId: r.id,
          label: 'indicator',
          dueAt: plusDays(new Date(validUntil).toISOString(), rule.afterDays),
        });
      }
      return out;
    },
    async apply(trx, id) {
      const seqs = await trx
        .selectFrom('stix_objects')
        .select('seq')
        .where('id', '=', id)
        .execute();
      await versionsRepo.deleteVersions(
        trx,
        id,
        seqs.map((r) => Number(r.seq)),
      );
      await trx.deleteFrom('object_recipients').where('object_id', '=', id).execute();
      await trx.deleteFrom('taxii_collection_objects').where('object_id', '=', id).execute();
      await trx.deleteFrom('routed_items').where('object_id', '=', id).execute();
      await caseDb(trx).deleteFrom('case_links').where('target_id', '=', id).execute();
      await feedLog.deleteObjectItems(trx, [id]);
      return { versions: seqs.length };
    },
    after: async (id) => {
      await withdraw(id);
    },
  };
}
