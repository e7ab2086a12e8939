// "Open Configuration": the server's entry in its mcp.json (created when missing), or the setting.

import * as vscode from 'vscode';
import { findServerRange } from '../../core/config';
import type { Command } from './command';
import { Commands } from './ids';
import { nameOf } from './serverPicker';

export const openConfiguration: Command = {
  id: Commands.openConfiguration,
  async run(context, argument) {
    const name = nameOf(argument);
    const connection = name ? context.engine.connections().find((c) => c.name === name) : undefined;
    const firstFolder = vscode.workspace.workspaceFolders?.[0];
    const file = connection?.config.source.file ?? (firstFolder && vscode.Uri.joinPath(firstFolder.uri, '.vscode', 'mcp.json').fsPath);
    if (connection?.config.source.kind === 'setting' || !file) {
      await vscode.commands.executeCommand('workbench.action.openSettings', 'mcpSessions.servers');
      return;
    }
    const uri = vscode.Uri.file(file);
    try {
      await vscode.workspace.fs.stat(uri);
    } catch {
      await vscode.workspace.fs.writeFile(uri, Buffer.from('{\n  "servers": {}\n}\n'));
    }
    const document = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(document);
    const range = connection && findServerRange(document.getText(), connection.name);
    if (range) {
      const start = new vscode.Position(range.start.line, range.start.character);
      editor.selection = new vscode.Selection(start, new vscode.Position(range.end.line, range.end.character));
      editor.revealRange(new vscode.Range(start, start), vscode.TextEditorRevealType.InCenter);
    }
  },
};
