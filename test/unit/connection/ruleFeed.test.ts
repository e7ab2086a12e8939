import * as assert from 'node:assert/strict';
import { RuleFeed } from '../../../src/core/connection/ruleFeed';
import type { TraceEvent } from '../../../src/core/trace/events';
import { TraceStore } from '../../../src/core/trace/store';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function feedOf(store: TraceStore): { feed: RuleFeed; seen: number[] } {
  const seen: number[] = [];
  const feed = new RuleFeed(store, { push: (event: TraceEvent) => seen.push(event.seq) });
  return { feed, seen };
}

const append = (store: TraceStore) => store.append({ t: new Date().toISOString(), server: 's', kind: 'lifecycle', name: 'error', detail: { message: 'x' } });

describe('RuleFeed', () => {
  it('hands a lone event to the rules just after it was recorded, not while it is recorded', async () => {
    const store = new TraceStore({ capacity: 10 });
    const { feed, seen } = feedOf(store);
    append(store);
    assert.deepEqual(seen, []);
    await nextTurn();
    assert.deepEqual(seen, [1]);
    feed.dispose();
  });

  /**
   * A feed whose window has had its four immediate batches (one event each) in its first 10 ms, so
   * the next batch waits for the window's end. On a machine so busy that four turns took most of
   * the window, the round is tried again (and fails if it never fits).
   */
  async function feedWithWindowSpent(): Promise<{ store: TraceStore; feed: RuleFeed; seen: number[]; started: number }> {
    for (let attempt = 1; ; attempt++) {
      const store = new TraceStore({ capacity: 1000 });
      const { feed, seen } = feedOf(store);
      const started = performance.now();
      for (let batch = 0; batch < 4; batch++) {
        append(store);
        await nextTurn();
      }
      assert.deepEqual(seen, [1, 2, 3, 4]);
      if (performance.now() - started <= 10) return { store, feed, seen, started };
      feed.dispose();
      assert.ok(attempt < 50, 'four event-loop turns never fit in half a 20 ms window');
      await sleep(30);
    }
  }

  it('under steady traffic runs the first batches at once and later ones at the end of the window, in order', async () => {
    const { store, feed, seen } = await feedWithWindowSpent();
    append(store);
    append(store);
    await nextTurn();
    // The fifth batch of the window waits for its end.
    assert.deepEqual(seen, [1, 2, 3, 4]);
    await sleep(30);
    assert.deepEqual(seen, [1, 2, 3, 4, 5, 6]);
    feed.dispose();
  });

  it('runs a batch waiting for the end of its window early once it holds 256 events', async () => {
    let round = await feedWithWindowSpent();
    for (let attempt = 1; ; attempt++) {
      for (let i = 0; i < 255; i++) append(round.store);
      await nextTurn();
      if (performance.now() - round.started < 15) break;
      // The window ended meanwhile (a busy machine): another round.
      round.feed.dispose();
      assert.ok(attempt < 50, '255 appends and a turn never fit in the rest of a 20 ms window');
      round = await feedWithWindowSpent();
    }
    const { store, feed, seen } = round;
    // Still waiting: 255 events.
    assert.equal(seen.length, 4);
    append(store);
    await nextTurn();
    assert.deepEqual(
      seen,
      Array.from({ length: 260 }, (_, index) => index + 1),
    );
    feed.dispose();
  });

  it('once disposed, hands nothing more, not even a batch that was waiting', async () => {
    const store = new TraceStore({ capacity: 10 });
    const { feed, seen } = feedOf(store);
    append(store);
    feed.dispose();
    append(store);
    await sleep(30);
    assert.deepEqual(seen, []);
  });
});
