// session-not-reinitialized (P0, error): after a 404 the client keeps the dead id, or sends
// initialize still carrying it. The engine re-initialises correctly, so a raw client misbehaves.

import * as assert from 'node:assert/strict';
import { startSessionsLost } from '../../fixtures/faults/sessionsLost';
import { startSessionServer } from '../../fixtures/support/sessionServer';
import { initializeRequest, rpc } from '../../fixtures/support/rawClient';
import { assertSilent, Cleanups, engine, httpConfig, RecordingClient, requireRule, waitForFinding } from '../../fixtures/support/ruleHarness';

describe('rule session-not-reinitialized (live)', function () {
  this.timeout(30_000);
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());
  beforeEach(function () {
    requireRule(this, 'session-not-reinitialized');
  });

  it('the client keeps using the dead id after 404', async () => {
    const fixture = cleanups.add(await startSessionsLost(), (f) => f.stop());
    const client = cleanups.add(new RecordingClient(fixture.url), async (c) => c.dispose());
    const dead = await client.initialize();
    await fixture.restart();
    assert.equal((await client.post(rpc('ping'), client.headers())).status, 404);
    assert.equal((await client.post(rpc('tools/list'), client.headers())).status, 404);
    // The client gets a grace period to start over by itself; it does not.
    const finding = await waitForFinding(client, 'session-not-reinitialized', 10_000);
    assert.equal(finding.severity, 'error');
    assert.equal(finding.sessionId, dead);
    assert.match(finding.message, /tools\/list/);
  });

  it('the client sends initialize still carrying the dead id', async () => {
    const fixture = cleanups.add(await startSessionsLost(), (f) => f.stop());
    const client = cleanups.add(new RecordingClient(fixture.url), async (c) => c.dispose());
    const dead = await client.initialize();
    await fixture.restart();
    await client.post(rpc('ping'), client.headers());
    await client.post(initializeRequest(), client.headers());
    const finding = await waitForFinding(client, 'session-not-reinitialized', 3000);
    assert.equal(finding.sessionId, dead);
    assert.match(finding.message, /initialize/);
  });

  it('healthy counterpart: the engine reconnects with a new session', async () => {
    const fixture = cleanups.add(await startSessionsLost(), (f) => f.stop());
    const conn = engine(cleanups, httpConfig(fixture.url));
    await conn.connect();
    await fixture.restart();
    await conn.checkHealth();
    await conn.reconnect();
    await conn.checkHealth();
    await assertSilent(conn, 'session-not-reinitialized');
  });

  it('silent when the server answers 400 (unknown-session-status names that fault)', async () => {
    const fixture = cleanups.add(await startSessionServer({ unknownSession: 'bad-request-400' }), (f) => f.stop());
    const client = cleanups.add(new RecordingClient(fixture.url), async (c) => c.dispose());
    await client.initialize();
    await fixture.restart();
    for (let i = 0; i < 3; i++) assert.equal((await client.post(rpc('tools/list'), client.headers())).status, 400);
    await waitForFinding(client, 'unknown-session-status');
    client.runner.tick(Date.now() + 60_000);
    await client.settled();
    assert.equal(
      client.findings().some((f) => f.rule === 'session-not-reinitialized'),
      false,
    );
  });

  it('silent when the client retries once and then re-initialises by itself', async () => {
    const fixture = cleanups.add(await startSessionsLost(), (f) => f.stop());
    const client = cleanups.add(new RecordingClient(fixture.url), async (c) => c.dispose());
    await client.initialize();
    await fixture.restart();
    assert.equal((await client.post(rpc('ping'), client.headers())).status, 404);
    assert.equal((await client.post(rpc('tools/list'), client.headers())).status, 404);
    client.sessionId = undefined;
    await client.initialize();
    assert.equal((await client.post(rpc('tools/list'), client.headers())).status, 200);
    client.runner.tick(Date.now() + 60_000);
    await client.settled();
    assert.equal(
      client.findings().some((f) => f.rule === 'session-not-reinitialized'),
      false,
    );
  });
});
