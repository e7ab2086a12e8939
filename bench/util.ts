// Shared pieces of the benchmark: the result row, percentiles, timing and CPU helpers, and the
// per-round ratios every comparison reports (median and range).

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

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

/** Sizes of an interleaved latency comparison. */
export interface LatencyPlan {
  rounds: number;
  perRound: number;
  warmUp: number;
}

/** The default plan: a few rounds of a few hundred sequential calls each. */
export function latencyPlan(options: BenchOptions, warmUp = 50): LatencyPlan {
  return options.smoke ? { rounds: 2, perRound: 30, warmUp } : { rounds: 9, perRound: 300, warmUp };
}

/**
 * Two sides' latency slices: each warmed up (JIT, keep-alive sockets), then measured alternately,
 * one slice per side and round (so per-round ratios pair slices that ran side by side).
 */
export async function interleavedLatencySlices(a: () => Promise<unknown>, b: () => Promise<unknown>, plan: LatencyPlan): Promise<{ a: Slice[]; b: Slice[] }> {
  await timeEach(a, plan.warmUp);
  await timeEach(b, plan.warmUp);
  return interleaved(
    plan.rounds,
    () => timeSlice(a, plan.perRound),
    () => timeSlice(b, plan.perRound),
  );
}

/** Request latencies (ms) of two sides, all rounds pooled (see interleavedLatencySlices). */
export async function interleavedLatencies(
  a: () => Promise<unknown>,
  b: () => Promise<unknown>,
  options: BenchOptions,
  warmUp = 50,
): Promise<{ a: number[]; b: number[] }> {
  const slices = await interleavedLatencySlices(a, b, latencyPlan(options, warmUp));
  return { a: pooledTimes(slices.a), b: pooledTimes(slices.b) };
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

/**
 * One measured slice of calls: what the wall clock saw and what CPU the measured process spent.
 * CPU per call is steadier than wall time on a shared machine: time spent waiting for a core
 * another process holds is not counted.
 */
export interface Slice {
  /** Each call's duration, ms (sequential slices; empty for throughput slices). */
  times: number[];
  /** Calls completed. */
  calls: number;
  /** Completed calls per second. */
  rate: number;
  /** CPU (user + system) the measured process spent per completed call, µs. */
  cpuPerCall: number;
}

/** This process's CPU so far (user + system), µs. */
export function ownCpuMicros(): number {
  const used = process.cpuUsage();
  return used.user + used.system;
}

let clockTicksPerSecond: number | undefined;

export function clockTicks(): number {
  if (clockTicksPerSecond === undefined) {
    try {
      clockTicksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicksPerSecond = 100;
    }
  }
  return clockTicksPerSecond;
}

/** Another process's CPU so far (utime + stime from /proc/<pid>/stat), µs; NaN where /proc is missing. */
export function processCpuMicros(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1e6) / clockTicks();
  } catch {
    return NaN;
  }
}

/** `count` sequential calls: each one's duration and the CPU per call (of this process, or of what `cpu` reads). */
export async function timeSlice(call: () => Promise<unknown>, count: number, cpu: () => number = ownCpuMicros): Promise<Slice> {
  const cpuBefore = cpu();
  const started = performance.now();
  const times = await timeEach(call, count);
  const seconds = (performance.now() - started) / 1000;
  return { times, calls: count, rate: count / seconds, cpuPerCall: (cpu() - cpuBefore) / count };
}

/** Calls with `concurrency` callers for `durationMs`: the rate and the CPU per completed call. */
export async function throughputSlice(call: () => Promise<unknown>, concurrency: number, durationMs: number, cpu: () => number = ownCpuMicros): Promise<Slice> {
  const deadline = performance.now() + durationMs;
  let calls = 0;
  const worker = async () => {
    while (performance.now() < deadline) {
      await call();
      calls++;
    }
  };
  const cpuBefore = cpu();
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  return { times: [], calls, rate: calls / seconds, cpuPerCall: (cpu() - cpuBefore) / Math.max(1, calls) };
}

export function pooledTimes(slices: readonly Slice[]): number[] {
  return slices.flatMap((slice) => slice.times);
}

/** `measure(ours, reference)` for each round's pair of slices. */
export function perRound(ours: readonly Slice[], reference: readonly Slice[], measure: (ours: Slice, reference: Slice) => number): number[] {
  return ours.map((slice, round) => measure(slice, reference[round]));
}

/** Per-round ratios of a percentile of the slices' times (ours / reference). */
export function percentileRatios(ours: readonly Slice[], reference: readonly Slice[], p: number): number[] {
  return perRound(ours, reference, (a, b) => percentile(a.times, p) / percentile(b.times, p));
}

/** The median and the range of per-round values. */
export interface Spread {
  median: number;
  low: number;
  high: number;
}

export function spread(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  const median = sorted.length % 2 === 1 ? sorted[Math.floor(middle)] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { median: median ?? NaN, low: sorted[0] ?? NaN, high: sorted[sorted.length - 1] ?? NaN };
}

/** Per-round values as `median (low–high)`, e.g. `1.04 (0.98–1.11)`; one round prints its value alone. */
export function spreadText(values: readonly number[], digits = 2, unit = ''): string {
  const { median, low, high } = spread(values);
  const text = (value: number) => `${value.toFixed(digits)}${unit}`;
  return values.length > 1 ? `${text(median)} (${low.toFixed(digits)}–${text(high)})` : text(median);
}

/** Per-round ratios (ours / reference of each round's pair) as `median (low–high)`. */
export function ratioSummary(perRoundRatios: readonly number[]): string {
  return spreadText(perRoundRatios);
}

/**
 * A row comparing ours with a reference by per-round ratios: the ratio column shows their median
 * and range, and the pass is judged on the median.
 */
export function ratioRow(row: Omit<Row, 'ratio' | 'pass'>, ratios: readonly number[], meets?: (medianRatio: number) => boolean): Row {
  return { ...row, ratio: ratioSummary(ratios), pass: meets ? meets(spread(ratios).median) : null };
}

export function micros(value: number, digits = 1): string {
  return `${value.toFixed(digits)} µs`;
}

/**
 * A row of CPU µs per call, ours beside a reference, with the added µs per call (ours − reference
 * of each round's pair, median and range) and its ratio per round; pass when the median added
 * cost is within `maxAdded` µs (no target when undefined).
 */
export function cpuRow(figure: string, ours: readonly Slice[], reference: readonly Slice[], referenceName: string, maxAdded?: number): Row {
  const added = perRound(ours, reference, (a, b) => a.cpuPerCall - b.cpuPerCall);
  const oursUs = spread(ours.map((slice) => slice.cpuPerCall)).median;
  const referenceUs = spread(reference.map((slice) => slice.cpuPerCall)).median;
  const addedSpread = spread(added);
  const sign = addedSpread.median >= 0 ? '+' : '';
  return {
    figure,
    ours: `${micros(oursUs)} (${sign}${addedSpread.median.toFixed(1)}; ${addedSpread.low.toFixed(1)}–${addedSpread.high.toFixed(1)})`,
    reference: `${referenceName} ${micros(referenceUs)}`,
    ratio: ratioSummary(perRound(ours, reference, (a, b) => a.cpuPerCall / b.cpuPerCall)),
    target: maxAdded === undefined ? 'report' : `+ ≤ ${maxAdded} µs`,
    pass: maxAdded === undefined ? null : addedSpread.median <= maxAdded,
  };
}
