/**
 * When a delivery is tried again, and when it is given up (pure). Retries back off
 * exponentially: the n-th retry waits `base · 2^(n-1)`, at most {@link MAX_RETRY_DELAY_MS};
 * after `maxAttempts` failed attempts the delivery is dead-lettered (an admin may retry it).
 */
export const MAX_RETRY_DELAY_MS = 6 * 3600 * 1000;

export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
}

/** The delay before the next attempt after `attempts` failed ones (attempts ≥ 1). */
export function retryDelayMs(attempts: number, policy: RetryPolicy): number {
  const exponent = Math.min(Math.max(attempts - 1, 0), 30);
  return Math.min(policy.baseDelayMs * 2 ** exponent, MAX_RETRY_DELAY_MS);
}

export type AfterFailure =
  | { readonly state: 'pending'; readonly attempts: number; readonly nextAttemptAt: Date }
  | { readonly state: 'dead'; readonly attempts: number };

/** The delivery's state after one more failed attempt at `now`. */
export function afterFailure(attemptsBefore: number, now: Date, policy: RetryPolicy): AfterFailure {
  const attempts = attemptsBefore + 1;
  if (attempts >= policy.maxAttempts) return { state: 'dead', attempts };
  return {
    state: 'pending',
    attempts,
    nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts, policy)),
  };
}
