// session-affinity (P0, error): two instances behind round-robin nginx, no sticky routing.

import * as assert from 'node:assert/strict';
import { startAffinityNginx } from '../../fixtures/faults/affinityNginx';
import { startSessionsLost } from '../../fixtures/faults/sessionsLost';
import { requireNginx } from '../../fixtures/support/nginx';
import { rpc } from '../../fixtures/support/rawClient';
import { assertSilent, Cleanups, engine, httpConfig, RecordingClient, waitForFinding } from '../../fixtures/support/ruleHarness';

describe('rule session-affinity (live)', function () {
  this.timeout(30_000);
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());
  before(function () {
    requireNginx();
  });

  it('engine through round-robin nginx: the handshake itself lands on the other instance', async () => {
    const fixture = cleanups.add(await startAffinityNginx(), (f) => f.stop());
    const conn = engine(cleanups, httpConfig(fixture.url));
    await conn.connect();
    for (let i = 0; i < 3; i++) await conn.reconnect();
    // Strict alternation: server/discover, initialize and notifications/initialized go to
    // instances 1, 2, 1, so notifications/initialized always meets the instance that never
    // issued the id, and the SDK client gives up before any request could succeed.
    const lost = await waitForFinding(conn, 'unknown-session', 8000);
    assert.equal(lost.severity, 'error');
    assert.ok(
      lost.evidence.some((evidence) => /notifications\/initialized\) → 404 Session not found/.test(evidence.summary)),
      JSON.stringify(lost.evidence),
    );
    assert.match(lost.message, /session-affinity|another instance/);
    const affinity = await waitForFinding(conn, 'session-affinity', 3000);
    assert.match(affinity.message, /new sessions were unknown on their very first use/);
  });

  it('raw client through round-robin nginx (deterministic alternation)', async () => {
    const fixture = cleanups.add(await startAffinityNginx(), (f) => f.stop());
    const client = cleanups.add(new RecordingClient(fixture.url), async (c) => c.dispose());
    const sessionId = await client.initialize();
    for (let i = 0; i < 4; i++) await client.post(rpc('ping'), client.headers());
    const finding = await waitForFinding(client, 'session-affinity', 3000);
    assert.equal(finding.sessionId, sessionId);
    assert.match(finding.message, /\d+ of \d+ answers/);
  });

  it('healthy counterpart: a single instance that lost its sessions (restart) is not an affinity problem', async () => {
    const fixture = cleanups.add(await startSessionsLost(), (f) => f.stop());
    const conn = engine(cleanups, httpConfig(fixture.url));
    await conn.connect();
    await conn.checkHealth();
    await fixture.restart();
    await conn.checkHealth();
    await conn.checkHealth();
    await waitForFinding(conn, 'unknown-session');
    await assertSilent(conn, 'session-affinity');
  });
});
