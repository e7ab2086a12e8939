import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
});
