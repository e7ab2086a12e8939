// The Servers view: a configured server shows with its state, and editing mcp.json adds and removes nodes live.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, labelOf, waitFor } from './helpers';

describe('ui: Servers view', () => {
  it("leads the workspace server's row with its short session id and state; era and transport are in the tooltip", async () => {
    const inspector = await api();
    await vscode.commands.executeCommand('mcpSessions.servers.focus');
    const server = await waitFor(
      () => inspector.servers().find((s) => s.name === 'everything' && s.model.handshake.state === 'ready' && s.model.session.id),
      20_000,
      'the everything server to hold a session',
    );
    const id = String(server.model.session.id);
    const item = await waitFor(
      () =>
        inspector
          .serverItems()
          .find((i) => labelOf(i) === 'everything' && String(i.contextValue).startsWith('server.connected') && String(i.description).includes('…')),
      20_000,
      'the everything node to show a connected session',
    );
    const description = String(item.description);
    assert.match(description, /^[^\s·]{4}…[^\s·]{4} · (healthy|degraded|down|ready)$/, description);
    assert.ok(description.startsWith(`${id.slice(0, 4)}…${id.slice(-4)}`), `${description} leads with the session ${id}`);
    const tooltip = (item.tooltip as vscode.MarkdownString).value;
    assert.match(tooltip, /Era \| (session|stateless)/, tooltip);
    assert.match(tooltip, /Streamable HTTP|SSE/, tooltip);
    assert.ok(item.iconPath instanceof vscode.ThemeIcon && item.iconPath.color, 'icon coloured by health');
    assert.ok(item.tooltip instanceof vscode.MarkdownString, 'Markdown tooltip');
    assert.ok(item.accessibilityInformation?.label.includes('everything'), 'accessible label');
  });

  it('adds a node when a server is added to mcp.json and removes it when it is deleted', async () => {
    const inspector = await api();
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'a workspace folder');
    const file = vscode.Uri.joinPath(folder.uri, '.vscode', 'mcp.json');
    const original = Buffer.from(await vscode.workspace.fs.readFile(file)).toString('utf8');
    const edited = original.replace('"servers": {', '"servers": {\n    "ui-test-added": { "type": "http", "url": "http://127.0.0.1:9/mcp" },');
    assert.notEqual(edited, original, 'the fixture mcp.json has a "servers" object');
    await vscode.workspace.fs.writeFile(file, Buffer.from(edited));
    try {
      await waitFor(() => inspector.serverItems().some((i) => labelOf(i) === 'ui-test-added'), 10_000, 'the added server node');
    } finally {
      await vscode.workspace.fs.writeFile(file, Buffer.from(original));
    }
    await waitFor(() => !inspector.serverItems().some((i) => labelOf(i) === 'ui-test-added'), 10_000, 'the removed server node to go away');
    assert.ok(
      inspector.serverItems().some((i) => labelOf(i) === 'everything'),
      'the other server stays',
    );
  });
});
