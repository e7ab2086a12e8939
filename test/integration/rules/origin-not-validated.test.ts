// origin-not-validated (P1, warning; session check only): a loopback server accepts initialize
// from a foreign Origin. The session check's origin-validation check reports it; a server that refuses
// other origins (the SDK's DNS-rebinding protection with allowedOrigins) stays silent.

import * as assert from 'node:assert/strict';
import { runSessionCheck } from '../../../src/core/check';
import { sessionCheckFindings } from '../../../src/core/check/findings';
import { startOriginRejected } from '../../fixtures/faults/originRejected';
import { freePort, startEverything } from '../../fixtures/support/servers';
import { Cleanups } from '../../fixtures/support/ruleHarness';

describe('rule origin-not-validated (session check)', function () {
  this.timeout(60_000);
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());

  it('fires when a loopback server (server-everything) accepts a foreign Origin', async () => {
    const everything = cleanups.add(await startEverything('streamableHttp'), (s) => s.stop());
    const report = await runSessionCheck(everything.url, { timeoutMs: 3000 });
    const check = report.checks.find((candidate) => candidate.id === 'origin-validation');
    assert.equal(check?.status, 'warn', check?.message);
    assert.equal(check?.rule, 'origin-not-validated');
    const finding = sessionCheckFindings(report, 'everything').find((candidate) => candidate.rule === 'origin-not-validated');
    assert.equal(finding?.severity, 'warning');
  });

  it('stays silent when the server accepts only its own origin and refuses others with 403', async () => {
    // It must still accept its own origin, which is what a browser page it serves sends.
    const port = await freePort();
    const fixture = cleanups.add(await startOriginRejected({ reject: 'origin', port, allowedOrigins: [`http://127.0.0.1:${port}`] }), (f) => f.stop());
    const report = await runSessionCheck(fixture.url, { timeoutMs: 3000 });
    const check = report.checks.find((candidate) => candidate.id === 'origin-validation');
    assert.equal(check?.status, 'pass', check?.message);
    assert.ok(!sessionCheckFindings(report, 'fault').some((finding) => finding.rule === 'origin-not-validated'));
  });
});
