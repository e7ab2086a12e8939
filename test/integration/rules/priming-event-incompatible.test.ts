// priming-event-incompatible (P1, warning): a client that negotiated 2025-06-18 gets a priming
// event (id, empty data) on a POST response stream. Silent when the server primes only clients
// of 2025-11-25 or later (the SDK's own rule), for old and new clients alike.

import * as assert from 'node:assert/strict';
import { startPrimingToOldClients } from '../../fixtures/faults/primingToOldClients';
import { initializeRequest, rpc } from '../../fixtures/support/rawClient';
import { Cleanups, problems, RecordingClient, waitForFinding } from '../../fixtures/support/ruleHarness';

const OLD = '2025-06-18';

/** A client of protocol `version`: initialize asking for it, then its header on every request. */
async function clientOf(url: string, version: string, cleanups: Cleanups): Promise<RecordingClient> {
  const client = cleanups.add(new RecordingClient(url), async (c) => c.dispose());
  const answer = await client.post({ ...initializeRequest(), params: { ...(initializeRequest().params as object), protocolVersion: version } });
  assert.equal(answer.status, 200, answer.text);
  client.sessionId = answer.headers.get('mcp-session-id') ?? undefined;
  client.recorder.session = client.sessionId;
  await client.post({ jsonrpc: '2.0', method: 'notifications/initialized' }, client.headers({ 'mcp-protocol-version': version }));
  return client;
}

describe('rule priming-event-incompatible (live)', function () {
  this.timeout(30_000);
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());

  it('fires when a 2025-06-18 client gets an empty-data priming event', async () => {
    const server = cleanups.add(await startPrimingToOldClients(), (s) => s.stop());
    const client = await clientOf(server.url, OLD, cleanups);
    const answer = await client.post(rpc('tools/list'), client.headers({ 'mcp-protocol-version': OLD }));
    assert.match(answer.text, /^id: .+\ndata: *\n/m, 'the stream opens with a priming event');
    const finding = await waitForFinding(client, 'priming-event-incompatible');
    assert.equal(finding.severity, 'warning');
    assert.match(finding.message, /protocol 2025-06-18/);
  });

  it('stays silent where the server primes only clients of 2025-11-25 or later', async () => {
    const server = cleanups.add(await startPrimingToOldClients({ ignoreClientVersion: false }), (s) => s.stop());
    const old = await clientOf(server.url, OLD, cleanups);
    const oldAnswer = await old.post(rpc('tools/list'), old.headers({ 'mcp-protocol-version': OLD }));
    assert.doesNotMatch(oldAnswer.text, /data: *\n\n/, 'no priming for the old client');
    const current = await clientOf(server.url, '2025-11-25', cleanups);
    const currentAnswer = await current.post(rpc('tools/list'), current.headers());
    assert.match(currentAnswer.text, /^id: .+\ndata: *\n/m, 'the current client is primed');
    for (const client of [old, current]) {
      client.runner.tick(Date.now() + 60_000);
      assert.deepEqual(problems(client), []);
    }
  });
});
