// "Add Server…": a short quick-input flow (name, transport, URL or command) that writes the new
// entry into the first workspace folder's `.vscode/mcp.json`, keeping its comments.

import * as vscode from 'vscode';
import { addServerToMcpJson } from '../core/config';

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
  const suggested = type.type === 'stdio' ? target.trim().split(/\s+/).pop()?.split('/').pop() ?? 'server' : new URL(target).hostname;
  const name = await vscode.window.showInputBox({ title: 'Add MCP Server (3/3): name', value: suggested, validateInput: (value) => (value.trim() ? undefined : 'Required') });
  if (!name) return;
  const [command, ...args] = target.trim().split(/\s+/);
  const definition = type.type === 'stdio' ? { type: 'stdio', command, args } : { type: type.type, url: target.trim() };
  const uri = vscode.Uri.joinPath(folder.uri, '.vscode', 'mcp.json');
  let text = '';
  try {
    text = Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
  } catch {
    text = '';
  }
  await vscode.workspace.fs.writeFile(uri, Buffer.from(addServerToMcpJson(text, name.trim(), definition)));
  await vscode.window.showTextDocument(uri);
}
