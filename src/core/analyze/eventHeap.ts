// A min-heap of events by time, so the events of overlapping HAR entries (a long SSE stream and
// the requests made while it was open) reach the rules in the order they happened.

import type { TimedEvent } from './harEntry';

export class EventHeap {
  // Parallel arrays (no wrapper object per event): an event and the order it was pushed in.
  private readonly events: TimedEvent[] = [];
  private readonly orders: number[] = [];
  private order = 0;

  get size(): number {
    return this.events.length;
  }

  push(event: TimedEvent): void {
    this.events.push(event);
    this.orders.push(this.order++);
    let child = this.events.length - 1;
    while (child > 0) {
      const parent = (child - 1) >> 1;
      if (!this.before(child, parent)) break;
      this.swap(child, parent);
      child = parent;
    }
  }

  /** Removes and returns the earliest event at or before `untilMs` (all when undefined). */
  popUntil(untilMs?: number): TimedEvent | undefined {
    const events = this.events;
    if (!events.length || (untilMs !== undefined && events[0].atMs > untilMs)) return undefined;
    const top = events[0];
    const last = events.pop() as TimedEvent;
    const lastOrder = this.orders.pop() as number;
    if (events.length) {
      events[0] = last;
      this.orders[0] = lastOrder;
      let parent = 0;
      for (;;) {
        const left = parent * 2 + 1;
        const right = left + 1;
        let first = parent;
        if (left < events.length && this.before(left, first)) first = left;
        if (right < events.length && this.before(right, first)) first = right;
        if (first === parent) break;
        this.swap(first, parent);
        parent = first;
      }
    }
    return top;
  }

  /** Earlier time first; equal times keep insertion order. */
  private before(a: number, b: number): boolean {
    const x = this.events[a].atMs;
    const y = this.events[b].atMs;
    return x < y || (x === y && this.orders[a] < this.orders[b]);
  }

  private swap(a: number, b: number): void {
    const event = this.events[a];
    this.events[a] = this.events[b];
    this.events[b] = event;
    const order = this.orders[a];
    this.orders[a] = this.orders[b];
    this.orders[b] = order;
  }
}
