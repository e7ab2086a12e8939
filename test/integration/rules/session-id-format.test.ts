// session-id-format (P1, warning), live: the ids a server issues are short and sequential. Silent
// on server-everything's UUIDs.

import * as assert from 'node:assert/strict';
import { startGuessableSessionIds } from '../../fixtures/faults/guessableSessionIds';
import { startEverything } from '../../fixtures/support/servers';
import { Cleanups, engine, httpConfig, RecordingClient, waitForFinding } from '../../fixtures/support/ruleHarness';

describe('rule session-id-format (live)', function () {
  this.timeout(30_000);
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());

  it('fires on short, sequential session ids, naming both', async () => {
    const server = cleanups.add(await startGuessableSessionIds(), (s) => s.stop());
    const client = cleanups.add(new RecordingClient(server.url), async (c) => c.dispose());
    const first = await client.initialize();
    client.sessionId = undefined;
    const second = await client.initialize();
    assert.equal(Number(second) - Number(first), 1);
    const finding = await waitForFinding(client, 'session-id-format');
    assert.equal(finding.severity, 'warning');
    assert.match(finding.message, new RegExp(`${second} looks guessable \\(4 characters, sequential with ${first}\\)`));
  });

  it('stays silent on UUIDs (server-everything)', async () => {
    const server = cleanups.add(await startEverything('streamableHttp'), (s) => s.stop());
    const conn = engine(cleanups, httpConfig(server.url));
    await conn.connect();
    await conn.reconnect();
    await conn.checkHealth();
    assert.ok(conn.model.session.id);
    await conn.settled();
    assert.ok(!conn.findings().some((finding) => finding.rule === 'session-id-format'), JSON.stringify(conn.findings()));
  });
});
