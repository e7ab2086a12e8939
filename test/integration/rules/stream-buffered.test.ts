// stream-buffered (P0, warning): nginx with proxy_buffering on (+ gzip on text/event-stream)
// delivers a tool call's notifications in one burst; buffering off is the healthy counterpart.

import * as assert from 'node:assert/strict';
import { startBufferingNginx } from '../../fixtures/faults/bufferingNginx';
import { requireNginx } from '../../fixtures/support/nginx';
import { rpc } from '../../fixtures/support/rawClient';
import { assertSilent, Cleanups, RecordingClient, requireRule, waitForFinding } from '../../fixtures/support/ruleHarness';

describe('rule stream-buffered (live)', function () {
  this.timeout(30_000);
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());
  beforeEach(function () {
    requireNginx();
    requireRule(this, 'stream-buffered');
  });

  async function callTicks(buffering: boolean): Promise<RecordingClient> {
    const fixture = cleanups.add(await startBufferingNginx({ buffering }), (f) => f.stop());
    const client = cleanups.add(new RecordingClient(fixture.url), async (c) => c.dispose());
    await client.initialize();
    await client.post(rpc('tools/call', { name: 'ticks', arguments: { count: 8, intervalMs: 150 } }), client.headers());
    return client;
  }

  it('notifications sent 150 ms apart arrive together; Content-Encoding on text/event-stream', async () => {
    const client = await callTicks(true);
    const finding = await waitForFinding(client, 'stream-buffered', 3000);
    assert.equal(finding.severity, 'warning');
    assert.ok(finding.evidence.length > 0);
  });

  it('healthy counterpart: proxy_buffering off', async () => {
    const client = await callTicks(false);
    await new Promise((done) => setTimeout(done, 300));
    await assertSilent(client, 'stream-buffered');
  });
});
