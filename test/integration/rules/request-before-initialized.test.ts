// request-before-initialized (P0, error): after a restart the server hands the old session id to
// a fresh transport, which answers 400 "Bad Request: Server not initialized".

import * as assert from 'node:assert/strict';
import { startNotInitialized } from '../../fixtures/faults/notInitialized';
import { startSessionsLost } from '../../fixtures/faults/sessionsLost';
import { assertSilent, Cleanups, engine, httpConfig, waitForFinding } from '../../fixtures/support/ruleHarness';

describe('rule request-before-initialized (live)', function () {
  this.timeout(30_000);
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());

  it('"Server not initialized" on a request carrying the old session id', async () => {
    const fixture = cleanups.add(await startNotInitialized(), (f) => f.stop());
    const conn = engine(cleanups, httpConfig(fixture.url));
    await conn.connect();
    const oldSession = conn.model.session.id;
    await fixture.restart();
    await conn.checkHealth();
    const finding = await waitForFinding(conn, 'request-before-initialized');
    assert.equal(finding.severity, 'error');
    assert.equal(finding.sessionId, oldSession);
    assert.ok(
      finding.evidence.some((evidence) => /→ 400 Bad Request: Server not initialized/.test(evidence.summary)),
      JSON.stringify(finding.evidence),
    );
  });

  it('healthy counterpart: a server that answers 404 after a restart does not trigger it', async () => {
    const fixture = cleanups.add(await startSessionsLost(), (f) => f.stop());
    const conn = engine(cleanups, httpConfig(fixture.url));
    await conn.connect();
    await fixture.restart();
    await conn.checkHealth();
    await waitForFinding(conn, 'unknown-session');
    await assertSilent(conn, 'request-before-initialized');
  });
});
