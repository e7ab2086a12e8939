// orphaned-request (P0, error): the legacy SSE server with one global transport answers the
// engine's request on another client's stream.

import * as assert from 'node:assert/strict';
import { startLegacySseMisroute } from '../../fixtures/faults/legacySseMisroute';
import { LegacySseClient } from '../../fixtures/support/rawClient';
import { Cleanups, engine, httpConfig, problems, requireRule, waitForFinding } from '../../fixtures/support/ruleHarness';

describe('rule orphaned-request (live)', function () {
  this.timeout(30_000);
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());
  beforeEach(function () {
    requireRule(this, 'orphaned-request');
  });

  it('the engine’s ping is accepted (202) but answered on a newer client’s stream', async () => {
    const fixture = cleanups.add(await startLegacySseMisroute(), (f) => f.stop());
    const conn = engine(cleanups, httpConfig(fixture.url, 'sse'), { requestTimeoutMs: 1500 });
    await conn.connect();
    assert.equal(conn.model.handshake.state, 'ready', conn.model.handshake.reason);
    const sessionId = conn.model.session.id;
    // Another client connects: the server's global transport now points at it.
    const other = cleanups.add(await LegacySseClient.connect(fixture.url), async (c) => c.close());
    await other.initialize();
    await conn.checkHealth();
    const finding = await waitForFinding(conn, 'orphaned-request', 8000);
    assert.equal(finding.severity, 'error');
    assert.equal(finding.sessionId, sessionId);
    assert.match(finding.message, /ping/);
    assert.ok(finding.evidence.length > 0);
    assert.ok(
      other.stream.messages().some((message) => 'result' in message && message.id !== undefined),
      'the other client got our answer',
    );
  });

  it('healthy counterpart (routing by sessionId): no orphaned request', async () => {
    const fixture = cleanups.add(await startLegacySseMisroute({ fixed: true }), (f) => f.stop());
    const conn = engine(cleanups, httpConfig(fixture.url, 'sse'), { requestTimeoutMs: 1500 });
    await conn.connect();
    const other = cleanups.add(await LegacySseClient.connect(fixture.url), async (c) => c.close());
    await other.initialize();
    await conn.checkHealth();
    await new Promise((done) => setTimeout(done, 2500));
    assert.deepEqual(await problems(conn), []);
  });
});
