// cors-session-header-hidden (P0, warning): CORS served, Mcp-Session-Id not exposed.

import * as assert from 'node:assert/strict';
import { startCorsHidden } from '../../fixtures/faults/corsHidden';
import { assertSilent, Cleanups, engine, httpConfig, waitForFinding } from '../../fixtures/support/ruleHarness';

describe('rule cors-session-header-hidden (live)', function () {
  this.timeout(30_000);
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());

  it('Access-Control-Expose-Headers lacks Mcp-Session-Id', async () => {
    const fixture = cleanups.add(await startCorsHidden(), (f) => f.stop());
    const conn = engine(cleanups, httpConfig(fixture.url, 'http', { headers: { Origin: 'http://localhost:5173' } }));
    await conn.connect();
    const finding = await waitForFinding(conn, 'cors-session-header-hidden');
    assert.equal(finding.severity, 'warning');
    assert.equal(finding.sessionId, conn.model.session.id);
    assert.match(finding.evidence[0]?.summary ?? '', /Access-Control-Expose-Headers: content-type/i);
  });

  it('healthy counterpart: exposing Mcp-Session-Id silences it', async () => {
    const fixture = cleanups.add(await startCorsHidden({ expose: 'Mcp-Session-Id, Content-Type' }), (f) => f.stop());
    const conn = engine(cleanups, httpConfig(fixture.url));
    await conn.connect();
    await conn.checkHealth();
    await new Promise((done) => setTimeout(done, 200));
    await assertSilent(conn, 'cors-session-header-hidden');
  });
});
