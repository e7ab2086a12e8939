import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { findServerRange, parseMcpJson } from '../../../src/core/config';
import type { ConfigError, ConfigResult } from '../../../src/core/config/types';
import { assertInside, fixture, textAt } from './helpers';

/** [code, server, severity, text under the range] for each error, in order. */
function located(text: string, result: ConfigResult): [string, string | undefined, string, string][] {
  return result.errors.map((error: ConfigError) => [error.code, error.server, error.severity, textAt(text, error.range)]);
}

const noEnvFiles = { readEnvFiles: false } as const;

describe('config: mcp.json (VS Code format)', () => {
  it('reads the full-featured fixture with comments and trailing commas, without errors', () => {
    const text = readFileSync(fixture('vscode-mcp.jsonc'), 'utf8');
    const result = parseMcpJson(text, { file: '/w/.vscode/mcp.json', workspaceFolder: '/w', env: { MCP_TEST_VALUE: 'v' }, pathSeparator: '/', ...noEnvFiles });
    assert.deepEqual(result.errors, []);
    assert.deepEqual(
      result.servers.map((server) => [server.name, server.type]),
      [
        ['remote', 'http'],
        ['legacy', 'sse'],
        ['local', 'stdio'],
        ['inferred-stdio', 'stdio'],
        ['inferred-http', 'http'],
      ],
    );
    const local = result.servers[2];
    assert.equal(local.command, 'node');
    assert.deepEqual(local.args, ['/w/server.js', '--name', 'w']);
    assert.deepEqual(local.env, { FROM_ENV: 'v', OVERRIDDEN: 'from-env' });
    assert.equal(local.envFile, '/w/.env');
    assert.equal(local.cwd, '/w');
    assert.deepEqual(result.inputs, [
      { id: 'api-token', type: 'promptString', description: 'API token', password: true },
      { id: 'region', type: 'promptString', description: 'Region', password: false, default: 'eu' },
    ]);
  });

  it('keeps the range of each server key and its source', () => {
    const text = readFileSync(fixture('vscode-mcp.jsonc'), 'utf8');
    const result = parseMcpJson(text, { file: '/w/.vscode/mcp.json', workspaceFolder: '/w', ...noEnvFiles });
    for (const server of result.servers) {
      assert.equal(textAt(text, server.source.range), JSON.stringify(server.name));
      assert.equal(server.source.kind, 'workspace-file');
      assert.equal(server.source.file, '/w/.vscode/mcp.json');
      assert.equal(server.source.workspaceFolder, '/w');
    }
    assert.deepEqual(result.servers[0].source.range, { start: { line: 8, character: 4 }, end: { line: 8, character: 12 } });
  });

  it('leaves unanswered inputs pending and resolves supplied ones (map or function)', () => {
    const text = readFileSync(fixture('vscode-mcp.jsonc'), 'utf8');
    const pending = parseMcpJson(text, noEnvFiles).servers[0];
    assert.deepEqual(pending.pendingInputs, ['region', 'api-token']);
    assert.equal(pending.url, 'https://mcp.example.com/${input:region}/mcp');
    const partly = parseMcpJson(text, { ...noEnvFiles, inputs: { region: 'us' } }).servers[0];
    assert.deepEqual(partly.pendingInputs, ['api-token']);
    assert.equal(partly.url, 'https://mcp.example.com/us/mcp');
    const asked: string[] = [];
    const resolved = parseMcpJson(text, { ...noEnvFiles, inputs: (id) => (asked.push(id), id === 'api-token' ? 's3cret' : 'eu') }).servers[0];
    assert.equal(resolved.pendingInputs, undefined);
    assert.equal(resolved.headers?.Authorization, 'Bearer s3cret');
    assert.deepEqual(asked, ['region', 'api-token']);
  });

  it('infers stdio from "command" and http from "url" when "type" is absent, and prefers command when both are there', () => {
    const result = parseMcpJson('{ "servers": { "a": { "command": "x" }, "b": { "url": "http://h/" }, "c": { "command": "y", "url": "http://h/" } } }');
    assert.deepEqual(
      result.servers.map((server) => server.type),
      ['stdio', 'http', 'stdio'],
    );
  });

  it('reads "streamableHttp" as http with a warning that VS Code spells it "http"', () => {
    const text = '{ "servers": { "a": { "type": "streamableHttp", "url": "http://h/" } } }';
    const result = parseMcpJson(text);
    assert.equal(result.servers[0].type, 'http');
    assert.deepEqual(located(text, result), [['unknown-type', 'a', 'warning', '"streamableHttp"']]);
  });

  it('returns nothing and no error for an empty or comment-only file', () => {
    for (const text of ['', '   \n', '// nothing yet\n', '{}', '{ "inputs": [] }']) {
      assert.deepEqual(parseMcpJson(text), { servers: [], errors: [], inputs: [] }, JSON.stringify(text));
    }
  });

  it('counts lines as VS Code does (\\r\\n, \\n and a lone \\r)', () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      const text = ['{', '  "servers": {', '    "a": { "type": "grpc" }', '  }', '}'].join(eol);
      const [error] = parseMcpJson(text).errors;
      assert.deepEqual(error.range, { start: { line: 2, character: 19 }, end: { line: 2, character: 25 } });
      assert.equal(textAt(text, error.range), '"grpc"');
    }
  });
});

