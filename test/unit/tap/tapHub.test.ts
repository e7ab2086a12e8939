import * as assert from 'node:assert/strict';
import type { NewTraceEvent } from '../../../src/core/trace/events';
import { TapHub } from '../../../src/core/tap/tapHub';

const t = (ms: number) => new Date(Date.UTC(2026, 10, 29, 12, 0, 0, ms)).toISOString();

describe('tap: the hub derives each client’s handshake and session from its traffic', () => {
  it('initialize → session issued → initialized → ready; DELETE ends the session', async () => {
    const hub = new TapHub({ server: { name: 's', transport: 'http' }, tickMs: 0 });
    hub.addClient('app', 'User-Agent: app/1');
    const base = { server: 's', client: 'app' };
    const events: NewTraceEvent[] = [
      { ...base, t: t(0), kind: 'http-request', exchange: 1, method: 'POST', url: 'http://x/mcp', headers: {}, body: '{"jsonrpc":"2.0","id":1,"method":"initialize"}' },
      { ...base, t: t(0), kind: 'message-out', exchange: 1, method: 'initialize', id: 1, message: { jsonrpc: '2.0', id: 1, method: 'initialize', params: { clientInfo: { name: 'App', version: '2' } } } },
      { ...base, t: t(5), kind: 'http-response', exchange: 1, status: 200, headers: { 'mcp-session-id': 'abc' }, durationMs: 5 },
      { ...base, t: t(5), kind: 'message-in', exchange: 1, id: 1, message: { jsonrpc: '2.0', id: 1, result: { protocolVersion: '2025-11-25', serverInfo: { name: 'srv', version: '1' }, capabilities: { tools: {} } } } },
      { ...base, t: t(9), session: 'abc', kind: 'message-out', exchange: 2, method: 'notifications/initialized', message: { jsonrpc: '2.0', method: 'notifications/initialized' } },
    ];
    for (const event of events) hub.record(event);
    let [client] = hub.clients();
    assert.equal(client.model.handshake.state, 'ready');
    assert.equal(client.model.session.id, 'abc');
    assert.equal(client.model.protocolVersion, '2025-11-25');
    assert.equal(client.model.handshake.serverInfo?.name, 'srv');
    assert.deepEqual(client.clientInfo, { name: 'App', version: '2' });
    assert.ok(hub.trace.events().some((event) => event.kind === 'lifecycle' && event.name === 'session-issued'), 'the issue is in the trace, for the rules');
    hub.record({ ...base, t: t(20), session: 'abc', kind: 'http-request', exchange: 3, method: 'DELETE', url: 'http://x/mcp', headers: { 'mcp-session-id': 'abc' } });
    hub.record({ ...base, t: t(21), session: 'abc', kind: 'http-response', exchange: 3, status: 200, headers: {}, durationMs: 1 });
    [client] = hub.clients();
    assert.equal(client.model.session.ended?.reason, 'deleted');
    assert.equal(client.model.handshake.state, 'closed');
    await hub.dispose();
  });
});
