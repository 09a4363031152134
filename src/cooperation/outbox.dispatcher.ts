import type { Kysely } from 'kysely';
import type { Database } from '../platform/database/schema.js';
import type { Clock } from '../platform/ports.js';
import { withCooperationTables } from './cooperation.tables.js';
import { requestRepository as repo } from './request.repository.js';
import type { OutboxMessage, RequestTransport } from './request.transport.js';

/**
 * Hands the pending outbox messages to the transport, oldest first (issue 7, item 5). A message
 * is marked delivered only once `deliver` resolved; a failure records the error and the attempt
 * and leaves it pending for the next round, so a recipient that is down gets it when it returns.
 */
export function createOutboxDispatcher(deps: {
  db: Kysely<Database>;
  clock: Clock;
  transport: RequestTransport;
}) {
  const db = withCooperationTables(deps.db);
  return async function dispatch(limit = 100): Promise<{ delivered: number; failed: number }> {
    let delivered = 0;
    let failed = 0;
    for (const row of await repo.pendingOutbox(db, limit)) {
      try {
        await deps.transport.deliver(JSON.parse(row.message) as OutboxMessage);
        await repo.updateOutbox(db, row.id, {
          delivered_at: deps.clock.now().toISOString(),
          attempts: Number(row.attempts) + 1,
          last_error: null,
        });
        delivered++;
      } catch (err) {
        await repo.updateOutbox(db, row.id, {
          attempts: Number(row.attempts) + 1,
          last_error: err instanceof Error ? err.message : String(err),
        });
        failed++;
      }
    }
    return { delivered, failed };
  };
}
