import type { Kysely } from 'kysely';
import type { AuditLog } from '../audit/audit.types.js';
import { canonicalJson } from '../platform/canonical-json.js';
import { actorLabel, type Actor } from '../platform/actor.js';
import type { DialectCapabilities } from '../platform/database/capabilities.js';
import type { Database } from '../platform/database/schema.js';
import { inWriteTransaction } from '../platform/database/write-transaction.js';
import { DomainError, notFound } from '../platform/errors.js';
import type { Clock, RandomSource } from '../platform/ports.js';
import { checkStatedText, requireRight } from './case.rules.js';
import type { CaseService } from './case.service.js';
import { caseDb } from './case.tables.js';
import {
  custodyAnchor,
  sha256Hex,
  verifyCustodyChain,
  type CustodyAction,
  type CustodyRecord,
} from './custody-chain.js';
import { appendCustody, custodyOf, type EvidenceRow } from './custody.repository.js';
import { openEvidenceRow, sealEvidenceRow } from './evidence-seal.js';
import type { EvidenceStore } from './evidence-store.js';
import type { EvidenceOrigin } from './package-manifest.js';

export interface EvidenceItem {
  readonly id: string;
  readonly caseId: string;
  readonly number: number;
  readonly sha256: string;
  readonly size: number;
  readonly mediaType: string;
  readonly name: string;
  readonly description: string | null;
  readonly origin: EvidenceOrigin;
  readonly createdAt: string;
}

export interface EvidenceUpload {
  readonly name: string;
  readonly mediaType: string;
  readonly content: Buffer;
  readonly description?: string;
  /** How the item was acquired; becomes the origin's `method` and the first custody record's purpose. */
  readonly method: string;
  /** When it was acquired (RFC 3339); default now. */
  readonly acquiredAt?: string;
}

/** The chain of custody of an item, and whether it holds. */
export interface CustodyView {
  readonly item: EvidenceItem;
  readonly records: readonly CustodyRecord[];
  readonly chain:
    { readonly ok: true } | { readonly ok: false; readonly seq: number; readonly message: string };
}

export interface EvidenceService {
  /** Stores a file in a case (members who contribute; the case must be open). */
  upload(actor: Actor, caseId: string, input: EvidenceUpload): Promise<EvidenceItem>;
  list(actor: Actor, caseId: string): Promise<EvidenceItem[]>;
  /** The item and its custody chain (reading the record is not an access to the evidence). */
  custody(actor: Actor, caseId: string, itemId: string): Promise<CustodyView>;
  /**
   * The file's bytes, for a stated purpose: appends a `download` (or `view`) custody record
   * before the bytes leave. A stored file that no longer matches its SHA-256 is refused.
   */
  content(
    actor: Actor,
    caseId: string,
    itemId: string,
    input: { purpose: string; mode: 'download' | 'view' },
  ): Promise<{ item: EvidenceItem; bytes: Buffer }>;
  /** Re-hashes the stored file and checks the custody chain; records the verification. */
  verify(actor: Actor, caseId: string, itemId: string): Promise<CustodyView & { fileOk: boolean }>;
  /**
   * Appends a transfer record (`export`, `send`) for items of a case inside the caller's
   * transaction; used by packages and, later, by the cooperation exchange.
   */
  recordTransfer(
    trx: Kysely<Database>,
    actor: Actor,
    item: EvidenceItem,
    input: {
      action: Extract<CustodyAction, 'export' | 'send'>;
      purpose: string;
      details: Record<string, unknown>;
    },
  ): Promise<void>;
  /** Items of a case by id (in the given order), with their bytes; unknown ids are "not found". */
  load(caseId: string, itemIds: readonly string[]): Promise<EvidenceItem[]>;
  bytesOf(item: EvidenceItem): Promise<Buffer>;
  custodyRecords(db: Kysely<Database>, itemId: string): Promise<CustodyRecord[]>;
}

