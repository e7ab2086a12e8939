// endpoint-cross-origin (P1, error): the legacy endpoint event points at another origin. It fires,
// and nothing is sent there; it stays silent on same-origin endpoints, relative (server-everything)
// and absolute (the tap points an absolute endpoint back through itself).

import * as assert from 'node:assert/strict';
import { HttpTap } from '../../../src/core/tap/httpTap';
import { startGarbageHttp } from '../../fixtures/faults/garbageHttp';
import { startMountPrefixSse } from '../../fixtures/faults/mountPrefixSse';
import { Listener } from '../../fixtures/support/faultKit';
import { startEverything } from '../../fixtures/support/servers';
import { Cleanups, engine, httpConfig, waitForFinding } from '../../fixtures/support/ruleHarness';

describe('rule endpoint-cross-origin (live)', function () {
  this.timeout(30_000);
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());

  it('fires when the endpoint event names another origin: nothing is sent there, and the reason is clear', async () => {
    const elsewhere: string[] = [];
    const foreign = new Listener((request, response) => {
      elsewhere.push(`${request.method} ${request.url}`);
      response.writeHead(202).end();
    });
    const foreignPort = await foreign.listen(0);
    cleanups.add(foreign, (listener) => listener.close());
    const fixture = cleanups.add(await startGarbageHttp({ mode: 'foreign-endpoint', foreignEndpoint: `http://127.0.0.1:${foreignPort}/messages` }), (f) =>
      f.stop(),
    );
    const conn = engine(cleanups, httpConfig(fixture.url.replace('/mcp', '/sse'), 'sse'), { requestTimeoutMs: 3000 });
    await conn.connect();
    assert.equal(conn.model.handshake.state, 'failed');
    assert.match(conn.model.handshake.reason ?? '', /origin/i);
    assert.deepEqual(elsewhere, [], 'no request went to the other origin');
    const finding = await waitForFinding(conn, 'endpoint-cross-origin', 3000);
    assert.equal(finding.severity, 'error');
    assert.match(finding.message, new RegExp(`127\\.0\\.0\\.1:${foreignPort}`));
  });

  it('stays silent on same-origin endpoints: server-everything over SSE, directly and through the tap', async () => {
    const everything = cleanups.add(await startEverything('sse'), (s) => s.stop());
    const fixed = cleanups.add(await startMountPrefixSse({ fixed: true }), (f) => f.stop());
    const tap = cleanups.add(await HttpTap.start({ target: everything.url, name: 'everything', tickMs: 0 }), (t) => t.close());
    for (const url of [everything.url, fixed.url, tap.url]) {
      const conn = engine(cleanups, httpConfig(url, 'sse'));
      await conn.connect();
      assert.equal(conn.model.handshake.state, 'ready', `${url}: ${conn.model.handshake.reason}`);
      await conn.checkHealth();
      await conn.settled();
      assert.ok(!conn.findings().some((finding) => finding.rule === 'endpoint-cross-origin'), JSON.stringify(conn.findings()));
    }
    await tap.hub.settled();
    assert.ok(!tap.hub.findings().some((finding) => finding.rule === 'endpoint-cross-origin'), JSON.stringify(tap.hub.findings()));
  });
});
