import type {
  CooperationDb,
  DeadlineRow,
  FileRow,
  InboundRow,
  NotificationRow,
  OutboxRow,
  RequestRow,
  TransitionRow,
} from './cooperation.tables.js';
import {
  openFieldsJson,
  openMessageJson,
  openReason,
  sealFieldsJson,
  sealReason,
  openSignedCopy,
  sealMessageJson,
  sealSignedCopy,
} from './personal-fields.js';
import { openFiles, sealFileRow } from './sealed-files.js';

/** The row as the service reads it: personal fields opened (issue 8, item 1). */
async function opened(db: CooperationDb, row: RequestRow): Promise<RequestRow> {
  return { ...row, fields: await openFieldsJson(db, row.id, row.fields) };
}

const openedAll = (db: CooperationDb, rows: RequestRow[]) =>
  Promise.all(rows.map((r) => opened(db, r)));

async function openedInbound(db: CooperationDb, row: InboundRow): Promise<InboundRow> {
  return { ...row, jws: await openSignedCopy(db, row.request_id, row.jws) };
}

async function openedOutbox(db: CooperationDb, rows: OutboxRow[]): Promise<OutboxRow[]> {
  return Promise.all(
    rows.map(async (r) => ({ ...r, message: await openMessageJson(db, r.message) })),
  );
}

/**
 * Storage of cooperation requests (Kysely, both engines). Every function takes the executor.
 * Personal fields are sealed on the way in and opened on the way out (`personal-fields.ts`).
 */
