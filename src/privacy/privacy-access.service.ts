import type { Kysely } from 'kysely';
import type { AuditLog } from '../audit/audit.service.js';
import { withCooperationTables } from '../cooperation/cooperation.tables.js';
import { personalFieldsOf, requestScope } from '../cooperation/personal-fields.js';
import { requestRepository } from '../cooperation/request.repository.js';
import type { NodeEvents } from '../notify/event-bus.js';
import type { Actor } from '../platform/actor.js';
import type { DialectCapabilities } from '../platform/database/capabilities.js';
import type { Database } from '../platform/database/schema.js';
import { inWriteTransaction } from '../platform/database/write-transaction.js';
import { DomainError, notFound } from '../platform/errors.js';
import type { Clock, RandomSource } from '../platform/ports.js';
import {
  SUBJECT_FIELDS,
  caseScope,
  caseSubjectRepository,
} from '../cases/case-subject.repository.js';
import { vaultOf } from './privacy-vault.js';
import { isDataCategory, isPurposeCode, PURPOSE_CODES } from './personal-data.js';
import { openingRepository as repo } from './privacy-opening.repository.js';
import type { PrivacySettings } from './privacy.settings.js';
import { privacyDb } from './privacy.tables.js';

export interface OpenInput {
  readonly resource: 'request' | 'case-subject';
  readonly id: string;
  readonly field: string;
  readonly purpose?: { readonly code?: string; readonly text?: string } | null;
}

export interface Opened {
  readonly value: unknown;
  readonly category: string;
  /** What the audit recorded: the entry's action and target. */
  readonly recorded: { readonly action: string; readonly target: string };
}

export interface PrivacyAccessService {
  /** Opens one sealed field for a stated purpose (issue 8, item 2); refusals are audited. */
  open(actor: Actor, input: OpenInput): Promise<Opened>;
  /** A second user approves a pending bulk-access approval. */
  approve(actor: Actor, approvalId: string): Promise<{ id: string; subjects: number }>;
  /** A case lead grants a user outside the case access to its personal data. */
  grant(actor: Actor, caseId: string, username: string): Promise<void>;
}

export interface PrivacyAccessDeps {
  /** The database with the privacy vault attached. */
  readonly db: Kysely<Database>;
  readonly capabilities: DialectCapabilities;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly events: NodeEvents;
  readonly settings: PrivacySettings;
}

const PURPOSE_TEXT: ReadonlyMap<string, string> = new Map([['purposeText', 'free-text']]);

/** A refusal that was recorded in the audit chain before it is thrown. */
class Refusal {
  constructor(
    readonly reason: string,
    readonly error: DomainError,
  ) {}
}

