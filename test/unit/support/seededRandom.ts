// Seeded pseudo-random numbers for generated test cases, so a failure names a reproducible case
// (a linear congruential generator: the same seed gives the same sequence on every run).

function generator(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) & 0x7fffffff);
}

/** Integers in [0, n), taken from the high bits: an LCG's low bits cycle quickly. */
export function seededIntegers(seed: number): (n: number) => number {
  const next = generator(seed);
  return (n) => Math.floor((next() / 0x80000000) * n);
}

/** Fractions in [0, 1]. */
export function seededFractions(seed: number): () => number {
  const next = generator(seed);
  return () => next() / 0x7fffffff;
}
