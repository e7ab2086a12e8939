// "Tap Server…" and "Stop Tap…": put the inspector between a real client (VS Code's own MCP
// support first) and a configured server, and take it away again.

import * as vscode from 'vscode';
import type { InspectedConnection } from '../../core/connection/types';
import { tappedNameOf } from '../../core/config/tappedEntries';
import { Commands } from '../commandIds';
import { nameOf } from '../commands';
import type { Logger } from '../log';
import type { TimelinePanels } from '../timeline/timelinePanel';
import { showEditFailure } from './mcpJsonFile';
import type { StartOptions, TapManager } from './tapManager';

export function registerTapCommands(taps: TapManager, connections: () => readonly InspectedConnection[], timelines: TimelinePanels, log: Logger): vscode.Disposable[] {
  const tapServer = async (argument?: unknown, options?: StartOptions): Promise<string | undefined> => {
    let connection = connections().find((candidate) => candidate.name === nameOf(argument));
    if (!connection) {
      const picked = await vscode.window.showQuickPick(
        connections().map((candidate) => ({
          label: candidate.name,
          description: candidate.config.type === 'stdio' ? [candidate.config.command, ...(candidate.config.args ?? [])].join(' ') : candidate.model.server.url,
          detail: taps.tapFor(candidate.name) ? '$(eye) tapped' : undefined,
          connection: candidate,
        })),
        { title: 'Tap which server?', placeHolder: 'Its real clients will be inspected through a recording proxy' },
      );
      connection = picked?.connection;
    }
    if (!connection) return undefined;
    const config = connection.config;
    if (!vscode.workspace.isTrusted && config.source.kind === 'workspace-file') {
      void vscode.window.showWarningMessage(`"${config.name}" comes from a workspace file and this workspace is not trusted, so MCP Sessions will not tap it.`, 'Manage Workspace Trust').then((choice) => choice && vscode.commands.executeCommand('workbench.trust.manage'));
      return undefined;
    }
    let tap;
    try {
      tap = await taps.start(config, options);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      log.error(`tapping ${config.name} failed: ${reason}`);
      void vscode.window.showErrorMessage(`Could not tap "${config.name}": ${reason}`, 'Show Log').then((choice) => choice && vscode.commands.executeCommand(Commands.showLog));
      return undefined;
    }
    if (!tap) return undefined;
    if (options?.addToMcpJson !== undefined || tap.entryFile) return tap.url ?? tap.traceFile;
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
        const next = await vscode.window.showInformationMessage(`Added "${entry}". Start it from VS Code's MCP servers list (MCP: List Servers); its traffic appears under "${config.name}".`, 'List MCP Servers');
        if (next) await vscode.commands.executeCommand('workbench.mcp.listServer');
      }
    } else if (choice === 'Copy URL' && tap.url) {
      await vscode.env.clipboard.writeText(tap.url);
      vscode.window.setStatusBarMessage(`$(copy) Copied ${tap.url}`, 3000);
    } else if (choice === 'Stop Tap') await taps.stop(config.name);
    return tap.url ?? tap.traceFile;
  };

  /** The server a tap command is for: the one given, else a pick among running taps (none: says so). */
  const pickTap = async (argument: unknown, title: string): Promise<string | undefined> => {
    const given = nameOf(argument);
    if (given) return given;
    const running = taps.taps();
    if (!running.length) {
      void vscode.window.showInformationMessage('No server is tapped. "Tap Server…" starts one.');
      return undefined;
    }
    if (running.length === 1) return running[0].server;
    return (await vscode.window.showQuickPick(running.map((tap) => ({ label: tap.server, description: tap.url ?? 'stdio' })), { title }))?.label;
  };

  const stopTap = async (argument?: unknown): Promise<void> => {
    const name = await pickTap(argument, 'Stop which tap?');
    if (name) await taps.stop(name);
  };

  const showTapTraffic = async (argument?: unknown): Promise<void> => {
    const name = await pickTap(argument, 'Show the tapped traffic of which server?');
    const source = name ? taps.timelineSource(name) : undefined;
    if (source) timelines.show(source);
  };

  return [
    vscode.commands.registerCommand(Commands.tapServer, tapServer),
    vscode.commands.registerCommand(Commands.stopTap, stopTap),
    vscode.commands.registerCommand(Commands.showTapTraffic, showTapTraffic),
  ];
}
