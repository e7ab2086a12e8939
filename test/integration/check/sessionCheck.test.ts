import * as assert from 'node:assert/strict';
import { runSessionCheck, type SessionCheckReport } from '../../../src/core/check';
import { sessionCheckFindings } from '../../../src/core/check/findings';
import { startReplacesGetStream } from '../../fixtures/faults/replacesGetStream';
import { SHARED_SESSION_ID, startSharedSessionId } from '../../fixtures/faults/sharedSessionId';
import { startWaitsForInitialized } from '../../fixtures/faults/waitsForInitialized';
import { startEverything, type RunningServer } from '../../fixtures/support/servers';

function statuses(report: SessionCheckReport): Record<string, string> {
  return Object.fromEntries(report.checks.map((check) => [check.id, check.status]));
}

describe('session check against server-everything', function () {
  this.timeout(60_000);
  let server: RunningServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  it('Streamable HTTP: checks pass except the known 400-for-unknown-session and Origin gaps', async () => {
    server = await startEverything('streamableHttp');
    const report = await runSessionCheck(server.url, { timeoutMs: 5000 });
    assert.equal(report.facts.transport, 'streamable-http');
    assert.equal(report.facts.stateful, true);
    assert.deepEqual(statuses(report), {
      transport: 'pass',
      'session-issued': 'pass',
      'missing-session-header': 'pass',
      // server-everything answers an unknown id with 400 "No valid session ID provided": a spec gap, not a failure.
      'unknown-session': 'warn',
      'delete-session': 'warn',
      'get-stream': 'pass',
      'second-get-stream': 'pass',
      resumability: 'pass',
      // It primes its POST streams at 2025-11-25 but sends no retry field.
      'sse-priming': 'warn',
      // Without --allow-mutating no tool is called, and nothing arrives on the idle GET stream to time.
      buffering: 'skip',
      'cors-preflight': 'pass',
      'cors-expose': 'pass',
      'origin-validation': 'warn',
      // Nor does it check Host (the conformance suite's dns-rebinding-protection fails it too).
      'host-validation': 'warn',
      'protocol-version-header': 'pass',
      'request-before-initialized': 'pass',
      'session-affinity': 'pass',
      'legacy-endpoint': 'skip',
      'legacy-unknown-session': 'skip',
      // A session-era server: the 2026-07-28 checks do not apply.
      'stateless-headers': 'skip',
      'stateless-get-delete': 'skip',
      'stateless-initialize': 'skip',
      'unsupported-version': 'skip',
      'oauth-metadata': 'skip',
      'oauth-pkce': 'skip',
      'oauth-registration': 'skip',
      'oauth-audience': 'skip',
    });
    const unknown = report.checks.find((check) => check.id === 'unknown-session');
    assert.match(unknown?.message ?? '', /No valid session ID provided/);
    // Its 409 to a second GET stream is named for what it is: a convention, not the spec.
    assert.match(
      report.checks.find((check) => check.id === 'second-get-stream')?.message ?? '',
      /^409 Conflict: .*the TypeScript SDK's convention, not a rule of the spec/,
    );
    // The two sessions the check opened are compared by id.
    const issued = report.checks.find((check) => check.id === 'session-issued')?.message ?? '';
    const ids = issued.match(/[0-9a-f]{8}-[0-9a-f-]{27}/g) ?? [];
    assert.equal(new Set(ids).size, 2, issued);
    assert.ok(unknown?.sent.length && unknown.received[0]?.startsWith('400'), 'shows what was sent and received');
    const findings = sessionCheckFindings(report, 'everything');
    assert.deepEqual(
      findings.map((finding) => [finding.rule, finding.severity]),
      [
        ['unknown-session-status', 'warning'],
        ['unknown-session-status', 'warning'],
        ['stream-not-resumable', 'warning'],
        ['origin-not-validated', 'warning'],
        ['origin-not-validated', 'warning'],
      ],
    );
  });

  it('legacy SSE: detects the deprecated transport, the endpoint, and the hanging unknown-session POST', async () => {
    server = await startEverything('sse');
    const report = await runSessionCheck(server.url, { timeoutMs: 5000 });
    assert.equal(report.facts.transport, 'sse');
    const result = statuses(report);
    assert.equal(result.transport, 'warn');
    assert.equal(result['legacy-endpoint'], 'pass');
    assert.equal(result['legacy-unknown-session'], 'warn');
    assert.equal(result['session-issued'], 'skip');
    assert.ok(!Object.values(result).includes('fail'));
  });

  it('what the session check says, honestly, for the answers the spec leaves open and the ones it forbids', async () => {
    /** One check against a fresh fixture (the transport check runs too, first). */
    const checkOf = async (start: () => Promise<{ url: string; stop(): Promise<void> }>, id: string, timeoutMs = 3000) => {
      const fixture = await start();
      try {
        return (await runSessionCheck(fixture.url, { timeoutMs, only: [id] })).checks[1];
      } finally {
        await fixture.stop();
      }
    };
    const replaced = await checkOf(startReplacesGetStream, 'second-get-stream');
    assert.match(replaced.message, /^A second stream is accepted: the server ended the first stream and serves the second/);
    const shared = await checkOf(startSharedSessionId, 'session-issued');
    assert.equal(shared.status, 'fail');
    assert.match(shared.message, new RegExp(`both handed session ${SHARED_SESSION_ID}: every client gets the same id`));
    const held = await checkOf(startWaitsForInitialized, 'request-before-initialized', 2000);
    assert.equal(held.status, 'fail');
    assert.match(held.message, /^No answer within the timeout .*before notifications\/initialized/);
    assert.deepEqual(
      held.sent.map((line) => line.split(' ').slice(0, 3).join(' ')),
      ['POST /mcp initialize', 'POST /mcp tools/list', 'DELETE /mcp (session'],
    );
  });

  it('a dead port: no transport, every other check skipped with the reason', async () => {
    server = await startEverything('streamableHttp');
    const url = server.url;
    await server.stop();
    server = undefined;
    const report = await runSessionCheck(url, { timeoutMs: 3000 });
    assert.equal(report.facts.transport, 'none');
    assert.equal(report.checks[0].status, 'fail');
    assert.match(report.checks[0].message, /connection refused/);
    assert.ok(report.checks.slice(1).every((check) => check.status === 'skip'));
  });
});

