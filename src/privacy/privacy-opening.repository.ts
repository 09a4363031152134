import type { PrivacyDb, PrivacyTables } from './privacy.tables.js';

type CaseLinkDb = PrivacyDb;

/** Queries of openings, grants, approvals and the cases a request belongs to. */
export const openingRepository = {
  /** Cases that link the request (`case_links`, kind `request`). */
  async casesOfRequest(db: CaseLinkDb, requestId: string): Promise<string[]> {
    const rows = await db
      .withTables<{ case_links: { case_id: string; kind: string; target_id: string } }>()
      .selectFrom('case_links')
      .select('case_id')
      .where('kind', '=', 'request')
      .where('target_id', '=', requestId)
      .execute();
    return rows.map((r) => r.case_id);
  },

  /** The cases among `caseIds` the user is a member of or was granted by their lead. */
  async reachableCases(db: PrivacyDb, userId: string, caseIds: readonly string[]) {
    if (caseIds.length === 0) return [];
    const members = await db
      .withTables<{ case_members: { case_id: string; user_id: string } }>()
      .selectFrom('case_members')
      .select('case_id')
      .where('user_id', '=', userId)
      .where('case_id', 'in', [...caseIds])
      .execute();
    const grants = await db
      .selectFrom('privacy_grants')
      .select('case_id')
      .where('user_id', '=', userId)
      .where('case_id', 'in', [...caseIds])
      .execute();
    return [
      ...members.map((m) => ({ caseId: m.case_id, via: 'member' as const })),
      ...grants.map((g) => ({ caseId: g.case_id, via: 'grant' as const })),
    ];
  },

  /** Distinct subjects the user opened since `since`. */
  async subjectsSince(db: PrivacyDb, userId: string, since: string): Promise<Set<string>> {
    const rows = await db
      .selectFrom('privacy_openings')
      .select('subject')
      .distinct()
      .where('user_id', '=', userId)
      .where('opened_at', '>=', since)
      .execute();
    return new Set(rows.map((r) => r.subject));
  },

  /** Further subjects approved for the user in approvals still running at `now`. */
  async approvedAllowance(db: PrivacyDb, userId: string, now: string): Promise<number> {
    const rows = await db
      .selectFrom('privacy_approvals')
      .select('subjects')
      .where('user_id', '=', userId)
      .where('approved_at', 'is not', null)
      .where('expires_at', '>', now)
      .execute();
    return rows.reduce((n, r) => n + Number(r.subjects), 0);
  },

  pendingApproval(db: PrivacyDb, userId: string, now: string) {
    return db
      .selectFrom('privacy_approvals')
      .selectAll()
      .where('user_id', '=', userId)
      .where('approved_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst();
  },

  approval(db: PrivacyDb, id: string) {
    return db.selectFrom('privacy_approvals').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async insertApproval(db: PrivacyDb, row: PrivacyTables['privacy_approvals']) {
    await db.insertInto('privacy_approvals').values(row).execute();
  },

  async approve(db: PrivacyDb, id: string, by: string, at: string) {
    const r = await db
      .updateTable('privacy_approvals')
      .set({ approved_by: by, approved_at: at })
      .where('id', '=', id)
      .where('approved_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  },

  async insertOpening(db: PrivacyDb, row: PrivacyTables['privacy_openings']) {
    await db.insertInto('privacy_openings').values(row).execute();
  },

  async insertGrant(db: PrivacyDb, row: PrivacyTables['privacy_grants']) {
    await db
      .insertInto('privacy_grants')
      .values(row)
      .onConflict((oc) => oc.columns(['case_id', 'user_id']).doNothing())
      .execute();
  },
};
