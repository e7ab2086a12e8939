// era-mismatch (P1, error): session-era and 2026-07-28 behaviour mixed, against real servers —
// initialize under a 2026-07-28 header (v2 createMcpHandler answers -32020); a 2026-07-28 request
// to server-everything (session era only: 400 "Server not initialized"); a session-era
// initialize to a 2026-07-28-only server (legacy: 'reject': -32022). Silent on healthy traffic of
// both eras, where the SDK v2 client's server/discover probe is refused and it falls back.

import * as assert from 'node:assert/strict';
import { initializeRequest } from '../../fixtures/support/rawClient';
import { assertSilentWhenHealthy, post2026, recordingClient, start2026 } from '../../fixtures/support/eraTraffic';
import { Cleanups, waitForFinding } from '../../fixtures/support/ruleHarness';
import { startEverything } from '../../fixtures/support/servers';

describe('rule era-mismatch (live)', function () {
  this.timeout(60_000);
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());

  it('initialize under a 2026-07-28 MCP-Protocol-Version header', async () => {
    const server = await start2026(cleanups);
    const client = recordingClient(cleanups, server.url);
    assert.equal((await client.post(initializeRequest(), { 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'initialize' })).status, 400);
    const finding = await waitForFinding(client, 'era-mismatch');
    assert.equal(finding.severity, 'error');
    assert.match(finding.message, /initialize was sent with MCP-Protocol-Version 2026-07-28/);
    assert.deepEqual(
      client.findings().filter((f) => f.rule === 'header-mismatch'),
      [],
      'reported once, as the era mistake it is',
    );
  });

  it('a 2026-07-28 client against a session-era-only server (server-everything)', async () => {
    const server = cleanups.add(await startEverything('streamableHttp'), (s) => s.stop());
    const client = recordingClient(cleanups, server.url);
    assert.equal((await post2026(client, 'tools/list')).status, 400);
    const finding = await waitForFinding(client, 'era-mismatch');
    assert.match(finding.message, /speaks only the session era/);
    await new Promise((done) => setTimeout(done, 400));
    for (const rule of ['session-header-missing', 'request-before-initialized'])
      assert.deepEqual(
        client.findings().filter((f) => f.rule === rule),
        [],
        rule,
      );
  });

  it('a session-era client against a 2026-07-28-only server (createMcpHandler legacy: "reject")', async () => {
    const server = await start2026(cleanups, ['--legacy-reject']);
    const client = recordingClient(cleanups, server.url);
    assert.equal((await client.post(initializeRequest())).status, 400);
    const finding = await waitForFinding(client, 'era-mismatch');
    assert.match(finding.message, /speaks only the 2026-07-28 era .*supported: 2026-07-28/);
    await client.settled();
    assert.deepEqual(
      client.findings().filter((f) => f.rule === 'protocol-version-unsupported'),
      [],
    );
  });

  it('silent on healthy traffic in both eras', async () => {
    await assertSilentWhenHealthy(cleanups, 'era-mismatch');
  });
});
