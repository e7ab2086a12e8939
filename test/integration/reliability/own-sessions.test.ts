// The inspector only ever terminates or mutates its own sessions. (That it never follows a legacy
// endpoint to another origin is tested with its rule: test/integration/rules/endpoint-cross-origin.test.ts.)

import * as assert from 'node:assert/strict';
import { runSessionCheck } from '../../../src/core/check';
import { startSessionsLost } from '../../fixtures/faults/sessionsLost';
import { rpc } from '../../fixtures/support/rawClient';
import { Cleanups, engine, httpConfig, RecordingClient } from '../../fixtures/support/ruleHarness';

describe('security: only its own sessions', function () {
  this.timeout(90_000);
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());

  it('another client’s session survives the engine’s connect/reconnect/disconnect and a full session check', async () => {
    const fixture = cleanups.add(await startSessionsLost(), (f) => f.stop());
    const other = cleanups.add(new RecordingClient(fixture.url, { client: 'someone-else' }), async (c) => c.dispose());
    const theirs = (await other.initialize()) as string;
    const conn = engine(cleanups, httpConfig(fixture.url));
    await conn.connect();
    await conn.reconnect();
    await conn.disconnect();
    const ours = conn.trace
      .events()
      .filter((event) => event.kind === 'http-response' && event.headers['mcp-session-id'])
      .map((event) => (event.kind === 'http-response' ? event.headers['mcp-session-id'] : ''));
    const deleted = conn.trace
      .events()
      .filter((event) => event.kind === 'http-request' && event.method === 'DELETE')
      .map((event) => (event.kind === 'http-request' ? event.headers['mcp-session-id'] : ''));
    assert.ok(deleted.length >= 2, 'the engine ended its own sessions');
    for (const id of deleted) assert.ok(ours.includes(id), `DELETE of ${id}, which the engine was never issued`);
    assert.ok(!deleted.includes(theirs));

    const report = await runSessionCheck(fixture.url, { timeoutMs: 3000 });
    assert.ok(!report.checks.some((check) => check.sent.some((line) => line.includes(theirs))), 'the session check never sent the other client’s id');
    assert.equal((await other.post(rpc('ping'), other.headers())).status, 200, 'the other client’s session still works');
    assert.ok(fixture.sessions.has(theirs));
  });
});
