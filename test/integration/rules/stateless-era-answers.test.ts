// stateless-era-answers (warning; session check only): a 2026-07-28 server answers GET, DELETE or
// initialize unlike the era expects. Here a router that sends only POST to the v2 SDK's handler
// answers GET and DELETE with its own 404 page; the v2 SDK server itself (405, 404 -32601) is silent.

import * as assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { runSessionCheck } from '../../../src/core/check';
import { sessionCheckFindings } from '../../../src/core/check/findings';
import { startStatelessRoutesPostOnly } from '../../fixtures/faults/statelessRoutesPostOnly';
import { startNodeServer } from '../../fixtures/support/servers';
import { Cleanups } from '../../fixtures/support/ruleHarness';

describe('rule stateless-era-answers (session check)', function () {
  this.timeout(60_000);
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());

  it('fires when GET and DELETE get a router 404 instead of 405', async () => {
    const fixture = cleanups.add(await startStatelessRoutesPostOnly(), (f) => f.stop());
    const report = await runSessionCheck(fixture.url, { timeoutMs: 3000 });
    const check = report.checks.find((candidate) => candidate.id === 'stateless-get-delete');
    assert.equal(check?.status, 'warn', check?.message);
    assert.equal(check?.rule, 'stateless-era-answers');
    assert.match(check?.message ?? '', /GET answered 404; DELETE answered 404/);
    assert.equal(report.checks.find((candidate) => candidate.id === 'stateless-initialize')?.status, 'pass', 'initialize still reaches the handler');
    assert.equal(sessionCheckFindings(report, 'fault').find((finding) => finding.rule === 'stateless-era-answers')?.severity, 'warning');
  });

  it('stays silent on the v2 SDK server: 405 to GET and DELETE, 404 -32601 to initialize', async () => {
    const server = cleanups.add(await startNodeServer(resolve('out/test/fixtures/servers/stateless2026.js')), (s) => s.stop());
    const report = await runSessionCheck(server.url, { timeoutMs: 3000 });
    assert.equal(report.checks.find((candidate) => candidate.id === 'stateless-get-delete')?.status, 'pass');
    assert.equal(report.checks.find((candidate) => candidate.id === 'stateless-initialize')?.status, 'pass');
    assert.ok(!sessionCheckFindings(report, 'v2').some((finding) => finding.rule === 'stateless-era-answers'));
  });
});
