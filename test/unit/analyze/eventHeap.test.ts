import * as assert from 'node:assert/strict';
import { EventHeap } from '../../../src/core/analyze/eventHeap';
import type { TimedEvent } from '../../../src/core/analyze/harEntry';
import { seededIntegers } from '../support/seededRandom';

describe('event heap', () => {
  it('hands events back by time, equal times in the order pushed, up to the time asked', () => {
    const random = seededIntegers(3);
    for (let round = 0; round < 200; round++) {
      const heap = new EventHeap();
      // The reference: what is waiting, kept in push order; the earliest time wins, first pushed on ties.
      const waiting: Array<{ atMs: number; id: number }> = [];
      let next = 0;
      for (let step = 0; step < 100; step++) {
        if (random(3)) {
          const event = { kind: 'lifecycle', atMs: random(20), id: next++ } as unknown as TimedEvent & { id: number };
          heap.push(event);
          waiting.push(event);
        } else {
          const until = random(4) ? random(25) : undefined;
          for (;;) {
            let earliest = -1;
            for (let i = 0; i < waiting.length; i++) if (earliest === -1 || waiting[i].atMs < waiting[earliest].atMs) earliest = i;
            const expected = earliest !== -1 && (until === undefined || waiting[earliest].atMs <= until) ? waiting.splice(earliest, 1)[0] : undefined;
            const got = heap.popUntil(until) as (TimedEvent & { id: number }) | undefined;
            assert.equal(got?.id, expected?.id, `round ${round} step ${step}`);
            if (!expected) break;
          }
        }
        assert.equal(heap.size, waiting.length);
      }
    }
  });
});
