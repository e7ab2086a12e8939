import * as assert from 'node:assert/strict';
import { parseMcpJson, serverKey, serversFromSetting, mergeSources } from '../../../src/core/config';

const VALID = `{
  // comments and trailing commas are fine, as in VS Code
  "inputs": [{ "type": "promptString", "id": "token", "description": "API token", "password": true }],
  "servers": {
    "everything": { "type": "http", "url": "http://127.0.0.1:3001/mcp", "headers": { "Authorization": "Bearer \${input:token}" } },
    "local": { "command": "node", "args": ["\${workspaceFolder}/server.js"], "env": { "HOME_DIR": "\${env:HOME_DIR}" } },
  },
}`;

describe('mcp.json parsing', () => {
  it('reads servers with types inferred, variables resolved and key ranges kept', () => {
    const result = parseMcpJson(VALID, { file: '/w/.vscode/mcp.json', workspaceFolder: '/w', env: { HOME_DIR: '/home/u' } });
    assert.deepEqual(result.errors, []);
    const [http, stdio] = result.servers;
    assert.equal(http.type, 'http');
    assert.deepEqual(http.pendingInputs, ['token']);
    assert.deepEqual(http.source.range, { start: { line: 4, character: 4 }, end: { line: 4, character: 16 } });
    assert.equal(stdio.type, 'stdio');
    assert.deepEqual(stdio.args, ['/w/server.js']);
    assert.deepEqual(stdio.env, { HOME_DIR: '/home/u' });
    assert.equal(result.inputs[0].password, true);
  });

  it('resolves supplied inputs', () => {
    const result = parseMcpJson(VALID, { inputs: { token: 'abc' } });
    assert.equal(result.servers[0].headers?.Authorization, 'Bearer abc');
    assert.equal(result.servers[0].pendingInputs, undefined);
  });

  it('reports each problem with its exact range', () => {
    const text = '{ "servers": { "a": { "type": "grpc" }, "b": { "type": "http" }, "c": { "type": "stdio", "args": [1] }, "d": { "url": "ftp://x" } } }';
    const result = parseMcpJson(text);
    const codes = result.errors.map((error) => [error.code, error.server, text.slice(error.range!.start.character, error.range!.end.character)]);
    assert.deepEqual(codes, [
      ['unknown-type', 'a', '"grpc"'],
      ['missing-url', 'b', '"b"'],
      ['missing-command', 'c', '"c"'],
      ['invalid-url', 'd', '"ftp://x"'],
    ]);
    assert.equal(result.servers.length, 0);
  });

  it('keeps what parsed when the JSON is broken', () => {
    const result = parseMcpJson('{ "servers": { "a": { "url": "http://h/mcp" }, "b": { "url": } } }');
    assert.ok(result.errors.some((error) => error.code === 'invalid-json'));
    assert.equal(result.servers[0]?.name, 'a');
  });

  it('flags unknown variables and duplicate names', () => {
    const result = parseMcpJson('{ "servers": { "a": { "command": "${nope}" }, "a": { "url": "http://h/" } } }');
    assert.deepEqual(result.errors.map((error) => error.code).sort(), ['duplicate-server', 'unresolved-variable']);
    assert.equal(result.servers.length, 1);
    assert.equal(result.servers[0].type, 'http');
  });

  it('reads the mcpServers format of other clients and the setting', () => {
    const other = parseMcpJson('{ "mcpServers": { "x": { "command": "npx", "args": ["srv"] } } }', { rootKey: 'mcpServers', sourceKind: 'other-client', clientName: 'Claude Desktop' });
    assert.equal(other.servers[0].source.clientName, 'Claude Desktop');
    const setting = serversFromSetting({ y: { type: 'sse', url: 'http://h/sse' } });
    assert.equal(setting.servers[0].source.kind, 'setting');
    const merged = mergeSources([other, setting]);
    assert.deepEqual(merged.servers.map((server) => server.name), ['x', 'y']);
  });

  it('gives the same key to the same target and a different one when it changes', () => {
    const a = parseMcpJson('{ "servers": { "a": { "url": "http://h/mcp" } } }').servers[0];
    const b = parseMcpJson('{ "servers": { "b": { "url": "http://h/mcp" } } }').servers[0];
    const c = parseMcpJson('{ "servers": { "a": { "url": "http://h/other" } } }').servers[0];
    assert.equal(serverKey(a), serverKey(b));
    assert.notEqual(serverKey(a), serverKey(c));
  });
});

describe('mcp.json fuzz', () => {
  it('never throws on thousands of malformed or hostile files, and every error has a range inside the text', () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
    const fragments = ['{', '}', '[', ']', ',', ':', '"', '"servers"', '"type"', '"url"', '"command"', 'null', 'true', '1e999', '"__proto__"', '"constructor"', '"\u0000"', '"\ud800"', '//', '/*', '${input:', '"${env:X}"', '"http://"', ' '.repeat(50)];
    for (let i = 0; i < 3000; i++) {
      let text = VALID;
      const mode = i % 4;
      if (mode === 0) text = text.slice(0, Math.floor(random() * text.length));
      else if (mode === 1) {
        for (let j = 0; j < 5; j++) {
          const at = Math.floor(random() * text.length);
          text = text.slice(0, at) + pick(fragments) + text.slice(at + Math.floor(random() * 4));
        }
      } else if (mode === 2) text = Array.from({ length: 20 }, () => pick(fragments)).join('');
      else text = `{"servers":${'{"a":'.repeat(200)}1${'}'.repeat(200)}}`;
      const result = parseMcpJson(text, { file: 'f' });
      assert.ok(Array.isArray(result.servers) && Array.isArray(result.errors));
      const lines = text.split('\n').length;
      for (const error of result.errors) {
        assert.ok(error.range, `error without range: ${error.message}`);
        assert.ok(error.range.start.line < lines && error.range.end.line < lines);
      }
    }
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, 'type'), false);
  });
});

describe('other clients', () => {
  it('knows where Claude Desktop and Cursor keep their servers on each platform', async () => {
    const { otherClientConfigPaths } = await import('../../../src/core/config');
    const linux = otherClientConfigPaths({ home: '/home/u', platform: 'linux', folders: ['/w'] }).map((entry) => entry.file);
    assert.deepEqual(linux, ['/home/u/.config/Claude/claude_desktop_config.json', '/home/u/.cursor/mcp.json', '/w/.cursor/mcp.json']);
    const mac = otherClientConfigPaths({ home: '/Users/u', platform: 'darwin' })[0].file;
    assert.equal(mac, '/Users/u/Library/Application Support/Claude/claude_desktop_config.json');
  });

  it('reads existing files, names servers after their client, and skips missing ones', async () => {
    const { mkdtempSync, mkdirSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const { loadOtherClientConfigs } = await import('../../../src/core/config');
    const home = mkdtempSync(join(tmpdir(), 'clients-'));
    mkdirSync(join(home, '.cursor'));
    writeFileSync(join(home, '.cursor', 'mcp.json'), '{ "mcpServers": { "fs": { "command": "npx", "args": ["-y", "fs-server"] }, "remote": { "url": "https://h/mcp" } } }');
    const results = loadOtherClientConfigs([{ clientName: 'Cursor', file: join(home, '.cursor', 'mcp.json') }, { clientName: 'Claude Desktop', file: join(home, 'missing.json') }], {});
    assert.equal(results.length, 1);
    assert.deepEqual(results[0].servers.map((server) => [server.name, server.type, server.source.kind]), [['fs (Cursor)', 'stdio', 'other-client'], ['remote (Cursor)', 'http', 'other-client']]);
  });
});
