/** A small deterministic random generator (mulberry32), so that a failing case can be replayed. */
export function randomSource(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const subset = <T>(xs: readonly T[]): T[] => xs.filter(() => next() < 0.4);
  return { next, pick, subset };
}
