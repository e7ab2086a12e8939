// Self-check of the fault fixtures: each one reproduces its fault on the wire, seen with plain
// fetch calls (no engine, no rules), so a rule test that fails points at the rule, not the fixture.

import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { startAffinityNginx } from '../../fixtures/faults/affinityNginx';
import { startBufferingNginx } from '../../fixtures/faults/bufferingNginx';
import { startCorsHidden } from '../../fixtures/faults/corsHidden';
import { startFailingResume } from '../../fixtures/faults/failingResume';
import { startIdleExpiry } from '../../fixtures/faults/idleExpiry';
import { startLegacySseMisroute } from '../../fixtures/faults/legacySseMisroute';
import { startNoEventIds } from '../../fixtures/faults/noEventIds';
import { startNotInitialized } from '../../fixtures/faults/notInitialized';
import { startOldProtocol } from '../../fixtures/faults/oldProtocol';
import { startOriginRejected } from '../../fixtures/faults/originRejected';
import { startPythonLegacySse } from '../../fixtures/faults/pythonLegacySse';
import { startSessionsLost } from '../../fixtures/faults/sessionsLost';
import { startStreamDrop } from '../../fixtures/faults/streamDrop';
import type { FaultFixture } from '../../fixtures/support/faultKit';
import { requireNginx } from '../../fixtures/support/nginx';
import { LegacySseClient, openSession, openSse, post, PROTOCOL_VERSION, rpc, sessionHeaders } from '../../fixtures/support/rawClient';

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

function errorOf(text: string): { code?: number; message?: string; id?: unknown } {
  const parsed = JSON.parse(text) as { error?: { code?: number; message?: string }; id?: unknown };
  return { ...parsed.error, id: parsed.id };
}

