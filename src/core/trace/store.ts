// A bounded trace: a ring buffer of the newest events, numbered in order, with an optional
// spill of every event to a JSONL file so long sessions keep their history on disk, not in memory.
// The ring is bounded twice: by how many events it holds and by an estimate of their bytes, so a
// server sending large bodies cannot make the default 10,000 events hold hundreds of megabytes.

import { createWriteStream, type WriteStream } from 'node:fs';
import type { TraceReader } from '../connection/types';
import { Emitter } from '../util/emitter';
import { DEFAULT_TRACE_BYTES, estimateEventBytes } from './eventBytes';
import type { NewTraceEvent, TraceEvent } from './events';

export interface TraceStoreOptions {
  /** How many events to keep in memory (at least 1). */
  capacity: number;
  /**
   * Most bytes the held events may take, by estimate (default DEFAULT_TRACE_BYTES). The oldest
   * are dropped first; the newest event is always kept, even one larger than this.
   */
  maxBytes?: number;
  /** Append every event as one JSON line to this file. */
  spillFile?: string;
}

export class TraceStore implements TraceReader {
  private readonly ring: Array<TraceEvent | undefined>;
  /** The estimated bytes of the event in the same slot of `ring`. */
  private readonly sizes: Float64Array;
  private readonly budget: number;
  private bytes = 0;
  private start = 0;
  private size = 0;
  private nextSeq = 1;
  private spill?: WriteStream;
  private spillFailed = false;
  private readonly appended = new Emitter<TraceEvent>('trace store');
  /** Writers that defer recording: brought up to date before anything is read. */
  private readonly settlers: Array<() => void> = [];

  readonly onDidAppend = this.appended.event;

  constructor(options: TraceStoreOptions) {
    this.ring = new Array<TraceEvent | undefined>(Math.max(1, Math.floor(options.capacity)));
    this.sizes = new Float64Array(this.ring.length);
    this.budget = Math.max(0, options.maxBytes ?? DEFAULT_TRACE_BYTES);
    if (options.spillFile) {
      this.spill = createWriteStream(options.spillFile, { flags: 'a' });
      this.spill.on('error', () => {
        this.spillFailed = true;
      });
    }
  }

  /** `settle` runs before every read, so deferred recording is never missed. */
  settleBeforeReading(settle: () => void): void {
    this.settlers.push(settle);
  }

  private settle(): void {
    for (const settle of this.settlers) settle();
  }

  /** Total events ever appended, including those the ring has since dropped. */
  get total(): number {
    this.settle();
    return this.nextSeq - 1;
  }

  get capacity(): number {
    return this.ring.length;
  }

  /** The byte budget of the held events. */
  get maxBytes(): number {
    return this.budget;
  }

  /** Estimated bytes the held events take (see ./eventBytes.ts). */
  get heldBytes(): number {
    this.settle();
    return this.bytes;
  }

  /** True once writing the spill file failed (the in-memory trace keeps working). */
  get spillBroken(): boolean {
    return this.spillFailed;
  }

  /** Numbers the event, keeps it, spills it and notifies listeners. */
  append(event: NewTraceEvent): TraceEvent {
    return this.keep({ seq: this.nextSeq++, ...event } as TraceEvent);
  }

  /**
   * Like `append`, for an event object the caller built for the store and hands over: it is
   * numbered in place (its `seq` key, first so JSONL lines read the same, is overwritten), not copied.
   */
  appendOwned(event: TraceEvent): TraceEvent {
    event.seq = this.nextSeq++;
    return this.keep(event);
  }

  private keep(numbered: TraceEvent): TraceEvent {
    const bytes = estimateEventBytes(numbered);
    if (this.size === this.ring.length) this.dropOldest();
    while (this.size > 0 && this.bytes + bytes > this.budget) this.dropOldest();
    const index = (this.start + this.size) % this.ring.length;
    this.ring[index] = numbered;
    this.sizes[index] = bytes;
    this.bytes += bytes;
    this.size++;
    if (this.spill && !this.spillFailed) this.spill.write(`${JSON.stringify(numbered)}\n`);
    this.appended.fire(numbered);
    return numbered;
  }

  private dropOldest(): void {
    this.ring[this.start] = undefined;
    this.bytes -= this.sizes[this.start];
    this.start = (this.start + 1) % this.ring.length;
    this.size--;
  }

  /** Events held, oldest first. */
  events(): TraceEvent[] {
    this.settle();
    const out: TraceEvent[] = new Array(this.size);
    for (let i = 0; i < this.size; i++) out[i] = this.ring[(this.start + i) % this.ring.length] as TraceEvent;
    return out;
  }

  /** The held event with this sequence number, if it is still in the ring. */
  get(seq: number): TraceEvent | undefined {
    this.settle();
    const oldest = this.nextSeq - this.size;
    if (seq < oldest || seq >= this.nextSeq) return undefined;
    return this.ring[(this.start + (seq - oldest)) % this.ring.length];
  }

  /** Position of the event with this sequence number among the held events (its line in a JSONL view). */
  indexOf(seq: number): number | undefined {
    this.settle();
    const oldest = this.nextSeq - this.size;
    return seq >= oldest && seq < this.nextSeq ? seq - oldest : undefined;
  }

  /** Forgets held events (numbering continues). */
  clear(): void {
    this.settle();
    this.ring.fill(undefined);
    this.start = 0;
    this.size = 0;
    this.bytes = 0;
  }

  /** Flushes and closes the spill file. */
  async dispose(): Promise<void> {
    this.settle();
    this.appended.dispose();
    const spill = this.spill;
    this.spill = undefined;
    if (spill) await new Promise<void>((resolve) => spill.end(resolve));
  }
}
