// A min-heap of events by time, so the events of overlapping HAR entries (a long SSE stream and
// the requests made while it was open) reach the rules in the order they happened.

import type { TimedEvent } from './harEntry';

export class EventHeap {
  private readonly items: Array<{ event: TimedEvent; order: number }> = [];
  private order = 0;

  get size(): number {
    return this.items.length;
  }

  push(event: TimedEvent): void {
    const items = this.items;
    items.push({ event, order: this.order++ });
    let child = items.length - 1;
    while (child > 0) {
      const parent = (child - 1) >> 1;
      if (!this.before(child, parent)) break;
      [items[child], items[parent]] = [items[parent], items[child]];
      child = parent;
    }
  }

  /** Removes and returns the earliest event at or before `untilMs` (all when undefined). */
  popUntil(untilMs?: number): TimedEvent | undefined {
    const items = this.items;
    if (!items.length || (untilMs !== undefined && items[0].event.atMs > untilMs)) return undefined;
    const top = items[0].event;
    const last = items.pop() as { event: TimedEvent; order: number };
    if (items.length) {
      items[0] = last;
      let parent = 0;
      for (;;) {
        const left = parent * 2 + 1;
        const right = left + 1;
        let first = parent;
        if (left < items.length && this.before(left, first)) first = left;
        if (right < items.length && this.before(right, first)) first = right;
        if (first === parent) break;
        [items[first], items[parent]] = [items[parent], items[first]];
        parent = first;
      }
    }
    return top;
  }

  /** Earlier time first; equal times keep insertion order. */
  private before(a: number, b: number): boolean {
    const x = this.items[a];
    const y = this.items[b];
    return x.event.atMs < y.event.atMs || (x.event.atMs === y.event.atMs && x.order < y.order);
  }
}
