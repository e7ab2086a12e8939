import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { estimateEventBytes } from '../../../src/core/trace/eventBytes';
import type { TraceEvent } from '../../../src/core/trace/events';
import { TraceStore } from '../../../src/core/trace/store';

function stderr(line: string) {
  return { kind: 'stderr' as const, t: new Date(0).toISOString(), server: 's', line, source: 'stderr' as const };
}

describe('TraceStore', () => {
  it('keeps only the newest events, numbered in order, and counts all of them', () => {
    const store = new TraceStore({ capacity: 3 });
    for (let i = 1; i <= 5; i++) store.append(stderr(`line ${i}`));
    assert.equal(store.total, 5);
    assert.deepEqual(
      store.events().map((e) => e.seq),
      [3, 4, 5],
    );
    assert.equal(store.get(2), undefined);
    assert.equal((store.get(4) as { line: string }).line, 'line 4');
  });

  it('spills every event to a JSONL file, even those the ring dropped', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'trace-')), 'spill.jsonl');
    const store = new TraceStore({ capacity: 2, spillFile: file });
    for (let i = 1; i <= 4; i++) store.append(stderr(`line ${i}`));
    await store.dispose();
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.deepEqual(
      lines.map((l) => l.seq),
      [1, 2, 3, 4],
    );
    assert.equal(lines[0].kind, 'stderr');
  });

  it('notifies listeners with the numbered event', () => {
    const store = new TraceStore({ capacity: 10 });
    const seen: number[] = [];
    store.onDidAppend((e) => seen.push(e.seq));
    store.append(stderr('a'));
    store.append(stderr('b'));
    assert.deepEqual(seen, [1, 2]);
  });

  describe('byte bound', () => {
    /** Estimated bytes of a stderr event whose line has `length` characters. */
    const bytesOf = (length: number) => estimateEventBytes({ seq: 0, ...stderr('x'.repeat(length)) } as TraceEvent);
    const lines = (store: TraceStore) => store.events().map((e) => (e as { line: string }).line);

    it('drops the oldest events first once their bytes would pass the budget, and numbering, get and indexOf agree', () => {
      const store = new TraceStore({ capacity: 100, maxBytes: 3 * bytesOf(100) });
      for (let i = 1; i <= 5; i++) store.append(stderr(`${i}`.repeat(100)));
      assert.equal(store.total, 5);
      assert.deepEqual(
        store.events().map((e) => e.seq),
        [3, 4, 5],
      );
      assert.equal(store.heldBytes, 3 * bytesOf(100));
      assert.equal(store.get(2), undefined);
      assert.equal(store.indexOf(2), undefined);
      assert.equal((store.get(3) as { line: string }).line, '3'.repeat(100));
      assert.equal(store.indexOf(3), 0);
      assert.equal(store.indexOf(5), 2);
      assert.equal(store.get(6), undefined);
    });

    it('a large event pushes out as many old ones as it needs, and small ones fill in behind it', () => {
      const small = bytesOf(100);
      const store = new TraceStore({ capacity: 100, maxBytes: 4 * small });
      for (let i = 1; i <= 4; i++) store.append(stderr('s'.repeat(100)));
      const large = 'L'.repeat(100 + 2 * small);
      assert.equal(bytesOf(large.length), 3 * small);
      store.append(stderr(large));
      assert.deepEqual(
        store.events().map((e) => e.seq),
        [4, 5],
      );
      store.append(stderr('s'.repeat(100)));
      assert.deepEqual(
        store.events().map((e) => e.seq),
        [5, 6],
      );
      assert.equal(store.heldBytes, 4 * small);
      assert.equal(store.indexOf(6), 1);
    });

    it('keeps an event larger than the whole budget, alone, until the next one comes', () => {
      const store = new TraceStore({ capacity: 100, maxBytes: bytesOf(100) });
      store.append(stderr('a'));
      store.append(stderr('h'.repeat(10_000)));
      assert.deepEqual(lines(store), ['h'.repeat(10_000)]);
      assert.equal(store.heldBytes, bytesOf(10_000));
      assert.equal(store.indexOf(2), 0);
      store.append(stderr('b'));
      assert.deepEqual(lines(store), ['b']);
      assert.equal(store.heldBytes, bytesOf(1));
    });

    it('the count bound still holds, and the bytes count only the events held', () => {
      const store = new TraceStore({ capacity: 3 });
      for (let i = 1; i <= 5; i++) store.append(stderr('x'.repeat(i)));
      assert.deepEqual(lines(store), ['xxx', 'xxxx', 'xxxxx']);
      assert.equal(store.heldBytes, bytesOf(3) + bytesOf(4) + bytesOf(5));
    });

    it('clear forgets the bytes with the events, and numbering continues', () => {
      const store = new TraceStore({ capacity: 10, maxBytes: 2 * bytesOf(10) });
      for (let i = 1; i <= 3; i++) store.append(stderr('y'.repeat(10)));
      store.clear();
      assert.equal(store.heldBytes, 0);
      assert.deepEqual(store.events(), []);
      store.append(stderr('z'.repeat(10)));
      store.append(stderr('z'.repeat(10)));
      assert.deepEqual(
        store.events().map((e) => e.seq),
        [4, 5],
      );
      assert.equal(store.heldBytes, 2 * bytesOf(10));
      assert.equal(store.total, 5);
    });

    it('the spill file still receives every event the byte bound dropped', async () => {
      const file = join(mkdtempSync(join(tmpdir(), 'trace-')), 'spill.jsonl');
      const store = new TraceStore({ capacity: 100, maxBytes: 1, spillFile: file });
      for (let i = 1; i <= 4; i++) store.append(stderr(`line ${i}`));
      assert.deepEqual(lines(store), ['line 4']);
      await store.dispose();
      assert.deepEqual(
        readFileSync(file, 'utf8')
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l).seq),
        [1, 2, 3, 4],
      );
    });
  });
});
