// unknown-session-status (P1, warning): a server answers an unknown session with something other
// than 404 (here the TypeScript SDK v1 examples' 400 "No valid session ID provided"), so clients do
// not start a new session. A server that answers 404 after the same restart stays silent.

import * as assert from 'node:assert/strict';
import { startSessionsLost } from '../../fixtures/faults/sessionsLost';
import { assertSilent, Cleanups, engine, httpConfig, waitForFinding } from '../../fixtures/support/ruleHarness';

describe('rule unknown-session-status (live)', function () {
  this.timeout(30_000);
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());

  it('fires when the lost session is answered 400 "No valid session ID provided"', async () => {
    const fixture = cleanups.add(await startSessionsLost({ unknownSession: 'bad-request-400' }), (f) => f.stop());
    const conn = engine(cleanups, httpConfig(fixture.url));
    await conn.connect();
    const oldSession = conn.model.session.id;
    await fixture.restart();
    await conn.checkHealth();
    const finding = await waitForFinding(conn, 'unknown-session-status');
    assert.equal(finding.severity, 'warning');
    assert.equal(finding.sessionId, oldSession);
    assert.match(finding.message, /400/);
  });

  it('stays silent when the lost session is answered 404, after the reconnect settled', async () => {
    const fixture = cleanups.add(await startSessionsLost(), (f) => f.stop());
    const conn = engine(cleanups, httpConfig(fixture.url));
    await conn.connect();
    const oldSession = conn.model.session.id;
    await fixture.restart();
    await conn.checkHealth();
    await waitForFinding(conn, 'unknown-session', 8000, (f) => f.sessionId === oldSession);
    await conn.reconnect();
    await conn.checkHealth();
    assert.equal(conn.model.handshake.state, 'ready');
    await assertSilent(conn, 'unknown-session-status');
  });
});
