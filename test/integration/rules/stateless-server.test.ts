// stateless-server (P0, info): a session-era server that issues no session id — normal.

import * as assert from 'node:assert/strict';
import { startSessionsLost } from '../../fixtures/faults/sessionsLost';
import { startSdkExample } from '../../fixtures/support/servers';
import { assertSilent, Cleanups, engine, httpConfig, problems, waitForFinding } from '../../fixtures/support/ruleHarness';

describe('rule stateless-server (live)', function () {
  this.timeout(30_000);
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());

  it('the SDK stateless example: info only, no session rules fire', async () => {
    const example = cleanups.add(await startSdkExample('simpleStatelessStreamableHttp'), (s) => s.stop());
    const conn = engine(cleanups, httpConfig(example.url));
    await conn.connect();
    await conn.checkHealth();
    const finding = await waitForFinding(conn, 'stateless-server');
    assert.equal(finding.severity, 'info');
    assert.equal(conn.model.session.stateful, false);
    assert.deepEqual(await problems(conn), []);
  });

  it('counterpart: a stateful server is not reported as stateless', async () => {
    const fixture = cleanups.add(await startSessionsLost(), (f) => f.stop());
    const conn = engine(cleanups, httpConfig(fixture.url));
    await conn.connect();
    await assertSilent(conn, 'stateless-server');
  });
});
