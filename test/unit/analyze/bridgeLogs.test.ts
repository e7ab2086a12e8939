// `analyze` over mcp-remote's output and Claude Desktop's server log, recorded from a real run of
// mcp-remote 0.15.1 (test/extension/harness/capture-mcp-remote-logs.mjs) between a stdio client and a server
// restarted mid-session: server-everything (answers the lost session 400) and a stateful v2 SDK
// server (404).

import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyzeFile, detectFormat } from '../../../src/core/analyze/analyzeFile';
import type { Finding } from '../../../src/core/model';
import { statusNamedByBody } from '../../../src/core/protocol/relayedAnswers';

const fixture = (name: string) => `test/fixtures/logs/${name}.log`;
const rules = (findings: Finding[], rule: string) => findings.filter((finding) => finding.rule === rule);
const lineOf = (name: string, pattern: RegExp) =>
  readFileSync(fixture(name), 'utf8')
    .split('\n')
    .findIndex((line) => pattern.test(line)) + 1;

describe("analyze: mcp-remote's output and Claude Desktop's log", () => {
  it('tells the formats apart', async () => {
    assert.equal(await detectFormat(fixture('mcp-remote-400')), 'mcp-remote-log');
    assert.equal(await detectFormat(fixture('mcp-remote-404')), 'mcp-remote-log');
    assert.equal(await detectFormat(fixture('claude-desktop-mcp-remote-400')), 'claude-desktop-log');
  });

  it('mcp-remote before a 400 server: one lost session, on the first failing POST, its stream drop, and the 400-for-404 warning; no recovery', async () => {
    const result = await analyzeFile(fixture('mcp-remote-400'));
    const lost = rules(result.findings, 'unknown-session');
    assert.equal(lost.length, 1, 'one lost session is one finding, however often the bridge logs it');
    assert.match(lost[0].message, /session #1 \(mcp-remote logs no session id\).*\(400\)/);
    assert.doesNotMatch(lost[0].message, /server reported/);
    assert.match(lost[0].message, /server restarted: the server was unreachable/, 'the refused reconnect before it is the evidence');
    assert.equal(lost[0].clearedAt, undefined, 'mcp-remote never recovers from a 400');
    assert.ok(
      lost[0].evidence.some(
        (evidence) =>
          evidence.line !== undefined && /Error POSTing to endpoint/.test(readFileSync(fixture('mcp-remote-400'), 'utf8').split('\n')[evidence.line - 1]),
      ),
    );
    assert.equal(rules(result.findings, 'unknown-session-status').length, 1);
    const [drop] = rules(result.findings, 'stream-dropped');
    assert.equal(drop?.evidence[0].line, lineOf('mcp-remote-400', /SSE stream disconnected/));
    assert.equal(rules(result.findings, 'session-cross-talk').length, 0, 'relayed ids alone are not answers to pair');
  });

  it('mcp-remote before a 404 server: the lost session, cleared once mcp-remote re-established a session', async () => {
    const result = await analyzeFile(fixture('mcp-remote-404'));
    const [lost, ...more] = rules(result.findings, 'unknown-session');
    assert.equal(more.length, 0);
    assert.match(lost.message, /\(404\)/);
    assert.equal(lost.evidence[0].line, lineOf('mcp-remote-404', /Error POSTing to endpoint: .*Session not found/));
    assert.ok(lost.clearedAt, 'the re-established session worked');
    assert.equal(rules(result.findings, 'unknown-session-status').length, 0);
  });

  it("Claude Desktop's log: mcp-remote's relayed HTTP failure is rebuilt with the status its body names; a hidden recovery shows nothing", async () => {
    const failing = await analyzeFile(fixture('claude-desktop-mcp-remote-400'));
    const [lost] = rules(failing.findings, 'unknown-session');
    assert.match(lost?.message ?? '', /\(400\)/);
    assert.ok(
      lost.evidence.every(
        (evidence) =>
          evidence.line === undefined ||
          /Message from server: .*mcp-remote: Error POSTing/.test(
            readFileSync(fixture('claude-desktop-mcp-remote-400'), 'utf8').split('\n')[evidence.line - 1],
          ),
      ),
    );
    assert.equal(rules(failing.findings, 'unknown-session-status').length, 1);
    assert.equal(
      rules(failing.findings, 'protocol-version-header-missing').length,
      0,
      'the bridge’s HTTP headers are not in this log: nothing is made up about them',
    );
    // mcp-remote re-initialised against the 404 server by itself: Claude Desktop only saw answers.
    const recovered = await analyzeFile(fixture('claude-desktop-mcp-remote-404'));
    assert.deepEqual(recovered.findings, []);
    assert.ok(recovered.events >= 10);
  });

  it('reads the status a relayed body names', () => {
    assert.equal(statusNamedByBody('{"jsonrpc":"2.0","error":{"code":-32000,"message":"Bad Request: No valid session ID provided"}}'), 400);
    assert.equal(statusNamedByBody('{"jsonrpc":"2.0","error":{"code":-32001,"message":"Session not found"},"id":null}'), 404);
    assert.equal(statusNamedByBody('Not Found: Invalid or expired session ID'), 404);
    assert.equal(statusNamedByBody('{"jsonrpc":"2.0","error":{"code":-32603,"message":"Internal error"}}'), undefined);
  });
});
