// legacy-transport (P1, info): the server speaks only the deprecated HTTP+SSE transport.
// server-everything over SSE makes it fire; the same server over Streamable HTTP stays silent.

import * as assert from 'node:assert/strict';
import { startEverything } from '../../fixtures/support/servers';
import { assertSilent, Cleanups, engine, httpConfig, waitForFinding } from '../../fixtures/support/ruleHarness';

describe('rule legacy-transport (live)', function () {
  this.timeout(30_000);
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());

  it('fires (info) on server-everything over legacy SSE', async () => {
    const everything = cleanups.add(await startEverything('sse'), (s) => s.stop());
    const conn = engine(cleanups, httpConfig(everything.url, 'sse'));
    await conn.connect();
    assert.equal(conn.model.handshake.state, 'ready', conn.model.handshake.reason);
    const finding = await waitForFinding(conn, 'legacy-transport');
    assert.equal(finding.severity, 'info');
  });

  it('stays silent on server-everything over Streamable HTTP, after the connection settled', async () => {
    const everything = cleanups.add(await startEverything('streamableHttp'), (s) => s.stop());
    const conn = engine(cleanups, httpConfig(everything.url));
    await conn.connect();
    assert.equal(conn.model.handshake.state, 'ready', conn.model.handshake.reason);
    await conn.checkHealth();
    await assertSilent(conn, 'legacy-transport');
  });
});
