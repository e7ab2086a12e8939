// Hands a connection's trace events to its rule runner just after they are recorded, in batches,
// so rules never sit on the request path: at once (setImmediate) for the first few batches of
// each window, and under steady traffic once more at the end of the window, so one batch sees
// many events (fewer wake-ups, rule code and state stay warm in the CPU cache) while a lone
// exchange is judged at once. A batch that waits for its window's end is run early once it holds
// BATCH_EVENTS: events held for 20 ms under heavy traffic outlive young-generation collections,
// and copying and promoting them cost more than the wake-ups the window saves (about 1.2 µs a ping).

import type { RuleRunner } from '../rules/runner';
import type { TraceEvent } from '../trace/events';
import type { Disposable } from '../util/emitter';
import type { Recorder } from './recorder';
import type { TraceReader } from './types';

/** Rule batches: this many run at once in each window of this length; later ones wait for the window's end. */
const IMMEDIATE_BATCHES = 4;
const WINDOW_MS = 20;
const BATCH_EVENTS = 256;

export class RuleFeed implements Disposable {
  private pending: TraceEvent[] = [];
  private timer?: NodeJS.Immediate | NodeJS.Timeout;
  /** The current window (performance.now()) and how many batches ran at once in it. */
  private windowStart = -Infinity;
  private windowBatches = 0;
  private readonly subscription: Disposable;
  private readonly run = () => {
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    for (const event of batch) this.rules.push(event);
  };

  constructor(
    trace: Pick<TraceReader, 'onDidAppend'>,
    private readonly rules: Pick<RuleRunner, 'push'>,
  ) {
    this.subscription = trace.onDidAppend((event) => this.add(event));
  }

  /** True while events wait for their batch. */
  get busy(): boolean {
    return this.pending.length > 0;
  }

  /** Runs the waiting batch now (see `Connection.settled`). */
  flush(): void {
    if (!this.timer) return;
    const timer = this.timer;
    this.timer = undefined;
    cancel(timer);
    this.run();
  }

  private add(event: TraceEvent): void {
    this.pending.push(event);
    if (this.timer) {
      if (this.pending.length >= BATCH_EVENTS && waitsForWindowEnd(this.timer)) {
        clearTimeout(this.timer);
        this.timer = setImmediate(this.run);
      }
      return;
    }
    const now = performance.now();
    if (now - this.windowStart >= WINDOW_MS) {
      this.windowStart = now;
      this.windowBatches = 0;
    }
    if (this.windowBatches++ < IMMEDIATE_BATCHES) this.timer = setImmediate(this.run);
    else this.timer = setTimeout(this.run, this.windowStart + WINDOW_MS - now);
  }

  dispose(): void {
    this.subscription.dispose();
    const timer = this.timer;
    this.timer = undefined;
    if (timer) cancel(timer);
  }
}

/** A batch scheduled for the end of its window (a Timeout), rather than at once (an Immediate). */
function waitsForWindowEnd(timer: NodeJS.Immediate | NodeJS.Timeout): timer is NodeJS.Timeout {
  return 'refresh' in timer;
}

/**
 * Cancels a scheduled batch with the function of its kind: clearImmediate() given a Timeout
 * corrupts Node's count of pending immediates (the loop can then stop running setImmediate callbacks).
 */
function cancel(timer: NodeJS.Immediate | NodeJS.Timeout): void {
  if (waitsForWindowEnd(timer)) clearTimeout(timer);
  else clearImmediate(timer);
}

/**
 * Resolves once everything observed so far is recorded and judged (see `InspectedConnection.settled`).
 * Each round lets already-received I/O deliver (a turn of the event loop), then records it and runs
 * the rule batches; it ends when a round brings nothing new. Bounded: a busy stream never settles.
 */
export async function settle(trace: Pick<TraceReader, 'total'>, feed: RuleFeed, recorder: Pick<Recorder, 'flush'>): Promise<void> {
  for (let round = 0; round < 50; round++) {
    const before = trace.total;
    feed.flush();
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (trace.total === before && !feed.busy) break;
  }
  recorder.flush();
  feed.flush();
  // The runner reports its findings to the model a microtask later.
  await Promise.resolve();
}
