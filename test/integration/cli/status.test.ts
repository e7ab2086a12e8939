import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startEverything, waitFor, type RunningServer } from '../../fixtures/support/servers';

const CLI = resolve('dist/cli.js');

function cli(...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 30_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Asserts the documented `--json` shape (docs/architecture.md, Contracts). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the CLI's JSON, read loosely
function assertStatusShape(doc: Record<string, any>): void {
  assert.equal(typeof doc.server.name, 'string');
  assert.ok(['stdio', 'http', 'sse'].includes(doc.server.transport));
  assert.ok(['session', 'stateless', 'unknown'].includes(doc.era));
  assert.ok(doc.protocolVersion === null || typeof doc.protocolVersion === 'string');
  assert.ok(['idle', 'connecting', 'negotiating', 'ready', 'failed', 'closed'].includes(doc.handshake.state));
  assert.ok(doc.session.id === null || typeof doc.session.id === 'string');
  assert.equal(typeof doc.session.stateful, 'boolean');
  assert.ok(Array.isArray(doc.streams));
  for (const stream of doc.streams) {
    assert.ok(['get', 'legacy-sse', 'post-response', 'listen'].includes(stream.kind));
    assert.ok(['open', 'reconnecting', 'closed', 'unsupported'].includes(stream.state));
    assert.equal(typeof stream.events, 'number');
    assert.equal(typeof stream.reconnects, 'number');
  }
  assert.ok(['healthy', 'degraded', 'down'].includes(doc.health));
  assert.ok(Array.isArray(doc.findings));
  for (const finding of doc.findings) {
    assert.equal(typeof finding.rule, 'string');
    assert.ok(['error', 'warning', 'info'].includes(finding.severity));
    assert.ok(Array.isArray(finding.evidence));
  }
}

describe('CLI status', function () {
  this.timeout(60_000);
  let everything: RunningServer;
  before(async () => {
    everything = await startEverything('streamableHttp');
  });
  after(() => everything.stop());

  it('--json prints the documented document and exits 0', async () => {
    const { code, stdout } = cli('status', everything.url, '--json');
    assert.equal(code, 0);
    const doc = JSON.parse(stdout);
    assertStatusShape(doc);
    assert.equal(doc.handshake.state, 'ready');
    assert.equal(doc.handshake.serverInfo.name, 'mcp-servers/everything');
    await waitFor(() => everything.output().includes(`Session initialized with ID: ${doc.session.id}`), 5000, 'the server log line');
    assert.ok(doc.streams.some((stream: { kind: string; state: string }) => stream.kind === 'get' && stream.state === 'open'));
  });

  it('reads a server by name from an mcp.json', () => {
    const folder = mkdtempSync(join(tmpdir(), 'cli-config-'));
    mkdirSync(join(folder, '.vscode'));
    writeFileSync(join(folder, '.vscode', 'mcp.json'), `{ // demo\n "servers": { "everything": { "type": "http", "url": "${everything.url}" } } }`);
    const { code, stdout } = cli('status', 'everything', '--config', join(folder, '.vscode', 'mcp.json'));
    assert.equal(code, 0);
    assert.match(stdout, /handshake\s+ready/);
  });

  it('a dead port, a non-MCP path and usage mistakes exit 2 with one line on stderr', async () => {
    const dead = await startEverything('streamableHttp');
    await dead.stop();
    const cases = [
      ['status', dead.url], // refused
      ['status', everything.url.replace('/mcp', '/nope')], // not an MCP endpoint
      ['status', 'http://mcp-inspector-test.invalid/mcp'], // DNS
      ['status', everything.url.replace('http:', 'https:')], // TLS against a plain HTTP port
      ['status', 'not-a-url'],
      ['frobnicate'],
    ];
    for (const args of cases) {
      const { code, stderr } = cli(...args);
      assert.equal(code, 2, args.join(' '));
      assert.equal(stderr.trim().split('\n').length, 1, stderr);
      assert.match(stderr, /^mcp-session-inspector: /);
    }
  });
});
