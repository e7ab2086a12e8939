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
      {
        ...base,
        t: t(0),
        kind: 'http-request',
        exchange: 1,
        method: 'POST',
        url: 'http://x/mcp',
        headers: {},
        body: '{"jsonrpc":"2.0","id":1,"method":"initialize"}',
      },
      {
        ...base,
        t: t(0),
        kind: 'message-out',
        exchange: 1,
        method: 'initialize',
        id: 1,
        message: { jsonrpc: '2.0', id: 1, method: 'initialize', params: { clientInfo: { name: 'App', version: '2' } } },
      },
      { ...base, t: t(5), kind: 'http-response', exchange: 1, status: 200, headers: { 'mcp-session-id': 'abc' }, durationMs: 5 },
      {
        ...base,
        t: t(5),
        kind: 'message-in',
        exchange: 1,
        id: 1,
        message: { jsonrpc: '2.0', id: 1, result: { protocolVersion: '2025-11-25', serverInfo: { name: 'srv', version: '1' }, capabilities: { tools: {} } } },
      },
      {
        ...base,
        t: t(9),
        session: 'abc',
        kind: 'message-out',
        exchange: 2,
        method: 'notifications/initialized',
        message: { jsonrpc: '2.0', method: 'notifications/initialized' },
      },
    ];
    for (const event of events) hub.record(event);
    let [client] = hub.clients();
    assert.equal(client.model.handshake.state, 'ready');
    assert.equal(client.model.session.id, 'abc');
    assert.equal(client.model.protocolVersion, '2025-11-25');
    assert.equal(client.model.handshake.serverInfo?.name, 'srv');
    assert.deepEqual(client.clientInfo, { name: 'App', version: '2' });
    assert.ok(
      hub.trace.events().some((event) => event.kind === 'lifecycle' && event.name === 'session-issued'),
      'the issue is in the trace, for the rules',
    );
    hub.record({
      ...base,
      t: t(20),
      session: 'abc',
      kind: 'http-request',
      exchange: 3,
      method: 'DELETE',
      url: 'http://x/mcp',
      headers: { 'mcp-session-id': 'abc' },
    });
    hub.record({ ...base, t: t(21), session: 'abc', kind: 'http-response', exchange: 3, status: 200, headers: {}, durationMs: 1 });
    [client] = hub.clients();
    assert.equal(client.model.session.ended?.reason, 'deleted');
    assert.equal(client.model.handshake.state, 'closed');
    await hub.dispose();
  });
});

describe('tap: a stdio client, from a followed trace file', () => {
  it('process start → handshake → ready; the process exit closes it and reports it down', async () => {
    const hub = new TapHub({ server: { name: 'local', transport: 'stdio' }, transport: 'stdio', tickMs: 0 });
    const base = { server: 'local', client: 'stdio pid 42' };
    const lines: NewTraceEvent[] = [
      { ...base, t: t(0), kind: 'lifecycle', name: 'process-start', pid: 42, detail: { command: 'node server.js' } },
      {
        ...base,
        t: t(1),
        kind: 'message-out',
        method: 'initialize',
        id: 0,
        message: { jsonrpc: '2.0', id: 0, method: 'initialize', params: { clientInfo: { name: 'Visual Studio Code' } } },
      },
      {
        ...base,
        t: t(2),
        kind: 'message-in',
        id: 0,
        message: { jsonrpc: '2.0', id: 0, result: { protocolVersion: '2025-06-18', serverInfo: { name: 'local', version: '1' } } },
      },
      { ...base, t: t(3), kind: 'message-out', method: 'notifications/initialized', message: { jsonrpc: '2.0', method: 'notifications/initialized' } },
    ];
    for (const line of lines) hub.replay(line);
    let [client] = hub.clients();
    assert.equal(client.label, 'stdio pid 42');
    assert.equal(client.model.transport.kind, 'stdio');
    assert.equal(client.model.transport.pid, 42);
    assert.equal(client.model.handshake.state, 'ready');
    assert.equal(client.model.session.noneReason, 'stdio');
    assert.equal(client.clientInfo?.name, 'Visual Studio Code');
    assert.equal(client.model.health.state, 'healthy');
    hub.replay({ ...base, t: t(9), kind: 'lifecycle', name: 'process-exit', pid: 42, detail: { code: 1, signal: null } });
    [client] = hub.clients();
    assert.equal(client.model.handshake.state, 'closed');
    assert.equal(client.model.health.state, 'down');
    await hub.dispose();
  });
});

describe('tap: the hub’s trace is bounded by bytes as well as by count', () => {
  it('a flood of large bodies keeps the newest events within the byte bound it was given', async () => {
    const budget = 256 * 1024;
    const hub = new TapHub({ server: { name: 's', transport: 'http' }, tickMs: 0, traceCapacity: 10_000, traceBytes: budget });
    hub.addClient('app', 'User-Agent: app/1');
    const body = 'x'.repeat(16 * 1024);
    for (let exchange = 1; exchange <= 100; exchange++) {
      hub.record({ server: 's', client: 'app', t: t(exchange), kind: 'http-request', exchange, method: 'POST', url: 'http://x/mcp', headers: {}, body });
    }
    assert.equal(hub.trace.maxBytes, budget);
    assert.ok(hub.trace.heldBytes <= budget, `${hub.trace.heldBytes} bytes held`);
    const held = hub.trace.events();
    assert.ok(held.length > 1 && held.length < 100, `${held.length} events held`);
    const newest = held.at(-1);
    assert.equal(newest?.kind === 'http-request' ? newest.exchange : undefined, 100, 'the newest event is kept');
    await hub.dispose();
  });
});
