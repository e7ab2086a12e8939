// endpoint-path-mismatch (P1, error): a client configured with a path the server does not mount
// gets the web server's own 404; a legacy app mounted under /api sends clients to an endpoint
// without the prefix. Silent on the right paths (the SDK's server, server-everything's SSE).

import * as assert from 'node:assert/strict';
import { startMountPrefixSse } from '../../fixtures/faults/mountPrefixSse';
import { startSessionServer } from '../../fixtures/support/sessionServer';
import { startEverything } from '../../fixtures/support/servers';
import { Cleanups, engine, httpConfig, waitForFinding, waitUntil } from '../../fixtures/support/ruleHarness';

describe('rule endpoint-path-mismatch (live)', function () {
  this.timeout(30_000);
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());

  it('fires when initialize reaches a path the server does not mount (router 404, no MCP body)', async () => {
    const server = cleanups.add(await startSessionServer({}), (s) => s.stop());
    const conn = engine(cleanups, httpConfig(server.url.replace(/\/mcp$/, '/api/mcp')));
    await conn.connect();
    assert.equal(conn.model.handshake.state, 'failed');
    assert.match(conn.model.handshake.reason ?? '', /legacy SSE GET answered 404\. Check the URL's path/);
    const finding = await waitForFinding(conn, 'endpoint-path-mismatch');
    assert.equal(finding.severity, 'error');
    assert.match(finding.message, /no MCP endpoint is mounted at \/api\/mcp/);
  });

  it('fires when the legacy endpoint drops the mount prefix, naming it', async () => {
    const fixture = cleanups.add(await startMountPrefixSse(), (f) => f.stop());
    const conn = engine(cleanups, httpConfig(fixture.url, 'sse'), { requestTimeoutMs: 3000 });
    await conn.connect();
    const finding = await waitForFinding(conn, 'endpoint-path-mismatch', 8000, (candidate) => /mount prefix/.test(candidate.message));
    assert.match(finding.message, /endpoint \/messages\?sessionId=\S+, which lost the mount prefix \/api\//);
  });

  it('stays silent on the right paths: the SDK server, the fixed mount, server-everything over SSE', async () => {
    const server = cleanups.add(await startSessionServer({}), (s) => s.stop());
    const fixed = cleanups.add(await startMountPrefixSse({ fixed: true }), (f) => f.stop());
    const everything = cleanups.add(await startEverything('sse'), (s) => s.stop());
    for (const config of [httpConfig(server.url), httpConfig(fixed.url, 'sse'), httpConfig(everything.url, 'sse')]) {
      const conn = engine(cleanups, config);
      await conn.connect();
      assert.equal(conn.model.handshake.state, 'ready', `${config.url}: ${conn.model.handshake.reason}`);
      await conn.checkHealth();
      await waitUntil(() => conn.model.health.state !== 'unknown', 5000, 'a health check');
      await conn.settled();
      assert.ok(!conn.findings().some((finding) => finding.rule === 'endpoint-path-mismatch'), JSON.stringify(conn.findings()));
    }
  });
});
