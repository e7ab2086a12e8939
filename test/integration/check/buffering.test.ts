// The session check's buffering check against real servers: with --allow-mutating it times a streaming
// tool — as sent against server-everything, the SDK's stateful example and an unbuffered nginx;
// a burst behind nginx with proxy_buffering and gzip (stream-buffered). Without the flag it never
// calls a tool and falls back to keep-alive/event gaps on the GET stream.

import * as assert from 'node:assert/strict';
import { runSessionCheck, type CheckResult, type SessionCheckReport } from '../../../src/core/check';
import { startBufferingNginx } from '../../fixtures/faults/bufferingNginx';
import { requireNginx } from '../../fixtures/support/nginx';
import { startEverything, startSdkExample } from '../../fixtures/support/servers';
import { startSessionServer } from '../../fixtures/support/sessionServer';

function bufferingOf(report: SessionCheckReport): CheckResult {
  const check = report.checks.find((candidate) => candidate.id === 'buffering');
  assert.ok(check, `no buffering check in ${report.checks.map((candidate) => candidate.id).join(', ')}`);
  return check;
}

function describeCheck(check: CheckResult): string {
  return `${check.status}: ${check.message}\n  ${check.sent.map((sent, index) => `${sent} → ${check.received[index] ?? '?'}`).join('\n  ')}`;
}

describe('session check buffering check', function () {
  this.timeout(60_000);

  it('server-everything (Streamable HTTP): progress notifications arrive as sent → pass', async () => {
    const server = await startEverything('streamableHttp');
    try {
      const check = bufferingOf(await runSessionCheck(server.url, { timeoutMs: 5000, allowMutating: true, only: ['buffering'] }));
      assert.equal(check.status, 'pass', describeCheck(check));
      assert.match(check.message, /trigger-long-running-operation: 5 notifications .* arrived over 0\.\d+ s, as sent/);
      assert.ok(
        check.sent.some((sent) => sent.includes('tools/call trigger-long-running-operation')),
        describeCheck(check),
      );
    } finally {
      await server.stop();
    }
  });

  it('SDK example simpleStreamableHttp: start-notification-stream on the GET stream arrives as sent → pass', async () => {
    const server = await startSdkExample('simpleStreamableHttp');
    try {
      const check = bufferingOf(await runSessionCheck(server.url, { timeoutMs: 5000, allowMutating: true, only: ['buffering'] }));
      assert.equal(check.status, 'pass', describeCheck(check));
      assert.match(check.message, /start-notification-stream: 5 notifications .*by their own timestamps.* as sent/);
    } finally {
      await server.stop();
    }
  });

  it('behind nginx with proxy_buffering and gzip: a burst at the end → fail stream-buffered with the figures', async function () {
    requireNginx();
    const fixture = await startBufferingNginx();
    try {
      const check = bufferingOf(await runSessionCheck(fixture.url, { timeoutMs: 5000, allowMutating: true, only: ['buffering'] }));
      assert.equal(check.status, 'fail', describeCheck(check));
      assert.equal(check.rule, 'stream-buffered');
      assert.match(
        check.message,
        /ticks: 5 notifications the server sent over 0\.\d+ s \(200 ms apart, by their own timestamps\) arrived within \d+ ms of each other \(a burst of [45]\)/,
      );
      assert.match(check.message, /Content-Encoding: gzip on text\/event-stream/);
      assert.match(check.message, /proxy_buffering off/);
    } finally {
      await fixture.stop();
    }
  });

  it('behind nginx with buffering off: events arrive as sent → pass', async function () {
    requireNginx();
    const fixture = await startBufferingNginx({ buffering: 'off' });
    try {
      const check = bufferingOf(await runSessionCheck(fixture.url, { timeoutMs: 5000, allowMutating: true, only: ['buffering'] }));
      assert.equal(check.status, 'pass', describeCheck(check));
    } finally {
      await fixture.stop();
    }
  });

  it('without --allow-mutating no tool is ever called (full run); with it, exactly one bounded call', async () => {
    const methods: string[] = [];
    const calls: unknown[] = [];
    const server = await startSessionServer({
      filter: (_request, _response, body) => {
        for (const message of Array.isArray(body) ? body : [body]) {
          const method = (message as { method?: unknown } | undefined)?.method;
          if (typeof method === 'string') methods.push(method);
          if (method === 'tools/call') calls.push((message as { params?: unknown }).params);
        }
        return false;
      },
    });
    try {
      const report = await runSessionCheck(server.url, { timeoutMs: 3000 });
      assert.ok(methods.includes('initialize'), 'the session check ran');
      assert.deepEqual(calls, [], `tools/call sent without --allow-mutating: ${JSON.stringify(calls)}`);
      const check = bufferingOf(report);
      assert.equal(check.status, 'skip', describeCheck(check));
      assert.match(
        check.message,
        /needs --allow-mutating \(in VS Code the setting mcpSessions.sessionCheck.allowMutating\): calling a tool may change server state/,
      );
      assert.ok(!check.sent.some((sent) => /tools\/(call|list)/.test(sent)), describeCheck(check));

      await runSessionCheck(server.url, { timeoutMs: 3000, allowMutating: true, only: ['buffering'] });
      assert.equal(calls.length, 1, JSON.stringify(calls));
      assert.deepEqual((calls[0] as { name: string; arguments: unknown }).name, 'ticks');
      assert.deepEqual((calls[0] as { arguments: unknown }).arguments, { count: 5, intervalMs: 200 });
    } finally {
      await server.stop();
    }
  });

  it('without --allow-mutating: notifications on the GET stream are timed passively → pass', async () => {
    const server = await startSessionServer({ tickMs: 200 });
    try {
      const check = bufferingOf(await runSessionCheck(server.url, { timeoutMs: 3000, only: ['buffering'] }));
      assert.equal(check.status, 'pass', describeCheck(check));
      assert.match(check.message, /^Passively: \d+ keep-alives\/events on the GET stream arrived ~\d+ ms apart/);
      assert.match(check.message, /needs --allow-mutating/);
    } finally {
      await server.stop();
    }
  });
});
