import * as assert from 'node:assert/strict';
import { RuleRunner } from '../../../src/core/rules/runner';
import type { RuleDefinition } from '../../../src/core/rules/types';
import type { TraceEvent } from '../../../src/core/trace/events';
import { DisposableStore, Emitter, type ListenerErrorHandler } from '../../../src/core/util/emitter';

/** Runs `body` with listener errors collected as [component, message] instead of failing the test. */
function collectingListenerErrors(body: (errors: Array<[string, string]>) => void): void {
  const errors: Array<[string, string]> = [];
  const previous: ListenerErrorHandler = Emitter.onListenerError;
  Emitter.onListenerError = (error, component) => errors.push([component, error instanceof Error ? error.message : String(error)]);
  try {
    body(errors);
  } finally {
    Emitter.onListenerError = previous;
  }
}

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

  it('names the component whose listener threw', () => {
    collectingListenerErrors((errors) => {
      const emitter = new Emitter<void>('tap hub');
      emitter.event(() => {
        throw new Error('bad listener');
      });
      emitter.fire();
      assert.deepEqual(errors, [['tap hub', 'bad listener']]);
    });
  });

  it('a rule that throws is reported with its id, and the other rules still judge the event', () => {
    collectingListenerErrors((errors) => {
      const throwing: RuleDefinition = {
        id: 'broken-rule',
        severity: 'error',
        title: 't',
        create: () => ({
          onEvent: () => {
            throw new Error('rule bug');
          },
          onTick: () => {
            throw new Error('tick bug');
          },
        }),
      };
      const reporting: RuleDefinition = {
        id: 'working-rule',
        severity: 'warning',
        title: 't',
        create: () => ({ onEvent: (event, reporter) => reporter.report({ message: `saw ${event.kind}`, evidence: [] }) }),
      };
      const runner = new RuleRunner({ mode: 'offline', server: 's', timeouts: { response: 1, endpoint: 1, handshake: 1 } }, [throwing, reporting]);
      runner.push({ seq: 1, t: new Date(0).toISOString(), kind: 'stderr', line: 'x', source: 'stderr' } as unknown as TraceEvent);
      runner.tick(1);
      assert.deepEqual(
        runner.findings().map((finding) => finding.message),
        ['saw stderr'],
      );
      assert.deepEqual(errors, [
        ['rule broken-rule', 'rule bug'],
        ['rule broken-rule', 'tick bug'],
      ]);
      runner.dispose();
    });
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
