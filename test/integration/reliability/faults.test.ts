// Faults survived, with real servers: a hung server (SIGSTOP/SIGCONT), a server killed while a
// request is in flight, 100 reconnect cycles without leaks, and 20 servers at once where the
// misbehaving ones never hold up the others.

import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import type { ServerConfig } from '../../../src/core/config/types';
import type { InspectedConnection } from '../../../src/core/connection/types';
import { startGarbageHttp } from '../../fixtures/faults/garbageHttp';
import { startHandshakeHang } from '../../fixtures/faults/handshakeHang';
import { startPythonLegacySse } from '../../fixtures/faults/pythonLegacySse';
import { startSessionsLost } from '../../fixtures/faults/sessionsLost';
import { startEverything } from '../../fixtures/support/servers';
import { Cleanups, engine, httpConfig, waitUntil } from '../../fixtures/support/ruleHarness';

const NOISY = resolve('out/test/fixtures/servers/noisyStdio.js');

function stdioConfig(name: string): ServerConfig {
  return { name, type: 'stdio', command: process.execPath, args: [NOISY], source: { kind: 'cli' } };
}

/** Counts of active handles by type (sockets, timers, processes…). */
function resources(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const type of process.getActiveResourcesInfo()) counts.set(type, (counts.get(type) ?? 0) + 1);
  return counts;
}

function grownBeyond(before: Map<string, number>, slack: number): string[] {
  return [...resources()]
    .filter(([type, count]) => count > (before.get(type) ?? 0) + slack)
    .map(([type, count]) => `${type}: ${before.get(type) ?? 0} → ${count}`);
}

function heapMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

