// session-id-ignored (P1, info): a 2026-07-28 request still carries an Mcp-Session-Id. The real
// v2 server ignores it and answers; the finding names the id, and no session rule treats it as a
// session. Silent on healthy traffic of both eras (session-era ids are real sessions there).

import * as assert from 'node:assert/strict';
import { assertSilentWhenHealthy, post2026, recordingClient, start2026 } from '../../fixtures/support/eraTraffic';
import { Cleanups, waitForFinding } from '../../fixtures/support/ruleHarness';

describe('rule session-id-ignored (live)', function () {
  this.timeout(60_000);
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());

  it('a left-over Mcp-Session-Id on a 2026-07-28 tools/call', async () => {
    const server = await start2026(cleanups);
    const client = recordingClient(cleanups, server.url);
    const answer = await post2026(client, 'tools/call', { name: 'echo', arguments: { text: 'hi' } }, { 'mcp-session-id': 'left-over-42' });
    assert.equal(answer.status, 200, 'the server ignores the id');
    const finding = await waitForFinding(client, 'session-id-ignored');
    assert.equal(finding.severity, 'info');
    assert.match(finding.message, /Mcp-Session-Id left-over-42 under MCP-Protocol-Version 2026-07-28/);
    assert.equal(finding.sessionId, undefined, 'the id is not a session');
    await new Promise((done) => setTimeout(done, 400));
    await client.settled();
    assert.deepEqual(
      client
        .findings()
        .filter((f) => f.rule !== 'session-id-ignored')
        .map((f) => f.rule),
      [],
    );
  });

  it('silent on healthy traffic in both eras', async () => {
    await assertSilentWhenHealthy(cleanups, 'session-id-ignored');
  });
});
