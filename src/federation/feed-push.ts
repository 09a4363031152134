import type { ApplyOutcome, PeerTransport } from './change-feed.types.js';
import type { PeerRecord } from './federation.types.js';
import type { FeedCore } from './feed-core.js';
import { MAX_BATCH_BYTES, PUSH_MAX_ITEMS } from './feed-batch.js';
import { feedLogRepository as log } from './feed-log.repository.js';
import type { FeedReader } from './feed-serve.js';

/**
 * Push delivery (issue 6 §4): one worker per peer sends new items at once, in bounded
 * batches, with `POST /federation/v1/changes`. Each worker has its own queue (the log after the
 * peer's acknowledged cursor), its own timeout and exponential back-off, so a slow or hanging
 * peer never delays the others. Started and stopped by the app's hooks.
 */

/** Waiting, as a port: tests may shorten it; `signal` ends the wait early on stop. */
export interface Timers {
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export const systemTimers: Timers = {
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      if (signal.aborted) return resolve();
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done, { once: true });
    }),
};

export interface PushSettings {
  /** Longest wait for a peer's answer. */
  readonly timeoutMs: number;
  readonly backoffMinMs: number;
  readonly backoffMaxMs: number;
}

export const DEFAULT_PUSH_SETTINGS: PushSettings = {
  timeoutMs: 10_000,
  backoffMinMs: 500,
  backoffMaxMs: 60_000,
};

export interface PushWorker {
  /** The log grew (or the peer may be back): send what is due. */
  wake(): void;
  stop(): Promise<void>;
}

export function createPushWorker(
  core: FeedCore,
  deps: {
    readonly peerId: string;
    readonly reader: FeedReader;
    readonly transport: PeerTransport;
    readonly timers: Timers;
    readonly settings: PushSettings;
    /** Records the objects about to be sent to the peer. */
    readonly sending: (peer: PeerRecord, objectIds: string[]) => Promise<void>;
    /** Records the receipts of the withdrawals the peer applied. */
    readonly delivered: (peer: PeerRecord, outcome: ApplyOutcome) => Promise<void>;
  },
): PushWorker {
  const stopping = new AbortController();
  let due = true;
  let wakeUp: (() => void) | null = null;
  let backoff = 0;

  async function once(): Promise<'idle' | 'again' | 'failed'> {
    const peer = await core.peers.find(deps.peerId);
    if (peer === null || peer.state !== 'active') return 'idle';
    const { acked } = await log.cursor(core.db, peer.nodeId);
    const batch = await deps.reader.batchFor(peer, acked, {
      maxItems: PUSH_MAX_ITEMS,
      maxBytes: MAX_BATCH_BYTES,
    });
    if (batch.items.length === 0) {
      if (batch.next > acked)
        await log.advance(core.db, peer.nodeId, 'acked', batch.next, core.now());
      return batch.more ? 'again' : 'idle';
    }
    const objectIds = batch.items.flatMap((i) =>
      i.kind === 'object' || i.kind === 'alert'
        ? [(i.body as { object: { id: string } }).object.id]
        : [],
    );
    // Recorded before sending: a narrowing that happens while the batch is in flight must
    // see the peer as holding the objects (a withdrawal of what never arrived is harmless).
    await deps.sending(peer, objectIds);
    try {
      const answer = await withTimeout(
        deps.transport.request(peer, 'POST', '/federation/v1/changes', {
          items: batch.items,
          next: batch.next,
        }),
        deps.settings.timeoutMs,
      );
      if (answer.status !== 200) throw new Error(`the peer answered ${answer.status}`);
      const outcome = answer.json as ApplyOutcome;
      await log.advance(core.db, peer.nodeId, 'acked', batch.next, core.now());
      await deps.delivered(peer, outcome);
      await core.peers.recordExchange(peer.nodeId, {
        ok: true,
        sent: batch.items.length,
        refused: Array.isArray(outcome.refused) ? outcome.refused.length : 0,
      });
      backoff = 0;
      return batch.more ? 'again' : 'idle';
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      core.warn('federation: push failed', { peer: peer.nodeId, error });
      await core.peers.recordExchange(peer.nodeId, { ok: false, error });
      return 'failed';
    }
  }

  async function run() {
    while (!stopping.signal.aborted) {
      if (!due) {
        await new Promise<void>((resolve) => {
          const done = () => {
            stopping.signal.removeEventListener('abort', done);
            resolve();
          };
          wakeUp = done;
          stopping.signal.addEventListener('abort', done, { once: true });
        });
        wakeUp = null;
        continue;
      }
      due = false;
      let result: 'idle' | 'again' | 'failed';
      try {
        result = await once();
      } catch (err) {
        core.warn('federation: push worker error', { peer: deps.peerId, error: String(err) });
        result = 'failed';
      }
      if (result === 'again') due = true;
      if (result === 'failed') {
        const { backoffMinMs, backoffMaxMs } = deps.settings;
        backoff = backoff === 0 ? backoffMinMs : Math.min(backoff * 2, backoffMaxMs);
        await deps.timers.sleep(backoff, stopping.signal);
        due = true;
      }
    }
  }

  const running = run();
  return {
    wake() {
      due = true;
      wakeUp?.();
    },
    async stop() {
      stopping.abort();
      await running;
    },
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