export function createEvidenceService(deps: {
  readonly db: Kysely<Database>;
  readonly capabilities: DialectCapabilities;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly cases: Pick<CaseService, 'open'>;
  readonly store: EvidenceStore;
  /** Largest accepted file, in bytes (configuration `evidenceMaxBytes`). */
  readonly maxBytes: number;
  /** This node's id, for the origin of what is acquired here (null: no federation identity). */
  readonly nodeId: () => Promise<string | null>;
}): EvidenceService {
  const db = caseDb(deps.db);
  const { audit, clock, capabilities } = deps;

  async function itemOf(caseId: string, itemId: string): Promise<EvidenceRow> {
    const row = await db
      .selectFrom('evidence_items')
      .selectAll()
      .where('id', '=', itemId)
      .where('case_id', '=', caseId)
      .executeTakeFirst();
    if (!row) throw notFound('evidence item', itemId);
    return openEvidenceRow(deps.db, row);
  }

  function custodyInput(
    actor: Actor,
    action: CustodyAction,
    purpose: string,
    details?: Record<string, unknown>,
  ) {
    return {
      at: clock.now().toISOString(),
      actor: actorLabel(actor),
      organizationId: actor.organizationId,
      action,
      purpose,
      details: details === undefined ? null : canonicalJson(details),
    };
  }

  async function custodyView(item: EvidenceRow): Promise<CustodyView> {
    const records = await custodyOf(db, item.id);
    const broken = verifyCustodyChain(custodyAnchor(item), item.id, records);
    return { item: toItem(item), records, chain: broken ? { ok: false, ...broken } : { ok: true } };
  }

  return {
    async upload(actor, caseId, input) {
      const opened = await deps.cases.open(actor, caseId, 'evidence.upload');
      requireRight(opened.access, 'contribute', 'adding evidence');
      if (opened.row.status === 'closed') {
        throw new DomainError(
          'NH_ERR_CONFLICT',
          `case ${opened.row.reference} is closed; reopen it first`,
        );
      }
      if (input.content.length > deps.maxBytes) throw tooLarge(deps.maxBytes);
      if (input.content.length === 0) {
        throw new DomainError('NH_ERR_VALIDATION', 'content: the file is empty', [
          { path: 'content', message: 'the file is empty' },
        ]);
      }
      const method = checkStatedText('method', input.method);
      const acquiredAt = checkAcquiredAt(input.acquiredAt, clock.now());
      const sha256 = await deps.store.put(input.content);
      const origin: EvidenceOrigin = {
        by: actorLabel(actor),
        organizationId: actor.organizationId,
        nodeId: await deps.nodeId(),
        acquiredAt,
        method,
      };
      const id = `evidence-${deps.random.uuid()}`;
      const now = clock.now().toISOString();
      const row = await inWriteTransaction(deps.db, capabilities, async (trx) => {
        const t = caseDb(trx);
        const last = await t
          .selectFrom('evidence_items')
          .select((eb) => eb.fn.max('number').as('n'))
          .where('case_id', '=', caseId)
          .executeTakeFirst();
        const values: EvidenceRow = {
          id,
          case_id: caseId,
          number: Number(last?.n ?? 0) + 1,
          sha256,
          size: input.content.length,
          media_type: input.mediaType,
          original_name: input.name,
          description: input.description?.trim() || null,
          origin: canonicalJson(origin),
          created_at: now,
        };
        await t
          .insertInto('evidence_items')
          .values(await sealEvidenceRow(trx, values))
          .execute();
        await appendCustody(
          t,
          capabilities,
          values,
          custodyInput(actor, 'acquire', method, { acquiredAt }),
        );
        await t.updateTable('cases').set({ updated_at: now }).where('id', '=', caseId).execute();
        await audit.append(trx, actor, {
          action: 'evidence.upload',
          target: id,
          details: { case: caseId, number: values.number, sha256, size: values.size },
        });
        return values;
      });
      return toItem(row);
    },

    async list(actor, caseId) {
      await deps.cases.open(actor, caseId, 'evidence.list');
      const rows = await db
        .selectFrom('evidence_items')
        .selectAll()
        .where('case_id', '=', caseId)
        .orderBy('number')
        .execute();
      return (await Promise.all(rows.map((r) => openEvidenceRow(deps.db, r)))).map(toItem);
    },

    async custody(actor, caseId, itemId) {
      await deps.cases.open(actor, caseId, 'evidence.custody');
      return custodyView(await itemOf(caseId, itemId));
    },

    async content(actor, caseId, itemId, input) {
      const purpose = checkStatedText('purpose', input.purpose);
      const opened = await deps.cases.open(actor, caseId, `evidence.${input.mode}`);
      requireRight(opened.access, 'read', 'reading evidence');
      const item = await itemOf(caseId, itemId);
      const bytes = await deps.store.read(item.sha256).catch(() => null);
      if (bytes === null || sha256Hex(bytes) !== item.sha256) {
        throw new DomainError(
          'NH_ERR_CONFLICT',
          `the stored file of evidence item ${item.number} is missing or no longer matches its SHA-256; it is withheld`,
        );
      }
      await inWriteTransaction(deps.db, capabilities, async (trx) => {
        await appendCustody(
          caseDb(trx),
          capabilities,
          item,
          custodyInput(actor, input.mode, purpose, {
            access: opened.access,
          }),
        );
        await audit.append(trx, actor, {
          action: `evidence.${input.mode}`,
          target: item.id,
          reason: purpose,
          details: { case: caseId, sha256: item.sha256, access: opened.access },
        });
      });
      return { item: toItem(item), bytes };
    },

    async verify(actor, caseId, itemId) {
      const opened = await deps.cases.open(actor, caseId, 'evidence.verify');
      requireRight(opened.access, 'read', 'verifying evidence');
      const item = await itemOf(caseId, itemId);
      const bytes = await deps.store.read(item.sha256).catch(() => null);
      const fileOk =
        bytes !== null && bytes.length === item.size && sha256Hex(bytes) === item.sha256;
      const before = await custodyView(item);
      await inWriteTransaction(deps.db, capabilities, async (trx) => {
        await appendCustody(
          caseDb(trx),
          capabilities,
          item,
          custodyInput(actor, 'verify', 'integrity check', {
            fileOk,
            chainOk: before.chain.ok,
          }),
        );
        await audit.append(trx, actor, {
          action: 'evidence.verify',
          target: item.id,
          details: { case: caseId, fileOk, chainOk: before.chain.ok },
        });
      });
      return { ...(await custodyView(item)), fileOk };
    },

    async recordTransfer(trx, actor, item, input) {
      await appendCustody(
        caseDb(trx),
        capabilities,
        { id: item.id, sha256: item.sha256, size: item.size },
        custodyInput(actor, input.action, input.purpose, input.details),
      );
    },

    async load(caseId, itemIds) {
      const out: EvidenceItem[] = [];
      for (const id of itemIds) out.push(toItem(await itemOf(caseId, id)));
      return out;
    },

    bytesOf(item) {
      return deps.store.read(item.sha256);
    },

    custodyRecords(executor, itemId) {
      return custodyOf(caseDb(executor), itemId);
    },
  };
}

