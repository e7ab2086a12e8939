// already-initialized (P1, warning): a client re-sends initialize on a session the server already
// initialised; the v1 SDK's transport refuses it with 400 "Server already initialized".

import * as assert from 'node:assert/strict';
import { startSessionServer } from '../../fixtures/support/sessionServer';
import { initializeRequest } from '../../fixtures/support/rawClient';
import { Cleanups, problems, RecordingClient, waitForFinding } from '../../fixtures/support/ruleHarness';

describe('rule already-initialized (live)', function () {
  this.timeout(30_000);
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());

  it('fires when initialize reaches a live session a second time', async () => {
    const server = cleanups.add(await startSessionServer({}), (s) => s.stop());
    const client = cleanups.add(new RecordingClient(server.url), async (c) => c.dispose());
    await client.initialize();
    const again = await client.post(initializeRequest(), client.headers());
    assert.equal(again.status, 400, again.text);
    const finding = await waitForFinding(client, 'already-initialized');
    assert.equal(finding.severity, 'warning');
    assert.equal(finding.sessionId, client.sessionId);
    assert.match(finding.message, /second initialize/);
    assert.ok(
      finding.evidence.some((evidence) => /initialize.*→ 400 .*already initialized/i.test(evidence.summary)),
      JSON.stringify(finding.evidence),
    );
  });

  it('stays silent on one initialize per session, and on a new session after the old one ended', async () => {
    const server = cleanups.add(await startSessionServer({}), (s) => s.stop());
    const client = cleanups.add(new RecordingClient(server.url), async (c) => c.dispose());
    await client.initialize();
    assert.equal((await client.post({ jsonrpc: '2.0', id: 9, method: 'tools/list' }, client.headers())).status, 200);
    await client.fetch(server.url, { method: 'DELETE', headers: client.headers() });
    client.sessionId = undefined;
    await client.initialize();
    client.runner.tick(Date.now() + 60_000);
    assert.deepEqual(await problems(client), []);
  });
});
