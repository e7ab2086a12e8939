// header-mismatch (P1, error): a real 2026-07-28 server (v2 createMcpHandler) refuses requests
// whose Mcp-Method or Mcp-Name disagree with the body (-32020); the finding names the header and
// what the body says. Silent on healthy traffic of both eras.

import * as assert from 'node:assert/strict';
import { assertSilentWhenHealthy, post2026, recordingClient, start2026 } from '../../fixtures/support/eraTraffic';
import { Cleanups, waitForFinding } from '../../fixtures/support/ruleHarness';

describe('rule header-mismatch (live)', function () {
  this.timeout(60_000);
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());

  it('Mcp-Method names another method than the body; Mcp-Name is missing', async () => {
    const server = await start2026(cleanups);
    const client = recordingClient(cleanups, server.url);
    assert.equal((await post2026(client, 'tools/list', {}, { 'mcp-method': 'tools/call' })).status, 400);
    const method = await waitForFinding(client, 'header-mismatch', 5000, (finding) => /Mcp-Method/.test(finding.message));
    assert.equal(method.severity, 'error');
    assert.match(
      method.message,
      /the Mcp-Method header disagrees with the body — the body names method tools\/list but the Mcp-Method header names tools\/call/,
    );
    assert.ok(
      method.evidence.some((evidence) => /^400 -32020 .*createMcpHandler/.test(evidence.summary)),
      JSON.stringify(method.evidence),
    );
    assert.equal((await post2026(client, 'tools/call', { name: 'echo', arguments: { text: 'x' } }, { 'mcp-name': '' })).status, 400);
    const name = await waitForFinding(client, 'header-mismatch', 5000, (finding) => /Mcp-Name header disagrees/.test(finding.message));
    assert.match(name.message, /params\.name="echo"/);
    assert.match(name.fix ?? '', /Mcp-Name/);
  });

  it('silent on healthy traffic in both eras', async () => {
    await assertSilentWhenHealthy(cleanups, 'header-mismatch');
  });
});
