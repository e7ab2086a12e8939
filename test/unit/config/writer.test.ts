import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { applyEdits } from 'jsonc-parser';
import { addServerEdits, addServerToMcpJson, detectFormatting, findServerRange, parseMcpJson, removeServerEdits } from '../../../src/core/config';
import { fixture, textAt } from './helpers';

const http = { type: 'http', url: 'http://127.0.0.1:3001/mcp' };

describe('config: writing servers into mcp.json', () => {
  it('creates the skeleton in an empty file', () => {
    assert.equal(
      addServerToMcpJson('', 'everything', http),
      '{\n  "servers": {\n    "everything": {\n      "type": "http",\n      "url": "http://127.0.0.1:3001/mcp"\n    }\n  }\n}\n',
    );
    const commented = addServerToMcpJson('// my servers\n', 'x', http);
    assert.ok(commented.startsWith('// my servers\n{'));
    assert.equal(parseMcpJson(commented).servers[0].name, 'x');
  });

  it('adds to the fixture keeping every comment, trailing comma and untouched line', () => {
    const before = readFileSync(fixture('vscode-mcp.jsonc'), 'utf8');
    const result = addServerEdits(before, 'added', { command: 'node', args: ['x.js'] });
    assert.ok(result.ok);
    const after = result.text;
    for (const line of before.split('\n')) assert.ok(after.includes(line), `lost line: ${line}`);
    assert.equal(applyEdits(before, result.edits), after);
    const parsed = parseMcpJson(after, { readEnvFiles: false, workspaceFolder: '/w' });
    assert.deepEqual(parsed.errors, []);
    assert.equal(parsed.servers.at(-1)?.name, 'added');
    assert.equal(textAt(after, findServerRange(after, 'added')), '"added"');
    assert.match(after, /\n {4}"added": \{\n {6}"command": "node",\n {6}"args": \[\n {8}"x\.js"\n {6}\]\n {4}\},\n {2}\},\n\}\n$/);
  });

  it('keeps a comment that follows the last server on its line', () => {
    const before = '{\n  "servers": {\n    "a": { "url": "http://a/" } // the first\n  }\n}\n';
    const after = addServerToMcpJson(before, 'b', http);
    assert.ok(after.includes('"a": { "url": "http://a/" }, // the first\n    "b": {'), after);
    assert.deepEqual(
      parseMcpJson(after).servers.map((server) => server.name),
      ['a', 'b'],
    );
  });

  it("follows the file's indentation (tabs, 4 spaces) and line endings", () => {
    const tabs = addServerToMcpJson('{\n\t"inputs": []\n}', 'x', http);
    assert.equal(tabs, '{\n\t"inputs": [],\n\t"servers": {\n\t\t"x": {\n\t\t\t"type": "http",\n\t\t\t"url": "http://127.0.0.1:3001/mcp"\n\t\t}\n\t}\n}');
    const crlf = addServerToMcpJson('{\r\n    "servers": {}\r\n}\r\n', 'x', http);
    assert.equal(
      crlf,
      '{\r\n    "servers": {\r\n        "x": {\r\n            "type": "http",\r\n            "url": "http://127.0.0.1:3001/mcp"\r\n        }\r\n    }\r\n}\r\n',
    );
    assert.deepEqual(detectFormatting(''), { insertSpaces: true, tabSize: 2, eol: '\n' });
  });

  it('refuses (with a reason) rather than guess: broken JSON, servers not an object, existing name, empty name', () => {
    const refusals = [
      addServerEdits('{ "servers": { "a": ', 'x', http),
      addServerEdits('[]', 'x', http),
      addServerEdits('{ "servers": [] }', 'x', http),
      addServerEdits('{ "servers": { "x": {} } }', 'x', http),
      addServerEdits('{}', '  ', http),
    ];
    for (const result of refusals) assert.equal(result.ok, false);
    assert.deepEqual(
      refusals.map((result) => (result.ok ? '' : result.message.split(' ')[0])),
      ['mcp.json', 'mcp.json', '"servers"', 'A', 'A'],
    );
    assert.equal(addServerToMcpJson('{ "servers": { "a": ', 'x', http), '{ "servers": { "a": ', 'the compatible wrapper leaves a broken file alone');
  });

  it('says where a broken file is broken (line, column, offset), so the user can be taken there', () => {
    const broken = '{\n  "servers": {\n    "a": { "url": "http://a/" }\n    "b": {}\n  }\n}\n';
    const result = addServerEdits(broken, 'x', http);
    assert.equal(result.ok, false);
    assert.ok(!result.ok);
    assert.match(result.message, /line 4, column 5: CommaExpected\. Fix it first; nothing was changed\./);
    assert.equal(result.offset, broken.indexOf('"b"'));
    const removal = removeServerEdits(broken, 'a');
    assert.ok(!removal.ok && removal.offset === broken.indexOf('"b"'));
  });

  it('replaces an existing server when asked to, in place', () => {
    const before = '{\n  // keep\n  "servers": {\n    "x": { "url": "http://old/" },\n    "y": { "command": "z" }\n  }\n}';
    const after = addServerToMcpJson(before, 'x', http);
    assert.ok(after.includes('// keep') && after.includes('"y": { "command": "z" }'));
    assert.deepEqual(
      parseMcpJson(after).servers.map((server) => [server.name, server.url ?? server.command]),
      [
        ['x', 'http://127.0.0.1:3001/mcp'],
        ['y', 'z'],
      ],
    );
  });

  it('adds "servers" after other top-level properties written on one line without reflowing them', () => {
    const before = '{\n  "inputs": [{ "type": "promptString", "id": "t" }] // why\n}';
    const after = addServerToMcpJson(before, 'x', http);
    assert.ok(after.includes('"inputs": [{ "type": "promptString", "id": "t" }], // why\n  "servers": {'), after);
    assert.equal(parseMcpJson(after).servers[0].name, 'x');
  });

  it('removes a server', () => {
    const before = '{\n  "servers": {\n    "a": { "url": "http://a/" }, // a\n    "b": { "url": "http://b/" }\n  }\n}';
    const result = removeServerEdits(before, 'b');
    assert.ok(result.ok);
    assert.deepEqual(
      parseMcpJson(result.text).servers.map((server) => server.name),
      ['a'],
    );
    assert.ok(result.text.includes('// a'));
    assert.equal(removeServerEdits(before, 'zzz').ok, false);
  });
});

describe('config: removing servers keeps the neighbours', () => {
  it('removes a middle server with its line and trailing comment, leaving the rest untouched', () => {
    const before = '{\n  "servers": {\n    "a": { "url": "http://a/" }, // a\n    "b": { "url": "http://b/" }, // b\n    "c": { "url": "http://c/" }\n  }\n}';
    const result = removeServerEdits(before, 'b');
    assert.ok(result.ok);
    assert.equal(result.text, '{\n  "servers": {\n    "a": { "url": "http://a/" }, // a\n    "c": { "url": "http://c/" }\n  }\n}');
  });
});

describe('config: adding then removing a server restores the file', () => {
  it('leaves no trailing comma behind (the tap adds and removes its "(tapped)" entry this way)', () => {
    const before = '{\n  // mine\n  "servers": {\n    "a": { "type": "http", "url": "http://a/" } // keep\n  }\n}\n';
    const added = addServerEdits(before, 'a (tapped)', { type: 'http', url: 'http://127.0.0.1:1/mcp' });
    assert.ok(added.ok);
    const removed = removeServerEdits(added.text, 'a (tapped)');
    assert.ok(removed.ok);
    assert.equal(removed.text, before);
  });
});
