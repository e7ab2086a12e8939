// The tap in VS Code: "Tap Server…" starts a recording proxy in the extension host, writes a
// `(tapped)` entry into mcp.json without resolving its variables, shows each real client that
// comes through it under the server, and "Stop Tap…" takes everything back out.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, waitFor } from './helpers';

interface TapApi {
  servers(): Array<{ name: string }>;
  serverItems(): vscode.TreeItem[];
  taps(): Array<{ server: string; kind: string; url?: string; clients: Array<{ label: string; sessionId?: string; handshake: string; findings: string[] }> }>;
  timelines(): Array<{ server: string; visible: boolean; rendered?: { rows: number } }>;
}

async function tapApi(): Promise<TapApi> {
  return (vscode.extensions.getExtension<TapApi>(EXTENSION_ID) as vscode.Extension<TapApi>).activate();
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'user-agent': 'in-host-client/1.0', ...headers },
    body: JSON.stringify(body),
  });
}

describe('taps', function () {
  this.timeout(60_000);

  it('"Tap Server…" proxies a real client, adds "(tapped)" to mcp.json, shows the client under its server, and "Stop Tap…" restores the file', async () => {
    const inspector = await tapApi();
    await waitFor(() => inspector.servers().some((server) => server.name === 'everything'), 20_000, 'the everything server');
    const folder = vscode.workspace.workspaceFolders?.[0] as vscode.WorkspaceFolder;
    const file = vscode.Uri.joinPath(folder.uri, '.vscode', 'mcp.json');
    const before = Buffer.from(await vscode.workspace.fs.readFile(file)).toString('utf8');

    const url = await vscode.commands.executeCommand<string>('mcpSessions.tapServer', 'everything', { addToMcpJson: true });
    assert.match(url ?? '', /^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    try {
      const written = Buffer.from(await vscode.workspace.fs.readFile(file)).toString('utf8');
      assert.ok(written.includes('"everything (tapped)"'), 'the tapped entry is in mcp.json');
      assert.ok(written.includes(`"url": "${url}"`), 'it points at the tap');
      assert.ok(written.includes('// written by the extension test run'), 'the file keeps its comments');
      // The inspector never connects to the tap's own entry: it is shown as the server's tap.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      assert.ok(!inspector.servers().some((server) => server.name.endsWith('(tapped)')));

      const initialize = await post(url as string, {
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'in-host-client', version: '1.0' } },
      });
      assert.equal(initialize.status, 200);
      const sessionId = initialize.headers.get('mcp-session-id') as string;
      await initialize.text();
      const initialized = await post(
        url as string,
        { jsonrpc: '2.0', method: 'notifications/initialized' },
        { 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-11-25' },
      );
      assert.equal(initialized.status, 202);
      const client = await waitFor(
        () =>
          inspector
            .taps()
            .find((tap) => tap.server === 'everything')
            ?.clients.find((candidate) => candidate.sessionId === sessionId && candidate.handshake === 'ready'),
        10_000,
        'the tapped client to be ready',
      );
      assert.equal(client.label, 'in-host-client');
      const serverItem = inspector.serverItems().find((item) => (typeof item.label === 'string' ? item.label : item.label?.label) === 'everything');
      assert.ok(serverItem, 'the server is in the tree');
      // Copy Session ID on a tapped client's tree node copies that client's session, not the inspector's.
      // (The command returns what it copied: reading the clipboard back can block in a headless browser.)
      const copied = await Promise.race([
        vscode.commands.executeCommand<string>('mcpSessions.copySessionId', { kind: 'tapClient', name: 'everything', client: 'in-host-client' }),
        new Promise<string>((resolve) => setTimeout(() => resolve('(the command did not return)'), 5000)),
      ]);
      assert.equal(copied, sessionId);
      // The tapped traffic opens in the timeline, apart from the server's own.
      await vscode.commands.executeCommand('mcpSessions.showTapTraffic', 'everything');
      const timeline = await waitFor(
        () => inspector.timelines().find((open) => open.server === 'everything (tapped clients)' && (open.rendered?.rows ?? 0) >= 4),
        15_000,
        'the tapped traffic in the timeline',
      );
      assert.ok(timeline.visible);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      await fetch(url as string, {
        method: 'DELETE',
        headers: { 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-11-25', 'user-agent': 'in-host-client/1.0' },
      });
    } finally {
      await vscode.commands.executeCommand('mcpSessions.stopTap', 'everything');
    }
    assert.equal(inspector.taps().length, 0);
    const after = Buffer.from(await vscode.workspace.fs.readFile(file)).toString('utf8');
    assert.equal(after.trim(), before.trim(), 'mcp.json is as it was');
  });
});
