// The extension activates in real VS Code, contributes its container and view, and registers
// every command it declares.

import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'mcp-session-inspector.mcp-session-inspector';

describe('activation', () => {
  it('activates without errors', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, 'the extension is installed');
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  it('loads no MCP SDK while activating, and reports its activation time for the benchmark', async () => {
    const extension = vscode.extensions.getExtension<{ activation: { activationMs: number; sdkLoadedAtActivation: boolean } }>(
      EXTENSION_ID,
    ) as vscode.Extension<{ activation: { activationMs: number; sdkLoadedAtActivation: boolean } }>;
    const { activation } = await extension.activate();
    assert.equal(activation.sdkLoadedAtActivation, false, 'the engine and the SDK load after activation, when the first server is read');
    assert.equal(typeof activation.activationMs, 'number');
    if (process.env.MCPSI_ACTIVATION_FILE) writeFileSync(process.env.MCPSI_ACTIVATION_FILE, JSON.stringify(activation));
  });

  it('registers every command declared in package.json', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID) as vscode.Extension<unknown>;
    const declared = (extension.packageJSON as { contributes: { commands: Array<{ command: string }> } }).contributes.commands.map((c) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = declared.filter((command) => !registered.has(command));
    assert.deepEqual(missing, []);
  });

  it('opens the Servers view from its focus command', async () => {
    await vscode.commands.executeCommand('mcpSessions.servers.focus');
  });

  it('runs a command from the palette: Show Log', async () => {
    await vscode.commands.executeCommand('mcpSessions.showLog');
  });
});
