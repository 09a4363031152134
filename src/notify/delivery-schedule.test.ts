import { describe, expect, it } from 'vitest';
import { afterFailure, MAX_RETRY_DELAY_MS, retryDelayMs } from './delivery-schedule.js';

const policy = { maxAttempts: 4, baseDelayMs: 1000 };
const now = new Date('2026-11-29T00:00:00.000Z');

describe('delivery retries', () => {
  it('doubles the delay after each failure, up to the ceiling', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, policy))).toEqual([1000, 2000, 4000, 8000]);
    expect(retryDelayMs(60, policy)).toBe(MAX_RETRY_DELAY_MS);
  });

  it('schedules the next attempt, then dead-letters after maxAttempts', () => {
    expect(afterFailure(0, now, policy)).toEqual({
      state: 'pending',
      attempts: 1,
      nextAttemptAt: new Date('2026-11-29T00:00:01.000Z'),
    });
    expect(afterFailure(2, now, policy)).toEqual({
      state: 'pending',
      attempts: 3,
      nextAttemptAt: new Date('2026-11-29T00:00:04.000Z'),
    });
    expect(afterFailure(3, now, policy)).toEqual({ state: 'dead', attempts: 4 });
  });
});
