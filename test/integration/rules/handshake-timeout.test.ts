// handshake-timeout (P0, error): the server never answers initialize (its McpServer was never
// connected to the transport).

import * as assert from 'node:assert/strict';
import { startHandshakeHang } from '../../fixtures/faults/handshakeHang';
import { startSessionsLost } from '../../fixtures/faults/sessionsLost';
import { assertSilent, Cleanups, engine, httpConfig, waitForFinding } from '../../fixtures/support/ruleHarness';

describe('rule handshake-timeout (live)', function () {
  this.timeout(30_000);
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());

  it('no answer to initialize within the request timeout', async () => {
    const fixture = cleanups.add(await startHandshakeHang(), (f) => f.stop());
    const conn = engine(cleanups, httpConfig(fixture.url), { requestTimeoutMs: 1500 });
    await conn.connect();
    assert.equal(conn.model.handshake.state, 'failed');
    const finding = await waitForFinding(conn, 'handshake-timeout');
    assert.equal(finding.severity, 'error');
    assert.ok(finding.evidence.length > 0);
  });

  it('healthy counterpart: a server that answers does not trigger it', async () => {
    const fixture = cleanups.add(await startSessionsLost(), (f) => f.stop());
    const conn = engine(cleanups, httpConfig(fixture.url), { requestTimeoutMs: 1500 });
    await conn.connect();
    assert.equal(conn.model.handshake.state, 'ready');
    await assertSilent(conn, 'handshake-timeout');
  });
});
