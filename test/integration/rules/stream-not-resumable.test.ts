// stream-not-resumable (P0, info): a v1 SDK server without an event store sends events without ids.

import * as assert from 'node:assert/strict';
import { startFailingResume } from '../../fixtures/faults/failingResume';
import { startNoEventIds } from '../../fixtures/faults/noEventIds';
import { assertSilent, Cleanups, engine, httpConfig, waitForFinding } from '../../fixtures/support/ruleHarness';

describe('rule stream-not-resumable (live)', function () {
  this.timeout(30_000);
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());

  it('events without id: lines (no eventStore)', async () => {
    const fixture = cleanups.add(await startNoEventIds({ tickMs: 200 }), (f) => f.stop());
    const conn = engine(cleanups, httpConfig(fixture.url));
    await conn.connect();
    await conn.checkHealth();
    const finding = await waitForFinding(conn, 'stream-not-resumable');
    assert.equal(finding.severity, 'info');
    assert.equal(finding.sessionId, conn.model.session.id);
    assert.match(finding.evidence[0]?.summary ?? '', /without id/);
  });

  it('counterpart: a server with an event store (ids on its events) does not trigger it', async () => {
    // failingResume has a working store for *storing*: every event carries an id.
    const fixture = cleanups.add(await startFailingResume({ tickMs: 200 }), (f) => f.stop());
    const conn = engine(cleanups, httpConfig(fixture.url));
    await conn.connect();
    await conn.checkHealth();
    await new Promise((done) => setTimeout(done, 600));
    await assertSilent(conn, 'stream-not-resumable');
  });
});
