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

  it('delivers to the right listeners as they come and go (one, two, one again, none)', () => {
    const emitter = new Emitter<number>();
    const seen: string[] = [];
    const first = emitter.event((value) => seen.push(`a${value}`));
    emitter.fire(1);
    const second = emitter.event((value) => seen.push(`b${value}`));
    emitter.fire(2);
    first.dispose();
    emitter.fire(3);
    first.dispose();
    emitter.fire(4);
    second.dispose();
    emitter.fire(5);
    const again = (value: number) => seen.push(`c${value}`);
    emitter.event(again);
    emitter.event(again);
    emitter.fire(6);
    assert.deepEqual(seen, ['a1', 'a2', 'b2', 'b3', 'b4', 'c6']);
    emitter.dispose();
    emitter.fire(7);
    assert.equal(seen.length, 6);
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
