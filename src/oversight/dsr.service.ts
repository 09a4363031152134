import type { Kysely } from 'kysely';
import type { AuditLog } from '../audit/audit.service.js';
import { requireRole } from '../auth/roles.js';
import { actorLabel, type Actor } from '../platform/actor.js';
import type { DialectCapabilities } from '../platform/database/capabilities.js';
import type { Database } from '../platform/database/schema.js';
import { inWriteTransaction } from '../platform/database/write-transaction.js';
import { DomainError, notFound } from '../platform/errors.js';
import type { Clock, RandomSource } from '../platform/ports.js';
import { vaultOf } from '../privacy/privacy-vault.js';
import type { DsrMatch, DsrSource } from './dsr-sources.js';
import { withOversightTables, type OversightTables } from './oversight.tables.js';

export const DSR_KINDS = ['access', 'erasure'] as const;
export const DSR_DECISIONS = ['access-given', 'erased', 'refused'] as const;
export type DsrKind = (typeof DSR_KINDS)[number];
export type DsrDecision = (typeof DSR_DECISIONS)[number];

export interface DsrView {
  readonly id: string;
  readonly kind: DsrKind;
  readonly identifier: string;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly matches: DsrMatch[];
  readonly decision: {
    readonly outcome: DsrDecision;
    readonly ground: string;
    readonly note: string | null;
    readonly decidedBy: string;
    readonly decidedAt: string;
  } | null;
}

export interface DsrDeps {
  readonly db: Kysely<Database>;
  readonly capabilities: DialectCapabilities;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly sources: readonly DsrSource[];
}

/**
 * Data-subject requests (issue 8, item 7; GDPR Art 15 and 17, LED Art 14 and 16): an oversight
 * user lists every record of the node that concerns an identifier (e-mail, account, name) —
 * by reference, never copying the records' content — then records the decision and its legal
 * ground. Both steps are audited; the audit names the request, not the identifier.
 */
export interface DsrService {
  search(actor: Actor, input: { identifier: string; kind: string }): Promise<DsrView>;
  list(actor: Actor): Promise<DsrView[]>;
  get(actor: Actor, id: string): Promise<DsrView>;
  decide(
    actor: Actor,
    id: string,
    input: { decision: string; ground: string; note?: string },
  ): Promise<DsrView>;
}

const invalid = (path: string, message: string) =>
  new DomainError('NH_ERR_VALIDATION', message, [{ path, message }]);

/** One match per record: a record found by several sources (sealed and plain) lists all fields. */
function mergeMatches(found: readonly DsrMatch[]): DsrMatch[] {
  const out = new Map<string, DsrMatch>();
  for (const m of found) {
    const key = `${m.source}|${m.recordId}`;
    const known = out.get(key);
    out.set(key, known ? { ...known, fields: [...new Set([...known.fields, ...m.fields])] } : m);
  }
  return [...out.values()];
}

/** The identifier searched is personal data: stored sealed under the request's own data key. */
const dsrScope = (id: string) => `dsr:${id}`;
const IDENTIFIER: ReadonlyMap<string, string> = new Map([['identifier', 'subscriber']]);

async function sealIdentifier(db: Kysely<Database>, id: string, identifier: string) {
  const sealed = await vaultOf(db).seal(db, dsrScope(id), { identifier }, IDENTIFIER);
  return JSON.stringify(sealed.identifier);
}

/** The row with its identifier opened — for the oversight user, whose request it is. */
async function opened(db: Kysely<Database>, r: OversightTables['dsr_requests']) {
  if (!r.identifier.startsWith('{')) return r;
  const values = await vaultOf(db).open(db, dsrScope(r.id), {
    identifier: JSON.parse(r.identifier) as unknown,
  });
  return { ...r, identifier: String(values.identifier) };
}

function view(r: OversightTables['dsr_requests']): DsrView {
  return {
    id: r.id,
    kind: r.kind as DsrKind,
    identifier: r.identifier,
    createdBy: r.created_by,
    createdAt: r.created_at,
    matches: JSON.parse(r.matches) as DsrMatch[],
    decision:
      r.decision === null
        ? null
        : {
            outcome: r.decision as DsrDecision,
            ground: r.ground!,
            note: r.note,
            decidedBy: r.decided_by!,
            decidedAt: r.decided_at!,
          },
  };
}

