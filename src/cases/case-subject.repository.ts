import type { Kysely } from 'kysely';
import { maskPersonal, type SealedMarker } from '../privacy/personal-data.js';
import { vaultOf } from '../privacy/privacy-vault.js';
import type { Database } from '../platform/database/schema.js';
import { SUBJECT_FIELDS, type CaseSubjectView, type SubjectRole } from './case-subject.types.js';

export { SUBJECT_FIELDS, SUBJECT_ROLES } from './case-subject.types.js';
export type { CaseSubjectInput, CaseSubjectView } from './case-subject.types.js';

/**
 * The people a case concerns, with their personal fields sealed at this repository's boundary
 * (issue 8, item 1): stored rows hold envelopes under the case's data key, views show
 * `{ sealed: true, category }`, and only `privacy/` opens them, for a stated purpose.
 */
type SubjectTables = {
  case_subjects: {
    id: string;
    case_id: string;
    role: string;
    data: string;
    added_by: string;
    added_at: string;
  };
};
type SubjectRow = SubjectTables['case_subjects'];

const tables = (db: Kysely<Database>) => db.withTables<SubjectTables>();
export const caseScope = (caseId: string) => `case:${caseId}`;

const view = (r: SubjectRow, values: Record<string, unknown>): CaseSubjectView => ({
  id: r.id,
  caseId: r.case_id,
  role: r.role as SubjectRole,
  fields: maskPersonal(values, SUBJECT_FIELDS) as Record<string, SealedMarker>,
  addedBy: r.added_by,
  addedAt: r.added_at,
});

export const caseSubjectRepository = {
  async insert(
    db: Kysely<Database>,
    row: Omit<SubjectRow, 'data'>,
    values: Readonly<Record<string, unknown>>,
  ): Promise<CaseSubjectView> {
    const sealed = await vaultOf(db).seal(
      db,
      caseScope(row.case_id),
      values,
      SUBJECT_FIELDS,
      row.id,
    );
    const stored = { ...row, data: JSON.stringify(sealed) };
    await tables(db).insertInto('case_subjects').values(stored).execute();
    return view(stored, sealed);
  },

  async list(db: Kysely<Database>, caseId: string): Promise<CaseSubjectView[]> {
    const rows = await tables(db)
      .selectFrom('case_subjects')
      .selectAll()
      .where('case_id', '=', caseId)
      .orderBy('added_at')
      .orderBy('id')
      .execute();
    return rows.map((r) => view(r, JSON.parse(r.data) as Record<string, unknown>));
  },

  /** One subject with its fields opened — for `privacy/` only, after its checks. */
  async opened(db: Kysely<Database>, id: string) {
    const r = await tables(db)
      .selectFrom('case_subjects')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!r) return undefined;
    const values = await vaultOf(db).open(
      db,
      caseScope(r.case_id),
      JSON.parse(r.data) as Record<string, unknown>,
      r.id,
    );
    return { id: r.id, caseId: r.case_id, values };
  },
};
