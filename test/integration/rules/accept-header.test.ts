// accept-header (P1, error): the v1 SDK's stateful transport refuses a POST whose Accept header
// lacks text/event-stream with 406. Silent on healthy traffic of both eras.

import * as assert from 'node:assert/strict';
import { initializeRequest } from '../../fixtures/support/rawClient';
import { assertSilentWhenHealthy, recordingClient } from '../../fixtures/support/eraTraffic';
import { Cleanups, waitForFinding } from '../../fixtures/support/ruleHarness';
import { startSessionServer } from '../../fixtures/support/sessionServer';

describe('rule accept-header (live)', function () {
  this.timeout(60_000);
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());

  it('initialize with Accept: application/json only', async () => {
    const server = cleanups.add(await startSessionServer(), (s) => s.stop());
    const client = recordingClient(cleanups, server.url);
    assert.equal((await client.post(initializeRequest(), { accept: 'application/json' })).status, 406);
    const finding = await waitForFinding(client, 'accept-header');
    assert.equal(finding.severity, 'error');
    assert.match(finding.fix ?? '', /Accept: application\/json, text\/event-stream/);
    await client.settled();
    assert.deepEqual(
      client.findings().filter((f) => f.rule === 'content-type'),
      [],
    );
  });

  it('silent on healthy traffic in both eras', async () => {
    await assertSilentWhenHealthy(cleanups, 'accept-header');
  });
});
