import type { HostedOrganization } from './federation.types.js';

/**
 * Keeps the peers' directories of this node's organisations fresh (issue 7, item 5: a request
 * may be addressed to an organisation created after peering). Each round compares the
 * organisations this node hosts with those it last announced: when one was created, renamed or
 * removed it says hello to every active peer at once (the hello carries them, and the answer
 * brings back the peer's own). Every `fullEvery` rounds it says hello anyway, to learn the
 * peers' changes even when this node has none. On demand, an administrator says hello to one
 * peer again (`POST /api/v1/peers/{nodeId}/retry`).
 */
export interface DirectoryRefresh {
  /** One round; true when it said hello to the active peers. */
  tick(): Promise<boolean>;
  /** Notes the organisations hosted now and starts the rounds (none when `intervalMs` ≤ 0). */
  start(onError: (err: unknown) => void): void;
  stop(): Promise<void>;
}

export function createDirectoryRefresh(deps: {
  readonly hostedOrganizations: () => Promise<readonly HostedOrganization[]>;
  readonly helloActive: () => Promise<void>;
  readonly intervalMs: number;
  readonly fullEvery: number;
}): DirectoryRefresh {
  let announced: string | null = null;
  let rounds = 0;
  let timer: ReturnType<typeof setInterval> | null = null;
  let running: Promise<unknown> = Promise.resolve();
  const digest = async () =>
    JSON.stringify(
      [...(await deps.hostedOrganizations())]
        .map((o) => [o.id, o.name, o.country])
        .sort((a, b) => a[0]!.localeCompare(b[0]!)),
    );

  async function tick(): Promise<boolean> {
    rounds++;
    const now = await digest();
    if (now === announced && rounds % deps.fullEvery !== 0) return false;
    await deps.helloActive();
    announced = now;
    return true;
  }

  return {
    tick,
    start(onError) {
      if (timer !== null || deps.intervalMs <= 0) return;
      running = digest()
        .then((d) => {
          announced ??= d;
        })
        .catch(onError);
      timer = setInterval(() => {
        running = running.then(tick).catch(onError);
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
