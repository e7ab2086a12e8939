// endpoint-cross-origin (P1, error): the legacy endpoint event points at another origin (fired in
// test/integration/reliability/own-sessions.test.ts, which also proves nothing is sent there).
// Here the silent side: same-origin endpoints, relative (server-everything) and absolute (the tap
// points an absolute endpoint back through itself).

import * as assert from 'node:assert/strict';
import { HttpTap } from '../../../src/core/tap/httpTap';
import { startMountPrefixSse } from '../../fixtures/faults/mountPrefixSse';
import { startEverything } from '../../fixtures/support/servers';
import { Cleanups, engine, httpConfig } from '../../fixtures/support/ruleHarness';

describe('rule endpoint-cross-origin (live)', function () {
  this.timeout(30_000);
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());

  it('stays silent on same-origin endpoints: server-everything over SSE, directly and through the tap', async () => {
    const everything = cleanups.add(await startEverything('sse'), (s) => s.stop());
    const fixed = cleanups.add(await startMountPrefixSse({ fixed: true }), (f) => f.stop());
    const tap = cleanups.add(await HttpTap.start({ target: everything.url, name: 'everything', tickMs: 0 }), (t) => t.close());
    for (const url of [everything.url, fixed.url, tap.url]) {
      const conn = engine(cleanups, httpConfig(url, 'sse'));
      await conn.connect();
      assert.equal(conn.model.handshake.state, 'ready', `${url}: ${conn.model.handshake.reason}`);
      await conn.checkHealth();
      assert.ok(!conn.findings().some((finding) => finding.rule === 'endpoint-cross-origin'), JSON.stringify(conn.findings()));
    }
    assert.ok(!tap.hub.findings().some((finding) => finding.rule === 'endpoint-cross-origin'), JSON.stringify(tap.hub.findings()));
  });
});