export function createDsrService(deps: DsrDeps): DsrService {
  const db = withOversightTables(deps.db);

  async function load(id: string) {
    const row = await db
      .selectFrom('dsr_requests')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw notFound('data-subject request', id);
    return row;
  }

  return {
    async search(actor, input) {
      requireRole(actor, 'oversight', 'admin');
      const identifier = input.identifier.trim();
      if (identifier.length < 3)
        throw invalid('/identifier', 'identifier must have at least 3 characters');
      if (!(DSR_KINDS as readonly string[]).includes(input.kind))
        throw invalid('/kind', `kind must be one of ${DSR_KINDS.join(', ')}`);
      const needle = identifier.toLowerCase();
      const matches = mergeMatches(
        (await Promise.all(deps.sources.map((s) => s.find(deps.db, needle)))).flat(),
      );
      const id = deps.random.uuid();
      const row = {
        id,
        kind: input.kind,
        identifier,
        matches: JSON.stringify(matches),
        created_by: actorLabel(actor),
        created_at: deps.clock.now().toISOString(),
        decision: null,
        ground: null,
        note: null,
        decided_by: null,
        decided_at: null,
      };
      const bySource: Record<string, number> = {};
      for (const m of matches) bySource[m.source] = (bySource[m.source] ?? 0) + 1;
      await inWriteTransaction(deps.db, deps.capabilities, async (trx) => {
        await withOversightTables(trx)
          .insertInto('dsr_requests')
          .values({ ...row, identifier: await sealIdentifier(trx, id, identifier) })
          .execute();
        await deps.audit.append(trx, actor, {
          action: 'dsr.search',
          target: row.id,
          details: { kind: input.kind, matches: bySource },
        });
      });
      return view(row);
    },

    async list(actor) {
      requireRole(actor, 'oversight', 'admin');
      const rows = await db
        .selectFrom('dsr_requests')
        .selectAll()
        .orderBy('created_at', 'desc')
        .limit(200)
        .execute();
      return (await Promise.all(rows.map((r) => opened(deps.db, r)))).map(view);
    },

    async get(actor, id) {
      requireRole(actor, 'oversight', 'admin');
      return view(await opened(deps.db, await load(id)));
    },

    async decide(actor, id, input) {
      requireRole(actor, 'oversight', 'admin');
      if (!(DSR_DECISIONS as readonly string[]).includes(input.decision))
        throw invalid('/decision', `decision must be one of ${DSR_DECISIONS.join(', ')}`);
      const ground = input.ground.trim();
      if (ground === '') throw invalid('/ground', 'ground must name the legal ground');
      return inWriteTransaction(deps.db, deps.capabilities, async (trx) => {
        const t = withOversightTables(trx);
        const row = await t
          .selectFrom('dsr_requests')
          .selectAll()
          .where('id', '=', id)
          .executeTakeFirst();
        if (!row) throw notFound('data-subject request', id);
        if (row.decision !== null)
          throw new DomainError(
            'NH_ERR_CONFLICT',
            `data-subject request ${id} was decided already (${row.decision}, ${row.decided_at})`,
          );
        if (input.decision === 'erased' && row.kind !== 'erasure')
          throw invalid('/decision', 'erased answers an erasure request only');
        const decided = {
          decision: input.decision,
          ground,
          note: input.note?.trim() || null,
          decided_by: actorLabel(actor),
          decided_at: deps.clock.now().toISOString(),
        };
        await t.updateTable('dsr_requests').set(decided).where('id', '=', id).execute();
        await deps.audit.append(trx, actor, {
          action: 'dsr.decision',
          target: id,
          reason: ground,
          details: {
            kind: row.kind,
            decision: input.decision,
            records: JSON.parse(row.matches).length,
          },
        });
        return view({ ...(await opened(trx, row)), ...decided });
      });
    },
  };
}