describe('CLI check', function () {
  this.timeout(60_000);
  it('prints a table, --sarif is valid SARIF 2.1.0 with help links, exit codes follow failures', async () => {
    const { spawnSync } = await import('node:child_process');
    const server = await startEverything('streamableHttp');
    try {
      const table = spawnSync(process.execPath, ['dist/cli.js', 'check', server.url, '--no-color'], { encoding: 'utf8' });
      assert.equal(table.status, 0, table.stderr);
      assert.match(table.stdout, /WARN unknown-session\s+Answered 400/);
      assert.match(table.stdout, /\d+ passed, 0 failed, \d+ warnings/);
      const sarif = spawnSync(process.execPath, ['dist/cli.js', 'check', server.url, '--sarif'], { encoding: 'utf8' });
      const log = JSON.parse(sarif.stdout);
      assert.equal(log.version, '2.1.0');
      const run = log.runs[0];
      assert.equal(run.tool.driver.name, 'mcp-session-inspector');
      for (const rule of run.tool.driver.rules) {
        assert.match(rule.helpUri, /docs\/rules\/[a-z-]+\.md$/);
        assert.ok(rule.shortDescription.text && rule.defaultConfiguration.level);
      }
      assert.ok(run.results.length > 0);
      for (const result of run.results) {
        assert.ok(run.tool.driver.rules[result.ruleIndex].id === result.ruleId);
        assert.ok(['error', 'warning', 'note'].includes(result.level));
        assert.ok(result.message.text && result.locations.length === 1);
      }
    } finally {
      await server.stop();
    }
    const dead = spawnSync(process.execPath, ['dist/cli.js', 'check', server.url], { encoding: 'utf8' });
    assert.equal(dead.status, 2);
    assert.match(dead.stderr, /no MCP server answered/);
  });
});
