import type { Kysely } from 'kysely';
import { openCaseRow } from './case-seal.js';
import type { CaseDatabase, CaseTables } from './case.tables.js';
import type {
  CaseLink,
  CaseMember,
  CaseRole,
  CaseStatus,
  CaseSummary,
  LinkKind,
} from './case.types.js';

export type CaseRow = CaseTables['cases'];

export function toSummary(r: CaseRow): CaseSummary {
  return {
    id: r.id,
    reference: r.reference,
    title: r.title,
    ownerOrgId: r.owner_org_id,
    status: r.status as CaseStatus,
    closedReason: r.closed_reason,
    closedAt: r.closed_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** Kysely queries of the case tables. */
export const caseRepository = {
  /** The case, its title and closing reason opened (`case-seal.ts`). */
  async findCase(db: Kysely<CaseDatabase>, id: string): Promise<CaseRow | undefined> {
    const row = await db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
    return row && openCaseRow(db, row);
  },

  findByReference(db: Kysely<CaseDatabase>, reference: string) {
    return db
      .selectFrom('cases')
      .select('id')
      .where('reference', '=', reference)
      .executeTakeFirst();
  },

  async memberRole(
    db: Kysely<CaseDatabase>,
    caseId: string,
    userId: string,
  ): Promise<CaseRole | null> {
    const row = await db
      .selectFrom('case_members')
      .select('role')
      .where('case_id', '=', caseId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return row ? (row.role as CaseRole) : null;
  },

  /** Cases the user is a member of, or (`ownerOrgId`) every case of that organisation too. */
  async listFor(
    db: Kysely<CaseDatabase>,
    userId: string | null,
    ownerOrgId: string | null,
  ): Promise<CaseRow[]> {
    const rows = await db
      .selectFrom('cases')
      .selectAll()
      .where((eb) =>
        eb.or([
          ...(userId === null
            ? []
            : [
                eb(
                  'id',
                  'in',
                  eb.selectFrom('case_members').select('case_id').where('user_id', '=', userId),
                ),
              ]),
          ...(ownerOrgId === null ? [] : [eb('owner_org_id', '=', ownerOrgId)]),
        ]),
      )
      .orderBy('updated_at', 'desc')
      .orderBy('id')
      .limit(1000)
      .execute();
    return Promise.all(rows.map((r) => openCaseRow(db, r)));
  },

  async members(db: Kysely<CaseDatabase>, caseId: string): Promise<CaseMember[]> {
    const rows = await db
      .selectFrom('case_members')
      .innerJoin('users', 'users.id', 'case_members.user_id')
      .select([
        'case_members.user_id',
        'users.username',
        'users.organization_id',
        'case_members.role',
        'case_members.added_at',
        'case_members.added_by',
      ])
      .where('case_members.case_id', '=', caseId)
      .orderBy('users.username')
      .execute();
    return rows.map((r) => ({
      userId: r.user_id,
      username: r.username,
      organizationId: r.organization_id,
      role: r.role as CaseRole,
      addedAt: r.added_at,
      addedBy: r.added_by,
    }));
  },

  async links(db: Kysely<CaseDatabase>, caseId: string): Promise<Omit<CaseLink, 'label'>[]> {
    const rows = await db
      .selectFrom('case_links')
      .selectAll()
      .where('case_id', '=', caseId)
      .orderBy('added_at')
      .orderBy('target_id')
      .execute();
    return rows.map((r) => ({
      kind: r.kind as LinkKind,
      targetId: r.target_id,
      addedAt: r.added_at,
      addedBy: r.added_by,
    }));
  },

  findUser(db: Kysely<CaseDatabase>, username: string) {
    return db
      .selectFrom('users')
      .select(['id', 'username', 'organization_id', 'disabled'])
      .where('username', '=', username)
      .executeTakeFirst();
  },

  touch(db: Kysely<CaseDatabase>, caseId: string, at: string) {
    return db.updateTable('cases').set({ updated_at: at }).where('id', '=', caseId).execute();
  },
};
