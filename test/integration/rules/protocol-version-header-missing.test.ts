// protocol-version-header-missing (P0, warning): after a 2025-11-25 handshake a client sends
// requests without MCP-Protocol-Version (the engine always sends it; a raw client omits it).

import * as assert from 'node:assert/strict';
import { startSessionsLost } from '../../fixtures/faults/sessionsLost';
import { rpc } from '../../fixtures/support/rawClient';
import { assertSilent, Cleanups, engine, httpConfig, RecordingClient, waitForFinding } from '../../fixtures/support/ruleHarness';

describe('rule protocol-version-header-missing (live)', function () {
  this.timeout(30_000);
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());

  it('requests on the session without the header', async () => {
    const fixture = cleanups.add(await startSessionsLost(), (f) => f.stop());
    const client = cleanups.add(new RecordingClient(fixture.url), async (c) => c.dispose());
    const sessionId = await client.initialize();
    assert.equal((await client.post(rpc('ping'), { 'mcp-session-id': sessionId as string })).status, 200, 'the server accepts it (assumes 2025-03-26)');
    const finding = await waitForFinding(client, 'protocol-version-header-missing', 3000);
    assert.equal(finding.severity, 'warning');
    assert.equal(finding.sessionId, sessionId);
    assert.match(finding.message, /2025-11-25/);
  });

  it('healthy counterpart: the engine sends the header on every request', async () => {
    const fixture = cleanups.add(await startSessionsLost(), (f) => f.stop());
    const conn = engine(cleanups, httpConfig(fixture.url));
    await conn.connect();
    await conn.checkHealth();
    await conn.disconnect();
    await assertSilent(conn, 'protocol-version-header-missing');
  });
});
