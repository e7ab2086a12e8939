// protocol-version-unsupported (P0, error): the server's HTTP layer only accepts old
// MCP-Protocol-Version values and refuses the negotiated one with 400.

import * as assert from 'node:assert/strict';
import { startOldProtocol } from '../../fixtures/faults/oldProtocol';
import { assertSilent, Cleanups, engine, httpConfig, waitForFinding } from '../../fixtures/support/ruleHarness';

describe('rule protocol-version-unsupported (live)', function () {
  this.timeout(30_000);
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());

  it('400 "Unsupported protocol version" after initialize', async () => {
    const fixture = cleanups.add(await startOldProtocol(), (f) => f.stop());
    const conn = engine(cleanups, httpConfig(fixture.url));
    await conn.connect();
    await conn.checkHealth();
    const finding = await waitForFinding(conn, 'protocol-version-unsupported');
    assert.equal(finding.severity, 'error');
    assert.ok(
      finding.evidence.some((evidence) => /→ 400 Bad Request: Unsupported protocol version: \d{4}-\d{2}-\d{2}/.test(evidence.summary)),
      JSON.stringify(finding.evidence),
    );
    assert.match(finding.message + (finding.fix ?? ''), /version/i);
  });

  it('healthy counterpart: the gate lets the negotiated version through — no finding', async () => {
    const fixture = cleanups.add(await startOldProtocol({ supported: ['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25'] }), (f) => f.stop());
    const conn = engine(cleanups, httpConfig(fixture.url));
    await conn.connect();
    assert.equal(conn.model.handshake.state, 'ready', conn.model.handshake.reason);
    await conn.checkHealth();
    await new Promise((done) => setTimeout(done, 200));
    await assertSilent(conn, 'protocol-version-unsupported');
  });
});
