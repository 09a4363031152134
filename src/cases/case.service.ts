import type { Kysely } from 'kysely';
import type { BreakGlassService, BreakGlassWindow } from '../access/break-glass.service.js';
import type { AuditLog } from '../audit/audit.types.js';
import type { ObjectService } from '../objects/object.service.js';
import { actorLabel, type Actor } from '../platform/actor.js';
import type { DialectCapabilities } from '../platform/database/capabilities.js';
import type { Database } from '../platform/database/schema.js';
import { inWriteTransaction } from '../platform/database/write-transaction.js';
import { DomainError, notFound } from '../platform/errors.js';
import type { Clock, RandomSource } from '../platform/ports.js';
import { sealCaseText } from './case-seal.js';
import { caseRepository as repo, toSummary, type CaseRow } from './case.repository.js';
import {
  CASE_CREATOR_ROLES,
  caseAccessOf,
  checkCaseRole,
  checkLinkKind,
  checkLinkTarget,
  checkReference,
  checkStatedText,
  requireRight,
} from './case.rules.js';
import { caseDb } from './case.tables.js';
import type {
  CaseAccess,
  CaseLink,
  CaseSummary,
  CaseView,
  CreateCaseInput,
  LinkKind,
} from './case.types.js';

/** A case as loaded for one request, with how the actor reaches it. */
export interface OpenedCase {
  readonly row: CaseRow;
  readonly access: CaseAccess;
  readonly window: BreakGlassWindow | null;
}

export interface CaseService {
  /** Opens a case owned by the actor's organisation; the creating user becomes its lead. */
  create(actor: Actor, input: CreateCaseInput): Promise<CaseView>;
  /**
   * Cases the actor is a member of; admins inside a break-glass window and the operator's
   * service actor: every case of their organisation (audited).
   */
  list(actor: Actor): Promise<CaseSummary[]>;
  /** The case with its members and the links the actor may read. */
  get(actor: Actor, id: string): Promise<CaseView>;
  addMember(actor: Actor, id: string, input: { username: string; role: string }): Promise<CaseView>;
  removeMember(actor: Actor, id: string, userId: string): Promise<CaseView>;
  /** Links an object the actor may read (else "not found"), or a legal request by id. */
  addLink(actor: Actor, id: string, input: { kind: string; targetId: string }): Promise<CaseView>;
  removeLink(actor: Actor, id: string, kind: string, targetId: string): Promise<CaseView>;
  /** Closes (with a reason) or reopens the case; lead only. */
  setStatus(
    actor: Actor,
    id: string,
    input: { status: 'open' | 'closed'; reason?: string },
  ): Promise<CaseView>;
  /**
   * Loads a case for another part of the capability (evidence): throws "not found" when the
   * actor does not reach it; audits a break-glass or operator access with `action`.
   */
  open(actor: Actor, id: string, action: string): Promise<OpenedCase>;
  /** The id of the case named by its id or its reference, if the actor reaches it. */
  resolveReference(actor: Actor, idOrReference: string): Promise<string>;
}

