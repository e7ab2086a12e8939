// stream-dropped (P0, warning): the server cuts the standalone GET stream.

import * as assert from 'node:assert/strict';
import { startStreamDrop } from '../../fixtures/faults/streamDrop';
import { startSessionsLost } from '../../fixtures/faults/sessionsLost';
import { rpc } from '../../fixtures/support/rawClient';
import { Cleanups, engine, httpConfig, problems, RecordingClient, waitForFinding } from '../../fixtures/support/ruleHarness';

describe('rule stream-dropped (live)', function () {
  this.timeout(30_000);
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());

  it('the GET stream is cut 300 ms after it opens', async () => {
    const fixture = cleanups.add(await startStreamDrop({ getDropMs: 300, postDropEvents: 0, once: true }), (f) => f.stop());
    const conn = engine(cleanups, httpConfig(fixture.url));
    await conn.connect();
    const finding = await waitForFinding(conn, 'stream-dropped', 8000);
    assert.equal(finding.severity, 'warning');
    assert.equal(finding.sessionId, conn.model.session.id);
    assert.match(finding.message, /get stream/);
    assert.ok(finding.evidence.length > 0);
  });

  it('a tool call’s POST response stream is cut while the call is in flight (raw client)', async () => {
    const fixture = cleanups.add(await startStreamDrop({ getDropMs: 0, postDropEvents: 2 }), (f) => f.stop());
    const client = cleanups.add(new RecordingClient(fixture.url), async (c) => c.dispose());
    await client.initialize();
    await client.post(rpc('tools/call', { name: 'ticks', arguments: { count: 5, intervalMs: 50 } }), client.headers()).catch(() => undefined);
    const finding = await waitForFinding(client, 'stream-dropped', 5000);
    assert.match(finding.message, /post-response stream/);
  });

  it('healthy counterpart: streams that stay up, and a disconnect, are not drops', async () => {
    const fixture = cleanups.add(await startSessionsLost(), (f) => f.stop());
    const conn = engine(cleanups, httpConfig(fixture.url));
    await conn.connect();
    await conn.checkHealth();
    await new Promise((done) => setTimeout(done, 500));
    await conn.disconnect();
    await new Promise((done) => setTimeout(done, 100));
    assert.deepEqual(await problems(conn), []);
  });
});
