// Edits a workspace mcp.json through VS Code (so an open editor shows the change and undo works),
// keeping comments and layout; creates the file when it does not exist yet. A file that cannot be
// read, or whose JSON is broken, is never written: the refusal names the place to fix.

import * as vscode from 'vscode';
import type { WriteResult } from '../../core/config';

/** The writer refused to edit the file (broken JSON, a wrong type…); `offset` is where, when known. */
export class McpJsonRefusal extends Error {
  constructor(
    message: string,
    readonly uri: vscode.Uri,
    readonly offset?: number,
  ) {
    super(message);
    this.name = 'McpJsonRefusal';
  }
}

function isMissing(error: unknown): boolean {
  return error instanceof vscode.FileSystemError && (error.code === 'FileNotFound' || error.code === 'EntryNotFound');
}

/** The text of a file (an open editor's, unsaved changes included), or undefined when it does not exist. Other read errors throw. */
export async function readText(uri: vscode.Uri): Promise<string | undefined> {
  const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
  if (open) return open.getText();
  try {
    return Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw new Error(`Cannot read ${uri.fsPath}: ${error instanceof Error ? error.message : String(error)}. Nothing was changed.`);
  }
}

/** Applies `edit` to the file's text and saves it; throws a {@link McpJsonRefusal} with the writer's reason when it refuses. */
export async function editMcpJson(uri: vscode.Uri, edit: (text: string) => WriteResult): Promise<void> {
  if ((await readText(uri)) === undefined) await vscode.workspace.fs.writeFile(uri, Buffer.from('{\n  "servers": {}\n}\n'));
  const document = await vscode.workspace.openTextDocument(uri);
  const result = edit(document.getText());
  if (!result.ok) throw new McpJsonRefusal(result.message, uri, result.offset);
  if (!result.edits.length) return;
  const workspaceEdit = new vscode.WorkspaceEdit();
  for (const change of result.edits) {
    workspaceEdit.replace(uri, new vscode.Range(document.positionAt(change.offset), document.positionAt(change.offset + change.length)), change.content);
  }
  if (!(await vscode.workspace.applyEdit(workspaceEdit))) throw new Error(`VS Code refused to edit ${uri.fsPath}`);
  await document.save();
}

/** Opens the file with the cursor at `offset` (the place a refusal names). */
export async function openAt(uri: vscode.Uri, offset = 0): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(uri);
  const position = document.positionAt(offset);
  return vscode.window.showTextDocument(document, { selection: new vscode.Range(position, position) });
}

/** Shows why an edit failed; for a refusal, with a button that opens the file at the problem. */
export async function showEditFailure(prefix: string, error: unknown): Promise<void> {
  const message = `${prefix}: ${error instanceof Error ? error.message : String(error)}`;
  if (!(error instanceof McpJsonRefusal)) {
    void vscode.window.showErrorMessage(message);
    return;
  }
  const choice = await vscode.window.showErrorMessage(message, 'Open mcp.json');
  if (choice) await openAt(error.uri, error.offset);
}
