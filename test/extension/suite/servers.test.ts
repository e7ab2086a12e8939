// What a user notices about configured servers, through the extension's test API.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID } from './activation.test';
import { waitFor } from './ui/helpers';

interface InspectorApi {
  servers(): Array<{ name: string; model: { handshake: { state: string }; session: { id?: string } } }>;
  serverItems(): vscode.TreeItem[];
}

async function api(): Promise<InspectorApi> {
  const extension = vscode.extensions.getExtension<InspectorApi>(EXTENSION_ID) as vscode.Extension<InspectorApi>;
  return extension.activate();
}

describe('configured servers', () => {
  it('connects to the workspace mcp.json server and shows its session', async () => {
    const inspector = await api();
    const server = await waitFor(
      () => inspector.servers().find((s) => s.name === 'everything' && s.model.handshake.state === 'ready'),
      20_000,
      'the everything server to be ready',
    );
    assert.ok(server.model.session.id, 'a session id');
  });
});

describe('workspace stdio servers', () => {
  it('are not started until the user approves their command', async () => {
    const inspector = await api();
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'a workspace folder');
    const file = vscode.Uri.joinPath(folder.uri, '.vscode', 'mcp.json');
    const original = Buffer.from(await vscode.workspace.fs.readFile(file)).toString('utf8');
    const marker = vscode.Uri.joinPath(folder.uri, 'stdio-server-started');
    // Written as JSON (the marker's path is quoted inside the script): a file that does not parse keeps its last servers.
    const entry = JSON.stringify({
      type: 'stdio',
      command: process.execPath,
      args: ['-e', `require('fs').writeFileSync(${JSON.stringify(marker.fsPath)}, 'x')`],
    });
    const withStdio = original.replace('"servers": {', `"servers": {\n    "local-stdio": ${entry},`);
    await vscode.workspace.fs.writeFile(file, Buffer.from(withStdio));
    try {
      const server = await waitFor(() => inspector.servers().find((s) => s.name === 'local-stdio'), 10_000, 'the stdio server to appear');
      await new Promise((resolve) => setTimeout(resolve, 1500));
      assert.equal(server.model.handshake.state, 'idle', 'not connected without approval');
      await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(marker)), 'the command never ran');
    } finally {
      await vscode.workspace.fs.writeFile(file, Buffer.from(original));
    }
    await waitFor(() => !inspector.servers().some((s) => s.name === 'local-stdio') || undefined, 10_000, 'the stdio server to go away');
  });
});

describe('planted secrets', () => {
  it('a server configured with a token in its URL and an Authorization header shows neither, anywhere', async () => {
    const planted = Object.values(JSON.parse(process.env.MCPSI_PLANTED_SECRETS ?? '{}') as Record<string, string>);
    assert.ok(planted.length, 'the runner planted secrets');
    const inspector = await api();
    const server = await waitFor(
      () => inspector.servers().find((s) => s.name === 'secretive' && s.model.handshake.state === 'ready'),
      20_000,
      'the secretive server to connect',
    );
    const shown = [
      JSON.stringify(server.model),
      JSON.stringify((server as unknown as { trace: { events(): unknown[] } }).trace.events()),
      JSON.stringify(
        inspector.serverItems().map((item) => ({
          label: item.label,
          description: item.description,
          tooltip: typeof item.tooltip === 'string' ? item.tooltip : item.tooltip?.value,
        })),
      ),
    ].join('\n');
    for (const secret of planted) assert.ok(!shown.includes(secret), `a planted secret is visible: ${secret.slice(0, 6)}…`);
    assert.ok(shown.includes('<redacted>'), 'the redaction is visible instead');
  });
});