export const requestRepository = {
  async insert(db: CooperationDb, row: RequestRow): Promise<void> {
    const fields = await sealFieldsJson(db, row.id, row.type, row.fields);
    await db
      .insertInto('cooperation_requests')
      .values({ ...row, fields })
      .execute();
  },

  async get(db: CooperationDb, id: string): Promise<RequestRow | undefined> {
    const row = await db
      .selectFrom('cooperation_requests')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && opened(db, row);
  },

  async getMany(db: CooperationDb, ids: readonly string[]): Promise<RequestRow[]> {
    if (ids.length === 0) return [];
    return openedAll(
      db,
      await db.selectFrom('cooperation_requests').selectAll().where('id', 'in', ids).execute(),
    );
  },

  async update(db: CooperationDb, id: string, patch: Partial<RequestRow>): Promise<void> {
    if (patch.fields !== undefined) {
      const { type } = await db
        .selectFrom('cooperation_requests')
        .select('type')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      patch = { ...patch, fields: await sealFieldsJson(db, id, type, patch.fields) };
    }
    await db.updateTable('cooperation_requests').set(patch).where('id', '=', id).execute();
  },

  /**
   * Requests of `organizationId`: those it sent (`outbox`), those delivered to it (`inbox`), or
   * both; newest first.
   */
  async listFor(
    db: CooperationDb,
    organizationId: string,
    box: 'inbox' | 'outbox' | 'all',
    filter: { type?: string; state?: string; limit: number },
  ): Promise<RequestRow[]> {
    let q = db.selectFrom('cooperation_requests').selectAll();
    q = q.where((eb) => {
      const sent = eb('requester_org_id', '=', organizationId);
      const received = eb.and([
        eb('recipient_org_id', '=', organizationId),
        eb('received_at', 'is not', null),
      ]);
      return box === 'outbox' ? sent : box === 'inbox' ? received : eb.or([sent, received]);
    });
    if (filter.type) q = q.where('type', '=', filter.type);
    if (filter.state) q = q.where('state', '=', filter.state);
    return openedAll(
      db,
      await q.orderBy('updated_at', 'desc').orderBy('id').limit(filter.limit).execute(),
    );
  },

  /** Stores a transition, its reason sealed (`personal-fields.ts`). */
  async insertTransition(db: CooperationDb, row: TransitionRow): Promise<void> {
    const reason = await sealReason(db, row.request_id, row.id, row.reason);
    await db
      .insertInto('cooperation_transitions')
      .values({ ...row, reason })
      .execute();
  },

  /** The request's history, reasons opened (for the request's parties). */
  async transitions(db: CooperationDb, requestId: string): Promise<TransitionRow[]> {
    const rows = await db
      .selectFrom('cooperation_transitions')
      .selectAll()
      .where('request_id', '=', requestId)
      .orderBy('seq')
      .execute();
    return Promise.all(
      rows.map(async (r) => ({ ...r, reason: await openReason(db, r.request_id, r.id, r.reason) })),
    );
  },

  async lastSeq(db: CooperationDb, requestId: string): Promise<number> {
    const r = await db
      .selectFrom('cooperation_transitions')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .where('request_id', '=', requestId)
      .executeTakeFirst();
    return Number(r?.seq ?? 0);
  },

  async deadlines(db: CooperationDb, requestIds: readonly string[]): Promise<DeadlineRow[]> {
    if (requestIds.length === 0) return [];
    return db
      .selectFrom('cooperation_deadlines')
      .selectAll()
      .where('request_id', 'in', requestIds)
      .orderBy('started_at')
      .orderBy('code')
      .execute();
  },

  async insertDeadline(db: CooperationDb, row: DeadlineRow): Promise<void> {
    await db.insertInto('cooperation_deadlines').values(row).execute();
  },

  async updateDeadline(db: CooperationDb, id: string, patch: Partial<DeadlineRow>): Promise<void> {
    await db.updateTable('cooperation_deadlines').set(patch).where('id', '=', id).execute();
  },

  /** Open clocks the sweep looks at: running or overdue but not yet escalated, due soon. */
  async openDeadlines(db: CooperationDb, dueBefore: string): Promise<DeadlineRow[]> {
    return db
      .selectFrom('cooperation_deadlines')
      .selectAll()
      .where((eb) =>
        eb.or([
          eb('status', '=', 'running'),
          eb.and([eb('status', '=', 'overdue'), eb('escalated_at', 'is', null)]),
        ]),
      )
      .where('due_at', '<=', dueBefore)
      .orderBy('due_at')
      .execute();
  },

  async insertNotifications(db: CooperationDb, rows: readonly NotificationRow[]): Promise<void> {
    if (rows.length > 0)
      await db
        .insertInto('cooperation_notifications')
        .values([...rows])
        .execute();
  },

  async notifications(db: CooperationDb, requestId: string): Promise<NotificationRow[]> {
    return db
      .selectFrom('cooperation_notifications')
      .selectAll()
      .where('request_id', '=', requestId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  },

  async insertOutbox(db: CooperationDb, row: OutboxRow): Promise<void> {
    const message = await sealMessageJson(db, row.message);
    await db
      .insertInto('cooperation_outbox')
      .values({ ...row, message })
      .execute();
  },

  /**
   * Messages neither delivered nor refused, in the order their steps were taken (time, then the
   * step's sequence in its request), those still in back-off included (they hold back the later
   * messages of their request).
   */
  async pendingOutbox(db: CooperationDb, limit: number): Promise<OutboxRow[]> {
    const rows = await db
      .selectFrom('cooperation_outbox as o')
      .innerJoin('cooperation_transitions as t', 't.id', 'o.transition_id')
      .selectAll('o')
      .where('o.delivered_at', 'is', null)
      .where('o.refused_at', 'is', null)
      .orderBy('o.created_at')
      .orderBy('t.seq')
      .orderBy('o.id')
      .limit(limit)
      .execute();
    return openedOutbox(db, rows);
  },

  async outboxOf(db: CooperationDb, requestId: string): Promise<OutboxRow[]> {
    const rows = await db
      .selectFrom('cooperation_outbox')
      .selectAll()
      .where('request_id', '=', requestId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return openedOutbox(db, rows);
  },

  async updateOutbox(db: CooperationDb, id: string, patch: Partial<OutboxRow>): Promise<void> {
    await db.updateTable('cooperation_outbox').set(patch).where('id', '=', id).execute();
  },

  async inboundOf(db: CooperationDb, requestId: string): Promise<InboundRow[]> {
    const rows = await db
      .selectFrom('cooperation_inbound')
      .selectAll()
      .where('request_id', '=', requestId)
      .orderBy('received_at')
      .orderBy('message_id')
      .execute();
    return Promise.all(rows.map((r) => openedInbound(db, r)));
  },

  async inbound(db: CooperationDb, messageId: string): Promise<InboundRow | undefined> {
    const row = await db
      .selectFrom('cooperation_inbound')
      .selectAll()
      .where('message_id', '=', messageId)
      .executeTakeFirst();
    return row && openedInbound(db, row);
  },

  async insertInbound(db: CooperationDb, row: InboundRow): Promise<void> {
    const jws = await sealSignedCopy(db, row.request_id, row.jws);
    await db
      .insertInto('cooperation_inbound')
      .values({ ...row, jws })
      .execute();
  },

  async insertFiles(db: CooperationDb, rows: readonly FileRow[]): Promise<void> {
    if (rows.length > 0)
      await db
        .insertInto('cooperation_files')
        .values(await Promise.all(rows.map((r) => sealFileRow(db, r))))
        .execute();
  },

  async files(db: CooperationDb, requestId: string) {
    const rows = await db
      .selectFrom('cooperation_files')
      .select([
        'id',
        'transition_id',
        'name',
        'media_type',
        'sha256',
        'size',
        'created_at',
        'custody',
      ])
      .where('request_id', '=', requestId)
      .execute();
    return openFiles(db, requestId, rows);
  },

  async organization(db: CooperationDb, id: string) {
    return db
      .selectFrom('organizations')
      .select(['id', 'name', 'sector', 'country'])
      .where('id', '=', id)
      .executeTakeFirst();
  },

  async organizations(db: CooperationDb, ids: readonly string[]) {
    if (ids.length === 0) return [];
    return db
      .selectFrom('organizations')
      .select(['id', 'name', 'sector', 'country'])
      .where('id', 'in', ids)
      .execute();
  },

  /** Enabled users of `organizationId` holding one of `roles`. */
  async usersWithRoles(db: CooperationDb, organizationId: string, roles: readonly string[]) {
    if (roles.length === 0) return [];
    return db
      .selectFrom('users')
      .select(['id', 'username', 'role'])
      .where('organization_id', '=', organizationId)
      .where('role', 'in', roles)
      .where('disabled', '=', 0)
      .orderBy('username')
      .execute();
  },
};
