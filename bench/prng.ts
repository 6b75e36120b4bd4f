// A small seeded PRNG (mulberry32) so every corpus and query set is the same on every run.

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [0, n). */
  int(n: number): number;
  /** One element, uniformly. */
  pick<T>(items: readonly T[]): T;
  /** Rank in [0, n) with Zipf-like frequencies (rank r about 1/r as likely as rank 1). */
  zipf(n: number): number;
}

export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  return {
    next,
    int,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[int(items.length)] as T;
    },
    // P(rank <= r) ~ ln(r)/ln(n) for s = 1: inverse CDF is n^u.
    zipf: (n) => Math.min(n - 1, Math.floor(Math.pow(n, next())) - 1),
  };
}

/** A PRNG for item i of a stream, independent of how many items came before (corpus prefixes agree). */
export function rngFor(seed: number, index: number): Rng {
  return createRng((Math.imul(seed, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0);
}
