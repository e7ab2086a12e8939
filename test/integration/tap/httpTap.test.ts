import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection, defaultEngineOptions, type InspectedConnection } from '../../../src/core/connection';
import { HttpTap } from '../../../src/core/tap/httpTap';
import type { TappedClient } from '../../../src/core/tap/tapHub';
import { startSessionServer, type SessionServer } from '../../fixtures/support/sessionServer';
import { startEverything, waitFor, type RunningServer } from '../../fixtures/support/servers';
import { LegacySseClient, openSession, post, rpc, sessionHeaders } from '../../fixtures/support/rawClient';

function connectThrough(url: string, name = 'tapped', headers?: Record<string, string>): InspectedConnection {
  return createConnection(
    { name, type: 'http', url, ...(headers ? { headers } : {}), source: { kind: 'cli' } },
    { ...defaultEngineOptions, pingIntervalMs: 0, requestTimeoutMs: 10_000 },
  );
}

async function clientWhere(tap: HttpTap, predicate: (client: TappedClient) => boolean, what: string): Promise<TappedClient> {
  let found: TappedClient | undefined;
  await waitFor(() => (found = tap.hub.clients().find(predicate)) !== undefined, 10_000, what);
  return found as TappedClient;
}

describe('HTTP tap', function () {
  this.timeout(60_000);
  const cleanup: Array<() => unknown> = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  it('carries a real SDK client to server-everything: the tapped client holds the session id the server logged', async () => {
    const everything: RunningServer = await startEverything('streamableHttp');
    cleanup.push(() => everything.stop());
    const tap = await HttpTap.start({ target: everything.url, name: 'everything', tickMs: 0 });
    cleanup.push(() => tap.close());
    assert.match(tap.url, /^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    const connection = connectThrough(tap.url);
    cleanup.push(() => connection.dispose());
    await connection.connect();
    assert.equal(connection.model.handshake.state, 'ready', connection.model.handshake.reason);
    const client = await clientWhere(
      tap,
      (candidate) => candidate.model.handshake.state === 'ready' && Boolean(candidate.model.session.id),
      'a ready tapped client',
    );
    assert.equal(client.model.session.id, connection.model.session.id);
    await waitFor(() => everything.output().includes(`Session initialized with ID: ${client.model.session.id}`), 5000, 'the server log line');
    assert.equal(client.model.era, 'session');
    assert.equal(client.model.protocolVersion, connection.model.protocolVersion);
    assert.equal(client.clientInfo?.name, 'mcp-session-inspector');
    assert.equal(client.model.transport.kind, 'streamable-http');
    await waitFor(
      () => tap.hub.clients()[0].model.streams.some((stream) => stream.kind === 'get' && stream.state === 'open'),
      5000,
      'the GET stream through the tap',
    );
    await tap.hub.settled();
    assert.deepEqual(
      tap.hub.findings().filter((finding) => finding.severity === 'error'),
      [],
    );
  });

  it('a server restart behind the tap: the tapped client’s next call targets an unknown session, named for that client', async () => {
    const server: SessionServer = await startSessionServer({ unknownSession: 'not-found-404' });
    cleanup.push(() => server.stop());
    const tap = await HttpTap.start({ target: server.url, name: 'fixture', tickMs: 0 });
    cleanup.push(() => tap.close());
    const connection = connectThrough(tap.url);
    cleanup.push(() => connection.dispose());
    await connection.connect();
    const before = await clientWhere(tap, (candidate) => Boolean(candidate.model.session.id), 'a session');
    const lost = before.model.session.id as string;
    await server.restart();
    await connection.checkHealth();
    await waitFor(() => tap.hub.findings().some((finding) => finding.rule === 'unknown-session'), 10_000, 'unknown-session for the tapped client');
    const finding = tap.hub.findings().find((candidate) => candidate.rule === 'unknown-session');
    assert.equal(finding?.client, before.label);
    assert.equal(finding?.sessionId, lost);
    assert.equal(finding?.server, 'fixture');
    const after = tap.hub.clients().find((candidate) => candidate.label === before.label);
    assert.equal(after?.model.session.ended?.reason, 'unknown-to-server');
    assert.ok(
      after?.model.findings.some((candidate) => candidate.rule === 'unknown-session'),
      'the finding sits on the client model',
    );
  });

  it('tells two clients apart, and sees them share one session (session-cross-talk)', async () => {
    const server = await startSessionServer({});
    cleanup.push(() => server.stop());
    const tap = await HttpTap.start({ target: server.url, name: 'fixture', tickMs: 0 });
    cleanup.push(() => tap.close());
    const first = await openSession(tap.url, { 'user-agent': 'first-client/1.0' });
    const second = await openSession(tap.url, { 'user-agent': 'second-client/2.0' });
    assert.ok(first.sessionId && second.sessionId);
    await waitFor(() => tap.hub.clients().filter((client) => client.model.session.id).length === 2, 5000, 'two clients with sessions');
    const labels = tap.hub
      .clients()
      .map((client) => client.label)
      .sort();
    assert.deepEqual(labels, ['first-client', 'second-client']);
    // The second client borrows the first one's session: a hand-made session map gone wrong.
    const borrowed = await post(tap.url, rpc('tools/list'), { ...sessionHeaders(first.sessionId as string), 'user-agent': 'second-client/2.0' });
    assert.equal(borrowed.status, 200, 'the server itself cannot tell');
    await waitFor(() => tap.hub.findings().some((finding) => finding.rule === 'session-cross-talk'), 5000, 'session-cross-talk');
    const finding = tap.hub.findings().find((candidate) => candidate.rule === 'session-cross-talk');
    assert.equal(finding?.sessionId, first.sessionId);
    assert.match(finding?.message ?? '', /first-client and second-client/);
  });

  it('one client’s own traffic on its session raises nothing', async () => {
    const server = await startSessionServer({});
    cleanup.push(() => server.stop());
    const tap = await HttpTap.start({ target: server.url, name: 'fixture', tickMs: 0 });
    cleanup.push(() => tap.close());
    const headers = { 'user-agent': 'tidy-client/1.0' };
    const { sessionId } = await openSession(tap.url, headers);
    for (let i = 0; i < 3; i++) assert.equal((await post(tap.url, rpc('tools/list'), { ...sessionHeaders(sessionId as string), ...headers })).status, 200);
    await waitFor(() => tap.hub.clients()[0]?.model.handshake.state === 'ready', 2000, 'ready');
    await tap.hub.settled();
    tap.hub.tick(Date.now() + 60_000);
    // Only the fixture's honest info (its events carry no ids) remains.
    assert.deepEqual(
      tap.hub
        .findings()
        .filter((finding) => finding.severity !== 'info')
        .map((finding) => finding.rule),
      [],
    );
    assert.equal(tap.hub.clients().length, 1);
  });

  it('a second initialize while the first session lives is a second client; one after DELETE is the same client', async () => {
    const server = await startSessionServer({});
    cleanup.push(() => server.stop());
    const tap = await HttpTap.start({ target: server.url, name: 'fixture', tickMs: 0 });
    cleanup.push(() => tap.close());
    const headers = { 'user-agent': 'same-app/1.0' };
    const one = await openSession(tap.url, headers);
    await openSession(tap.url, headers);
    await waitFor(() => tap.hub.clients().length === 2, 5000, 'two clients');
    const deleted = await fetch(tap.url, { method: 'DELETE', headers: { ...headers, ...sessionHeaders(one.sessionId as string) } });
    assert.equal(deleted.status, 200);
    await openSession(tap.url, headers);
    await waitFor(
      () => tap.hub.clients().some((client) => (client.model.session.previous ?? []).includes(one.sessionId as string)),
      5000,
      'the first client starting over',
    );
    assert.equal(tap.hub.clients().length, 2);
  });

  it('legacy HTTP+SSE: the relative endpoint passes untouched, an absolute one is pointed back through the tap and recorded', async () => {
    const everything = await startEverything('sse');
    cleanup.push(() => everything.stop());
    const tap = await HttpTap.start({ target: everything.url, name: 'legacy', tickMs: 0 });
    cleanup.push(() => tap.close());
    const connection = createConnection(
      { name: 'legacy', type: 'sse', url: tap.url, source: { kind: 'cli' } },
      { ...defaultEngineOptions, pingIntervalMs: 0, requestTimeoutMs: 10_000 },
    );
    cleanup.push(() => connection.dispose());
    await connection.connect();
    assert.equal(connection.model.handshake.state, 'ready', connection.model.handshake.reason);
    const client = await clientWhere(tap, (candidate) => candidate.model.handshake.state === 'ready', 'a ready legacy client');
    assert.equal(client.model.transport.kind, 'sse');
    assert.ok(client.model.session.id, 'the endpoint event named the session');
    assert.equal(connection.model.transport.endpoint?.startsWith(new URL(tap.url).origin) ?? true, true);
    assert.ok(
      !tap.hub.trace.events().some((event) => event.kind === 'lifecycle' && event.name === 'endpoint-rewritten'),
      'a relative endpoint is not rewritten',
    );

    // A server announcing its endpoint as an absolute URL of its own origin.
    const { createServer } = await import('node:http');
    const absolute = createServer((request, response) => {
      if (request.url === '/sse') {
        response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        response.write(`event: endpoint\ndata: http://127.0.0.1:${(absolute.address() as { port: number }).port}/messages?sessionId=abc123\n\n`);
        return;
      }
      response.writeHead(202).end('Accepted');
    });
    await new Promise<void>((resolve) => absolute.listen(0, '127.0.0.1', resolve));
    cleanup.push(() => new Promise((resolve) => absolute.close(resolve)));
    cleanup.push(() => absolute.closeAllConnections());
    const absoluteTap = await HttpTap.start({ target: `http://127.0.0.1:${(absolute.address() as { port: number }).port}/sse`, tickMs: 0 });
    cleanup.push(() => absoluteTap.close());
    const legacy = await LegacySseClient.connect(absoluteTap.url);
    cleanup.push(() => legacy.close());
    assert.equal(legacy.endpoint, `${new URL(absoluteTap.url).origin}/messages?sessionId=abc123`);
    await waitFor(
      () => absoluteTap.hub.trace.events().some((event) => event.kind === 'lifecycle' && event.name === 'endpoint-rewritten'),
      5000,
      'the rewrite to be recorded',
    );
    const posted = await legacy.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    assert.equal(posted.status, 202);
  });

  it('secrets the client sends never reach the trace file', async () => {
    const server = await startSessionServer({});
    cleanup.push(() => server.stop());
    const file = join(mkdtempSync(join(tmpdir(), 'tap-trace-')), 'trace.jsonl');
    const tap = await HttpTap.start({ target: `${server.url}?api_key=QUERYSECRET123`, traceFile: file, tickMs: 0 });
    cleanup.push(() => tap.close());
    const connection = connectThrough(tap.url, 'secretive', { Authorization: 'Bearer sk-TAPSECRET-9876543210' });
    cleanup.push(() => connection.dispose());
    await connection.connect();
    assert.equal(connection.model.handshake.state, 'ready', connection.model.handshake.reason);
    await tap.close();
    const text = readFileSync(file, 'utf8');
    assert.ok(text.includes('"authorization":"<redacted>"'), 'the header is recorded, redacted');
    assert.ok(!text.includes('TAPSECRET'), 'the bearer token never appears');
    assert.ok(!text.includes('QUERYSECRET123'), 'the URL credential never appears');
  });

  it('refuses a non-loopback address unless told to, and a busy port with a clear reason', async () => {
    await assert.rejects(HttpTap.start({ target: 'http://127.0.0.1:1/mcp', host: '0.0.0.0' }), /loopback only.*--allow-remote/);
    const first = await HttpTap.start({ target: 'http://127.0.0.1:1/mcp', tickMs: 0 });
    cleanup.push(() => first.close());
    await assert.rejects(HttpTap.start({ target: 'http://127.0.0.1:1/mcp', port: first.port }), /already in use/);
  });

  it('never reuses a connection the server is about to close for being idle: past its announced keep-alive timeout less a second, a new one', async () => {
    // A request sent on a pooled connection just as the server closes it fails, and the tap cannot
    // send it again (the server may have read it): the tap must drop idle connections first.
    const ports: number[] = [];
    const server = createServer((request, response) => {
      ports.push(request.socket.remotePort ?? 0);
      response.end('{}');
    });
    server.keepAliveTimeout = 2000; // announced as `Keep-Alive: timeout=2`
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    cleanup.push(() => new Promise((done) => server.close(done)));
    const tap = await HttpTap.start({ target: `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`, tickMs: 0 });
    cleanup.push(() => tap.close());
    const send = async () => assert.equal((await fetch(tap.url, { method: 'POST', body: '{}' })).status, 200);
    await send();
    await send();
    // 1.3 s idle: the server still holds the connection (for 2 s), the tap let it go after 1 s.
    await new Promise((done) => setTimeout(done, 1300));
    await send();
    assert.equal(ports[1], ports[0], 'back-to-back requests share a connection');
    assert.notEqual(ports[2], ports[1], 'the request after the idle second went on a new connection');
  });

  it('a dead server behind the tap: the client gets a 502 naming the cause, the trace an outage', async () => {
    const tap = await HttpTap.start({ target: 'http://127.0.0.1:1/mcp', tickMs: 0 });
    cleanup.push(() => tap.close());
    const answer = await post(tap.url, rpc('ping'));
    assert.equal(answer.status, 502);
    assert.match(answer.text, /connection refused/);
    await waitFor(() => tap.hub.clients()[0]?.model.health.state === 'down', 2000, 'health down');
  });
});
