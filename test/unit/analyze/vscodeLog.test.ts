// `analyze` over VS Code's own MCP output logs, recorded from real VS Code (code-server 4.139.1)
// by test/extension/harness/capture-vscode-client-logs.mjs: the server restarted under it, once answering the lost
// session with 400 (server-everything) and once with 404 (a stateful v2 SDK server), at info and
// trace level, and a healthy run.

import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyzeFile, detectFormat } from '../../../src/core/analyze/analyzeFile';
import type { Finding } from '../../../src/core/model';

const fixture = (name: string) => `test/fixtures/logs/${name}.log`;
const rules = (findings: Finding[], rule: string) => findings.filter((finding) => finding.rule === rule);

/** The line numbers of the file whose text matches. */
function linesMatching(name: string, pattern: RegExp): number[] {
  return readFileSync(fixture(name), 'utf8')
    .split('\n')
    .flatMap((line, index) => (pattern.test(line) ? [index + 1] : []));
}

/** The session ids VS Code was handed, in order (trace level only). */
function issuedSessions(name: string): string[] {
  return [...readFileSync(fixture(name), 'utf8').matchAll(/Fetched \S+: \{"status":200,.*?"mcp-session-id":"([0-9a-f-]{36})"/g)]
    .map((match) => match[1])
    .filter((id, index, all) => all.indexOf(id) === index);
}

describe("analyze: VS Code's MCP output log", () => {
  it('is told apart from a plain server log', async () => {
    for (const name of ['vscode-400-info', 'vscode-400-trace', 'vscode-404-trace', 'vscode-healthy-trace'])
      assert.equal(await detectFormat(fixture(name)), 'vscode-log', name);
  });

  for (const [name, status] of [
    ['vscode-400-trace', 400],
    ['vscode-404-trace', 404],
  ] as const) {
    it(`${name}: one unknown-session, naming the lost session id, on the failing line, cleared once the client works on a new session`, async () => {
      const result = await analyzeFile(fixture(name));
      assert.equal(result.format, 'vscode-log');
      const [lost, ...more] = rules(result.findings, 'unknown-session');
      assert.ok(lost, 'unknown-session reported');
      assert.equal(more.length, 0, 'one lost session is one finding');
      const [first, second] = issuedSessions(name);
      assert.ok(first && second, 'the fixture holds a session before and after the restart');
      assert.equal(lost.sessionId, first);
      assert.match(lost.message, new RegExp(`targeted session ${first}.*\\(${status}\\)`));
      assert.doesNotMatch(lost.message, /server reported/, 'the lines are the client’s account, not the server’s');
      const failing = linesMatching(name, new RegExp(`Fetched \\S+: \\{"status":${status}`));
      assert.ok(
        lost.evidence.some((evidence) => evidence.line !== undefined && failing.includes(evidence.line)),
        `evidence on a ${status} line (${failing.join(', ')})`,
      );
      assert.ok(lost.clearedAt && lost.clearedAt > lost.at, 'the recovery on a new session is seen');
      // The drop before it, and no confusion of the two sessions (VS Code restarts its connection).
      assert.equal(rules(result.findings, 'stream-dropped').length, 1);
      assert.equal(rules(result.findings, 'session-id-mismatch').length, 0);
    });
  }

  it('a 400 server gets the unknown-session-status warning; a 404 server does not', async () => {
    for (const level of ['info', 'trace']) {
      const fourHundred = await analyzeFile(fixture(`vscode-400-${level}`));
      const [status] = rules(fourHundred.findings, 'unknown-session-status');
      assert.ok(status, `400 at ${level} level`);
      assert.match(status.message, /400 instead of 404/);
      const fourOhFour = await analyzeFile(fixture(`vscode-404-${level}`));
      assert.equal(rules(fourOhFour.findings, 'unknown-session-status').length, 0, `404 at ${level} level`);
      assert.equal(rules(fourOhFour.findings, 'unknown-session').length, 1, `404 at ${level} level still loses the session`);
    }
  });

  it('at info level: one finding on the "Connection state: Error" line, with a stand-in for the unlogged id, and the recovery', async () => {
    for (const [name, status] of [
      ['vscode-400-info', 400],
      ['vscode-404-info', 404],
    ] as const) {
      const result = await analyzeFile(fixture(name));
      const found = rules(result.findings, 'unknown-session');
      assert.equal(found.length, 1, name);
      const errorLines = linesMatching(name, new RegExp(`Connection state: Error ${status} status sending message`));
      // The answer and the shape it matched are two evidence entries of the same line.
      assert.deepEqual([...new Set(found[0].evidence.map((evidence) => evidence.line).filter((line) => line !== undefined))], errorLines);
      assert.match(found[0].message, /session #1 \(its id is only in a trace-level log\)/);
      assert.ok(found[0].clearedAt, `${name}: the client started a working session afterwards`);
    }
  });

  it('a healthy run: no session or stream finding (only what VS Code 1.139 itself omits: MCP-Protocol-Version)', async () => {
    const result = await analyzeFile(fixture('vscode-healthy-trace'));
    assert.ok(result.events > 50, `exchanges rebuilt (${result.events} events)`);
    assert.deepEqual(
      result.findings.map((finding) => finding.rule),
      ['protocol-version-header-missing'],
    );
  });
});
