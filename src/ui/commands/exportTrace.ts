// "Export Trace…": the server's trace as JSON Lines, or (HTTP servers) as HAR 1.2 for browser devtools.

import * as vscode from 'vscode';
import type { Command } from './command';
import { Commands } from './ids';

export const exportTrace: Command = {
  id: Commands.exportTrace,
  async run(context, argument) {
    const connection = await context.picker.pick(argument, 'Export the trace of which server?');
    if (!connection) return;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const http = connection.config.type !== 'stdio';
    const target = await vscode.window.showSaveDialog({
      title: `Export the trace of "${connection.name}"`,
      saveLabel: 'Export',
      defaultUri: folder && vscode.Uri.joinPath(folder, `${connection.name}-${stamp}.jsonl`),
      filters: http ? { 'Trace (JSON Lines)': ['jsonl'], 'HAR 1.2 (HTTP traffic, for browser devtools)': ['har'] } : { 'Trace (JSON Lines)': ['jsonl'] },
    });
    if (!target) return;
    // Events are redacted before they are stored, so neither format holds header or env secrets.
    const events = connection.trace.events();
    const asHar = target.path.toLowerCase().endsWith('.har');
    let text: string;
    if (asHar) {
      const { traceToHar } = require('../../core/trace/harExport') as typeof import('../../core/trace/harExport');
      text = JSON.stringify(traceToHar(events, context.version), null, 1);
    } else {
      text = events.map((event) => JSON.stringify(event)).join('\n') + '\n';
    }
    await vscode.workspace.fs.writeFile(target, Buffer.from(text, 'utf8'));
    context.log.info(`exported ${events.length} trace event(s) of ${connection.name} to ${target.fsPath}${asHar ? ' as HAR' : ''}`);
    const choice = await vscode.window.showInformationMessage(
      `Exported ${events.length} trace event(s) of "${connection.name}"${asHar ? ' as HAR' : ''}. "Analyze Trace or Log File…" reads it back.`,
      'Open File',
      'Analyze',
    );
    if (choice === 'Open File') await vscode.window.showTextDocument(target);
    if (choice === 'Analyze') await vscode.commands.executeCommand(Commands.analyzeFile, target);
  },
};
