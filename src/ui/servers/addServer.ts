// "Add Server…": a short quick-input flow (name, transport, URL or command) that writes the new
// entry into the first workspace folder's `.vscode/mcp.json`, keeping its comments. It asks before
// replacing a server of the same name, and never writes a file it could not read or whose JSON is
// broken (the error message opens the file at the problem).

import * as vscode from 'vscode';
import { addServerEdits, hasServer } from '../../core/config';
import { editMcpJson, McpJsonRefusal, readText, showEditFailure } from '../tap/mcpJsonFile';

/** The questions adding a server may have to ask (the extension-host tests answer them). */
export interface AddServerPrompts {
  /** True to replace the server already named `name`. */
  confirmReplace(name: string): Promise<boolean>;
  /** Says why nothing was written. */
  showFailure(error: unknown): Promise<void>;
}

const askTheUser: AddServerPrompts = {
  async confirmReplace(name) {
    const choice = await vscode.window.showWarningMessage(
      `A server named "${name}" is already in mcp.json. Replace it?`,
      { modal: true, detail: 'Its current definition will be overwritten; the rest of the file is kept.' },
      'Replace',
    );
    return choice === 'Replace';
  },
  showFailure: (error) => showEditFailure('Could not add the server', error),
};

export type AddServerOutcome = 'added' | 'replaced' | 'kept' | 'failed';

/** Writes `servers.<name>` into the mcp.json at `uri` (created when missing). */
export async function addServerToFile(
  uri: vscode.Uri,
  name: string,
  definition: Record<string, unknown>,
  prompts: AddServerPrompts = askTheUser,
): Promise<AddServerOutcome> {
  try {
    const text = await readText(uri);
    let overwrite = false;
    if (text !== undefined) {
      const check = addServerEdits(text, name, definition);
      if (!check.ok) {
        if (!hasServer(text, name)) throw new McpJsonRefusal(check.message, uri, check.offset);
        if (!(await prompts.confirmReplace(name))) return 'kept';
        overwrite = true;
      }
    }
    await editMcpJson(uri, (current) => addServerEdits(current, name, definition, { overwrite }));
    return overwrite ? 'replaced' : 'added';
  } catch (error) {
    await prompts.showFailure(error);
    return 'failed';
  }
}

export async function addServerFlow(): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    void vscode.window.showInformationMessage('Open a folder first: servers are added to its .vscode/mcp.json.');
    return;
  }
  const type = await vscode.window.showQuickPick(
    [
      { label: 'HTTP', description: 'Streamable HTTP, falling back to legacy SSE', type: 'http' },
      { label: 'SSE', description: 'legacy HTTP+SSE only', type: 'sse' },
      { label: 'stdio', description: 'a local command', type: 'stdio' },
    ],
    { title: 'Add MCP Server (1/3): transport' },
  );
  if (!type) return;
  const target = await vscode.window.showInputBox({
    title: `Add MCP Server (2/3): ${type.type === 'stdio' ? 'command' : 'URL'}`,
    placeHolder: type.type === 'stdio' ? 'npx -y @modelcontextprotocol/server-everything' : 'http://127.0.0.1:3001/mcp',
    validateInput: (value) => {
      if (!value.trim()) return 'Required';
      if (type.type === 'stdio') return undefined;
      try {
        return /^https?:$/.test(new URL(value).protocol) ? undefined : 'Use an http:// or https:// URL';
      } catch {
        return 'Not a URL';
      }
    },
  });
  if (!target) return;
  const suggested = type.type === 'stdio' ? (target.trim().split(/\s+/).pop()?.split('/').pop() ?? 'server') : new URL(target).hostname;
  const name = await vscode.window.showInputBox({
    title: 'Add MCP Server (3/3): name',
    value: suggested,
    validateInput: (value) => (value.trim() ? undefined : 'Required'),
  });
  if (!name) return;
  const [command, ...args] = target.trim().split(/\s+/);
  const definition = type.type === 'stdio' ? { type: 'stdio', command, args } : { type: type.type, url: target.trim() };
  const uri = vscode.Uri.joinPath(folder.uri, '.vscode', 'mcp.json');
  const outcome = await addServerToFile(uri, name.trim(), definition);
  if (outcome === 'added' || outcome === 'replaced') await vscode.window.showTextDocument(uri);
}
