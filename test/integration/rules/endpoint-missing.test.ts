// endpoint-missing (P0, error): a legacy SSE stream that sends pings but no endpoint event in time.

import * as assert from 'node:assert/strict';
import { startPythonLegacySse } from '../../fixtures/faults/pythonLegacySse';
import { assertSilent, Cleanups, engine, httpConfig, waitForFinding } from '../../fixtures/support/ruleHarness';

describe('rule endpoint-missing (live)', function () {
  this.timeout(30_000);
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());

  it('pings arrive, the endpoint event does not (within the timeout)', async () => {
    const fixture = cleanups.add(await startPythonLegacySse({ endpointDelayMs: 60_000, pingMs: 200 }), (f) => f.stop());
    const conn = engine(cleanups, httpConfig(fixture.url, 'sse'), { requestTimeoutMs: 2000 });
    await conn.connect();
    const finding = await waitForFinding(conn, 'endpoint-missing', 8000);
    assert.equal(finding.severity, 'error');
    assert.match(finding.message, /ping/, 'names the bytes that did arrive');
  });

  it('healthy counterpart: the endpoint event arrives at once', async () => {
    const fixture = cleanups.add(await startPythonLegacySse(), (f) => f.stop());
    const conn = engine(cleanups, httpConfig(fixture.url, 'sse'), { requestTimeoutMs: 2000 });
    await conn.connect();
    assert.equal(conn.model.handshake.state, 'ready', conn.model.handshake.reason);
    await new Promise((done) => setTimeout(done, 2500));
    await assertSilent(conn, 'endpoint-missing');
  });
});
