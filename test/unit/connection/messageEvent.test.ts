import * as assert from 'node:assert/strict';
import { messageEvent, type MessageEventBase } from '../../../src/core/connection/messageEvent';
import type { TraceEvent } from '../../../src/core/trace/events';
import { setMessageFields, type MessageFields } from '../../../src/core/protocol/rpcMessages';

/** The event as the recorder used to build it: the base keys, then the message's fields added. */
function reference(base: MessageEventBase, message: unknown, kept: unknown): TraceEvent {
  const { session, ...rest } = base;
  const event = (
    session === undefined
      ? { seq: 0, t: rest.t, server: rest.server, client: rest.client, kind: rest.kind, message: kept }
      : { seq: 0, t: rest.t, server: rest.server, session, client: rest.client, kind: rest.kind, message: kept }
  ) as TraceEvent;
  setMessageFields(event as MessageFields, message);
  return event;
}

const MESSAGES: unknown[] = [
  { jsonrpc: '2.0', id: 1, method: 'ping' },
  { jsonrpc: '2.0', id: 'a-1', method: 'tools/call', params: { name: 'echo' } },
  { jsonrpc: '2.0', id: 7, result: {} },
  { jsonrpc: '2.0', method: 'notifications/progress', params: { progress: 1 } },
  { jsonrpc: '2.0', id: 3, error: { code: -32601, message: 'Method not found' } },
  { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } },
  { jsonrpc: '2.0', error: { message: 'no code' } },
  { jsonrpc: '2.0', id: { odd: true }, method: 42 },
  { jsonrpc: '2.0' },
  [{ jsonrpc: '2.0', id: 1, method: 'ping' }],
];

describe('messageEvent: one literal per message event, the same event as before', () => {
  for (const session of [undefined, 'session-1']) {
    it(`has the keys, key order and values of the base plus setMessageFields (${session ? 'with' : 'without'} a session)`, () => {
      for (const kind of ['message-out', 'message-in'] as const) {
        const base: MessageEventBase = { t: '2026-11-30T00:00:00.000Z', server: 'srv', session, client: 'inspector', kind };
        for (const message of MESSAGES) {
          const built = messageEvent(base, message, { kept: true });
          const expected = reference(base, message, { kept: true });
          assert.deepEqual(Object.keys(built), Object.keys(expected), JSON.stringify(message));
          assert.deepEqual(built, expected);
          assert.equal(JSON.stringify(built), JSON.stringify(expected));
        }
      }
    });
  }
});
