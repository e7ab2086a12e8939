// What a user notices about configured servers, through the extension's test API.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID } from './activation.test';

interface InspectorApi {
  servers(): Array<{ name: string; model: { handshake: { state: string }; session: { id?: string } } }>;
}

async function api(): Promise<InspectorApi> {
  const extension = vscode.extensions.getExtension<InspectorApi>(EXTENSION_ID) as vscode.Extension<InspectorApi>;
  return extension.activate();
}

async function waitFor<T>(probe: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('configured servers', () => {
  it('connects to the workspace mcp.json server and shows its session', async () => {
    const inspector = await api();
    const server = await waitFor(() => inspector.servers().find((s) => s.name === 'everything' && s.model.handshake.state === 'ready'), 20_000, 'the everything server to be ready');
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
    const withStdio = original.replace('"servers": {', `"servers": {\n    "local-stdio": { "type": "stdio", "command": "${process.execPath.replace(/\\/g, '\\\\')}", "args": ["-e", "require('fs').writeFileSync(${JSON.stringify(marker.fsPath)}, 'x')"] },`);
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
