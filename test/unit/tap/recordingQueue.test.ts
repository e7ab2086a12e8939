import * as assert from 'node:assert/strict';
import { RecordingQueue } from '../../../src/core/tap/recordingQueue';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Work that holds the event loop for about `ms`. */
function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

describe('RecordingQueue', () => {
  it('works a backlog off in slices, letting I/O in between, and keeps the order', async () => {
    const queue = new RecordingQueue();
    const done: number[] = [];
    for (let task = 0; task < 20; task++)
      queue.defer(() => {
        busy(0.2);
        done.push(task);
      });
    await nextTurn();
    // A task longer than the slice ends it: the rest waits for the next turns.
    assert.ok(done.length >= 1 && done.length < 20, `${done.length} of 20 tasks ran in the first turn`);
    for (let turn = 0; turn < 40 && done.length < 20; turn++) await nextTurn();
    assert.deepEqual(
      done,
      Array.from({ length: 20 }, (_, task) => task),
    );
  });

  it('runs everything at once when drained (closing), tasks deferred by tasks included', () => {
    const queue = new RecordingQueue();
    const done: string[] = [];
    for (let task = 0; task < 10; task++)
      queue.defer(() => {
        busy(0.2);
        done.push(`task ${task}`);
        if (task === 9) queue.defer(() => done.push('deferred by the last'));
      });
    queue.drain();
    assert.equal(done.length, 11);
    assert.equal(done.at(-1), 'deferred by the last');
  });

  it('a task that throws does not stop the ones after it', async () => {
    const queue = new RecordingQueue();
    const done: number[] = [];
    queue.defer(() => done.push(1));
    queue.defer(() => {
      throw new Error('broken task');
    });
    queue.defer(() => done.push(3));
    assert.throws(() => queue.drain(), /broken task/);
    assert.deepEqual(done, [1]);
    // The rest runs on the next turn.
    await nextTurn();
    assert.deepEqual(done, [1, 3]);
  });
});
