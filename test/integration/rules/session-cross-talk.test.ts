// session-cross-talk (P0, error): the legacy SSE server with one global transport delivers
// another client's response on the engine's stream. The same server routing by sessionId (the
// healthy counterpart) stays silent with two clients at work.

import * as assert from 'node:assert/strict';
import { startLegacySseMisroute } from '../../fixtures/faults/legacySseMisroute';
import { LegacySseClient, rpc } from '../../fixtures/support/rawClient';
import { assertSilent, Cleanups, engine, httpConfig, requireRule, waitForFinding } from '../../fixtures/support/ruleHarness';

describe('rule session-cross-talk (live)', function () {
  this.timeout(30_000);
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());
  beforeEach(function () {
    requireRule(this, 'session-cross-talk');
  });

  /** A first client on the fixture, the engine connected after it, and the first client's ping sent. */
  async function engineBesideAnotherClient(fixed: boolean) {
    const fixture = cleanups.add(await startLegacySseMisroute({ fixed }), (f) => f.stop());
    const first = cleanups.add(await LegacySseClient.connect(fixture.url), async (c) => c.close());
    await first.initialize();
    const conn = engine(cleanups, httpConfig(fixture.url, 'sse'));
    await conn.connect();
    assert.equal(conn.model.handshake.state, 'ready', conn.model.handshake.reason);
    // Without routing by sessionId the server hands this to the newest transport, the engine's.
    assert.equal((await first.send(rpc('ping', {}, 'foreign-id-4711'))).status, 202);
    return conn;
  }

  it('a response for a request id the engine never sent arrives on its stream', async () => {
    const conn = await engineBesideAnotherClient(false);
    const finding = await waitForFinding(conn, 'session-cross-talk', 8000);
    assert.equal(finding.severity, 'error');
    assert.equal(finding.sessionId, conn.model.session.id);
    assert.match(finding.message, /foreign-id-4711/);
  });

  it('stays silent when each POST is answered on its own stream (routing by sessionId), with a second client at work', async () => {
    const conn = await engineBesideAnotherClient(true);
    await conn.checkHealth();
    await conn.checkHealth();
    await assertSilent(conn, 'session-cross-talk');
  });
});
