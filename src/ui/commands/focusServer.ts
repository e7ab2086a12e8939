// "Focus Server…" (the status-bar item's click): shows a server in the status bar and, picked from
// the palette, offers what to do with it.

import * as vscode from 'vscode';
import { describeServer } from '../common/format';
import type { Command } from './command';
import { Commands, SERVERS_VIEW } from './ids';
import { nameOf } from './serverPicker';

export const focusServer: Command = {
  id: Commands.focusServer,
  async run(context, argument) {
    const connection = await context.picker.pick(argument, 'Focus which server?');
    if (!connection) return;
    context.servers.statusBar.focus(connection.name);
    const action = nameOf(argument)
      ? undefined
      : await vscode.window.showQuickPick(
          [
            { label: '$(debug-restart) Reconnect', command: Commands.reconnect },
            { label: '$(copy) Copy Session ID', command: Commands.copySessionId },
            { label: '$(pulse) Show Traffic', command: Commands.showTraffic },
            { label: '$(list-tree) Reveal in Servers view', command: 'reveal' },
          ],
          { placeHolder: `${connection.name}: ${describeServer(connection.model)}` },
        );
    if (!action) return;
    if (action.command === 'reveal') {
      await vscode.commands.executeCommand(`${SERVERS_VIEW}.focus`);
      await context.servers.treeView.reveal(context.servers.tree.nodeFor(connection.name), { select: true, focus: true, expand: true });
    } else await vscode.commands.executeCommand(action.command, connection.name);
  },
};
