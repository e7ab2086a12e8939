import * as assert from 'node:assert/strict';
import { DisposableStore, Emitter } from '../../../src/core/util/emitter';

describe('Emitter', () => {
  it('delivers to every listener and stops after dispose of the subscription', () => {
    const emitter = new Emitter<number>();
    const seen: number[] = [];
    const subscription = emitter.event((value) => seen.push(value));
    emitter.fire(1);
    subscription.dispose();
    emitter.fire(2);
    assert.deepEqual(seen, [1]);
    assert.equal(emitter.listenerCount, 0);
  });

  it('keeps delivering when one listener throws, and reports the error', () => {
    const emitter = new Emitter<string>();
    const errors: unknown[] = [];
    const previous = Emitter.onListenerError;
    Emitter.onListenerError = (error) => errors.push(error);
    try {
      const seen: string[] = [];
      emitter.event(() => {
        throw new Error('boom');
      });
      emitter.event((value) => seen.push(value));
      emitter.fire('x');
      assert.deepEqual(seen, ['x']);
      assert.equal(errors.length, 1);
    } finally {
      Emitter.onListenerError = previous;
    }
  });

  it('DisposableStore releases newest first', () => {
    const order: string[] = [];
    const store = new DisposableStore();
    store.add({ dispose: () => order.push('a') });
    store.add({ dispose: () => order.push('b') });
    store.dispose();
    assert.deepEqual(order, ['b', 'a']);
  });
});
