import * as assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileTailer } from '../../../src/core/trace/fileTailer';

async function until(predicate: () => boolean, timeoutMs = 4000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('FileTailer', function () {
  this.timeout(10_000);
  it('reports only new complete lines with their line numbers, and starts over after truncation', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'tail-')), 'server.log');
    writeFileSync(file, 'old line 1\nold line 2\n');
    const seen: Array<[string, number]> = [];
    const tail = new FileTailer(file, (line, lineNumber) => seen.push([line, lineNumber]));
    try {
      appendFileSync(file, 'Could not find session for ID: abc\npartial');
      await until(() => seen.length === 1);
      assert.deepEqual(seen, [['Could not find session for ID: abc', 3]]);
      appendFileSync(file, ' line\n');
      await until(() => seen.length === 2);
      assert.deepEqual(seen[1], ['partial line', 4]);
      writeFileSync(file, 'after rotation\n');
      await until(() => seen.length === 3);
      assert.deepEqual(seen[2], ['after rotation', 1]);
    } finally {
      tail.dispose();
    }
  });
});
