// header-mismatch-accepted (warning; session doctor only): a 2026-07-28 server serves requests
// whose Mcp-Method / Mcp-Name disagree with the body. The v2 SDK's createMcpHandler refuses them
// with 400 -32020 and stays silent.

import * as assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { runDoctor } from '../../../src/core/doctor';
import { doctorFindings } from '../../../src/core/doctor/findings';
import { startHeadersIgnored } from '../../fixtures/faults/headersIgnored';
import { startNodeServer } from '../../fixtures/support/servers';
import { Cleanups } from '../../fixtures/support/ruleHarness';

describe('rule header-mismatch-accepted (session doctor)', function () {
  this.timeout(60_000);
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());

  it('fires when the server serves a request whose headers name another method', async () => {
    const fixture = cleanups.add(await startHeadersIgnored(), (f) => f.stop());
    const report = await runDoctor(fixture.url, { timeoutMs: 3000 });
    const check = report.checks.find((candidate) => candidate.id === 'stateless-headers');
    assert.equal(check?.status, 'warn', check?.message);
    assert.equal(check?.rule, 'header-mismatch-accepted');
    assert.match(check?.message ?? '', /Mcp-Method|Mcp-Name/);
    assert.equal(doctorFindings(report, 'fault').find((finding) => finding.rule === 'header-mismatch-accepted')?.severity, 'warning');
  });

  it('stays silent on the v2 SDK server, which refuses the mismatch with 400 -32020', async () => {
    const server = cleanups.add(await startNodeServer(resolve('out/test/fixtures/servers/stateless2026.js')), (s) => s.stop());
    const report = await runDoctor(server.url, { timeoutMs: 3000 });
    assert.equal(report.checks.find((candidate) => candidate.id === 'stateless-headers')?.status, 'pass');
    assert.ok(!doctorFindings(report, 'v2').some((finding) => finding.rule === 'header-mismatch-accepted'));
  });
});
