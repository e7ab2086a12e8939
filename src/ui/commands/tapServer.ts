// "Tap Server…": puts the inspector between a real client (VS Code's own MCP support first) and a
// configured server, and offers the `(tapped)` entry in mcp.json. Resolves with the tap's URL
// (HTTP) or trace file (stdio).

import * as vscode from 'vscode';
import type { ServerConfig } from '../../core/config/types';
import { tappedNameOf } from '../../core/config/tappedEntries';
import { showEditFailure } from '../tap/mcpJsonFile';
import type { ActiveTap, StartOptions, TapManager } from '../tap/tapManager';
import type { Command } from './command';
import { Commands } from './ids';

export const tapServer: Command = {
  id: Commands.tapServer,
  async run(context, argument, options) {
    const connection = await context.picker.pickToTap(argument);
    if (!connection) return undefined;
    const config = connection.config;
    if (!vscode.workspace.isTrusted && config.source.kind === 'workspace-file') {
      void vscode.window
        .showWarningMessage(
          `"${config.name}" comes from a workspace file and this workspace is not trusted, so MCP Sessions will not tap it.`,
          'Manage Workspace Trust',
        )
        .then((choice) => choice && vscode.commands.executeCommand('workbench.trust.manage'));
      return undefined;
    }
    const startOptions = options as StartOptions | undefined;
    let tap;
    try {
      tap = await context.taps.start(config, startOptions);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      context.log.error(`tapping ${config.name} failed: ${reason}`);
      void vscode.window
        .showErrorMessage(`Could not tap "${config.name}": ${reason}`, 'Show Log')
        .then((choice) => choice && vscode.commands.executeCommand(Commands.showLog));
      return undefined;
    }
    if (!tap) return undefined;
    if (startOptions?.addToMcpJson === undefined && !tap.entryFile) await offerEntry(context.taps, config, tap);
    return tap.url ?? tap.traceFile;
  },
};

/** Asks whether to add the `(tapped)` entry (HTTP: or copy the URL; stdio: or stop again). */
async function offerEntry(taps: TapManager, config: ServerConfig, tap: ActiveTap): Promise<void> {
  const entry = tappedNameOf(config.name);
  const message =
    tap.kind === 'http'
      ? `Tapping "${config.name}": clients that connect to ${tap.url} are inspected under it in the Servers view. Add "${entry}" to mcp.json so VS Code's own MCP client goes through the tap?`
      : `Tapping "${config.name}": add "${entry}" to mcp.json — it runs the server through the inspector's stdio tap — and start it from VS Code's MCP servers list.`;
  const choice = await vscode.window.showInformationMessage(message, 'Add to mcp.json', tap.kind === 'http' ? 'Copy URL' : 'Stop Tap');
  if (choice === 'Add to mcp.json') {
    const file = await taps.addEntry(config, tap).catch((error: unknown) => {
      void showEditFailure(`Could not add "${entry}"`, error);
      return undefined;
    });
    if (file) {
      const next = await vscode.window.showInformationMessage(
        `Added "${entry}". Start it from VS Code's MCP servers list (MCP: List Servers); its traffic appears under "${config.name}".`,
        'List MCP Servers',
      );
      if (next) await vscode.commands.executeCommand('workbench.mcp.listServer');
    }
  } else if (choice === 'Copy URL' && tap.url) {
    await vscode.env.clipboard.writeText(tap.url);
    vscode.window.setStatusBarMessage(`$(copy) Copied ${tap.url}`, 3000);
  } else if (choice === 'Stop Tap') await taps.stop(config.name);
}
