/**
 * Stores detector events as versions of the alert's STIX note, with the alert's row
 * (`outbreak_alerts`) in the same transaction, then publishes `alert.changed` — after commit,
 * so that a consumer reading the note by id finds it.
 */
import type { Kysely } from 'kysely';
import type { OutbreakAlert } from '../correlate/outbreak-alert.js';
import type { NodeEvents } from '../notify/event-bus.js';
import type { ObjectService } from '../objects/object.service.js';
import type { Actor } from '../platform/actor.js';
import type { DialectCapabilities } from '../platform/database/capabilities.js';
import type { Database } from '../platform/database/schema.js';
import { inWriteTransaction } from '../platform/database/write-transaction.js';
import { DomainError } from '../platform/errors.js';
import { alertNote, alertNoteId } from './alert-extension.js';
import { alertRepository as repo } from './alert.repository.js';

export type AlertChange = 'opened' | 'updated' | 'closed';

export interface AlertWriter {
  /** Stores `alert` as of `at` (a later `modified` than its previous version, always). */
  write(
    change: AlertChange,
    alert: OutbreakAlert,
    at: string,
    refs: readonly string[],
  ): Promise<void>;
  /** Note ids this writer stored (its own `objects.stored` events are not reports). */
  isOwn(id: string): boolean;
}

export function createAlertWriter(deps: {
  readonly db: Kysely<Database>;
  readonly capabilities: DialectCapabilities;
  readonly objects: ObjectService;
  readonly events: NodeEvents;
  /** The node organisation (identity id): creator and owner of alert notes. */
  readonly organizationId: () => Promise<string>;
}): AlertWriter {
  const { db } = deps;
  const lastModified = new Map<string, number>();
  let actor: Actor | null = null;

  async function detectorActor(): Promise<Actor> {
    actor ??= {
      kind: 'service',
      name: 'outbreak-detector',
      organizationId: await deps.organizationId(),
      role: 'analyst',
    };
    return actor;
  }

  return {
    isOwn: (id) => lastModified.has(id),
    async write(change, alert, at, refs) {
      const id = alertNoteId(alert.id);
      let previous = lastModified.get(id);
      if (previous === undefined) {
        const row = await repo.find(db, id);
        if (row) previous = Date.parse(row.modified);
      }
      let ms = Date.parse(at);
      if (previous !== undefined && ms <= previous) ms = previous + 1;
      const modified = new Date(ms).toISOString();
      const who = await detectorActor();
      const note = alertNote({
        alert,
        createdBy: who.organizationId,
        modified,
        observableRefs: refs,
      });
      const prepared = await deps.objects.prepareIngest(who, { distribution: 'community' });
      await inWriteTransaction(db, deps.capabilities, async (trx) => {
        const summary = await prepared.into(trx, [note]);
        const rejected = summary.rejected[0];
        if (rejected)
          throw new DomainError(
            'NH_ERR_STIX_INVALID',
            `alert note ${id} was rejected: ${JSON.stringify(rejected.errors)}`,
          );
        await repo.save(trx, id, alert, modified);
      });
      lastModified.set(id, ms);
      prepared.committed();
      deps.events.publish({
        kind: 'alert.changed',
        change,
        alertId: id,
        organisations: [...alert.organisations],
        countries: [...alert.countries],
      });
    },
  };
}
