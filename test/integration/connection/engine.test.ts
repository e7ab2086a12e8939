import * as assert from 'node:assert/strict';
import { resolve } from 'node:path';
import type { ServerConfig } from '../../../src/core/config/types';
import { createConnection, defaultEngineOptions, type InspectedConnection } from '../../../src/core/connection';
import { startEverything, startNodeServer, startSdkExample, waitFor, type RunningServer } from '../../fixtures/support/servers';

const EVERYTHING = resolve('node_modules/@modelcontextprotocol/server-everything/dist/index.js');

function http(url: string, type: ServerConfig['type'] = 'http'): ServerConfig {
  return { name: 'under-test', type, url, source: { kind: 'cli' } };
}

describe('connection engine against real servers', function () {
  this.timeout(60_000);
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  async function server(start: Promise<RunningServer>): Promise<RunningServer> {
    const running = await start;
    cleanups.push(() => running.stop());
    return running;
  }
  function connection(config: ServerConfig, options = {}): InspectedConnection {
    const created = createConnection(config, { ...defaultEngineOptions, pingIntervalMs: 0, requestTimeoutMs: 10_000, ...options });
    cleanups.push(() => created.dispose());
    return created;
  }

  it('server-everything over Streamable HTTP: the session the server logs, version, server info, GET stream, healthy', async () => {
    const everything = await server(startEverything('streamableHttp'));
    const conn = connection(http(everything.url));
    await conn.connect();
    const model = conn.model;
    assert.equal(model.handshake.state, 'ready', model.handshake.reason);
    assert.equal(model.era, 'session');
    assert.equal(model.transport.kind, 'streamable-http');
    assert.equal(model.protocolVersion, '2025-11-25');
    assert.equal(model.handshake.serverInfo?.name, 'mcp-servers/everything');
    assert.ok(model.session.id);
    await waitFor(() => everything.output().includes(`Session initialized with ID: ${model.session.id}`), 5000, 'the server to log the session');
    await waitFor(() => conn.model.streams.some((stream) => stream.kind === 'get' && stream.state === 'open'), 5000, 'the GET stream');
    const health = await conn.checkHealth();
    assert.equal(health.state, 'healthy');
    const kinds = new Set(conn.trace.events().map((event) => event.kind));
    for (const kind of ['http-request', 'http-response', 'message-out', 'message-in', 'sse-event', 'lifecycle']) assert.ok(kinds.has(kind as never), kind);
    const ids = conn.trace.events().filter((event) => event.kind === 'sse-event' && event.id).length;
    assert.ok(ids > 0, 'SSE event ids recorded');
  });

  it('legacy SSE: the session id comes from the endpoint event; http falls back to it', async () => {
    const everything = await server(startEverything('sse'));
    for (const [type, chosenBy] of [
      ['sse', 'configured'],
      ['http', 'fell-back'],
    ] as const) {
      const conn = connection(http(everything.url, type));
      await conn.connect();
      const model = conn.model;
      assert.equal(model.handshake.state, 'ready', model.handshake.reason);
      assert.equal(model.transport.kind, 'sse');
      assert.equal(model.transport.chosenBy, chosenBy);
      assert.ok(model.transport.endpoint?.includes(`sessionId=${model.session.id}`));
      assert.ok(model.streams.some((stream) => stream.kind === 'legacy-sse' && stream.state === 'open'));
      await conn.disconnect();
    }
  });

  it('stdio: no session (stdio), the pid, and stderr captured', async () => {
    const conn = connection({ name: 'stdio', type: 'stdio', command: process.execPath, args: [EVERYTHING, 'stdio'], source: { kind: 'cli' } });
    await conn.connect();
    assert.equal(conn.model.handshake.state, 'ready', conn.model.handshake.reason);
    assert.equal(conn.model.session.noneReason, 'stdio');
    await waitFor(() => Boolean(conn.model.transport.pid), 5000, 'the pid');
    await waitFor(() => conn.trace.events().some((event) => event.kind === 'stderr'), 5000, 'a stderr line');
  });

  it('SDK stateless example: no session, GET 405 recorded as unsupported, not an error', async () => {
    const example = await server(startSdkExample('simpleStatelessStreamableHttp'));
    const conn = connection(http(example.url));
    await conn.connect();
    assert.equal(conn.model.handshake.state, 'ready', conn.model.handshake.reason);
    assert.equal(conn.model.session.stateful, false);
    assert.equal(conn.model.session.noneReason, 'stateless-server');
    await waitFor(() => conn.model.streams.some((stream) => stream.kind === 'get' && stream.state === 'unsupported'), 5000, 'GET 405');
    await conn.settled();
    assert.equal(conn.model.findings.filter((finding) => finding.severity !== 'info').length, 0);
  });

  it('SDK JSON-response example: plain JSON answers, a session, no POST streams', async () => {
    const example = await server(startSdkExample('jsonResponseStreamableHttp'));
    const conn = connection(http(example.url));
    await conn.connect();
    assert.equal(conn.model.handshake.state, 'ready', conn.model.handshake.reason);
    assert.ok(conn.model.session.id);
    assert.ok(!conn.model.streams.some((stream) => stream.kind === 'post-response'));
  });

  it('SDK stateful example (simpleStreamableHttp): a session, resumable GET stream, resume with Last-Event-ID', async () => {
    const example = await server(startSdkExample('simpleStreamableHttp'));
    const conn = connection(http(example.url));
    await conn.connect();
    assert.equal(conn.model.handshake.state, 'ready', conn.model.handshake.reason);
    assert.ok(conn.model.session.id);
    await waitFor(() => conn.model.streams.some((stream) => stream.kind === 'get' && stream.state === 'open'), 5000, 'the GET stream');
    assert.ok(
      conn.trace.events().some((event) => event.kind === 'sse-event' && event.id),
      'event ids from the example event store',
    );
  });

  it('SDK legacy SSE example (simpleSseServer): GET /mcp stream + POST /messages', async () => {
    const example = await server(startSdkExample('simpleSseServer'));
    const conn = connection(http(example.url, 'sse'));
    await conn.connect();
    assert.equal(conn.model.handshake.state, 'ready', conn.model.handshake.reason);
    assert.equal(conn.model.transport.kind, 'sse');
    assert.match(conn.model.transport.endpoint ?? '', /\/messages\?sessionId=/);
    assert.ok(conn.model.session.id);
  });

  it('a 2026-07-28 server: stateless era, no session', async () => {
    const modern = await server(startNodeServer(resolve('out/test/fixtures/servers/stateless2026.js')));
    const conn = connection(http(modern.url));
    await conn.connect();
    assert.equal(conn.model.handshake.state, 'ready', conn.model.handshake.reason);
    assert.equal(conn.model.era, 'stateless');
    assert.equal(conn.model.handshake.method, 'server/discover');
    assert.equal(conn.model.session.noneReason, 'stateless-era');
    assert.equal((await conn.checkHealth()).state, 'healthy');
    await waitFor(() => conn.model.streams.some((stream) => stream.kind === 'listen' && stream.state === 'open'), 5000, 'the subscriptions/listen stream');
  });

  it('server killed mid-session: stream dropped and down within 2 s; restart and reconnect gives a new session', async () => {
    const everything = await startEverything('streamableHttp');
    const conn = connection(http(everything.url));
    await conn.connect();
    const first = conn.model.session.id;
    await waitFor(() => conn.model.streams.some((stream) => stream.kind === 'get' && stream.state === 'open'), 5000, 'the GET stream');
    await everything.stop();
    const killedAt = Date.now();
    await waitFor(() => conn.model.health.state === 'down', 2000, 'health down');
    assert.ok(Date.now() - killedAt <= 2000);
    assert.ok(conn.model.streams.some((stream) => stream.kind === 'get' && stream.state !== 'open'));
    const restarted = await server(startEverything('streamableHttp', everything.port));
    void restarted;
    await conn.reconnect();
    assert.equal(conn.model.handshake.state, 'ready', conn.model.handshake.reason);
    assert.ok(conn.model.session.id && conn.model.session.id !== first);
    assert.equal((await conn.checkHealth()).state, 'healthy');
  });

  it('disconnect sends DELETE for its own session; dispose leaves no handles behind', async () => {
    const everything = await server(startEverything('streamableHttp'));
    const before = process.getActiveResourcesInfo().length;
    const conn = createConnection(http(everything.url), { ...defaultEngineOptions, pingIntervalMs: 100 });
    await conn.connect();
    const id = conn.model.session.id;
    await conn.disconnect();
    assert.ok(conn.trace.events().some((event) => event.kind === 'http-request' && event.method === 'DELETE' && event.headers['mcp-session-id'] === id));
    await waitFor(() => everything.output().includes(`Received session termination request for session ${id}`), 5000, 'the server to log the DELETE');
    assert.equal(conn.model.session.ended?.reason, 'deleted');
    await conn.dispose();
    await waitFor(() => process.getActiveResourcesInfo().length <= before, 5000, 'handles to be released');
  });

  it('connect, reconnect and disconnect are safe to call concurrently and repeatedly', async () => {
    const everything = await server(startEverything('streamableHttp'));
    const conn = connection(http(everything.url));
    await Promise.all([conn.connect(), conn.connect(), conn.connect()]);
    const first = conn.model.session.id;
    assert.equal(conn.model.handshake.state, 'ready');
    await Promise.all([conn.reconnect(), conn.reconnect(), conn.disconnect(), conn.connect()]);
    assert.equal(conn.model.handshake.state, 'ready', conn.model.handshake.reason);
    assert.ok(conn.model.session.id && conn.model.session.id !== first);
    const initializes = conn.trace.events().filter((event) => event.kind === 'message-out' && event.method === 'initialize').length;
    assert.equal(initializes, 4, 'one handshake for the first connect, two reconnects and the final connect');
    await Promise.all([conn.disconnect(), conn.disconnect()]);
    assert.equal(conn.model.handshake.state, 'closed');
  });

  it('a dead port fails the handshake with a clear reason and never throws', async () => {
    const everything = await startEverything('streamableHttp');
    await everything.stop();
    const conn = connection(http(everything.url));
    await conn.connect();
    assert.equal(conn.model.handshake.state, 'failed');
    assert.match(conn.model.handshake.reason ?? '', /connection refused/);
    assert.equal(conn.model.health.state, 'down');
  });
});
