// stream-conflict (P1, warning): a second standalone GET stream on one session; the v1 SDK's
// transport refuses it with 409 "Only one SSE stream is allowed per session".

import * as assert from 'node:assert/strict';
import { startSessionServer } from '../../fixtures/support/sessionServer';
import { assertSilent, Cleanups, problems, RecordingClient, waitForFinding } from '../../fixtures/support/ruleHarness';

describe('rule stream-conflict (live)', function () {
  this.timeout(30_000);
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());

  it('fires when a second GET stream is refused with 409 while the first is open', async () => {
    const server = cleanups.add(await startSessionServer({}), (s) => s.stop());
    const client = cleanups.add(new RecordingClient(server.url), async (c) => c.dispose());
    const controller = cleanups.add(new AbortController(), async (c) => c.abort());
    await client.initialize();
    const first = await client.openGetStream(controller.signal);
    assert.equal(first.status, 200);
    const second = await client.openGetStream(controller.signal);
    assert.equal(second.status, 409);
    const finding = await waitForFinding(client, 'stream-conflict');
    assert.equal(finding.severity, 'warning');
    assert.equal(finding.sessionId, client.sessionId);
    assert.ok(
      finding.evidence.some((evidence) => /GET \/mcp → 409 .*only one sse stream/i.test(evidence.summary)),
      JSON.stringify(finding.evidence),
    );
  });

  it('stays silent on one GET stream, and on a new one after the first was closed', async () => {
    const server = cleanups.add(await startSessionServer({}), (s) => s.stop());
    const client = cleanups.add(new RecordingClient(server.url), async (c) => c.dispose());
    await client.initialize();
    const firstController = new AbortController();
    const first = await client.openGetStream(firstController.signal);
    assert.equal(first.status, 200);
    firstController.abort();
    // The server notices the closed stream before it accepts another.
    let again: Response | undefined;
    const controller = cleanups.add(new AbortController(), async (c) => c.abort());
    for (let attempt = 0; attempt < 40; attempt++) {
      await new Promise((done) => setTimeout(done, 50));
      if (server.sessions.get(client.sessionId as string)) {
        again = await client.openGetStream(controller.signal);
        if (again.status === 200) break;
      }
    }
    assert.equal(again?.status, 200, 'a new GET stream once the old one closed');
    await client.settled();
    client.runner.tick(Date.now() + 60_000);
    assert.deepEqual(
      (await problems(client)).filter((line) => line.startsWith('stream-conflict')),
      [],
    );
    await assertSilent(client, 'stream-conflict');
  });
});