/** Our child processes running the given script. */
function childrenRunning(script: string): number {
  try {
    return execFileSync('pgrep', ['-P', String(process.pid), '-f', script], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .filter(Boolean).length;
  } catch {
    return 0;
  }
}

describe('reliability: faults survived', function () {
  this.timeout(120_000);
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());

  it('a hung server (SIGSTOP): health goes down within the liveness timeout, and recovers on SIGCONT', async () => {
    const everything = cleanups.add(await startEverything('streamableHttp'), async (server) => {
      process.kill(server.pid, 'SIGCONT');
      await server.stop();
    });
    const conn = engine(cleanups, httpConfig(everything.url), { requestTimeoutMs: 1500 });
    await conn.connect();
    assert.equal((await conn.checkHealth()).state, 'healthy');
    process.kill(everything.pid, 'SIGSTOP');
    const stopped = Date.now();
    const hung = await conn.checkHealth();
    assert.equal(hung.state, 'down');
    assert.match(hung.reason ?? '', /timed out|timeout/i);
    assert.ok(Date.now() - stopped < 1500 + 2000, 'the ping gave up at its timeout');
    process.kill(everything.pid, 'SIGCONT');
    const recovered = await conn.checkHealth();
    assert.equal(recovered.state, 'healthy', recovered.reason);
    assert.equal(conn.model.handshake.state, 'ready', 'the same session carries on');
  });

  it('killed (SIGKILL) while a request is in flight: the request fails at once with the reason, nothing hangs', async () => {
    for (const transport of ['http', 'stdio'] as const) {
      const everything = transport === 'http' ? cleanups.add(await startEverything('streamableHttp'), (server) => server.stop()) : undefined;
      const conn = engine(cleanups, everything ? httpConfig(everything.url) : stdioConfig('noisy'), { requestTimeoutMs: 20_000 });
      await conn.connect();
      assert.equal(conn.model.handshake.state, 'ready', conn.model.handshake.reason);
      const pid = everything?.pid ?? (conn.model.transport.pid as number);
      process.kill(pid, 'SIGSTOP');
      const pending = conn.checkHealth();
      await new Promise((done) => setTimeout(done, 200));
      process.kill(pid, 'SIGKILL');
      const killed = Date.now();
      const health = await pending;
      assert.equal(health.state, 'down', transport);
      assert.ok(health.reason, `${transport}: a reason`);
      assert.ok(Date.now() - killed < 5000, `${transport}: failed ${Date.now() - killed} ms after the kill, not at the 20 s timeout`);
      await waitUntil(() => conn.model.health.state === 'down', 5000, `${transport}: the model to show down`);
    }
  });

  it('100 reconnect cycles (HTTP) and 30 server restarts (stdio) leave no sockets, timers, processes or heap behind', async () => {
    const everything = cleanups.add(await startEverything('streamableHttp'), (server) => server.stop());
    const warmup = engine(cleanups, httpConfig(everything.url));
    await warmup.connect();
    await warmup.dispose();
    await new Promise((done) => setTimeout(done, 500));
    const before = resources();
    const heapBefore = heapMb();

    const http = engine(cleanups, httpConfig(everything.url), { pingIntervalMs: 50 });
    await http.connect();
    for (let cycle = 0; cycle < 100; cycle++) {
      await http.reconnect();
      assert.equal(http.model.handshake.state, 'ready', `cycle ${cycle}: ${http.model.handshake.reason}`);
    }
    const stdio = engine(cleanups, stdioConfig('noisy-cycles'));
    for (let cycle = 0; cycle < 30; cycle++) {
      await stdio.reconnect();
      assert.equal(stdio.model.handshake.state, 'ready', `stdio cycle ${cycle}: ${stdio.model.handshake.reason}`);
    }
    assert.ok(childrenRunning('noisyStdio') <= 1, `stdio servers still running: ${childrenRunning('noisyStdio')}`);
    await http.dispose();
    await stdio.dispose();
    // Keep-alive sockets close on their own timeout; allow a little slack while they do.
    await waitUntil(() => grownBeyond(before, 1).length === 0, 15_000, `handles to return (${grownBeyond(before, 1).join(', ')})`);
    await waitUntil(() => childrenRunning('noisyStdio') === 0, 5000, 'every stdio server to exit');
    const growth = heapMb() - heapBefore;
    assert.ok(growth < 16, `heap grew ${growth.toFixed(1)} MB over 130 cycles`);
  });

  it('20 servers at once, mixed transports: the hanging and garbage ones never hold up the healthy ones', async () => {
    const connections: Array<{ conn: InspectedConnection; healthy: boolean }> = [];
    const add = (config: ServerConfig, healthy: boolean) => connections.push({ conn: engine(cleanups, config, { requestTimeoutMs: 8000 }), healthy });
    for (let i = 0; i < 14; i++) {
      const fixture = cleanups.add(await startSessionsLost(), (f) => f.stop());
      add(httpConfig(fixture.url, 'http', { name: `http-${i}` }), true);
    }
    for (let i = 0; i < 2; i++) {
      const fixture = cleanups.add(await startPythonLegacySse(), (f) => f.stop());
      add(httpConfig(fixture.url, 'sse', { name: `legacy-${i}` }), true);
    }
    for (let i = 0; i < 2; i++) add(stdioConfig(`stdio-${i}`), true);
    const hang = cleanups.add(await startHandshakeHang(), (f) => f.stop());
    add(httpConfig(hang.url, 'http', { name: 'hangs' }), false);
    const garbage = cleanups.add(await startGarbageHttp({ mode: 'never-ends' }), (f) => f.stop());
    add(httpConfig(garbage.url, 'http', { name: 'never-ends' }), false);
    assert.equal(connections.length, 20);

    const settled = Promise.all(connections.map(({ conn }) => conn.connect()));
    const healthy = connections.filter((entry) => entry.healthy).map((entry) => entry.conn);
    const bad = connections.filter((entry) => !entry.healthy).map((entry) => entry.conn);
    await waitUntil(() => healthy.every((conn) => conn.model.handshake.state === 'ready'), 7000, 'every healthy server to be ready');
    assert.ok(
      bad.every((conn) => conn.model.handshake.state !== 'ready' && conn.model.handshake.state !== 'failed'),
      'the bad ones were still hanging when the healthy ones were ready',
    );
    const pings = await Promise.all(healthy.map((conn) => conn.checkHealth()));
    assert.deepEqual(
      pings.map((health) => health.state),
      healthy.map(() => 'healthy'),
    );
    await settled;
    for (const conn of bad) {
      assert.equal(conn.model.handshake.state, 'failed', conn.name);
      assert.ok(conn.model.handshake.reason, `${conn.name}: a reason`);
    }
  });
});
