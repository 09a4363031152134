/**
 * The delivery worker: sends the outbox's due deliveries, one webhook POST per delivery and
 * one e-mail per (recipient, language) batch, then marks them delivered, or schedules a retry
 * with exponential back-off (`delivery-schedule.ts`), or dead-letters them after the last
 * attempt. It never runs inside a producer's request: intake only inserts rows.
 *
 * Time comes from the clock port: tests drive it with a fake clock and {@link
 * DeliveryWorker.runDue} / {@link DeliveryWorker.drain}, no sleeps. Rows survive a restart; a
 * row whose worker died mid-attempt is due again when its lease ends.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../platform/database/schema.js';
import type { Clock } from '../platform/ports.js';
import { UndeliverableError, type Notification } from './delivery-content.js';
import { deliveryRepository as repo } from './delivery.repository.js';
import { afterFailure, type RetryPolicy } from './delivery-schedule.js';
import type { Delivery } from './delivery.types.js';
import type { MailSender } from './email.js';
import type { WebhookSender } from './webhook.js';
import { xarfMessage } from './x-arf.js';

export interface DeliveryWorkerDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly retry: RetryPolicy;
  /** How long a claimed delivery is left to its worker before another may take it. */
  readonly leaseMs: number;
  readonly content: (d: Delivery) => Promise<Notification>;
  readonly webhook: WebhookSender;
  readonly mail: MailSender;
  readonly from: string;
  readonly nodeName: string;
  /** Runs before each pass (the producers' pending inserts). */
  readonly beforeRun?: () => Promise<void>;
  readonly logError: (message: string, err: unknown) => void;
}

export interface DeliveryWorker {
  /** Sends what is due now (at most one page); resolves with the number of deliveries tried. */
  runDue(): Promise<number>;
  /** {@link runDue} until nothing is due at the clock's present time. */
  drain(): Promise<number>;
  /** Polls every `intervalMs` until {@link stop}. */
  start(intervalMs: number): void;
  /** Stops polling and waits for the pass in flight. */
  stop(): Promise<void>;
}

const PAGE = 100;

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export function createDeliveryWorker(deps: DeliveryWorkerDeps): DeliveryWorker {
  const { db, clock } = deps;
  let timer: ReturnType<typeof setInterval> | null = null;
  let running: Promise<number> | null = null;

  async function fail(rows: readonly Delivery[], err: unknown, dead = false) {
    const now = clock.now();
    for (const d of rows) {
      const next = dead
        ? { state: 'dead' as const, attempts: d.attempts + 1 }
        : afterFailure(d.attempts, now, deps.retry);
      await repo.failed(
        db,
        d.id,
        {
          state: next.state,
          attempts: next.attempts,
          nextAttemptAt: next.state === 'pending' ? next.nextAttemptAt.toISOString() : null,
        },
        message(err),
        now.toISOString(),
      );
    }
  }

  /** The notifications of `rows`; a row whose subject is gone is dead-lettered at once. */
  async function contents(rows: readonly Delivery[]) {
    const ok: { d: Delivery; n: Notification }[] = [];
    for (const d of rows) {
      try {
        ok.push({ d, n: await deps.content(d) });
      } catch (err) {
        await fail([d], err, err instanceof UndeliverableError);
      }
    }
    return ok;
  }

  async function sendWebhook(d: Delivery) {
    const [one] = await contents([d]);
    if (!one) return;
    try {
      await deps.webhook(d, one.n);
      await repo.delivered(db, [d.id], clock.now().toISOString());
    } catch (err) {
      await fail([d], err);
    }
  }

  async function sendMail(rows: readonly Delivery[]) {
    const ok = await contents(rows);
    const first = ok[0];
    if (!first) return;
    try {
      await deps.mail(
        xarfMessage({
          from: deps.from,
          to: first.d.address,
          language: first.d.language,
          nodeName: deps.nodeName,
          date: clock.now(),
          notifications: ok.map((o) => o.n),
        }),
      );
      await repo.delivered(
        db,
        ok.map((o) => o.d.id),
        clock.now().toISOString(),
      );
    } catch (err) {
      await fail(
        ok.map((o) => o.d),
        err,
      );
    }
  }

  async function pass(): Promise<number> {
    await deps.beforeRun?.();
    const now = clock.now();
    const nowIso = now.toISOString();
    const lease = new Date(now.getTime() + deps.leaseMs).toISOString();
    const claimed: Delivery[] = [];
    for (const d of await repo.due(db, nowIso, PAGE))
      if (await repo.claim(db, d, lease, nowIso)) claimed.push(d);
    const mail = new Map<string, Delivery[]>();
    const work: Promise<void>[] = [];
    for (const d of claimed) {
      if (d.channel === 'webhook') work.push(sendWebhook(d));
      else {
        const key = `${d.address}\u0000${d.language}`;
        mail.set(key, [...(mail.get(key) ?? []), d]);
      }
    }
    for (const rows of mail.values()) work.push(sendMail(rows));
    // Each send catches its own failure; one slow endpoint delays only its own row.
    await Promise.all(work);
    return claimed.length;
  }

  const worker: DeliveryWorker = {
    async runDue() {
      while (running) await running.catch(() => 0);
      running = pass();
      try {
        return await running;
      } finally {
        running = null;
      }
    },
    async drain() {
      let total = 0;
      for (;;) {
        const n = await worker.runDue();
        total += n;
        if (n === 0) return total;
      }
    },
    start(intervalMs) {
      if (timer !== null || intervalMs <= 0) return;
      timer = setInterval(() => {
        if (running) return;
        worker
          .runDue()
          .catch((err: unknown) => deps.logError('delivering notifications failed', err));
      }, intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer !== null) clearInterval(timer);
      timer = null;
      while (running) await running.catch(() => 0);
    },
  };
  return worker;
}