export function toItem(r: EvidenceRow): EvidenceItem {
  return {
    id: r.id,
    caseId: r.case_id,
    number: r.number,
    sha256: r.sha256,
    size: r.size,
    mediaType: r.media_type,
    name: r.original_name,
    description: r.description,
    origin: JSON.parse(r.origin) as EvidenceOrigin,
    createdAt: r.created_at,
  };
}

/** The configured size bound, named in the error (HTTP 413). */
export function tooLarge(maxBytes: number): DomainError {
  return new DomainError(
    'NH_ERR_INPUT_LIMIT',
    `the evidence file is larger than the limit of ${maxBytes} bytes (setting evidenceMaxBytes / NOHAVEN_EVIDENCE_MAX_BYTES)`,
    [{ path: 'content', message: `at most ${maxBytes} bytes` }],
  );
}

function checkAcquiredAt(value: string | undefined, now: Date): string {
  if (value === undefined) return now.toISOString();
  const t = Date.parse(value);
  if (
    !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value) ||
    Number.isNaN(t)
  ) {
    throw new DomainError('NH_ERR_VALIDATION', 'acquired_at: must be an RFC 3339 time', [
      { path: 'acquired_at', message: 'must be an RFC 3339 time' },
    ]);
  }
  if (t > now.getTime() + 60_000) {
    throw new DomainError('NH_ERR_VALIDATION', 'acquired_at: must not be in the future', [
      { path: 'acquired_at', message: 'must not be in the future' },
    ]);
  }
  return new Date(t).toISOString();
}