export function createCaseService(deps: {
  readonly db: Kysely<Database>;
  readonly capabilities: DialectCapabilities;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly objects: Pick<ObjectService, 'get'>;
  readonly breakGlass: Pick<BreakGlassService, 'active'>;
}): CaseService {
  const db = caseDb(deps.db);
  const { audit, clock } = deps;

  async function open(actor: Actor, id: string, action: string): Promise<OpenedCase> {
    const row = await repo.findCase(db, id);
    if (!row) throw notFound('case', id);
    const role = actor.kind === 'user' ? await repo.memberRole(db, id, actor.userId) : null;
    const window = role === null ? await deps.breakGlass.active(actor) : null;
    const access = caseAccessOf(actor, row.owner_org_id, role, window !== null);
    if (access === null) throw notFound('case', id);
    if (access === 'break-glass' && window) {
      await audit.append(deps.db, actor, {
        action: 'case.read.break-glass',
        target: id,
        reason: window.reason,
        details: { window: window.id, via: action },
      });
    } else if (access === 'operator') {
      await audit.append(deps.db, actor, {
        action: 'case.read.operator',
        target: id,
        details: { via: action },
      });
    }
    return { row, access, window };
  }

  async function view(actor: Actor, opened: OpenedCase): Promise<CaseView> {
    const [members, stored] = await Promise.all([
      repo.members(db, opened.row.id),
      repo.links(db, opened.row.id),
    ]);
    const links: CaseLink[] = [];
    let hiddenLinks = 0;
    for (const link of stored) {
      if (link.kind === 'request') {
        links.push({ ...link, label: null });
        continue;
      }
      const label = await readableLabel(actor, link.targetId);
      if (label === undefined) hiddenLinks++;
      else links.push({ ...link, label });
    }
    return { ...toSummary(opened.row), members, links, hiddenLinks, access: opened.access };
  }

  /** The object's name when the actor may read it, null when unnamed, undefined when not. */
  async function readableLabel(actor: Actor, id: string): Promise<string | null | undefined> {
    try {
      const stored = await deps.objects.get(actor, id);
      const o = stored.object as { name?: unknown; content?: unknown; abstract?: unknown };
      const label = o.name ?? o.abstract ?? o.content;
      return typeof label === 'string' ? label.slice(0, 200) : null;
    } catch (err) {
      if (err instanceof DomainError && err.code === 'NH_ERR_OBJECT_NOT_FOUND') return undefined;
      throw err;
    }
  }

  /** Runs a change of a case the actor may `right`, audited, and answers the new view. */
  async function change(
    actor: Actor,
    id: string,
    right: 'manage' | 'contribute',
    what: string,
    work: (trx: Kysely<Database>, opened: OpenedCase, now: string) => Promise<void>,
    /** Checks made before the write transaction (reads through other services). */
    before?: () => Promise<unknown>,
  ): Promise<CaseView> {
    const opened = await open(actor, id, what);
    requireRight(opened.access, right, what);
    if (opened.row.status === 'closed' && what !== 'case.reopen') {
      throw new DomainError(
        'NH_ERR_CONFLICT',
        `case ${opened.row.reference} is closed; reopen it first`,
      );
    }
    await before?.();
    const now = clock.now().toISOString();
    await inWriteTransaction(deps.db, deps.capabilities, async (trx) => {
      await work(trx, opened, now);
      await repo.touch(caseDb(trx), id, now);
    });
    return view(actor, await open(actor, id, what));
  }

  return {
    open,

    async resolveReference(actor, idOrReference) {
      const byRef = await repo.findByReference(db, idOrReference);
      const id = byRef?.id ?? idOrReference;
      await open(actor, id, 'case.resolve');
      return id;
    },

    async create(actor, input) {
      if (actor.kind !== 'user' || !CASE_CREATOR_ROLES.includes(actor.role)) {
        throw new DomainError(
          'NH_ERR_FORBIDDEN',
          `only users with the role ${CASE_CREATOR_ROLES.join(', ')} may open a case`,
        );
      }
      const reference = checkReference(input.reference);
      const title = input.title.trim();
      if (title.length === 0) {
        throw new DomainError('NH_ERR_VALIDATION', 'title: must not be empty', [
          { path: 'title', message: 'must not be empty' },
        ]);
      }
      const id = `case-${deps.random.uuid()}`;
      const now = clock.now().toISOString();
      await inWriteTransaction(deps.db, deps.capabilities, async (trx) => {
        const t = caseDb(trx);
        if (await repo.findByReference(t, reference)) {
          throw new DomainError('NH_ERR_CONFLICT', `a case with reference ${reference} exists`);
        }
        await t
          .insertInto('cases')
          .values({
            id,
            reference,
            title: (await sealCaseText(trx, id, { title })).title!,
            owner_org_id: actor.organizationId,
            status: 'open',
            closed_reason: null,
            closed_at: null,
            created_by: actorLabel(actor),
            created_at: now,
            updated_at: now,
          })
          .execute();
        await t
          .insertInto('case_members')
          .values({
            case_id: id,
            user_id: actor.userId,
            role: 'lead',
            added_by: actorLabel(actor),
            added_at: now,
          })
          .execute();
        await audit.append(trx, actor, {
          action: 'case.create',
          target: id,
          // The title may name people: it is sealed with the case (`case-seal.ts`).
          details: { reference },
        });
      });
      return view(actor, await open(actor, id, 'case.create'));
    },

    async list(actor) {
      const window = await deps.breakGlass.active(actor);
      const operator = caseAccessOf(actor, actor.organizationId, null, false) === 'operator';
      const rows = await repo.listFor(
        db,
        actor.kind === 'user' ? actor.userId : null,
        window !== null || operator ? actor.organizationId : null,
      );
      if ((window !== null || operator) && rows.length > 0) {
        await audit.append(deps.db, actor, {
          action: window ? 'case.list.break-glass' : 'case.list.operator',
          reason: window?.reason ?? null,
          details: { ...(window ? { window: window.id } : {}), count: rows.length },
        });
      }
      return rows.map(toSummary);
    },

    async get(actor, id) {
      return view(actor, await open(actor, id, 'case.read'));
    },

    addMember(actor, id, input) {
      const role = checkCaseRole(input.role);
      return change(actor, id, 'manage', 'case.member.add', async (trx, opened, now) => {
        const t = caseDb(trx);
        const user = await repo.findUser(t, input.username);
        if (!user || user.disabled) throw notFound('user', input.username);
        const existing = await repo.memberRole(t, id, user.id);
        if (existing === 'lead' && role !== 'lead') await keepALead(t, id, user.id);
        await t
          .deleteFrom('case_members')
          .where('case_id', '=', id)
          .where('user_id', '=', user.id)
          .execute();
        await t
          .insertInto('case_members')
          .values({
            case_id: id,
            user_id: user.id,
            role,
            added_by: actorLabel(actor),
            added_at: now,
          })
          .execute();
        await audit.append(trx, actor, {
          action: 'case.member.add',
          target: id,
          details: {
            reference: opened.row.reference,
            user: user.username,
            role,
            previous: existing,
          },
        });
      });
    },

    removeMember(actor, id, userId) {
      return change(actor, id, 'manage', 'case.member.remove', async (trx, opened) => {
        const t = caseDb(trx);
        const existing = await repo.memberRole(t, id, userId);
        if (existing === null) throw notFound('case member', userId);
        if (existing === 'lead') await keepALead(t, id, userId);
        await t
          .deleteFrom('case_members')
          .where('case_id', '=', id)
          .where('user_id', '=', userId)
          .execute();
        await audit.append(trx, actor, {
          action: 'case.member.remove',
          target: id,
          details: { reference: opened.row.reference, userId, role: existing },
        });
      });
    },

    async addLink(actor, id, input) {
      const kind = checkLinkKind(input.kind);
      const targetId = checkLinkTarget(kind, input.targetId);
      return change(
        actor,
        id,
        'contribute',
        'case.link.add',
        async (trx, opened, now) => {
          const t = caseDb(trx);
          const exists = await t
            .selectFrom('case_links')
            .select('target_id')
            .where('case_id', '=', id)
            .where('kind', '=', kind)
            .where('target_id', '=', targetId)
            .executeTakeFirst();
          if (exists)
            throw new DomainError('NH_ERR_CONFLICT', `the case already links ${kind} ${targetId}`);
          await t
            .insertInto('case_links')
            .values({
              case_id: id,
              kind,
              target_id: targetId,
              added_by: actorLabel(actor),
              added_at: now,
            })
            .execute();
          await audit.append(trx, actor, {
            action: 'case.link.add',
            target: id,
            details: { reference: opened.row.reference, kind, targetId },
          });
        },
        // The read policy decides: an object the actor may not read is "not found".
        async () => (kind === 'request' ? undefined : deps.objects.get(actor, targetId)),
      );
    },

    async removeLink(actor, id, kindText, targetId) {
      const kind: LinkKind = checkLinkKind(kindText);
      return change(actor, id, 'contribute', 'case.link.remove', async (trx, opened) => {
        const result = await caseDb(trx)
          .deleteFrom('case_links')
          .where('case_id', '=', id)
          .where('kind', '=', kind)
          .where('target_id', '=', targetId)
          .executeTakeFirst();
        if (Number(result.numDeletedRows) === 0) throw notFound(`${kind} link`, targetId);
        await audit.append(trx, actor, {
          action: 'case.link.remove',
          target: id,
          details: { reference: opened.row.reference, kind, targetId },
        });
      });
    },

    async setStatus(actor, id, input) {
      const closing = input.status === 'closed';
      const reason = closing ? checkStatedText('reason', input.reason) : null;
      return change(
        actor,
        id,
        'manage',
        closing ? 'case.close' : 'case.reopen',
        async (trx, opened, now) => {
          if (opened.row.status === input.status) {
            throw new DomainError(
              'NH_ERR_CONFLICT',
              `case ${opened.row.reference} is already ${input.status}`,
            );
          }
          await caseDb(trx)
            .updateTable('cases')
            .set({
              status: input.status,
              closed_reason: (await sealCaseText(trx, id, { closedReason: reason })).closed_reason,
              closed_at: closing ? now : null,
            })
            .where('id', '=', id)
            .execute();
          await audit.append(trx, actor, {
            action: closing ? 'case.close' : 'case.reopen',
            target: id,
            // The closing reason is sealed with the case, like its title.
            details: { reference: opened.row.reference, reasonGiven: reason !== null },
          });
        },
      );
    },
  };
}

/** Refuses to demote or remove the last lead of a case (nobody could manage it any more). */
async function keepALead(
  db: Kysely<import('./case.tables.js').CaseDatabase>,
  caseId: string,
  userId: string,
): Promise<void> {
  const other = await db
    .selectFrom('case_members')
    .select('user_id')
    .where('case_id', '=', caseId)
    .where('role', '=', 'lead')
    .where('user_id', '!=', userId)
    .executeTakeFirst();
  if (!other) {
    throw new DomainError(
      'NH_ERR_CONFLICT',
      'a case keeps at least one lead; name another lead first',
    );
  }
}
