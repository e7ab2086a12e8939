// "Open Traffic as JSONL": the server's trace document, at one event or at the end.

import * as vscode from 'vscode';
import { traceUri } from '../traffic/traceDocument';
import type { Command } from './command';
import { Commands } from './ids';

export const openTraceDocument: Command = {
  id: Commands.openTraceDocument,
  async run(context, argument, seq) {
    const connection = await context.picker.pick(argument, 'Open the trace of which server?');
    if (!connection) return;
    context.traces.refresh(connection.name);
    const document = await vscode.workspace.openTextDocument(traceUri(connection.name));
    const editor = await vscode.window.showTextDocument(document, { preview: true });
    const line = typeof seq === 'number' ? context.traces.lineOf(connection.name, seq) : document.lineCount - 1;
    if (line !== undefined) {
      const range = new vscode.Range(line, 0, line, 0);
      editor.selection = new vscode.Selection(range.start, range.start);
      editor.revealRange(range, vscode.TextEditorRevealType.InCenter);
    }
  },
};
