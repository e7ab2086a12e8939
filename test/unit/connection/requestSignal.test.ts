import * as assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { requestSignal } from '../../../src/core/connection/requestSignal';

describe('requestSignal: one signal per request, following the transport’s long-lived one', () => {
  it('aborts every request in flight with the transport’s reason, and none already released', () => {
    const transport = new AbortController();
    const inFlight = [requestSignal(transport.signal), requestSignal(transport.signal)];
    const done = requestSignal(transport.signal);
    done.release();
    const reason = new Error('closing');
    transport.abort(reason);
    for (const request of inFlight) {
      assert.equal(request.signal?.aborted, true);
      assert.equal(request.signal?.reason, reason);
    }
    assert.equal(done.signal?.aborted, false);
  });

  it('puts one listener on the transport’s signal however many requests come and go', () => {
    const transport = new AbortController();
    const open = Array.from({ length: 5000 }, () => requestSignal(transport.signal));
    assert.equal(getEventListeners(transport.signal, 'abort').length, 1);
    for (const request of open) request.release();
    for (let i = 0; i < 5000; i++) requestSignal(transport.signal).release();
    assert.equal(getEventListeners(transport.signal, 'abort').length, 1);
  });

  it('a request without a signal gets none', () => {
    const request = requestSignal(undefined);
    assert.equal(request.signal, undefined);
    request.release();
  });

  it('a request made after the transport closed is aborted from the start', () => {
    const transport = new AbortController();
    transport.abort(new Error('closed'));
    const request = requestSignal(transport.signal);
    assert.equal(request.signal?.aborted, true);
    assert.equal((request.signal?.reason as Error).message, 'closed');
    request.release();
  });
});

describe('requestSignal: controllers serve requests one after another', () => {
  it('never gives one signal to two requests in flight at once, and reuses a released one', () => {
    const transport = new AbortController();
    const first = requestSignal(transport.signal);
    const second = requestSignal(transport.signal);
    assert.notEqual(first.signal, second.signal);
    const firstSignal = first.signal;
    first.release();
    first.release();
    const third = requestSignal(transport.signal);
    assert.equal(third.signal, firstSignal);
    const fourth = requestSignal(transport.signal);
    assert.notEqual(fourth.signal, third.signal);
    assert.notEqual(fourth.signal, second.signal);
  });

  it('a controller serves a few requests, then a new one takes over', () => {
    const transport = new AbortController();
    const signals = new Set<AbortSignal | undefined>();
    for (let i = 0; i < 80; i++) {
      const request = requestSignal(transport.signal);
      signals.add(request.signal);
      request.release();
    }
    assert.equal(signals.size, 10);
  });
});
