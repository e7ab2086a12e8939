import * as assert from 'node:assert/strict';
import { Disposable, disposeAll, toDisposable } from '../../../../src/ui/common/lifecycle';

class Owner extends Disposable {
  register<T extends { dispose(): unknown }>(value: T): T {
    return this._register(value);
  }
}

describe('ui lifecycle: Disposable', () => {
  it('disposes what it registered, in order, once', () => {
    const owner = new Owner();
    const disposed: string[] = [];
    owner.register(toDisposable(() => disposed.push('subscription')));
    owner.register(toDisposable(() => disposed.push('panel')));
    owner.dispose();
    owner.dispose();
    assert.deepEqual(disposed, ['subscription', 'panel']);
  });

  it('disposes at once what is registered after it was disposed', () => {
    const owner = new Owner();
    owner.dispose();
    let disposed = false;
    owner.register(toDisposable(() => (disposed = true)));
    assert.equal(disposed, true);
  });

  it('disposes the rest when one throws, then reports the first error', () => {
    const disposed: string[] = [];
    const items = [
      toDisposable(() => {
        throw new Error('first');
      }),
      toDisposable(() => disposed.push('second')),
    ];
    assert.throws(() => disposeAll(items), /first/);
    assert.deepEqual(disposed, ['second']);
  });
});
