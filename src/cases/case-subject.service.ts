import type { Kysely } from 'kysely';
import type { AuditLog } from '../audit/audit.service.js';
import type { Actor } from '../platform/actor.js';
import type { DialectCapabilities } from '../platform/database/capabilities.js';
import type { Database } from '../platform/database/schema.js';
import { inWriteTransaction } from '../platform/database/write-transaction.js';
import { DomainError } from '../platform/errors.js';
import type { Clock, RandomSource } from '../platform/ports.js';
import {
  SUBJECT_FIELDS,
  SUBJECT_ROLES,
  caseSubjectRepository as repo,
  type CaseSubjectInput,
  type CaseSubjectView,
} from './case-subject.repository.js';
import { requireRight } from './case.rules.js';
import type { CaseService } from './case.service.js';

export interface CaseSubjectService {
  /** Members who contribute to the case add subjects; their fields are stored sealed. */
  add(actor: Actor, caseId: string, input: CaseSubjectInput): Promise<CaseSubjectView>;
  /** Every member reads the list — sealed. */
  list(actor: Actor, caseId: string): Promise<CaseSubjectView[]>;
}

export function createCaseSubjectService(deps: {
  /** The database with the privacy vault attached. */
  readonly db: Kysely<Database>;
  readonly capabilities: DialectCapabilities;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly cases: CaseService;
}): CaseSubjectService {
  return {
    async add(actor, caseId, input) {
      const opened = await deps.cases.open(actor, caseId, 'case.subject.add');
      requireRight(opened.access, 'contribute', 'case.subject.add');
      if (!(SUBJECT_ROLES as readonly string[]).includes(input.role))
        throw new DomainError('NH_ERR_VALIDATION', `role: one of ${SUBJECT_ROLES.join(', ')}`);
      const values: Record<string, string> = {};
      for (const code of SUBJECT_FIELDS.keys()) {
        const v = (input as unknown as Record<string, unknown>)[code];
        if (typeof v === 'string' && v.trim() !== '') values[code] = v.trim();
      }
      if (Object.keys(values).length === 0)
        throw new DomainError(
          'NH_ERR_VALIDATION',
          'a subject needs a name, e-mail, account or notes',
        );
      const id = deps.random.uuid();
      return inWriteTransaction(deps.db, deps.capabilities, async (trx) => {
        const view = await repo.insert(
          trx,
          {
            id,
            case_id: opened.row.id,
            role: input.role,
            added_by: actor.kind === 'user' ? actor.username : actor.name,
            added_at: deps.clock.now().toISOString(),
          },
          values,
        );
        await deps.audit.append(trx, actor, {
          action: 'case.subject.add',
          target: opened.row.id,
          details: { subject: id, role: input.role, fields: Object.keys(values) },
        });
        return view;
      });
    },

    async list(actor, caseId) {
      const opened = await deps.cases.open(actor, caseId, 'case.subject.list');
      return repo.list(deps.db, opened.row.id);
    },
  };
}
