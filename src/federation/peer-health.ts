import type { Kysely } from 'kysely';
import type { AuditLog } from '../audit/audit.service.js';
import type { NodeEvents } from '../notify/event-bus.js';
import type { Actor } from '../platform/actor.js';
import type { DialectCapabilities } from '../platform/database/capabilities.js';
import type { Database } from '../platform/database/schema.js';
import { inWriteTransaction } from '../platform/database/write-transaction.js';
import type { Clock } from '../platform/ports.js';
import { peerRepository as repo } from './peer.repository.js';

/**
 * The unreachable-peer alert (issue 6 §7): a sweep that, once per outage, audits and publishes
 * `peer.unreachable` for every peer (active or awaiting its remote side) whose exchanges have
 * failed for longer than `alertAfterSeconds`. An outage ends with the next successful exchange
 * (`recordExchange`), which also re-arms the alert.
 */
export interface PeerHealthSweep {
  /** One pass; returns the node ids alerted. */
  sweep(): Promise<string[]>;
  /** Sweeps every `intervalMs` until stopped; errors go to `onError`. */
  start(onError: (err: unknown) => void): void;
  /** Stops sweeping; resolves when a pass under way has ended. */
  stop(): Promise<void>;
}

export function createPeerHealthSweep(deps: {
  readonly db: Kysely<Database>;
  readonly capabilities: DialectCapabilities;
  readonly audit: AuditLog;
  readonly events: NodeEvents;
  readonly clock: Clock;
  readonly alertAfterSeconds: number;
  readonly intervalMs: number;
  /** The node organisation (the sweep's named actor acts for it). */
  readonly organizationId: () => Promise<string>;
}): PeerHealthSweep {
  const { db, clock } = deps;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> = Promise.resolve();

  async function sweep(): Promise<string[]> {
    const now = clock.now();
    const cutoff = new Date(now.getTime() - deps.alertAfterSeconds * 1000).toISOString();
    const due = await repo.unalertedOutages(db, cutoff);
    if (due.length === 0) return [];
    const actor: Actor = {
      kind: 'service',
      name: 'peer-health',
      organizationId: await deps.organizationId(),
      role: 'admin',
    };
    const alerted: string[] = [];
    for (const p of due) {
      const since = p.unreachableSince!;
      const marked = await inWriteTransaction(db, deps.capabilities, async (trx) => {
        if (!(await repo.markAlerted(trx, p.nodeId, since, now.toISOString()))) return false;
        await deps.audit.append(trx, actor, {
          action: 'peer.unreachable',
          target: p.nodeId,
          details: { name: p.descriptor.name, since, lastError: p.lastError },
        });
        return true;
      });
      if (!marked) continue;
      alerted.push(p.nodeId);
      deps.events.publish({
        kind: 'peer.unreachable',
        nodeId: p.nodeId,
        name: p.descriptor.name,
        since,
        lastError: p.lastError,
      });
    }
    return alerted;
  }

  return {
    sweep,
    start(onError) {
      if (timer !== null) return;
      timer = setInterval(() => {
        running = running.then(sweep).catch(onError);
      }, deps.intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer !== null) clearInterval(timer);
      timer = null;
      await running.catch(() => undefined);
    },
  };
}
