// get-stream-unsupported (P1, info): the server answers GET with 405 — the v1 SDK's stateless
// example offers no standalone stream. Silent where the GET stream opens.

import * as assert from 'node:assert/strict';
import { createConnection, defaultEngineOptions } from '../../../src/core/connection';
import { startEverything, startSdkExample } from '../../fixtures/support/servers';
import { Cleanups, httpConfig, waitForFinding, waitUntil } from '../../fixtures/support/ruleHarness';

describe('rule get-stream-unsupported (live)', function () {
  this.timeout(30_000);
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());

  it('fires (info) when the server answers the standalone GET with 405', async () => {
    const server = cleanups.add(await startSdkExample('simpleStatelessStreamableHttp'), (s) => s.stop());
    const conn = cleanups.add(createConnection(httpConfig(server.url), { ...defaultEngineOptions, pingIntervalMs: 0, requestTimeoutMs: 5000 }), async (c) =>
      c.dispose(),
    );
    await conn.connect();
    const finding = await waitForFinding(conn, 'get-stream-unsupported');
    assert.equal(finding.severity, 'info');
    assert.ok(
      finding.evidence.some((evidence) => /GET \/mcp → 405/.test(evidence.summary)),
      JSON.stringify(finding.evidence),
    );
  });

  it('stays silent when the GET stream opens (server-everything)', async () => {
    const server = cleanups.add(await startEverything('streamableHttp'), (s) => s.stop());
    const conn = cleanups.add(createConnection(httpConfig(server.url), { ...defaultEngineOptions, pingIntervalMs: 0, requestTimeoutMs: 5000 }), async (c) =>
      c.dispose(),
    );
    await conn.connect();
    await waitUntil(() => conn.model.streams.some((stream) => stream.kind === 'get' && stream.state === 'open'), 5000, 'the GET stream');
    await conn.checkHealth();
    await conn.settled();
    assert.ok(!conn.findings().some((finding) => finding.rule === 'get-stream-unsupported'), JSON.stringify(conn.findings()));
  });
});
