// A tapped entry never carries a literal secret: tapping "secretive" (a server in the workspace
// settings whose URL query and Authorization header hold literal credentials, planted by
// test/extension/harness/run-in-code-server.mjs) writes `${input:…}` references and password inputs into
// .vscode/mcp.json, and none of the planted values.

import * as assert from 'node:assert/strict';
import { parse } from 'jsonc-parser';
import * as vscode from 'vscode';
import { EXTENSION_ID, waitFor } from './ui/helpers';

interface Api {
  servers(): Array<{ name: string }>;
}

interface McpJson {
  inputs?: Array<{ id: string; type: string; password?: boolean }>;
  servers: Record<string, { url?: string; headers?: Record<string, string> }>;
}

describe('tapped entries', function () {
  this.timeout(60_000);

  it('hold password inputs instead of the literal credentials of the original (from the settings)', async () => {
    const planted = Object.values(JSON.parse(process.env.MCPSI_PLANTED_SECRETS ?? '{}') as Record<string, string>);
    assert.ok(planted.length >= 2, 'the runner planted secrets (run through test/extension/harness/run-in-code-server.mjs)');
    const inspector = await (vscode.extensions.getExtension<Api>(EXTENSION_ID) as vscode.Extension<Api>).activate();
    await waitFor(() => inspector.servers().some((server) => server.name === 'secretive'), 20_000, 'the "secretive" server');
    const folder = vscode.workspace.workspaceFolders?.[0] as vscode.WorkspaceFolder;
    const file = vscode.Uri.joinPath(folder.uri, '.vscode', 'mcp.json');
    const before = Buffer.from(await vscode.workspace.fs.readFile(file)).toString('utf8');
    try {
      const url = await vscode.commands.executeCommand<string>('mcpSessions.tapServer', 'secretive', { addToMcpJson: true });
      assert.ok(url, 'the tap started');
      const written = Buffer.from(await vscode.workspace.fs.readFile(file)).toString('utf8');
      for (const secret of planted) assert.ok(!written.includes(secret), `mcp.json holds a planted secret:\n${written}`);
      const json = parse(written) as McpJson;
      const entry = json.servers['secretive (tapped)'];
      assert.ok(entry, written);
      assert.equal(entry.headers?.Authorization, '${input:tapped.secretive.headers.Authorization}');
      assert.match(entry.url ?? '', /\?api_key=\$\{input:tapped\.secretive\.query\.api_key\}$/);
      assert.deepEqual(
        json.inputs?.map((input) => [input.id, input.type, input.password]),
        [
          ['tapped.secretive.headers.Authorization', 'promptString', true],
          ['tapped.secretive.query.api_key', 'promptString', true],
        ],
      );
      assert.ok(written.startsWith(before.slice(0, before.indexOf('"servers"'))), 'what came before the servers is untouched');
    } finally {
      await vscode.commands.executeCommand('mcpSessions.stopTap', 'secretive');
      const document = await vscode.workspace.openTextDocument(file);
      const edit = new vscode.WorkspaceEdit();
      edit.replace(file, new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), before);
      await vscode.workspace.applyEdit(edit);
      await document.save();
    }
  });
});
