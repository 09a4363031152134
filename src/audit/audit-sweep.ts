/**
 * The audit's background work (checkpoints due, the witness outbox, unusual-access alerts),
 * polled every `pollMs`; started and stopped from the app's `onReady` / `onClose` hooks. Each
 * pass asks the clock port whether work is due, so tests drive it with `runOnce()` and a fake
 * clock instead of waiting.
 */
export interface AuditSweep {
  start(): void;
  /** Stops polling and waits for the pass in flight. */
  stop(): Promise<void>;
  /** One pass of every task, in order; a failing task does not stop the next. */
  runOnce(): Promise<void>;
}

export function createAuditSweep(options: {
  readonly pollMs: number;
  readonly tasks: readonly (() => Promise<unknown>)[];
  readonly onError: (err: unknown) => void;
}): AuditSweep {
  let timer: ReturnType<typeof setInterval> | null = null;
  let running: Promise<void> | null = null;

  async function pass(): Promise<void> {
    for (const task of options.tasks) {
      try {
        await task();
      } catch (err) {
        options.onError(err);
      }
    }
  }

  const sweep: AuditSweep = {
    runOnce() {
      running ??= pass().finally(() => {
        running = null;
      });
      return running;
    },
    start() {
      if (timer !== null || options.pollMs <= 0) return;
      timer = setInterval(() => {
        if (running === null) void sweep.runOnce();
      }, options.pollMs);
      timer.unref();
    },
    async stop() {
      if (timer !== null) clearInterval(timer);
      timer = null;
      while (running) await running;
    },
  };
  return sweep;
}
