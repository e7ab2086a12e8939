// Servers set in the workspace's own settings (`mcpSessions.servers` in .vscode/settings.json) were
// written by whoever wrote the workspace: they count as workspace files, so a stdio command there
// needs the same one-time approval as one in mcp.json, and the Servers view says so.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID } from './activation.test';
import { waitFor } from './ui/helpers';

interface InspectorApi {
  servers(): Array<{ name: string; config: { source: { kind: string } }; model: { handshake: { state: string } } }>;
  serverItems(): vscode.TreeItem[];
}

describe('servers from workspace settings', () => {
  it('a stdio server in .vscode/settings.json is not started without approval, and the tree says it needs approval', async () => {
    const extension = vscode.extensions.getExtension<InspectorApi>(EXTENSION_ID) as vscode.Extension<InspectorApi>;
    const inspector = await extension.activate();
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'a workspace folder');
    const config = vscode.workspace.getConfiguration('mcpSessions');
    const original = config.inspect<Record<string, unknown>>('servers')?.workspaceValue;
    const marker = vscode.Uri.joinPath(folder.uri, 'settings-stdio-started');
    const stdio = { type: 'stdio', command: process.execPath, args: ['-e', `require('fs').writeFileSync(${JSON.stringify(marker.fsPath)}, 'x')`] };
    await config.update('servers', { ...(original ?? {}), 'settings-stdio': stdio }, vscode.ConfigurationTarget.Workspace);
    try {
      const server = await waitFor(() => inspector.servers().find((s) => s.name === 'settings-stdio'), 10_000, 'the settings stdio server to appear');
      assert.equal(server.config.source.kind, 'workspace-file', 'a workspace settings value counts as a workspace file');
      const item = await waitFor(
        () => inspector.serverItems().find((i) => i.label === 'settings-stdio' && /needs approval/.test(String(i.description))),
        10_000,
        'the tree to say it needs approval',
      );
      assert.match(String(item.description), /needs approval/);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      assert.equal(server.model.handshake.state, 'idle', 'not connected without approval');
      await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(marker)), 'the command never ran');
    } finally {
      await config.update('servers', original, vscode.ConfigurationTarget.Workspace);
    }
    await waitFor(() => !inspector.servers().some((s) => s.name === 'settings-stdio') || undefined, 10_000, 'the settings stdio server to go away');
  });
});