describe('fault fixtures reproduce their faults (plain fetch)', function () {
  this.timeout(30_000);
  const running: FaultFixture[] = [];
  async function use<F extends FaultFixture>(start: Promise<F>): Promise<F> {
    const fixture = await start;
    running.push(fixture);
    return fixture;
  }
  afterEach(async () => {
    for (const fixture of running.splice(0).reverse()) await fixture.stop();
  });

  it('sessionsLost: after a restart the old id gets 404 -32001 "Session not found" (id null); new sessions work', async () => {
    const fixture = await use(startSessionsLost());
    const { sessionId } = await openSession(fixture.url);
    assert.ok(sessionId);
    assert.equal((await post(fixture.url, rpc('ping'), sessionHeaders(sessionId))).status, 200);
    await fixture.restart();
    const lost = await post(fixture.url, rpc('ping'), sessionHeaders(sessionId));
    assert.equal(lost.status, 404);
    assert.deepEqual(errorOf(lost.text), { code: -32001, message: 'Session not found', id: null });
    const fresh = await openSession(fixture.url);
    assert.equal((await post(fixture.url, rpc('ping'), sessionHeaders(fresh.sessionId as string))).status, 200);
  });

  it('sessionsLost (400 variant): the old id gets 400 "Bad Request: No valid session ID provided"', async () => {
    const fixture = await use(startSessionsLost({ unknownSession: 'bad-request-400' }));
    const { sessionId } = await openSession(fixture.url);
    await fixture.restart();
    const lost = await post(fixture.url, rpc('ping'), sessionHeaders(sessionId as string));
    assert.equal(lost.status, 400);
    assert.equal(errorOf(lost.text).message, 'Bad Request: No valid session ID provided');
  });

  it('sessionsLost by hand: `--port 0` prints {"listening": url}, "restart" on stdin loses sessions', async () => {
    const child = spawn(process.execPath, [resolve('out/test/fixtures/faults/sessionsLost.js'), '--port', '0'], { stdio: ['pipe', 'pipe', 'pipe'] });
    try {
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      const deadline = Date.now() + 10_000;
      while (!stdout.includes('\n') && Date.now() < deadline) await sleep(20);
      const { listening } = JSON.parse(stdout.split('\n')[0]) as { listening: string };
      assert.match(listening, /^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
      const { sessionId } = await openSession(listening);
      child.stdin.write('restart\n');
      while (!stdout.includes('restarted') && Date.now() < deadline) await sleep(20);
      assert.equal((await post(listening, rpc('ping'), sessionHeaders(sessionId as string))).status, 404);
    } finally {
      child.kill('SIGTERM');
      await new Promise((done) => child.once('exit', done));
    }
  });

  it('idleExpiry: a session idle longer than idleMs gets 404, an active one keeps working', async () => {
    const fixture = await use(startIdleExpiry({ idleMs: 400 }));
    const { sessionId } = await openSession(fixture.url);
    for (let i = 0; i < 3; i++) {
      await sleep(150);
      assert.equal((await post(fixture.url, rpc('ping'), sessionHeaders(sessionId as string))).status, 200);
    }
    await sleep(900);
    const expired = await post(fixture.url, rpc('ping'), sessionHeaders(sessionId as string));
    assert.equal(expired.status, 404);
    assert.ok(fixture.logs.some((line) => line.includes(`Session ${sessionId} expired`)));
  });

  it('notInitialized: after a restart the old id reaches a fresh transport: 400 "Bad Request: Server not initialized"', async () => {
    const fixture = await use(startNotInitialized());
    const { sessionId } = await openSession(fixture.url);
    await fixture.restart();
    const answer = await post(fixture.url, rpc('ping'), sessionHeaders(sessionId as string));
    assert.equal(answer.status, 400);
    assert.equal(errorOf(answer.text).message, 'Bad Request: Server not initialized');
  });

  it('affinityNginx: one session id gets both 200 and 404 through round-robin nginx', async function () {
    requireNginx();
    const fixture = await use(startAffinityNginx());
    const { sessionId, answer } = await openSession(fixture.url);
    assert.equal(answer.status, 200);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await post(fixture.url, rpc('ping'), sessionHeaders(sessionId as string))).status);
    assert.ok(statuses.includes(200) && statuses.includes(404), `statuses: ${statuses.join(',')}`);
  });

  it('legacySseMisroute: A’s request is accepted (202) but answered on B’s stream', async () => {
    const fixture = await use(startLegacySseMisroute());
    const a = await LegacySseClient.connect(fixture.url);
    await a.initialize();
    const b = await LegacySseClient.connect(fixture.url);
    await b.initialize();
    try {
      assert.notEqual(a.sessionId, b.sessionId);
      const request = rpc('ping', {}, 'a-ping-1');
      assert.equal((await a.send(request)).status, 202);
      assert.ok(await b.stream.waitFor((reader) => reader.messages().some((message) => message.id === 'a-ping-1'), 3000), 'B received A’s response');
      await sleep(300);
      assert.ok(!a.stream.messages().some((message) => message.id === 'a-ping-1'), 'A never gets its response');
    } finally {
      a.close();
      b.close();
    }
  });

  it('legacySseMisroute --fixed: each POST is answered on its own stream', async () => {
    const fixture = await use(startLegacySseMisroute({ fixed: true }));
    const a = await LegacySseClient.connect(fixture.url);
    await a.initialize();
    const b = await LegacySseClient.connect(fixture.url);
    await b.initialize();
    try {
      await a.send(rpc('ping', {}, 'a-ping-2'));
      assert.ok(await a.stream.waitFor((reader) => reader.messages().some((message) => message.id === 'a-ping-2'), 3000));
    } finally {
      a.close();
      b.close();
    }
  });

  it('corsHidden: CORS responses carry Mcp-Session-Id but do not expose it; the preflight omits the MCP headers', async () => {
    const fixture = await use(startCorsHidden());
    const { sessionId, answer } = await openSession(fixture.url, { origin: 'http://localhost:5173' });
    assert.ok(sessionId);
    assert.equal(answer.headers.get('access-control-allow-origin'), 'http://localhost:5173');
    assert.doesNotMatch(answer.headers.get('access-control-expose-headers') ?? '', /mcp-session-id/i);
    const preflight = await fetch(fixture.url, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,mcp-session-id,mcp-protocol-version',
      },
    });
    assert.equal(preflight.status, 204);
    const allowed = (preflight.headers.get('access-control-allow-headers') ?? '').toLowerCase();
    for (const header of ['mcp-session-id', 'mcp-protocol-version', 'last-event-id', 'authorization']) assert.ok(!allowed.includes(header), header);
  });

  it('originRejected: the SDK’s DNS-rebinding protection answers 403 "Invalid Host header" / "Invalid Origin header"', async () => {
    const byHost = await use(startOriginRejected({ reject: 'host' }));
    const hostAnswer = (await openSession(byHost.url)).answer;
    assert.equal(hostAnswer.status, 403);
    assert.equal(errorOf(hostAnswer.text).message, `Invalid Host header: 127.0.0.1:${byHost.port}`);
    const byOrigin = await use(startOriginRejected({ reject: 'origin' }));
    assert.equal((await openSession(byOrigin.url)).answer.status, 200, 'no Origin header: allowed');
    const originAnswer = (await openSession(byOrigin.url, { origin: 'http://evil.example' })).answer;
    assert.equal(originAnswer.status, 403);
    assert.equal(errorOf(originAnswer.text).message, 'Invalid Origin header: http://evil.example');
  });

  it('oldProtocol: initialize works, then MCP-Protocol-Version 2025-11-25 gets 400 "Unsupported protocol version"', async () => {
    const fixture = await use(startOldProtocol());
    const initialize = await post(
      fixture.url,
      rpc('initialize', { protocolVersion: PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: 't', version: '1' } }),
    );
    assert.equal(initialize.status, 200);
    const sessionId = initialize.headers.get('mcp-session-id') as string;
    const refused = await post(fixture.url, { jsonrpc: '2.0', method: 'notifications/initialized' }, sessionHeaders(sessionId));
    assert.equal(refused.status, 400);
    assert.match(errorOf(refused.text).message ?? '', /^Bad Request: Unsupported protocol version: 2025-11-25 \(supported versions: 2024-11-05, 2025-03-26\)$/);
    assert.equal((await post(fixture.url, rpc('ping'), sessionHeaders(sessionId, { 'mcp-protocol-version': '2025-03-26' }))).status, 200);
  });

  it('streamDrop: the GET stream is cut after getDropMs; a tool call’s POST stream is cut after N events with no result', async () => {
    const fixture = await use(startStreamDrop({ getDropMs: 300, postDropEvents: 2 }));
    const { sessionId } = await openSession(fixture.url);
    const get = await openSse(fixture.url, { headers: sessionHeaders(sessionId as string) });
    assert.equal(get.response.status, 200);
    await get.finished(3000);
    assert.ok(get.ended, 'GET stream ended without the client closing it');
    const call = await openSse(fixture.url, {
      method: 'POST',
      headers: { ...sessionHeaders(sessionId as string), 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify(rpc('tools/call', { name: 'ticks', arguments: { count: 5, intervalMs: 50 } }, 'ticks-1')),
    });
    await call.finished(5000);
    assert.ok(call.ended);
    assert.equal(call.dataEvents().length, 2, JSON.stringify(call.events));
    assert.ok(!call.messages().some((message) => message.id === 'ticks-1'), 'no result arrived');
  });

  it('noEventIds: POST response and GET stream events carry no id: (no eventStore)', async () => {
    const fixture = await use(startNoEventIds({ tickMs: 100 }));
    const { sessionId } = await openSession(fixture.url);
    const ping = await post(fixture.url, rpc('ping'), sessionHeaders(sessionId as string));
    assert.match(ping.headers.get('content-type') ?? '', /text\/event-stream/);
    assert.doesNotMatch(ping.text, /^id:/m);
    const controller = new AbortController();
    const get = await openSse(fixture.url, { headers: sessionHeaders(sessionId as string), signal: controller.signal });
    assert.ok(await get.waitFor((reader) => reader.dataEvents().length >= 2, 3000));
    controller.abort();
    assert.ok(get.dataEvents().every((event) => event.id === undefined));
  });

  for (const [mode, status, message] of [
    ['replay-error', 500, 'Error replaying events'],
    ['invalid-id', 400, 'Invalid event ID format'],
  ] as const) {
    it(`failingResume (${mode}): GET with Last-Event-ID gets ${status} "${message}"`, async () => {
      const fixture = await use(startFailingResume({ mode, tickMs: 100 }));
      const { sessionId } = await openSession(fixture.url);
      const controller = new AbortController();
      const get = await openSse(fixture.url, { headers: sessionHeaders(sessionId as string), signal: controller.signal });
      assert.ok(await get.waitFor((reader) => reader.dataEvents().some((event) => event.id), 3000), 'GET events carry ids');
      const lastEventId = get.dataEvents().find((event) => event.id)?.id as string;
      controller.abort();
      await sleep(100);
      const resume = await fetch(fixture.url, {
        headers: { accept: 'text/event-stream', ...sessionHeaders(sessionId as string), 'last-event-id': lastEventId },
      });
      assert.equal(resume.status, status);
      assert.equal(errorOf(await resume.text()).message, message);
    });
  }

  /** Arrival spread (ms) of the tick notifications of one `ticks` call through nginx. */
  async function tickSpread(buffering: boolean): Promise<{ spread: number; arrivals: number[]; encoding: string | null }> {
    const fixture = await use(startBufferingNginx({ buffering }));
    const { sessionId } = await openSession(fixture.url);
    const call = await openSse(fixture.url, {
      method: 'POST',
      headers: { ...sessionHeaders(sessionId as string), 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify(rpc('tools/call', { name: 'ticks', arguments: { count: 6, intervalMs: 150 } })),
    });
    await call.finished(10_000);
    const arrivals = call.dataEvents().map((event) => event.at);
    return { spread: arrivals[arrivals.length - 1] - arrivals[0], arrivals, encoding: call.response.headers.get('content-encoding') };
  }

  it('bufferingNginx: with proxy_buffering on (+ gzip), 6 ticks sent over 750 ms arrive in one burst', async function () {
    requireNginx();
    const { spread, arrivals, encoding } = await tickSpread(true);
    assert.equal(encoding, 'gzip');
    assert.equal(arrivals.length, 7, 'six ticks and the result');
    assert.ok(spread < 100, `arrivals: ${arrivals.join(',')}`);
  });

  it('bufferingNginx (buffering off): the same ticks arrive as they are sent', async function () {
    requireNginx();
    const { spread, arrivals, encoding } = await tickSpread(false);
    assert.equal(encoding, null);
    assert.ok(spread >= 600, `arrivals: ${arrivals.join(',')}`);
  });

  it('pythonLegacySse: Python’s endpoint format, 202 "Accepted", and 404 "Could not find session" + its log line after a restart', async () => {
    const fixture = await use(startPythonLegacySse());
    const raw = await fetch(fixture.url, { headers: { accept: 'text/event-stream' } });
    const reader = raw.body?.getReader() as ReadableStreamDefaultReader<Uint8Array>;
    const first = new TextDecoder().decode((await reader.read()).value);
    await reader.cancel();
    assert.match(first, /^event: endpoint\r\ndata: \/messages\/\?session_id=[0-9a-f]{32}\r\n\r\n/);
    const client = await LegacySseClient.connect(fixture.url);
    try {
      assert.match(client.sessionId ?? '', /^[0-9a-f]{32}$/);
      const accepted = await client.send(rpc('initialize', { protocolVersion: '2024-11-05', capabilities: {}, clientInfo: { name: 't', version: '1' } }));
      assert.deepEqual(accepted, { status: 202, text: 'Accepted' });
      const hex = client.sessionId as string;
      await fixture.restart();
      assert.deepEqual(await client.send(rpc('ping')), { status: 404, text: 'Could not find session' });
      const dashed = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
      assert.ok(fixture.logs.includes(`WARNING:mcp.server.sse:Could not find session for ID: ${dashed}`), fixture.logs.join('\n'));
      assert.deepEqual(await client.send(rpc('ping'), new URL('/messages/', fixture.url).href), { status: 400, text: 'session_id is required' });
    } finally {
      client.close();
    }
  });
});
