// batch-rejected (P1, error): a JSON-RPC batch to a real v2 server under 2026-07-28 is refused;
// a batch the lenient v1 SDK transport accepts under 2025-06-18 is still reported (batching was
// removed in that revision). Silent on healthy traffic of both eras.

import * as assert from 'node:assert/strict';
import { assertSilentWhenHealthy, recordingClient, start2026 } from '../../fixtures/support/eraTraffic';
import { Cleanups, waitForFinding } from '../../fixtures/support/ruleHarness';
import { startSessionServer } from '../../fixtures/support/sessionServer';

describe('rule batch-rejected (live)', function () {
  this.timeout(60_000);
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());

  it('refused by a 2026-07-28 server', async () => {
    const server = await start2026(cleanups);
    const client = recordingClient(cleanups, server.url);
    assert.equal((await client.post([{ jsonrpc: '2.0', id: 1, method: 'tools/list' }], { 'mcp-protocol-version': '2026-07-28' })).status, 400);
    const finding = await waitForFinding(client, 'batch-rejected');
    assert.equal(finding.severity, 'error');
    assert.match(finding.message, /refused a JSON-RPC batch/);
    await client.settled();
    assert.deepEqual(
      client.findings().filter((f) => f.rule === 'era-mismatch' || f.rule === 'protocol-version-unsupported'),
      [],
    );
  });

  it('accepted by a lenient session-era server, still outside 2025-06-18', async () => {
    const server = cleanups.add(await startSessionServer(), (s) => s.stop());
    const client = recordingClient(cleanups, server.url);
    await client.initialize();
    const answer = await client.post([{ jsonrpc: '2.0', id: 7, method: 'ping' }], client.headers({ 'mcp-protocol-version': '2025-06-18' }));
    assert.ok(answer.status < 300, `${answer.status} ${answer.text}`);
    const finding = await waitForFinding(client, 'batch-rejected');
    assert.match(finding.message, /under MCP-Protocol-Version 2025-06-18, a revision without batching/);
  });

  it('silent on healthy traffic in both eras', async () => {
    await assertSilentWhenHealthy(cleanups, 'batch-rejected');
  });
});