describe('config: every error code with its exact range', () => {
  it('invalid-json: each parse error at its place, and what parsed is still returned', () => {
    const text = '{\n  "servers": {\n    "ok": { "url": "http://h/mcp" },\n    "bad": { "url": },\n  }\n';
    const result = parseMcpJson(text, { file: 'f' });
    const json = result.errors.filter((error) => error.code === 'invalid-json');
    assert.ok(json.length >= 2);
    assert.deepEqual(json[0].range, { start: { line: 3, character: 20 }, end: { line: 3, character: 21 } });
    assert.equal(textAt(text, json[0].range), '}');
    assert.equal(json[0].file, 'f');
    assert.deepEqual(json[json.length - 1].range!.end, { line: 5, character: 0 });
    assert.deepEqual(
      result.servers.map((server) => server.name),
      ['ok'],
    );
  });

  it('invalid-json: a value nested too deep is cut out and reported, the rest still read', () => {
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    const text = `{ "servers": { "a": { "url": "http://h/" }, "b": { "url": "http://h/", "x": ${deep} } } }`;
    const result = parseMcpJson(text);
    assert.deepEqual(
      result.servers.map((server) => server.name),
      ['a', 'b'],
    );
    const [error] = result.errors;
    assert.equal(error.code, 'invalid-json');
    assert.equal(textAt(text, error.range), deep.slice(125, deep.length - 125));
  });

  it('not-an-object: the root, "servers", and a server definition', () => {
    for (const [text, under] of [
      ['[1, 2]', '[1, 2]'],
      ['"servers"', '"servers"'],
      ['{ "servers": [ { "a": 1 } ] }', '[ { "a": 1 } ]'],
      ['{ "servers": { "a": "http://h/" } }', '"http://h/"'],
    ]) {
      const result = parseMcpJson(text);
      assert.deepEqual(
        located(text, result).map(([code, , , at]) => [code, at]),
        [['not-an-object', under]],
        text,
      );
      assert.deepEqual(result.servers, []);
    }
  });

  it('unknown-type: the type value, for unknown strings and non-strings', () => {
    const text = '{ "servers": { "a": { "type": "grpc", "url": "http://h/" }, "b": { "type": 7, "command": "x" } } }';
    assert.deepEqual(located(text, parseMcpJson(text)), [
      ['unknown-type', 'a', 'error', '"grpc"'],
      ['unknown-type', 'b', 'error', '7'],
    ]);
  });

  it('missing-url: the server key when absent, the value when empty', () => {
    const text = '{ "servers": { "a": { "type": "http" }, "b": { "type": "sse", "url": "  " } } }';
    assert.deepEqual(located(text, parseMcpJson(text)), [
      ['missing-url', 'a', 'error', '"a"'],
      ['missing-url', 'b', 'error', '"  "'],
    ]);
  });

  it('missing-command: the server key when absent (typed or untyped), the value when empty', () => {
    const text = '{ "servers": { "a": { "type": "stdio", "args": ["x"] }, "b": { "env": {} }, "c": { "command": "" } } }';
    assert.deepEqual(located(text, parseMcpJson(text)), [
      ['missing-command', 'a', 'error', '"a"'],
      ['missing-command', 'b', 'error', '"b"'],
      ['missing-command', 'c', 'error', '""'],
    ]);
  });

  it('invalid-url: not a URL, or not http(s)', () => {
    const text = '{ "servers": { "a": { "url": "ftp://h/x" }, "b": { "url": "not a url" }, "c": { "type": "sse", "url": "file:///etc/passwd" } } }';
    const result = parseMcpJson(text);
    assert.deepEqual(located(text, result), [
      ['invalid-url', 'a', 'error', '"ftp://h/x"'],
      ['invalid-url', 'b', 'error', '"not a url"'],
      ['invalid-url', 'c', 'error', '"file:///etc/passwd"'],
    ]);
    assert.deepEqual(result.servers, []);
  });

  it('invalid-url is not reported while the URL still waits for an input', () => {
    const result = parseMcpJson('{ "inputs": [{ "type": "promptString", "id": "u" }], "servers": { "a": { "url": "${input:u}" } } }');
    assert.deepEqual(result.errors, []);
    assert.deepEqual(result.servers[0].pendingInputs, ['u']);
    const resolved = parseMcpJson('{ "inputs": [{ "type": "promptString", "id": "u" }], "servers": { "a": { "url": "${input:u}" } } }', {
      inputs: { u: 'gopher://x' },
    });
    assert.equal(resolved.errors[0].code, 'invalid-url');
  });

  it('invalid-field: wrong types point at the exact value', () => {
    const text = [
      '{ "servers": {',
      '  "a": { "command": "x", "args": "--flag" },',
      '  "b": { "command": "x", "args": ["ok", 1, { "no": 1 }] },',
      '  "c": { "command": "x", "env": { "A": "1", "B": { "nested": true }, "C": 3, "D": null } },',
      '  "d": { "url": "http://h/", "headers": ["x"] },',
      '  "e": { "url": "http://h/", "headers": { "bad header": "v", "X-Ok": "a\\nb" } },',
      '  "f": { "command": ["x"] },',
      '  "g": { "command": "x", "cwd": 1, "envFile": false },',
      '  "": { "command": "x" }',
      '} }',
    ].join('\n');
    assert.deepEqual(located(text, parseMcpJson(text)), [
      ['invalid-field', 'a', 'error', '"--flag"'],
      ['invalid-field', 'b', 'error', '1'],
      ['invalid-field', 'b', 'error', '{ "no": 1 }'],
      ['invalid-field', 'c', 'error', '{ "nested": true }'],
      ['invalid-field', 'c', 'warning', 'null'],
      ['invalid-field', 'd', 'error', '["x"]'],
      ['invalid-field', 'e', 'error', '"bad header"'],
      ['invalid-field', 'e', 'error', '"a\\nb"'],
      ['invalid-field', 'f', 'error', '["x"]'],
      ['invalid-field', 'g', 'error', 'false'],
      ['invalid-field', 'g', 'error', '1'],
      ['invalid-field', '', 'error', '""'],
    ]);
  });

  it('invalid-field: a server with only warnings is kept; numbers in env and headers become text', () => {
    const result = parseMcpJson('{ "servers": { "c": { "command": "x", "env": { "N": 3, "B": true, "D": null } } } }');
    assert.deepEqual(result.servers[0].env, { N: '3', B: 'true' });
    assert.deepEqual(
      result.errors.map((error) => error.severity),
      ['warning'],
    );
  });

  it('invalid-field: bad inputs are reported and skipped', () => {
    const text = '{ "inputs": [ 1, { "type": "promptString" }, { "id": "a", "password": "yes" }, { "id": "a" } ], "servers": {} }';
    const result = parseMcpJson(text);
    assert.deepEqual(located(text, result), [
      ['invalid-field', undefined, 'warning', '1'],
      ['invalid-field', undefined, 'warning', '{ "type": "promptString" }'],
      ['invalid-field', undefined, 'warning', '"yes"'],
      ['invalid-field', undefined, 'warning', '"a"'],
    ]);
    assert.deepEqual(result.inputs, [{ id: 'a', type: 'promptString', password: false }]);
    const notArray = '{ "inputs": {}, "servers": {} }';
    assert.deepEqual(located(notArray, parseMcpJson(notArray)), [['invalid-field', undefined, 'error', '{}']]);
  });

  it('invalid-field: "mcpServers" in a VS Code file is read, with a warning on the key', () => {
    const text = '{ "mcpServers": { "a": { "command": "x" } } }';
    const result = parseMcpJson(text);
    assert.equal(result.servers[0].name, 'a');
    assert.deepEqual(located(text, result), [['invalid-field', undefined, 'warning', '"mcpServers"']]);
  });

  it('unresolved-variable: exactly the ${…}, also after escapes in the string', () => {
    const text =
      '{ "servers": { "a": { "command": "\\t\\u0041${nope}/${workspaceFolder}", "args": ["${config:x}"], "env": { "K": "${input:undeclared}" } } } }';
    const result = parseMcpJson(text, { file: '/f' });
    assert.deepEqual(located(text, result), [
      ['unresolved-variable', 'a', 'warning', '${nope}'],
      ['unresolved-variable', 'a', 'warning', '${workspaceFolder}'],
      ['unresolved-variable', 'a', 'warning', '${config:x}'],
      ['unresolved-variable', 'a', 'warning', '${input:undeclared}'],
    ]);
    assert.equal(result.servers[0].command, '\tA${nope}/${workspaceFolder}');
    assert.deepEqual(result.servers[0].pendingInputs, ['undeclared']);
  });

  it('duplicate-server within a file: the ignored (earlier) key is flagged and the last definition wins, even when it is broken', () => {
    const text = '{ "servers": {\n  "a": { "command": "x" },\n  "a": { "url": "http://h/" },\n  "b": { "url": "http://h/" },\n  "b": { "type": "grpc" }\n} }';
    const result = parseMcpJson(text);
    assert.deepEqual(located(text, result), [
      ['duplicate-server', 'a', 'warning', '"a"'],
      ['duplicate-server', 'b', 'warning', '"b"'],
      ['unknown-type', 'b', 'error', '"grpc"'],
    ]);
    assert.deepEqual(result.errors[0].range!.start, { line: 1, character: 2 });
    assert.match(result.errors[0].message, /line 3/);
    assert.deepEqual(
      result.servers.map((server) => [server.name, server.type]),
      [['a', 'http']],
    );
  });

  it('every error carries the file it belongs to', () => {
    const result = parseMcpJson('{ "servers": { "a": { "type": "grpc" } } }', { file: '/w/.vscode/mcp.json' });
    assert.equal(result.errors[0].file, '/w/.vscode/mcp.json');
  });
});

describe('config: findServerRange', () => {
  it('finds the key of the last definition of a name, in either format', () => {
    const text = '{\n  // x\n  "servers": { "a": {}, "b": {},\n "b": {} }\n}';
    assert.deepEqual(findServerRange(text, 'b'), { start: { line: 3, character: 1 }, end: { line: 3, character: 4 } });
    assert.equal(findServerRange(text, 'zzz'), undefined);
    const other = '{ "mcpServers": { "x": {} } }';
    assert.equal(textAt(other, findServerRange(other, 'x')), '"x"');
    assert.equal(findServerRange('not json at all [', 'x'), undefined);
    assert.equal(findServerRange(`{"servers":${'['.repeat(50_000)}`, 'x'), undefined);
  });

  it('gives a range inside the text even for broken files', () => {
    const text = '{ "servers": { "a": { "url": ';
    const range = findServerRange(text, 'a');
    assert.ok(range);
    assertInside(text, range);
  });
});
