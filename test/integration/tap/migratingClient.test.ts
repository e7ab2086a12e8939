// The migrating-client scenario: clients moving to 2026-07-28 talk to a real stateless
// `createMcpHandler` server (@modelcontextprotocol/server v2) through `mcp-session-inspector tap`.
// One sends a mismatched Mcp-Method, leaves out Mcp-Name, sends initialize under a modern
// MCP-Protocol-Version header, and carries a left-over Mcp-Session-Id — which a second client
// carries too. The tap must explain the era mistakes and report no session at all: the
// stateless era has none, so a shared left-over id is not cross-talk.

import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { startNodeServer, waitFor } from '../../fixtures/support/servers';

const CLI = resolve('dist/cli.js');
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the CLI's JSON, read loosely
type JsonLine = Record<string, any>;
const STATELESS_2026 = resolve('out/test/fixtures/servers/stateless2026.js');
const LEFT_OVER = '0f7c5a8e-2b1d-4c3e-9a6f-1d2e3f4a5b6c';
const META = { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientCapabilities': {} };

async function send(url: string, agent: string, headers: Record<string, string>, body: unknown): Promise<{ status: number; text: string }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'user-agent': agent,
      'mcp-protocol-version': '2026-07-28',
      'mcp-session-id': LEFT_OVER,
      ...headers,
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, text: await response.text() };
}

describe('the migrating client: 2026-07-28 mistakes through the CLI tap in front of a real v2 server', function () {
  this.timeout(60_000);

  it('gives header-mismatch, era-mismatch and session-id-ignored, and no session finding for two clients sharing a left-over id', async () => {
    const server = await startNodeServer(STATELESS_2026);
    const child = spawn(process.execPath, [CLI, 'tap', server.url, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const lines = () =>
      stdout
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as JsonLine);
    const findingLines = () =>
      lines()
        .filter((line) => line.type === 'finding')
        .map((line) => line.finding as { rule: string; message: string; evidence: Array<{ summary: string }> });
    try {
      await waitFor(() => lines().some((line) => line.type === 'listening'), 10_000, 'the tap to listen');
      const url = lines().find((line) => line.type === 'listening')?.url as string;

      // Client A, mid-migration.
      const mismatch = await send(
        url,
        'migrating-a/1.0',
        { 'mcp-method': 'tools/call', 'mcp-name': 'echo' },
        { jsonrpc: '2.0', id: 1, method: 'tools/list', params: { _meta: META } },
      );
      assert.equal(mismatch.status, 400, mismatch.text);
      const noName = await send(
        url,
        'migrating-a/1.0',
        { 'mcp-method': 'tools/call' },
        { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'echo', arguments: { text: 'hi' }, _meta: META } },
      );
      assert.equal(noName.status, 400, noName.text);
      const handshake = await send(
        url,
        'migrating-a/1.0',
        { 'mcp-method': 'initialize' },
        {
          jsonrpc: '2.0',
          id: 3,
          method: 'initialize',
          params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'migrating-a', version: '1.0' } },
        },
      );
      assert.equal(handshake.status, 400, handshake.text);
      // Client B, otherwise healthy, with the same left-over id; and A's correct call.
      for (const agent of ['migrating-b/2.0', 'migrating-a/1.0']) {
        const ok = await send(
          url,
          agent,
          { 'mcp-method': 'tools/call', 'mcp-name': 'echo' },
          { jsonrpc: '2.0', id: 4, method: 'tools/call', params: { name: 'echo', arguments: { text: 'hi' }, _meta: META } },
        );
        assert.equal(ok.status, 200, ok.text);
      }

      await waitFor(
        () => ['header-mismatch', 'era-mismatch', 'session-id-ignored'].every((rule) => findingLines().some((finding) => finding.rule === rule)),
        10_000,
        'the era findings',
      );
      // Silent rules are judged once the traffic has settled.
      await new Promise((done) => setTimeout(done, 1500));
      child.kill('SIGINT');
      const code = await new Promise<number | null>((done) => child.on('exit', done));
      assert.equal(code, 1, 'error findings make the tap exit 1');

      const summary = lines().find((line) => line.type === 'summary') as {
        clients: Array<{ label: string; sessionId?: string }>;
        findings: Array<{ rule: string; message: string; evidence: Array<{ summary: string }> }>;
      };
      const rules = summary.findings.map((finding) => finding.rule);
      const headerFindings = summary.findings.filter((finding) => finding.rule === 'header-mismatch');
      assert.ok(
        headerFindings.some((finding) => /Mcp-Method header disagrees/.test(finding.message) && /body names method tools\/list/.test(finding.message)),
        JSON.stringify(headerFindings),
      );
      assert.ok(
        headerFindings.some((finding) => /Mcp-Name header/.test(finding.message) && /params\.name="echo"/.test(finding.message)),
        JSON.stringify(headerFindings),
      );
      assert.ok(
        summary.findings.some((finding) => finding.rule === 'era-mismatch' && /initialize was sent with MCP-Protocol-Version 2026-07-28/.test(finding.message)),
      );
      const ignored = summary.findings.filter((finding) => finding.rule === 'session-id-ignored');
      assert.ok(ignored.length >= 2 && ignored.every((finding) => finding.message.includes(LEFT_OVER)), JSON.stringify(ignored));

      // No session: none issued, none reported, no session finding of any kind.
      for (const rule of [
        'session-cross-talk',
        'unknown-session',
        'unknown-session-status',
        'session-header-missing',
        'session-id-mismatch',
        'session-not-reinitialized',
        'session-affinity',
      ])
        assert.ok(!rules.includes(rule), `${rule}: ${JSON.stringify(summary.findings)}`);
      assert.deepEqual(
        lines().filter((line) => line.type === 'session'),
        [],
      );
      assert.deepEqual(
        summary.clients.map((client) => client.sessionId ?? null),
        summary.clients.map(() => null),
      );
      assert.deepEqual(summary.clients.map((client) => client.label).sort(), ['migrating-a', 'migrating-b']);
    } finally {
      child.kill('SIGKILL');
      await server.stop();
    }
  });
});
