// session-id-mismatch (P0, error): one connection uses two session ids (GET stream on one, POSTs
// on another) — a client that initialised twice and mixed the ids up.

import * as assert from 'node:assert/strict';
import { startSessionsLost } from '../../fixtures/faults/sessionsLost';
import { initializeRequest, rpc } from '../../fixtures/support/rawClient';
import { assertSilent, Cleanups, engine, httpConfig, RecordingClient, requireRule, waitForFinding } from '../../fixtures/support/ruleHarness';

describe('rule session-id-mismatch (live)', function () {
  this.timeout(30_000);
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());
  beforeEach(function () {
    requireRule(this, 'session-id-mismatch');
  });

  it('GET stream on one session id, POSTs on another', async () => {
    const fixture = cleanups.add(await startSessionsLost(), (f) => f.stop());
    const client = cleanups.add(new RecordingClient(fixture.url), async (c) => c.dispose());
    const first = (await client.initialize()) as string;
    const controller = new AbortController();
    const get = await client.fetch(fixture.url, {
      headers: { accept: 'text/event-stream', 'mcp-session-id': first, 'mcp-protocol-version': '2025-11-25' },
      signal: controller.signal,
    });
    assert.equal(get.status, 200);
    const second = (await client.post(initializeRequest())).headers.get('mcp-session-id') as string;
    assert.notEqual(first, second);
    await client.post(rpc('ping'), { 'mcp-session-id': second, 'mcp-protocol-version': '2025-11-25' });
    controller.abort();
    const finding = await waitForFinding(client, 'session-id-mismatch', 3000);
    assert.equal(finding.severity, 'error');
    assert.ok(finding.message.includes(first) && finding.message.includes(second), finding.message);
  });

  it('healthy counterpart: the engine uses one id for GET and POST', async () => {
    const fixture = cleanups.add(await startSessionsLost(), (f) => f.stop());
    const conn = engine(cleanups, httpConfig(fixture.url));
    await conn.connect();
    await conn.checkHealth();
    await conn.reconnect();
    await conn.checkHealth();
    await assertSilent(conn, 'session-id-mismatch');
  });
});
