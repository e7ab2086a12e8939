// cors-preflight-blocks-headers (P0, warning): the preflight omits the MCP headers. The engine
// (a Node client) never preflights, so a browser-like raw client sends the OPTIONS request.

import * as assert from 'node:assert/strict';
import { startCorsHidden } from '../../fixtures/faults/corsHidden';
import { assertSilent, Cleanups, RecordingClient, requireRule, waitForFinding } from '../../fixtures/support/ruleHarness';

const PREFLIGHT = {
  origin: 'http://localhost:5173',
  'access-control-request-method': 'POST',
  'access-control-request-headers': 'content-type,mcp-session-id,mcp-protocol-version',
};

describe('rule cors-preflight-blocks-headers (live)', function () {
  this.timeout(30_000);
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());
  beforeEach(function () {
    requireRule(this, 'cors-preflight-blocks-headers');
  });

  it('the preflight allows only content-type/accept', async () => {
    const fixture = cleanups.add(await startCorsHidden(), (f) => f.stop());
    const browser = cleanups.add(new RecordingClient(fixture.url, { client: 'browser' }), async (c) => c.dispose());
    assert.equal((await browser.fetch(fixture.url, { method: 'OPTIONS', headers: PREFLIGHT })).status, 204);
    const finding = await waitForFinding(browser, 'cors-preflight-blocks-headers', 3000);
    assert.equal(finding.severity, 'warning');
    assert.match(finding.message, /mcp-session-id/);
    assert.match(finding.message, /mcp-protocol-version/);
    assert.ok(
      finding.evidence.some((evidence) => /OPTIONS \/mcp → 204/.test(evidence.summary)),
      JSON.stringify(finding.evidence),
    );
  });

  it('healthy counterpart: a preflight that allows the MCP headers', async () => {
    const fixture = cleanups.add(
      await startCorsHidden({
        expose: 'Mcp-Session-Id',
        allowHeaders: 'Content-Type, Accept, Mcp-Session-Id, Mcp-Protocol-Version, Last-Event-ID, Authorization',
      }),
      (f) => f.stop(),
    );
    const browser = cleanups.add(new RecordingClient(fixture.url, { client: 'browser' }), async (c) => c.dispose());
    await browser.fetch(fixture.url, { method: 'OPTIONS', headers: PREFLIGHT });
    await new Promise((done) => setTimeout(done, 200));
    await assertSilent(browser, 'cors-preflight-blocks-headers');
  });
});
