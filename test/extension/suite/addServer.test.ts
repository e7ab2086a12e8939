// "Add Server…" in real VS Code loses nothing: it refuses a broken mcp.json (and the refusal takes
// the user to the error), asks before replacing a server of the same name (and keeps the file
// when told no), never writes after a failed read, and keeps every comment and untouched server.
// The flow's questions are answered by the test (a modal cannot be clicked from the host); the
// reading, editing and saving are VS Code's own.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { addServerToFile, type AddServerPrompts } from '../../../src/ui/servers/addServer';
import { McpJsonRefusal, openAt } from '../../../src/ui/tap/mcpJsonFile';

const definition = { type: 'http', url: 'http://127.0.0.1:9/mcp' };

/** Prompts that answer `replace` and remember what they were asked and shown. */
function scripted(replace: boolean): AddServerPrompts & { asked: string[]; failures: unknown[] } {
  const asked: string[] = [];
  const failures: unknown[] = [];
  return {
    asked,
    failures,
    confirmReplace: async (name) => {
      asked.push(name);
      return replace;
    },
    showFailure: async (error) => {
      failures.push(error);
    },
  };
}

describe('Add Server keeps mcp.json whole', function () {
  this.timeout(30_000);
  let folder: vscode.Uri;

  beforeEach(async () => {
    const root = vscode.workspace.workspaceFolders?.[0];
    assert.ok(root, 'a workspace folder');
    folder = vscode.Uri.joinPath(root.uri, `add-server-test-${Date.now()}`);
    await vscode.workspace.fs.createDirectory(folder);
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(folder, { recursive: true });
  });

  const read = async (uri: vscode.Uri) => Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');

  it('refuses a broken mcp.json, writes nothing, and the refusal opens the file at the error', async () => {
    const file = vscode.Uri.joinPath(folder, 'mcp.json');
    const broken = '{\n  // mine\n  "servers": {\n    "a": { "url": "http://a/" }\n    "b": {}\n  }\n}\n';
    await vscode.workspace.fs.writeFile(file, Buffer.from(broken));
    const prompts = scripted(true);
    assert.equal(await addServerToFile(file, 'x', definition, prompts), 'failed');
    assert.equal(await read(file), broken, 'the file is untouched');
    const [failure] = prompts.failures;
    assert.ok(failure instanceof McpJsonRefusal, String(failure));
    assert.match(failure.message, /line 5, column 5/);
    // The error message's button does this:
    const editor = await openAt(failure.uri, failure.offset);
    assert.deepEqual([editor.selection.active.line, editor.selection.active.character], [4, 4]);
    assert.equal(editor.document.uri.toString(), file.toString());
  });

  it('asks before replacing a server of the same name; "no" keeps the file, "Replace" changes only that server', async () => {
    const file = vscode.Uri.joinPath(folder, 'mcp.json');
    const original =
      '{\r\n\t// keep me\r\n\t"servers": {\r\n\t\t"x": { "url": "http://old/" }, // old x\r\n\t\t"y": {"command":"node" ,  "args": ["y.js"]}\r\n\t}\r\n}\r\n';
    await vscode.workspace.fs.writeFile(file, Buffer.from(original));

    const declined = scripted(false);
    assert.equal(await addServerToFile(file, 'x', definition, declined), 'kept');
    assert.deepEqual(declined.asked, ['x']);
    assert.equal(await read(file), original);

    const accepted = scripted(true);
    assert.equal(await addServerToFile(file, 'x', definition, accepted), 'replaced');
    const after = await read(file);
    assert.ok(after.includes('"url": "http://127.0.0.1:9/mcp"'), after);
    assert.ok(!after.includes('http://old/'));
    for (const kept of ['\t// keep me\r\n', ' // old x\r\n', '\t\t"y": {"command":"node" ,  "args": ["y.js"]}\r\n'])
      assert.ok(after.includes(kept), `kept ${JSON.stringify(kept)}:\n${after}`);

    const added = scripted(true);
    assert.equal(await addServerToFile(file, 'z', definition, added), 'added');
    assert.deepEqual(added.asked, [], 'a new name is not asked about');
  });

  it('never writes after a failed read, and creates a missing file', async () => {
    const unreadable = vscode.Uri.joinPath(folder, 'unreadable', 'mcp.json');
    await vscode.workspace.fs.createDirectory(unreadable);
    const prompts = scripted(true);
    assert.equal(await addServerToFile(unreadable, 'x', definition, prompts), 'failed');
    assert.equal((await vscode.workspace.fs.stat(unreadable)).type, vscode.FileType.Directory, 'nothing was written over it');
    assert.match(String(prompts.failures[0]), /Cannot read .*Nothing was changed/);

    const missing = vscode.Uri.joinPath(folder, 'new', 'mcp.json');
    assert.equal(await addServerToFile(missing, 'x', definition, scripted(true)), 'added');
    assert.deepEqual(Object.keys((JSON.parse(await read(missing)) as { servers: Record<string, unknown> }).servers), ['x']);
  });
});
