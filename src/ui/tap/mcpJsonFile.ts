// Edits a workspace mcp.json through VS Code (so an open editor shows the change and undo works),
// keeping comments and layout; creates the file when it does not exist yet.

import * as vscode from 'vscode';
import type { WriteResult } from '../../core/config';

/** The text of a file, or undefined when it does not exist. */
export async function readText(uri: vscode.Uri): Promise<string | undefined> {
  const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
  if (open) return open.getText();
  try {
    return Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
  } catch {
    return undefined;
  }
}

/** Applies `edit` to the file's text and saves it; throws with the writer's reason when it refuses. */
export async function editMcpJson(uri: vscode.Uri, edit: (text: string) => WriteResult): Promise<void> {
  if ((await readText(uri)) === undefined) await vscode.workspace.fs.writeFile(uri, Buffer.from('{\n  "servers": {}\n}\n'));
  const document = await vscode.workspace.openTextDocument(uri);
  const result = edit(document.getText());
  if (!result.ok) throw new Error(result.message);
  const workspaceEdit = new vscode.WorkspaceEdit();
  for (const change of result.edits) {
    workspaceEdit.replace(uri, new vscode.Range(document.positionAt(change.offset), document.positionAt(change.offset + change.length)), change.content);
  }
  if (!(await vscode.workspace.applyEdit(workspaceEdit))) throw new Error(`VS Code refused to edit ${uri.fsPath}`);
  await document.save();
}
