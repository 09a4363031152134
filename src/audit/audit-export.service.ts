import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { requireRole } from '../auth/roles.js';
import type { NodeIdentity } from '../federation/federation.types.js';
import { actorLabel, type Actor } from '../platform/actor.js';
import type { Database } from '../platform/database/schema.js';
import { DomainError } from '../platform/errors.js';
import type { Clock } from '../platform/ports.js';
import { EXPORT_FORMAT, exportLine, manifestLine, type ExportManifest } from './audit-export.js';
import { redactEntry } from './audit-redaction.js';
import { isoTime } from './audit.service.js';
import type { AuditEntryView, AuditLog } from './audit.types.js';

export interface AuditExport {
  /** Entries in the period. */
  readonly count: number;
  /** The lines, manifest last; read once. */
  lines(): AsyncGenerator<string>;
}

export interface AuditExporter {
  /**
   * Checks the actor (oversight, admin), fixes the range (entries in `[from, to)` that exist
   * now) and audits the export; the lines are then read in pages.
   */
  prepare(actor: Actor, range: { from?: string; to?: string }): Promise<AuditExport>;
}

const PAGE = 1000;

export function createAuditExporter(deps: {
  readonly db: Kysely<Database>;
  readonly audit: AuditLog;
  readonly clock: Clock;
  /** This node's identity, once loaded (undefined: none yet). */
  readonly identity?: () => NodeIdentity | undefined;
}): AuditExporter {
  const { db } = deps;
  return {
    async prepare(actor, range) {
      requireRole(actor, 'oversight', 'admin');
      const maybeSigner = deps.identity?.();
      if (!maybeSigner) {
        throw new DomainError(
          'NH_ERR_NOT_READY',
          'this node has no node identity yet, so it cannot sign an export',
        );
      }
      const signer: NodeIdentity = maybeSigner;
      const from = range.from === undefined ? null : isoTime(range.from, 'from');
      const to = range.to === undefined ? null : isoTime(range.to, 'to');
      if (from !== null && to !== null && from >= to) {
        throw new DomainError('NH_ERR_VALIDATION', 'the period is empty', [
          { path: 'to', message: 'must be after from' },
        ]);
      }
      let q = db.selectFrom('audit_log');
      if (from !== null) q = q.where('at', '>=', from);
      if (to !== null) q = q.where('at', '<', to);
      const bounds = await q
        .select((eb) => [eb.fn.countAll<number | string>().as('n'), eb.fn.max('seq').as('last')])
        .executeTakeFirstOrThrow();
      const count = Number(bounds.n);
      const upTo = bounds.last === null ? 0 : Number(bounds.last);
      await deps.audit.append(db, actor, {
        action: 'audit.export',
        target: null,
        details: { from, to, count },
      });
      const redacted = actor.role === 'oversight';
      async function* lines(): AsyncGenerator<string> {
        const digest = createHash('sha256');
        let after = 0;
        let first: number | null = null;
        let last: AuditEntryView | null = null;
        let n = 0;
        while (n < count) {
          let page = db
            .selectFrom('audit_log')
            .selectAll()
            .where('seq', '>', after)
            .where('seq', '<=', upTo);
          if (from !== null) page = page.where('at', '>=', from);
          if (to !== null) page = page.where('at', '<', to);
          const rows = await page.orderBy('seq').limit(PAGE).execute();
          if (rows.length === 0) break;
          for (const r of rows) {
            const view: AuditEntryView = {
              seq: r.seq,
              at: r.at,
              actor: r.actor,
              action: r.action,
              target: r.target,
              reason: r.reason,
              details:
                r.details === null ? null : (JSON.parse(r.details) as Record<string, unknown>),
              prevHash: r.prev_hash,
              hash: r.hash,
            };
            const entry = redacted ? redactEntry(view) : view;
            const line = exportLine(entry);
            digest.update(line, 'utf8');
            first ??= r.seq;
            last = entry;
            n += 1;
            yield line;
          }
          after = rows[rows.length - 1]!.seq;
        }
        const manifest: ExportManifest = {
          format: EXPORT_FORMAT,
          nodeId: signer.nodeId,
          publicKey: signer.descriptor().publicKey,
          from,
          to,
          count: n,
          firstSeq: first,
          lastSeq: last?.seq ?? null,
          headHash: last?.hash ?? null,
          linesSha256: digest.digest('hex'),
          exportedAt: deps.clock.now().toISOString(),
          exportedBy: actorLabel(actor),
          redacted,
        };
        yield manifestLine(manifest, signer.sign(manifest));
      }
      return { count, lines };
    },
  };
}