export function createPrivacyAccessService(deps: PrivacyAccessDeps): PrivacyAccessService {
  const { settings, clock } = deps;
  const db = privacyDb(deps.db);
  const coop = withCooperationTables(deps.db);

  const refuse = (reason: string, code: DomainError['code'], message: string) =>
    new Refusal(reason, new DomainError(code, message));

  /** The record holding the field, its personal fields and values, and the cases it is in. */
  async function locate(organizationId: string, input: OpenInput) {
    const wellFormed = /^[0-9a-f-]{36}$/.test(input.id);
    if (input.resource === 'case-subject') {
      const subject = wellFormed
        ? await caseSubjectRepository.opened(deps.db, input.id)
        : undefined;
      const owner = subject && (await caseOwner(subject.caseId));
      if (!subject || owner !== organizationId)
        throw refuse('not-found', 'NH_ERR_NOT_FOUND', `case subject ${input.id} not found`);
      return {
        label: `case subject ${subject.id}`,
        personal: SUBJECT_FIELDS,
        values: subject.values,
        cases: [subject.caseId],
      };
    }
    const row = wellFormed ? await requestRepository.get(coop, input.id) : undefined;
    const party =
      row &&
      (row.requester_org_id === organizationId ||
        (row.recipient_org_id === organizationId && row.received_at !== null));
    if (!row || !party)
      throw refuse('not-found', 'NH_ERR_NOT_FOUND', `request ${input.id} not found`);
    return {
      label: `${row.type} request ${row.id}`,
      personal: personalFieldsOf(row.type),
      values: JSON.parse(row.fields) as Record<string, unknown>,
      cases: await repo.casesOfRequest(db, row.id),
    };
  }

  async function caseOwner(caseId: string) {
    const c = await db
      .withTables<{ cases: { id: string; owner_org_id: string } }>()
      .selectFrom('cases')
      .select('owner_org_id')
      .where('id', '=', caseId)
      .executeTakeFirst();
    return c?.owner_org_id;
  }

  async function checkOpen(actor: Actor, input: OpenInput, subject: string) {
    if (actor.kind !== 'user')
      throw refuse('not-a-user', 'NH_ERR_FORBIDDEN', 'personal data is opened by named users only');
    const code = input.purpose?.code ?? '';
    const text = (input.purpose?.text ?? '').trim();
    if (!isPurposeCode(code) || text.length < 3)
      throw refuse(
        'no-purpose',
        'NH_ERR_VALIDATION',
        `purpose: a purpose code (${PURPOSE_CODES.join(', ')}) and a text of at least 3 characters are required to open personal data`,
      );
    const found = await locate(actor.organizationId, input);
    const category = found.personal.get(input.field);
    if (!category || !isDataCategory(category))
      throw refuse(
        'not-personal',
        'NH_ERR_VALIDATION',
        `field: ${input.field} is not a personal field of ${found.label}`,
      );
    if (!settings.roles[category].includes(actor.role))
      throw refuse(
        'role',
        'NH_ERR_FORBIDDEN',
        `opening ${category} data needs the role ${settings.roles[category].join(' or ')}; ${actor.username} is ${actor.role}`,
      );
    const cases = found.cases;
    const reach = await repo.reachableCases(db, actor.userId, cases);
    if (reach.length === 0)
      throw refuse(
        'outside-case',
        'NH_ERR_FORBIDDEN',
        cases.length === 0
          ? `${found.label} belongs to no case; link it to a case you are a member of`
          : `${actor.username} is not a member of the case of ${found.label} and holds no grant from its lead`,
      );
    const value = found.values[input.field];
    return { actor, code, text, category, reach, value, subject };
  }

  /** Refuses a new subject beyond the window's allowance: a pending approval and an alert. */
  async function checkBulk(actor: Extract<Actor, { kind: 'user' }>, subject: string) {
    const now = clock.now();
    const since = new Date(now.getTime() - settings.bulkWindowSeconds * 1000).toISOString();
    const opened = await repo.subjectsSince(db, actor.userId, since);
    if (opened.has(subject)) return;
    const allowance =
      settings.bulkSubjects + (await repo.approvedAllowance(db, actor.userId, now.toISOString()));
    if (opened.size < allowance) return;
    let approval = await repo.pendingApproval(db, actor.userId, now.toISOString());
    if (!approval) {
      approval = {
        id: deps.random.uuid(),
        user_id: actor.userId,
        organization_id: actor.organizationId,
        subjects: settings.bulkSubjects,
        requested_at: now.toISOString(),
        expires_at: new Date(now.getTime() + settings.bulkWindowSeconds * 1000).toISOString(),
        approved_by: null,
        approved_at: null,
      };
      await repo.insertApproval(db, approval);
      await raiseAlert(actor, opened.size, since, now.toISOString(), approval.id);
    }
    throw new Refusal(
      'bulk-needs-approval',
      new DomainError(
        'NH_ERR_FORBIDDEN',
        `${actor.username} opened ${opened.size} subjects within ${settings.bulkWindowSeconds} s (more than ${settings.bulkSubjects} needs a second approval): another user must approve ${approval.id}`,
        [{ path: '/approvalId', message: approval.id }],
      ),
    );
  }

  async function raiseAlert(
    actor: Extract<Actor, { kind: 'user' }>,
    count: number,
    from: string,
    to: string,
    approvalId: string,
  ) {
    const id = deps.random.uuid();
    await db
      .insertInto('audit_alerts')
      .values({
        id,
        key: `privacy-bulk:${approvalId}`,
        rule: 'bulk-access',
        subject: `user:${actor.username}`,
        window_start: from,
        window_end: to,
        count,
        message: `user:${actor.username} opened personal data of ${count} subjects between ${from} and ${to} (more than ${settings.bulkSubjects}); a second approval (${approvalId}) is pending`,
        details: JSON.stringify({ seqs: [], source: 'privacy.open', approvalId }),
        created_at: to,
      })
      .execute();
    deps.events.publish({ kind: 'audit.alert', alertIds: [id] });
  }

  return {
    async open(actor, input) {
      const subject =
        input.resource === 'case-subject'
          ? `case-subject:${input.id}#${input.field}`
          : `${requestScope(input.id)}#${input.field}`;
      try {
        const ok = await checkOpen(actor, input, subject);
        const user = ok.actor as Extract<Actor, { kind: 'user' }>;
        await checkBulk(user, subject);
        const recorded = { action: 'privacy.open', target: subject };
        const openingId = deps.random.uuid();
        // The purpose's free text may name the person looked up: it is sealed with the
        // record's data key; the audit keeps the purpose code, which oversight reads.
        const scope =
          input.resource === 'request' ? requestScope(input.id) : caseScope(ok.reach[0]!.caseId);
        await inWriteTransaction(deps.db, deps.capabilities, async (trx) => {
          const sealed = await vaultOf(trx).seal(
            trx,
            scope,
            { purposeText: ok.text },
            PURPOSE_TEXT,
            openingId,
          );
          await repo.insertOpening(privacyDb(trx), {
            id: openingId,
            user_id: user.userId,
            subject,
            category: ok.category,
            purpose_code: ok.code,
            purpose_text: JSON.stringify(sealed.purposeText),
            opened_at: clock.now().toISOString(),
          });
          await deps.audit.append(trx, actor, {
            ...recorded,
            details: {
              category: ok.category,
              purpose: ok.code,
              opening: openingId,
              cases: ok.reach.map((r) => `${r.caseId} (${r.via})`),
            },
          });
        });
        return { value: ok.value, category: ok.category, recorded };
      } catch (err) {
        if (!(err instanceof Refusal)) throw err;
        // A refused attempt records the purpose code it gave, not its free text (see above).
        await deps.audit.append(deps.db, actor, {
          action: 'privacy.open-refused',
          target: subject,
          details: { refusal: err.reason, purpose: input.purpose?.code ?? null },
        });
        throw err.error;
      }
    },

    async approve(actor, approvalId) {
      const a = await repo.approval(db, approvalId);
      if (!a || a.organization_id !== actor.organizationId) throw notFound('approval', approvalId);
      if (actor.kind !== 'user' || actor.userId === a.user_id)
        throw new DomainError(
          'NH_ERR_FORBIDDEN',
          'a bulk-access approval is given by another user',
        );
      if (!['admin', 'investigator', 'oversight'].includes(actor.role))
        throw new DomainError(
          'NH_ERR_FORBIDDEN',
          'this needs the role admin, investigator or oversight',
        );
      await inWriteTransaction(deps.db, deps.capabilities, async (trx) => {
        if (!(await repo.approve(privacyDb(trx), a.id, actor.userId, clock.now().toISOString())))
          throw new DomainError('NH_ERR_CONFLICT', `approval ${a.id} was already given`);
        await deps.audit.append(trx, actor, {
          action: 'privacy.bulk-approve',
          target: a.id,
          details: { user: a.user_id, subjects: Number(a.subjects) },
        });
      });
      return { id: a.id, subjects: Number(a.subjects) };
    },

    async grant(actor, caseId, username) {
      const cdb = db.withTables<{
        case_members: { case_id: string; user_id: string; role: string };
      }>();
      const lead =
        actor.kind === 'user' &&
        (
          await cdb
            .selectFrom('case_members')
            .select('role')
            .where('case_id', '=', caseId)
            .where('user_id', '=', actor.userId)
            .executeTakeFirst()
        )?.role === 'lead';
      if (!lead)
        throw new DomainError(
          'NH_ERR_FORBIDDEN',
          `only the lead of case ${caseId} grants access to its personal data`,
        );
      const user = await db
        .selectFrom('users')
        .select(['id', 'disabled'])
        .where('username', '=', username)
        .executeTakeFirst();
      if (!user || Number(user.disabled) !== 0) throw notFound('user', username);
      await inWriteTransaction(deps.db, deps.capabilities, async (trx) => {
        await repo.insertGrant(privacyDb(trx), {
          case_id: caseId,
          user_id: user.id,
          granted_by: actor.kind === 'user' ? actor.userId : '',
          granted_at: clock.now().toISOString(),
        });
        await deps.audit.append(trx, actor, {
          action: 'privacy.grant',
          target: `case:${caseId}`,
          details: { user: username },
        });
      });
    },
  };
}
