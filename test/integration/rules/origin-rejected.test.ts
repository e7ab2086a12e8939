// origin-rejected (P0, error): the v1 SDK's own DNS-rebinding protection refuses Host or Origin.

import * as assert from 'node:assert/strict';
import { startOriginRejected } from '../../fixtures/faults/originRejected';
import { assertSilent, Cleanups, engine, httpConfig, waitForFinding } from '../../fixtures/support/ruleHarness';

describe('rule origin-rejected (live)', function () {
  this.timeout(30_000);
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());

  it('403 "Invalid Host header" (allowedHosts does not list the Host the client presents)', async () => {
    const fixture = cleanups.add(await startOriginRejected({ reject: 'host' }), (f) => f.stop());
    const conn = engine(cleanups, httpConfig(fixture.url));
    await conn.connect();
    assert.equal(conn.model.handshake.state, 'failed');
    const finding = await waitForFinding(conn, 'origin-rejected');
    assert.equal(finding.severity, 'error');
    assert.ok(
      finding.evidence.some((evidence) => evidence.summary.includes(`→ 403 Invalid Host header: 127.0.0.1:${fixture.port}`)),
      JSON.stringify(finding.evidence),
    );
  });

  it('403 "Invalid Origin header" (a foreign Origin sent by the client)', async () => {
    const fixture = cleanups.add(await startOriginRejected({ reject: 'origin' }), (f) => f.stop());
    const conn = engine(cleanups, httpConfig(fixture.url, 'http', { headers: { Origin: 'http://evil.example' } }));
    await conn.connect();
    const finding = await waitForFinding(conn, 'origin-rejected');
    // The value is redacted: the engine treats every configured header value as a secret.
    assert.ok(
      finding.evidence.some((evidence) => /→ 403 Invalid Origin header/.test(evidence.summary)),
      JSON.stringify(finding.evidence),
    );
  });

  it('healthy counterpart: the allowed Host passes', async () => {
    const fixture = cleanups.add(await startOriginRejected({ reject: 'host', allowedHosts: ['placeholder'] }), (f) => f.stop());
    await fixture.stop();
    const allowed = cleanups.add(await startOriginRejected({ reject: 'host', port: fixture.port, allowedHosts: [`127.0.0.1:${fixture.port}`] }), (f) =>
      f.stop(),
    );
    const conn = engine(cleanups, httpConfig(allowed.url));
    await conn.connect();
    assert.equal(conn.model.handshake.state, 'ready', conn.model.handshake.reason);
    await assertSilent(conn, 'origin-rejected');
  });
});
