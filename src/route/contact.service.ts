/**
 * The contact directory (issue 5, item 4): list, read, write and import contacts. Every member
 * of the node reads the directory; admins and analysts write it. Writes are audited.
 */
import type { Kysely } from 'kysely';
import type { AuditLog } from '../audit/audit.service.js';
import { requireRole } from '../auth/roles.js';
import type { Actor } from '../platform/actor.js';
import type { DialectCapabilities } from '../platform/database/capabilities.js';
import type { Database } from '../platform/database/schema.js';
import { inWriteTransaction } from '../platform/database/write-transaction.js';
import { DomainError, notFound } from '../platform/errors.js';
import type { Clock, RandomSource } from '../platform/ports.js';
import { contactFormatOf, readContactFile } from './contact-import.js';
import { checkContact, type FieldProblem } from './contact-rules.js';
import { contactRepository as repo } from './contact.repository.js';
import type { Contact, ContactFilters, ContactInput } from './contact.types.js';

export interface ContactServiceDeps {
  readonly db: Kysely<Database>;
  readonly capabilities: DialectCapabilities;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly random: RandomSource;
}

/** A row of an imported file that was skipped: its line, the field and what is wrong. */
export interface ImportProblem {
  readonly line: number;
  readonly field: string;
  readonly message: string;
}

export interface ContactImportResult {
  readonly format: 'csv' | 'json';
  readonly records: number;
  readonly stored: number;
  /** Contacts removed first (`replace`). */
  readonly removed: number;
  readonly problems: readonly ImportProblem[];
}

export interface ContactService {
  list(actor: Actor, filters?: ContactFilters): Promise<Contact[]>;
  get(actor: Actor, id: string): Promise<Contact>;
  create(actor: Actor, input: ContactInput): Promise<Contact>;
  /** Replaces the writable fields of a contact. */
  update(actor: Actor, id: string, input: ContactInput): Promise<Contact>;
  remove(actor: Actor, id: string): Promise<void>;
  /**
   * Imports a CSV or JSON file (see `contact-import.ts`): malformed records are reported by
   * line and field and skipped; the valid ones are stored in one transaction (with `replace`,
   * after removing the whole directory in the same transaction — refused when no record is
   * valid, so a wrong file cannot empty the directory).
   */
  import(
    actor: Actor,
    text: string,
    options: { format?: string; replace?: boolean },
  ): Promise<ContactImportResult>;
  /** True when the directory holds at least one contact (routing has something to do). */
  hasContacts(): Promise<boolean>;
  /** Every contact, for the routing rules (no actor: internal to routing). */
  all(): Promise<Contact[]>;
}

const WRITERS = ['admin', 'analyst'] as const;

function invalid(problems: readonly FieldProblem[]): DomainError {
  const first = problems[0]!;
  return new DomainError(
    'NH_ERR_VALIDATION',
    `${first.field}: ${first.message}`,
    problems.map((p) => ({ path: p.field, message: p.message })),
  );
}

export function createContactService(deps: ContactServiceDeps): ContactService {
  const { db, capabilities, audit, clock, random } = deps;

  async function checked(input: ContactInput) {
    const orgs = await repo.organizationIds(db);
    const check = checkContact(input, (id) => orgs.has(id));
    if (!check.ok) throw invalid(check.problems);
    return check.contact;
  }

  return {
    async list(_actor, filters = {}) {
      return repo.list(db, capabilities, filters);
    },

    async get(_actor, id) {
      const c = await repo.find(db, id);
      if (!c) throw notFound('contact', id);
      return c;
    },

    async create(actor, input) {
      requireRole(actor, ...WRITERS);
      const now = clock.now().toISOString();
      const contact: Contact = {
        id: random.uuid(),
        ...(await checked(input)),
        createdAt: now,
        updatedAt: now,
      };
      await inWriteTransaction(db, capabilities, async (trx) => {
        await repo.insert(trx, [contact]);
        await audit.append(trx, actor, {
          action: 'contact.create',
          target: contact.id,
          details: { kind: contact.kind, name: contact.name },
        });
      });
      return contact;
    },

    async update(actor, id, input) {
      requireRole(actor, ...WRITERS);
      const fields = await checked(input);
      return inWriteTransaction(db, capabilities, async (trx) => {
        const old = await repo.find(trx, id);
        if (!old) throw notFound('contact', id);
        const contact: Contact = {
          ...fields,
          id,
          createdAt: old.createdAt,
          updatedAt: clock.now().toISOString(),
        };
        await repo.update(trx, contact);
        await audit.append(trx, actor, {
          action: 'contact.update',
          target: id,
          details: { kind: contact.kind, name: contact.name },
        });
        return contact;
      });
    },

    async remove(actor, id) {
      requireRole(actor, ...WRITERS);
      await inWriteTransaction(db, capabilities, async (trx) => {
        if (!(await repo.remove(trx, id))) throw notFound('contact', id);
        await audit.append(trx, actor, { action: 'contact.remove', target: id });
      });
    },

    async import(actor, text, options) {
      requireRole(actor, ...WRITERS);
      const format = contactFormatOf(text, options.format);
      const records = readContactFile(text, format);
      const orgs = await repo.organizationIds(db);
      const now = clock.now().toISOString();
      const problems: ImportProblem[] = [];
      const valid: Contact[] = [];
      for (const r of records) {
        if ('error' in r) {
          problems.push({ line: r.line, ...r.error });
          continue;
        }
        const check = checkContact(r.input, (id) => orgs.has(id));
        if (check.ok)
          valid.push({ id: random.uuid(), ...check.contact, createdAt: now, updatedAt: now });
        else for (const p of check.problems) problems.push({ line: r.line, ...p });
      }
      if (options.replace && valid.length === 0)
        throw new DomainError(
          'NH_ERR_VALIDATION',
          'no valid contact in the file: the directory was not replaced',
          [{ path: 'file', message: 'no valid contact' }],
        );
      const removed = await inWriteTransaction(db, capabilities, async (trx) => {
        const removed = options.replace ? await repo.removeAll(trx) : 0;
        await repo.insert(trx, valid);
        await audit.append(trx, actor, {
          action: 'contact.import',
          target: null,
          details: {
            format,
            records: records.length,
            stored: valid.length,
            removed,
            skipped: new Set(problems.map((p) => p.line)).size,
          },
        });
        return removed;
      });
      return { format, records: records.length, stored: valid.length, removed, problems };
    },

    async hasContacts() {
      return (await repo.count(db)) > 0;
    },

    async all() {
      return repo.list(db, capabilities);
    },
  };
}
