// header-mismatch-accepted (warning; session check only): a 2026-07-28 server serves requests
// whose Mcp-Method / Mcp-Name disagree with the body. The v2 SDK's createMcpHandler refuses them
// with 400 -32020 and stays silent.

import * as assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { runSessionCheck } from '../../../src/core/check';
import { sessionCheckFindings } from '../../../src/core/check/findings';
import { startHeadersIgnored } from '../../fixtures/faults/headersIgnored';
import { startNodeServer } from '../../fixtures/support/servers';
import { Cleanups } from '../../fixtures/support/ruleHarness';

describe('rule header-mismatch-accepted (session check)', function () {
  this.timeout(60_000);
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());

  it('fires when the server serves a request whose headers name another method', async () => {
    const fixture = cleanups.add(await startHeadersIgnored(), (f) => f.stop());
    const report = await runSessionCheck(fixture.url, { timeoutMs: 3000 });
    const check = report.checks.find((candidate) => candidate.id === 'stateless-headers');
    assert.equal(check?.status, 'warn', check?.message);
    assert.equal(check?.rule, 'header-mismatch-accepted');
    assert.match(check?.message ?? '', /Mcp-Method|Mcp-Name/);
    assert.equal(sessionCheckFindings(report, 'fault').find((finding) => finding.rule === 'header-mismatch-accepted')?.severity, 'warning');
  });

  it('stays silent on the v2 SDK server, which refuses the mismatch with 400 -32020', async () => {
    const server = cleanups.add(await startNodeServer(resolve('out/test/fixtures/servers/stateless2026.js')), (s) => s.stop());
    const report = await runSessionCheck(server.url, { timeoutMs: 3000 });
    assert.equal(report.checks.find((candidate) => candidate.id === 'stateless-headers')?.status, 'pass');
    assert.ok(!sessionCheckFindings(report, 'v2').some((finding) => finding.rule === 'header-mismatch-accepted'));
  });
});
