import type { Kysely } from 'kysely';
import type { Database } from '../platform/database/schema.js';
import type { Clock } from '../platform/ports.js';
import { withCooperationTables } from './cooperation.tables.js';
import { requestRepository as repo } from './request.repository.js';
import {
  TransportRefusal,
  type DeliveryReceipt,
  type OutboxMessage,
  type RequestTransport,
} from './request.transport.js';

/** Back-off of the outbox: the wait after the n-th failed attempt doubles from `minMs` up to `maxMs`. */
export interface OutboxBackoff {
  readonly minMs: number;
  readonly maxMs: number;
}

export const DEFAULT_OUTBOX_BACKOFF: OutboxBackoff = { minMs: 5_000, maxMs: 15 * 60_000 };

/** The wait before the next attempt after `attempts` failed ones (pure). */
export function backoffMs(attempts: number, b: OutboxBackoff): number {
  return Math.min(b.maxMs, b.minMs * 2 ** Math.max(0, Math.min(attempts - 1, 30)));
}

/** How one round of dispatch runs (the worker's rounds use the defaults). */
export interface DispatchOptions {
  /** At most this many messages (default 100). */
  readonly limit?: number;
  /** Try the messages still in back-off too (an operator's "deliver now"). */
  readonly ignoreBackoff?: boolean;
  /** Told after each message tried: how many of the round's `total` are done so far. */
  readonly onProgress?: (p: DispatchProgress) => void;
}

export interface DispatchProgress {
  readonly total: number;
  readonly done: number;
  readonly delivered: number;
  readonly failed: number;
}

/** What a round did; `errors` names each message that failed and why. */
export interface DispatchResult {
  readonly delivered: number;
  readonly failed: number;
  readonly errors: readonly {
    readonly id: string;
    readonly requestId: string;
    readonly error: string;
    readonly final: boolean;
  }[];
}

/**
 * Hands the pending outbox messages to the transport, oldest first (issue 7, item 5). A message
 * is marked delivered only once `deliver` resolved, keeping the receiving side's signed receipt
 * when it gave one (and telling `onReceipt`, which starts the clocks at the receipt's time); a
 * failure records the error and the attempt and leaves it pending, not retried before its
 * back-off is over (and holding back the later messages of its request), so a recipient that
 * is down gets them, in order, when it returns; a final refusal
 * ({@link TransportRefusal}) is recorded and never retried.
 */
export function createOutboxDispatcher(deps: {
  db: Kysely<Database>;
  clock: Clock;
  transport: RequestTransport;
  backoff?: OutboxBackoff;
  onReceipt?: (message: OutboxMessage, receipt: DeliveryReceipt) => Promise<void>;
}) {
  const db = withCooperationTables(deps.db);
  const backoff = deps.backoff ?? DEFAULT_OUTBOX_BACKOFF;
  return async function dispatch(options: DispatchOptions = {}): Promise<DispatchResult> {
    let delivered = 0;
    let failed = 0;
    const errors: DispatchResult['errors'][number][] = [];
    const now = deps.clock.now();
    // A request whose earlier message waits holds back its later ones: the other side gets them in order.
    const waiting = new Set<string>();
    const rows = await repo.pendingOutbox(db, options.limit ?? 100);
    let done = 0;
    const progress = () =>
      options.onProgress?.({ total: rows.length, done: ++done, delivered, failed });
    for (const row of rows) {
      if (waiting.has(row.request_id)) {
        progress();
        continue;
      }
      if (
        !options.ignoreBackoff &&
        row.next_attempt_at !== null &&
        row.next_attempt_at > now.toISOString()
      ) {
        progress();
        waiting.add(row.request_id);
        continue;
      }
      const attempts = Number(row.attempts) + 1;
      const message = JSON.parse(row.message) as OutboxMessage;
      let receipt: DeliveryReceipt | void;
      try {
        receipt = await deps.transport.deliver(message);
      } catch (err) {
        const error = err instanceof Error ? err.message : String(err);
        await repo.updateOutbox(db, row.id, {
          attempts,
          last_error: error,
          ...(err instanceof TransportRefusal
            ? { refused_at: deps.clock.now().toISOString() }
            : {
                next_attempt_at: new Date(
                  now.getTime() + backoffMs(attempts, backoff),
                ).toISOString(),
              }),
        });
        if (!(err instanceof TransportRefusal)) waiting.add(row.request_id);
        failed++;
        errors.push({
          id: row.id,
          requestId: row.request_id,
          error,
          final: err instanceof TransportRefusal,
        });
        progress();
        continue;
      }
      if (receipt && deps.onReceipt) await deps.onReceipt(message, receipt);
      await repo.updateOutbox(db, row.id, {
        delivered_at: deps.clock.now().toISOString(),
        attempts,
        last_error: null,
        next_attempt_at: null,
        ...(receipt ? { receipt: receipt.receipt, receipt_at: receipt.receivedAt } : {}),
      });
      delivered++;
      progress();
    }
    return { delivered, failed, errors };
  };
}
