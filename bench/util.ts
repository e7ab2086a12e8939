// Shared pieces of the benchmark: the result row, percentiles, and timing helpers.

export interface Row {
  figure: string;
  ours: string;
  reference: string;
  ratio: string;
  target: string;
  /** null: reported, no target. */
  pass: boolean | null;
}

export interface BenchOptions {
  /** Tiny sizes, only to keep the benchmark working (CI). */
  smoke: boolean;
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

export function ms(value: number, digits = 2): string {
  return `${value.toFixed(digits)} ms`;
}

export function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Times `count` sequential calls; returns each duration in ms. */
export async function timeEach(call: () => Promise<unknown>, count: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await call();
    times.push(performance.now() - started);
  }
  return times;
}

/** Completed calls per second with `concurrency` callers for `durationMs`. */
export async function throughput(call: () => Promise<unknown>, concurrency: number, durationMs: number): Promise<number> {
  const deadline = performance.now() + durationMs;
  let done = 0;
  const worker = async () => {
    while (performance.now() < deadline) {
      await call();
      done++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return done / ((performance.now() - started) / 1000);
}

/** Runs `a` and `b` alternately for `rounds` rounds (so drift hits both sides alike). */
export async function interleaved<T>(rounds: number, a: () => Promise<T>, b: () => Promise<T>): Promise<{ a: T[]; b: T[] }> {
  const out = { a: [] as T[], b: [] as T[] };
  for (let round = 0; round < rounds; round++) {
    // Alternate who goes first, too.
    if (round % 2 === 0) {
      out.a.push(await a());
      out.b.push(await b());
    } else {
      out.b.push(await b());
      out.a.push(await a());
    }
  }
  return out;
}

/** Request latencies (ms) of two sides: each warmed up (JIT, keep-alive sockets), then measured interleaved in rounds. */
export async function interleavedLatencies(
  a: () => Promise<unknown>,
  b: () => Promise<unknown>,
  options: BenchOptions,
  warmUp = 50,
): Promise<{ a: number[]; b: number[] }> {
  const rounds = options.smoke ? 2 : 10;
  const perRound = options.smoke ? 30 : 300;
  await timeEach(a, warmUp);
  await timeEach(b, warmUp);
  const latency = await interleaved(
    rounds,
    () => timeEach(a, perRound),
    () => timeEach(b, perRound),
  );
  return { a: latency.a.flat(), b: latency.b.flat() };
}

/** Runs every side once per round for `rounds` rounds, each round starting one side later (so drift hits all alike). */
export async function interleavedAll<T>(rounds: number, sides: ReadonlyArray<() => Promise<T>>): Promise<T[][]> {
  const out = sides.map(() => [] as T[]);
  for (let round = 0; round < rounds; round++) {
    for (let step = 0; step < sides.length; step++) {
      const side = (round + step) % sides.length;
      out[side].push(await sides[side]());
    }
  }
  return out;
}

export function heapUsed(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
}
