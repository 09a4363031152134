import { randomBytes, randomUUID } from 'node:crypto';

/** Time, as a port: tests pass a fake clock instead of sleeping. */
export interface Clock {
  now(): Date;
}

/** Identifiers and secrets, as a port. */
export interface RandomSource {
  uuid(): string;
  /** `n` cryptographically random bytes. */
  bytes(n: number): Buffer;
}

export const systemClock: Clock = { now: () => new Date() };

export const systemRandom: RandomSource = {
  uuid: () => randomUUID(),
  bytes: (n) => randomBytes(n),
};

/** A clock that only moves when told to. */
export function fixedClock(
  start: Date | string,
): Clock & { advance(ms: number): void; set(d: Date | string): void } {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    advance(ms) {
      t += ms;
    },
    set(d) {
      t = new Date(d).getTime();
    },
  };
}
