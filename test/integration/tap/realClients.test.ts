// Real clients through `mcp-session-inspector tap`, each across a server restart: mcp-remote (the
// stdio↔HTTP bridge Claude Desktop users run), the official inspector CLI, and the SDK v2 client.
// Servers: server-everything (answers an unknown session 400) and a stateful v2 server (404 -32001).
// The verdicts asserted are what a user reads in the tap's output.

import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { startEverything, waitFor, type RunningServer } from '../../fixtures/support/servers';
import { CLI, CliHttpTap, MCP_REMOTE, node24, restartInPlace, runInspectorCli, startStatefulV2, stdioClient } from '../../fixtures/support/realClients';

const everythingOn = (port: number) => startEverything('streamableHttp', port);

describe('real clients through the tap, across a server restart', function () {
  this.timeout(120_000);
  const cleanup: Array<() => unknown> = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await Promise.resolve(step()).catch(() => undefined);
  });
  let server: RunningServer;
  const serve = (running: RunningServer) => {
    server = running;
    return running;
  };
  const stopServer = () => server.stop();

  /** mcp-remote through the HTTP tap: list tools, restart the server, list again until it answers or gives up. */
  async function mcpRemoteAcrossRestart(start: (port?: number) => Promise<RunningServer>): Promise<CliHttpTap> {
    serve(await start());
    cleanup.push(stopServer);
    const tap = await CliHttpTap.start(server.url);
    cleanup.push(() => tap.stop());
    const remote = await stdioClient(process.execPath, [MCP_REMOTE, tap.url, '--allow-http']);
    cleanup.push(() => remote.close());
    assert.ok((await remote.client.listTools()).tools.length > 0);
    serve(await restartInPlace(server, (port) => start(port)));
    // Its GET stream notices the restart first; then the user's next calls.
    await waitFor(() => tap.findings('unknown-session').length > 0, 15_000, 'unknown-session in the tap');
    for (let attempt = 0; attempt < 3; attempt++) await remote.client.listTools().catch(() => undefined);
    return tap;
  }

  it('mcp-remote, server-everything (400): the lost session is named with its cause and the 400; no missing-header error at start-up, no blame on the client', async () => {
    const tap = await mcpRemoteAcrossRestart((port) => startEverything('streamableHttp', port));
    await waitFor(() => tap.findings('unknown-session-status').length > 0, 10_000, 'the 400-vs-404 warning');
    const { summary } = await tap.stop();
    const rules = tap.findings().map((finding) => finding.rule);
    assert.ok(!rules.includes('session-header-missing'), `no session-header-missing: ${rules.join()}`);
    assert.ok(!rules.includes('session-not-reinitialized'), `a 400 does not tell the client its session is gone: ${rules.join()}`);
    const lost = tap.findings('unknown-session')[0];
    // Whether mcp-remote's stream was cut first or a request met the server down, the cause is the restart.
    assert.match(lost.message, /server restarted|restarted or stopped/, lost.message);
    assert.match(tap.findings('unknown-session-status')[0].message, /400 instead of 404/);
    assert.ok(summary, 'the summary line');
    assert.ok(
      summary.clients.every((client: { handshake: string }) => client.handshake !== 'failed'),
      JSON.stringify(summary.clients),
    );
  });

  it('mcp-remote, stateful v2 server (404): mcp-remote re-initialises by itself, so only the lost session is reported', async () => {
    const tap = await mcpRemoteAcrossRestart(startStatefulV2);
    await waitFor(() => tap.lines().filter((line) => line.type === 'session').length >= 3, 15_000, 'the new session mcp-remote starts');
    const { summary } = await tap.stop();
    const rules = tap.findings().map((finding) => finding.rule);
    assert.ok(rules.includes('unknown-session'), rules.join());
    assert.ok(!rules.includes('session-header-missing'), `no session-header-missing: ${rules.join()}`);
    assert.ok(!rules.includes('session-not-reinitialized'), `mcp-remote re-initialised: ${rules.join()}`);
    assert.ok(!rules.includes('unknown-session-status'), `the server answered 404: ${rules.join()}`);
    assert.ok(
      summary?.clients.some((client: { handshake: string; sessionId?: string }) => client.handshake === 'ready' && client.sessionId),
      JSON.stringify(summary?.clients),
    );
    // One program: its probe, its OAuth discovery and its sessions are told by the process, not by each library's User-Agent.
    const clients = tap.lines().filter((line) => line.type === 'client');
    assert.ok(
      clients.every((client) => /^mcp-remote( #\d+)?$/.test(client.label)),
      JSON.stringify(clients),
    );
    assert.equal(new Set(clients.map((client) => /pid (\d+)/.exec(client.description)?.[1])).size, 1, JSON.stringify(clients));
    // mcp-remote keeps its start-up connection test's session open beside the proxied one: two MCP clients, one process.
    assert.ok(clients.length <= 2, JSON.stringify(clients));
  });

  it('the stdio tap in front of mcp-remote: one lost session reported once, with the 400-vs-404 warning', async () => {
    serve(await startEverything('streamableHttp'));
    cleanup.push(stopServer);
    const remote = await stdioClient(process.execPath, [CLI, 'tap', '--', process.execPath, MCP_REMOTE, server.url, '--allow-http']);
    cleanup.push(() => remote.close());
    assert.ok((await remote.client.listTools()).tools.length > 0);
    serve(await restartInPlace(server, everythingOn));
    for (let attempt = 0; attempt < 3; attempt++) {
      await remote.client.listTools().catch(() => undefined);
      await new Promise((done) => setTimeout(done, 300));
    }
    const tapErr = remote.stderr();
    const reported = tapErr.split('\n').filter((line) => /\[mcp-session-inspector tap\].*\bunknown-session\b(?!-)/.test(line));
    assert.equal(reported.length, 1, tapErr);
    assert.match(tapErr, /unknown-session-status/, 'the 400-vs-404 warning');
  });

  it('the inspector CLI: one-shot runs (by URL, then from --config) across a restart each start a new session, and raise nothing', async () => {
    const node = node24();
    serve(await startStatefulV2());
    cleanup.push(stopServer);
    const tap = await CliHttpTap.start(server.url);
    cleanup.push(() => tap.stop());
    const first = await runInspectorCli(node, [tap.url, '--transport', 'http', '--method', 'tools/list']);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /echo/);
    serve(await restartInPlace(server, startStatefulV2));
    // The same run from a session config file (--config/--server), as CI scripts use it.
    const config = join(mkdtempSync(join(tmpdir(), 'inspector-config-')), 'mcp.json');
    writeFileSync(config, JSON.stringify({ mcpServers: { tapped: { type: 'streamable-http', url: tap.url } } }));
    const second = await runInspectorCli(node, ['--config', config, '--server', 'tapped', '--method', 'tools/list']);
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, /echo/);
    const { summary } = await tap.stop();
    const problems = tap.findings().filter((finding) => finding.severity !== 'info');
    assert.deepEqual(
      problems.map((finding) => `${finding.rule}: ${finding.message}`),
      [],
    );
    assert.ok(
      summary?.clients.every((client: { handshake: string }) => client.handshake === 'ready' || client.handshake === 'closed'),
      JSON.stringify(summary?.clients),
    );
  });

  it('the inspector CLI --load while the server loses its sessions: the lost session is named, and the handshake stays apart from the later failures', async () => {
    const node = node24();
    serve(await startStatefulV2());
    cleanup.push(stopServer);
    const tap = await CliHttpTap.start(server.url);
    cleanup.push(() => tap.stop());
    const load = runInspectorCli(node, [
      tap.url,
      '--transport',
      'http',
      '--method',
      'tools/call',
      '--tool-name',
      'echo',
      '--tool-arg',
      'text=hi',
      '--load',
      '--load-duration',
      '4',
      '--load-concurrency',
      '2',
      '--load-rate',
      '20',
    ]);
    await waitFor(() => tap.lines().some((line) => line.type === 'session'), 15_000, 'the load run’s session');
    // The load run stops at its first failed call: the sessions are lost without a moment down, so that call is a 404.
    process.kill(server.pid, 'SIGHUP');
    await load;
    await waitFor(() => tap.findings('unknown-session').length > 0, 10_000, 'unknown-session');
    const { summary } = await tap.stop();
    const client = summary?.clients.find((candidate: { sessionEnded?: unknown }) => candidate.sessionEnded);
    assert.ok(client, JSON.stringify(summary?.clients));
    assert.equal(client.handshake, 'ready', 'the handshake did succeed');
    assert.equal(client.health, 'degraded');
    assert.equal(client.sessionEnded.reason, 'unknown-to-server');
  });

  it('the SDK v2 client across a restart of the 404 server: the lost session, the client keeping the dead id, and a new session once the application reconnects', async () => {
    serve(await startStatefulV2());
    cleanup.push(stopServer);
    const tap = await CliHttpTap.start(server.url);
    cleanup.push(() => tap.stop());
    const connect = async () => {
      const client = new Client({ name: 'v2-app', version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(new URL(tap.url)));
      cleanup.push(() => client.close());
      return client;
    };
    const client = await connect();
    assert.ok((await client.listTools()).tools.length > 0);
    serve(await restartInPlace(server, startStatefulV2));
    await assert.rejects(client.listTools());
    // The application keeps calling on the same client: the v2 client keeps the dead id, and the tap says so once the grace period is over.
    await assert.rejects(client.listTools());
    await waitFor(() => tap.findings('session-not-reinitialized').length > 0, 15_000, 'session-not-reinitialized');
    assert.match(tap.findings('session-not-reinitialized')[0].message, /after the server answered 404/);
    await client.close();
    const again = await connect();
    assert.ok((await again.listTools()).tools.length > 0);
    await waitFor(() => tap.findings('unknown-session').length > 0, 10_000, 'unknown-session');
    const { summary } = await tap.stop();
    const rules = tap.findings().map((finding) => finding.rule);
    assert.ok(!rules.includes('session-header-missing'), rules.join());
    assert.ok(!rules.includes('unknown-session-status'), rules.join());
    assert.ok(
      summary?.clients.some((candidate: { handshake: string; sessionId?: string }) => candidate.handshake === 'ready' && candidate.sessionId),
      JSON.stringify(summary?.clients),
    );
    // The application recovered on a new session: the lost one stays in the report, with when it cleared.
    const lost = summary?.findings.find((finding: { rule: string }) => finding.rule === 'unknown-session');
    assert.ok(lost?.clearedAt, JSON.stringify(lost));
  });
});
