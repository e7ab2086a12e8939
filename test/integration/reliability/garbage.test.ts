// Garbage from a server: the engine reports a clear error or a finding, keeps memory bounded,
// never crashes and never leaves an unhandled rejection (the integration hooks fail the test on one).

import * as assert from 'node:assert/strict';
import { resolve } from 'node:path';
import type { StderrTraceEvent, SseTraceEvent } from '../../../src/core/trace/events';
import { startGarbageHttp, type GarbageMode } from '../../fixtures/faults/garbageHttp';
import { startSessionsLost } from '../../fixtures/faults/sessionsLost';
import { Cleanups, engine, httpConfig, waitUntil } from '../../fixtures/support/ruleHarness';

const NOISY = resolve('out/test/fixtures/servers/noisyStdio.js');

function heapMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

describe('reliability: garbage from a server', function () {
  this.timeout(60_000);
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());

  async function handshakeAgainst(mode: GarbageMode) {
    const fixture = cleanups.add(await startGarbageHttp({ mode }), (f) => f.stop());
    const conn = engine(cleanups, httpConfig(fixture.url, 'http'), { requestTimeoutMs: 2000 });
    const started = Date.now();
    await conn.connect();
    return { conn, elapsed: Date.now() - started };
  }

  it('malformed SSE in the initialize answer: the handshake fails with a reason, in time', async () => {
    const { conn, elapsed } = await handshakeAgainst('malformed-sse');
    assert.equal(conn.model.handshake.state, 'failed');
    assert.ok(conn.model.handshake.reason, 'a reason is given');
    assert.ok(elapsed < 15_000, `settled after ${elapsed} ms`);
    assert.ok(
      conn.trace.events().some((event) => event.kind === 'sse-event'),
      'the broken events are in the trace',
    );
  });

  it('invalid UTF-8 in a JSON answer: no crash, the bytes are shown as replacement characters', async () => {
    const { conn } = await handshakeAgainst('invalid-utf8');
    assert.ok(['ready', 'failed'].includes(conn.model.handshake.state));
    const answered = conn.trace.events().find((event) => event.kind === 'http-response' && event.status === 200);
    assert.ok(answered && answered.kind === 'http-response' && answered.body?.includes('\uFFFD'), 'the body is recorded with U+FFFD');
  });

  it('endless response headers: fails with a clear reason instead of buffering forever', async () => {
    const { conn, elapsed } = await handshakeAgainst('endless-headers');
    assert.equal(conn.model.handshake.state, 'failed');
    assert.match(conn.model.handshake.reason ?? '', /header/i);
    assert.ok(elapsed < 15_000, `settled after ${elapsed} ms`);
  });

  it('a response that never ends: the request times out with a clear reason', async () => {
    const { conn, elapsed } = await handshakeAgainst('never-ends');
    assert.equal(conn.model.handshake.state, 'failed');
    assert.match(conn.model.handshake.reason ?? '', /within \d+ ms|timed out|abort/i);
    assert.ok(elapsed < 15_000, `settled after ${elapsed} ms`);
  });

  it('a 50 MB event on the GET stream: recorded bounded, connection stays healthy, memory returns', async () => {
    const fixture = cleanups.add(await startSessionsLost(), (f) => f.stop());
    const conn = engine(cleanups, httpConfig(fixture.url));
    await conn.connect();
    await waitUntil(() => conn.model.streams.some((stream) => stream.kind === 'get' && stream.state === 'open'), 5000, 'the GET stream');
    const before = heapMb();
    const session = fixture.sessions.get(conn.model.session.id as string);
    assert.ok(session, 'the fixture holds our session');
    await session.server.server.sendLoggingMessage({ level: 'info', data: 'x'.repeat(50 * 1024 * 1024) });
    await waitUntil(() => conn.trace.events().some((event) => event.kind === 'sse-event' && (event.dataBytes ?? 0) > 50e6), 20_000, 'the big event');
    const big = conn.trace.events().find((event): event is SseTraceEvent => event.kind === 'sse-event' && (event.dataBytes ?? 0) > 50e6) as SseTraceEvent;
    assert.equal(big.dataTruncated, true);
    assert.ok((big.data?.length ?? 0) <= 64 * 1024, 'only the first 64 KiB is kept');
    assert.equal((await conn.checkHealth()).state, 'healthy');
    // An SSE parser holds the latest event until the next one arrives: bounded, not a leak.
    await session.server.server.sendLoggingMessage({ level: 'info', data: 'after the big one' });
    await waitUntil(() => conn.trace.events().some((event) => event.kind === 'sse-event' && event.data?.includes('after the big one')), 5000, 'the next event');
    const growth = heapMb() - before;
    assert.ok(growth < 32, `heap grew ${growth.toFixed(1)} MB after the event was handled`);
  });

  it('non-JSON lines on a stdio server’s stdout: the protocol works and the noise is in the trace', async () => {
    const conn = engine(cleanups, { name: 'noisy', type: 'stdio', command: process.execPath, args: [NOISY], source: { kind: 'cli' } });
    await conn.connect();
    assert.equal(conn.model.handshake.state, 'ready', conn.model.handshake.reason);
    await waitUntil(
      () => conn.trace.events().some((event) => event.kind === 'stderr' && event.source === 'stdout-garbage' && /heartbeat/.test(event.line)),
      5000,
      'the heartbeat noise',
    );
    const noise = conn.trace.events().filter((event): event is StderrTraceEvent => event.kind === 'stderr' && event.source === 'stdout-garbage');
    assert.ok(
      noise.some((event) => /Starting noisy server/.test(event.line)),
      noise.map((event) => event.line).join('\n'),
    );
    assert.equal((await conn.checkHealth()).state, 'healthy');
  });
});
