/**
 * Reading and acknowledging outbreak alerts (issue 5, item 3). Every read goes through the one
 * read policy on the alert's note; the reporting organisations are never shown, only counts.
 * An acknowledgement is per organisation (who and when), idempotent and audited.
 */
import type { Kysely } from 'kysely';
import type { AuditLog } from '../audit/audit.service.js';
import type { ReaderResolver } from '../access/reader.service.js';
import type { NodeEvents } from '../notify/event-bus.js';
import { WRITER_ROLES, type ObjectService } from '../objects/object.service.js';
import { actorLabel, type Actor } from '../platform/actor.js';
import type { DialectCapabilities } from '../platform/database/capabilities.js';
import type { Database } from '../platform/database/schema.js';
import { inWriteTransaction } from '../platform/database/write-transaction.js';
import { DomainError } from '../platform/errors.js';
import type { Clock } from '../platform/ports.js';
import { withinReachFilter } from '../policy/read-policy.js';
import { requireRole } from '../auth/roles.js';
import type { StixObject } from '../stix/index.js';
import { alertPropertiesOf, type AlertProperties } from './alert-extension.js';
import { alertRepository as repo, type Acknowledgement } from './alert.repository.js';

/** An alert as the API shows it to one reader. */
export interface AlertView {
  readonly id: string;
  readonly modified: string;
  readonly status: AlertProperties['status'];
  readonly severity: AlertProperties['alert_severity'];
  readonly openedAt: string;
  readonly firstSeen: string;
  readonly lastSeen: string;
  readonly closedAt: string | null;
  readonly reportCount: number;
  readonly organisationCount: number;
  readonly countries: readonly string[];
  readonly keys: readonly { kind: string; value: string }[];
  readonly trigger: AlertProperties['trigger'];
  /** The reader's organisation's acknowledgement, or null. */
  readonly acknowledged: Acknowledgement | null;
}

export interface AlertQuery {
  readonly status?: 'open' | 'closed';
  readonly limit?: number;
  readonly offset?: number;
}

export interface AlertService {
  /** Alerts the actor may read, newest first. */
  list(actor: Actor, query: AlertQuery): Promise<AlertView[]>;
  /** NH_ERR_NOT_FOUND for an unknown id, NH_ERR_FORBIDDEN when the actor may not read it. */
  get(actor: Actor, id: string): Promise<AlertView>;
  /** Records the actor's organisation's acknowledgement (once; later calls return it). */
  acknowledge(actor: Actor, id: string): Promise<AlertView>;
}

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 500;

export function alertView(note: StixObject, acknowledged: Acknowledgement | null): AlertView {
  const p = alertPropertiesOf(note);
  if (!p) throw new DomainError('NH_ERR_NOT_FOUND', `${note.id} is not an outbreak alert`);
  return {
    id: note.id,
    modified: String(note.modified),
    status: p.status,
    severity: p.alert_severity,
    openedAt: p.opened_at,
    firstSeen: p.first_seen,
    lastSeen: p.last_seen,
    closedAt: p.closed_at ?? null,
    reportCount: p.report_count,
    organisationCount: p.organisation_count,
    countries: p.countries,
    keys: p.keys,
    trigger: p.trigger,
    acknowledged,
  };
}

export function createAlertService(deps: {
  readonly db: Kysely<Database>;
  readonly capabilities: DialectCapabilities;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly events: NodeEvents;
  readonly objects: ObjectService;
  readonly readers: ReaderResolver;
}): AlertService {
  const { db } = deps;

  /** The note as the actor may read it (policy and audit of the object service). */
  async function readNote(actor: Actor, id: string): Promise<StixObject> {
    const row = await repo.find(db, id);
    if (!row) throw new DomainError('NH_ERR_NOT_FOUND', `outbreak alert ${id} was not found`);
    try {
      return (await deps.objects.get(actor, id)).object;
    } catch (err) {
      if (err instanceof DomainError && err.code === 'NH_ERR_OBJECT_NOT_FOUND')
        throw new DomainError(
          'NH_ERR_FORBIDDEN',
          `${actorLabel(actor)} may not read outbreak alert ${id}`,
        );
      throw err;
    }
  }

  return {
    async list(actor, query) {
      const { reader } = await deps.readers.readerOf(actor);
      const rows = await repo.list(db, withinReachFilter(reader), {
        organizationId: actor.organizationId,
        status: query.status,
        limit: Math.min(Math.max(query.limit ?? DEFAULT_LIMIT, 1), MAX_LIMIT),
        offset: Math.max(query.offset ?? 0, 0),
      });
      return rows.map((r) => alertView(JSON.parse(r.content) as StixObject, r.acknowledged));
    },

    async get(actor, id) {
      const note = await readNote(actor, id);
      return alertView(note, await repo.acknowledgement(db, id, actor.organizationId));
    },

    async acknowledge(actor, id) {
      const note = await readNote(actor, id);
      requireRole(actor, ...WRITER_ROLES);
      const ack = { at: deps.clock.now().toISOString(), by: actorLabel(actor) };
      const added = await inWriteTransaction(db, deps.capabilities, async (trx) => {
        const inserted = await repo.acknowledge(trx, id, actor.organizationId, ack);
        if (inserted)
          await deps.audit.append(trx, actor, {
            action: 'alert.acknowledge',
            target: id,
            details: { organizationId: actor.organizationId },
          });
        return inserted;
      });
      const row = await repo.find(db, id);
      if (added && row)
        deps.events.publish({
          kind: 'alert.changed',
          change: 'acknowledged',
          alertId: id,
          organisations: [...row.organisations],
          countries: [...row.countries],
        });
      return alertView(note, await repo.acknowledgement(db, id, actor.organizationId));
    },
  };
}
