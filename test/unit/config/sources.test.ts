import * as assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  commandLineOf,
  loadOtherClientConfigs,
  loadWorkspaceConfig,
  mergeSources,
  otherClientConfigPaths,
  parseMcpJson,
  parseOtherClientConfig,
  serverKey,
  serversFromSetting,
} from '../../../src/core/config';
import type { ServerConfig } from '../../../src/core/config/types';
import { fixture, tempDir, textAt } from './helpers';

describe('config: workspace file', () => {
  let temp: ReturnType<typeof tempDir>;
  beforeEach(() => (temp = tempDir()));
  afterEach(() => temp.cleanup());

  it('reads <folder>/.vscode/mcp.json with the folder as ${workspaceFolder} and the envFile merged', () => {
    mkdirSync(join(temp.dir, '.vscode'));
    copyFileSync(fixture('vscode-mcp.jsonc'), join(temp.dir, '.vscode', 'mcp.json'));
    copyFileSync(fixture('sample.env'), join(temp.dir, '.env'));
    const result = loadWorkspaceConfig(temp.dir, { env: { MCP_TEST_VALUE: 'x' } });
    const local = result.servers.find((server) => server.name === 'local')!;
    assert.equal(local.source.file, join(temp.dir, '.vscode', 'mcp.json'));
    assert.equal(local.cwd, temp.dir);
    assert.equal(local.env?.FROM_FILE, 'plain value');
    assert.equal(local.env?.OVERRIDDEN, 'from-env');
    assert.equal(local.env?.FROM_ENV, 'x');
    assert.deepEqual(
      result.errors.map((error) => error.file),
      [join(temp.dir, '.env')],
    );
  });

  it('treats an absent file (or absent .vscode) as no servers and no error', () => {
    assert.deepEqual(loadWorkspaceConfig(temp.dir), { servers: [], errors: [], inputs: [] });
    writeFileSync(join(temp.dir, '.vscode'), 'a file, not a folder');
    assert.deepEqual(loadWorkspaceConfig(temp.dir), { servers: [], errors: [], inputs: [] });
  });

  it('reports a file that exists but cannot be read as unreadable-file', () => {
    mkdirSync(join(temp.dir, '.vscode', 'mcp.json'), { recursive: true });
    const result = loadWorkspaceConfig(temp.dir);
    assert.deepEqual(
      result.errors.map((error) => [error.code, error.severity, error.file]),
      [['unreadable-file', 'error', join(temp.dir, '.vscode', 'mcp.json')]],
    );
    assert.deepEqual(result.errors[0].range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
  });

  it('ignores a UTF-8 byte order mark and keeps ranges where VS Code shows them', () => {
    mkdirSync(join(temp.dir, '.vscode'));
    writeFileSync(join(temp.dir, '.vscode', 'mcp.json'), '\ufeff{ "servers": { "a": { "type": "grpc" } } }');
    const [error] = loadWorkspaceConfig(temp.dir).errors;
    assert.deepEqual([error.code, error.range?.start.character], ['unknown-type', 30]);
  });
});

describe('config: the mcpSessions.servers setting', () => {
  it('reads the same schema, with source kind "setting" and no ranges', () => {
    const result = serversFromSetting(
      { api: { type: 'sse', url: 'http://h/sse', headers: { 'X-Key': '${env:K}' } }, tool: { command: 'node', args: ['s.js'] } },
      { env: { K: 'k' } },
    );
    assert.deepEqual(result.errors, []);
    assert.deepEqual(
      result.servers.map((server) => [server.name, server.type, server.source]),
      [
        ['api', 'sse', { kind: 'setting' }],
        ['tool', 'stdio', { kind: 'setting' }],
      ],
    );
    assert.deepEqual(result.servers[0].headers, { 'X-Key': 'k' });
  });

  it('reports errors without file or range, naming the setting', () => {
    const result = serversFromSetting({ a: { url: 'ftp://x' }, b: 'nope', c: { command: 'x', args: [1] } });
    assert.deepEqual(
      result.errors.map((error) => [error.code, error.server, error.range, error.file]),
      [
        ['invalid-url', 'a', undefined, undefined],
        ['not-an-object', 'b', undefined, undefined],
        ['invalid-field', 'c', undefined, undefined],
      ],
    );
    assert.ok(result.errors.every((error) => error.message.startsWith('mcpSessions.servers: ')));
    assert.deepEqual(
      serversFromSetting([1]).errors.map((error) => error.code),
      ['not-an-object'],
    );
  });

  it('accepts undefined/null (no setting) and survives hostile values', () => {
    assert.deepEqual(serversFromSetting(undefined), { servers: [], errors: [], inputs: [] });
    assert.deepEqual(serversFromSetting(null), { servers: [], errors: [], inputs: [] });
    const cyclic: Record<string, unknown> = { command: 'x' };
    cyclic.args = [cyclic];
    const hostile = JSON.parse('{ "__proto__": { "command": "x" }, "constructor": { "url": "http://h/" } }') as unknown;
    const result = serversFromSetting(hostile);
    assert.deepEqual(
      result.servers.map((server) => server.name),
      ['__proto__', 'constructor'],
    );
    assert.equal(serversFromSetting({ loop: cyclic }).servers.length, 0);
    const throwing = {
      get bad(): unknown {
        throw new Error('getter');
      },
    };
    assert.equal(serversFromSetting(Object.defineProperty({}, 'x', { enumerable: true, get: () => throwing.bad })).errors[0].code, 'not-an-object');
    assert.equal(({} as Record<string, unknown>).command, undefined);
  });
});

describe('config: other clients', () => {
  let temp: ReturnType<typeof tempDir>;
  beforeEach(() => (temp = tempDir()));
  afterEach(() => temp.cleanup());

  it('knows where Claude Desktop and Cursor keep their servers on each platform', () => {
    assert.deepEqual(otherClientConfigPaths({ home: '/home/u', platform: 'linux', folders: ['/w'] }), [
      { clientName: 'Claude Desktop', file: '/home/u/.config/Claude/claude_desktop_config.json' },
      { clientName: 'Cursor', file: '/home/u/.cursor/mcp.json' },
      { clientName: 'Cursor', file: '/w/.cursor/mcp.json', workspaceFolder: '/w' },
    ]);
    assert.equal(otherClientConfigPaths({ home: '/home/u', platform: 'linux', xdgConfigHome: '/xdg' })[0].file, '/xdg/Claude/claude_desktop_config.json');
    assert.equal(
      otherClientConfigPaths({ home: '/Users/u', platform: 'darwin' })[0].file,
      '/Users/u/Library/Application Support/Claude/claude_desktop_config.json',
    );
    const windows = otherClientConfigPaths({ home: 'C:\\Users\\u', platform: 'win32', appData: 'C:\\Users\\u\\AppData\\Roaming' });
    assert.deepEqual(
      windows.map((entry) => entry.file),
      ['C:\\Users\\u\\AppData\\Roaming\\Claude\\claude_desktop_config.json', 'C:\\Users\\u\\.cursor\\mcp.json'],
    );
    assert.equal(
      otherClientConfigPaths({ home: 'C:\\Users\\u', platform: 'win32' })[0].file,
      'C:\\Users\\u\\AppData\\Roaming\\Claude\\claude_desktop_config.json',
    );
  });

  it('reads Claude Desktop format: inferred transports, explicit sse, no variable substitution', () => {
    const file = fixture('claude_desktop_config.json');
    const text = readFileSync(file, 'utf8');
    const result = parseOtherClientConfig(text, { file, clientName: 'Claude Desktop', env: { HOME: '/home/u' } });
    assert.deepEqual(result.errors, []);
    assert.deepEqual(
      result.servers.map((server) => [server.name, server.type, server.source.kind, server.source.clientName]),
      [
        ['filesystem', 'stdio', 'other-client', 'Claude Desktop'],
        ['remote', 'sse', 'other-client', 'Claude Desktop'],
        ['billing', 'http', 'other-client', 'Claude Desktop'],
      ],
    );
    assert.deepEqual(result.servers[0].args, ['-y', '@modelcontextprotocol/server-filesystem', '${HOME}/Desktop']);
    assert.equal(textAt(text, result.servers[1].source.range), '"remote"');
  });

  it('reads Cursor format: ${env:…} and ${userHome} substituted, "streamable-http" accepted silently', () => {
    const result = parseOtherClientConfig(readFileSync(fixture('cursor-mcp.json'), 'utf8'), {
      clientName: 'Cursor',
      env: { DOCS_KEY: 'k' },
      userHome: '/home/u',
    });
    assert.deepEqual(result.errors, []);
    assert.deepEqual(
      result.servers.map((server) => [server.name, server.type]),
      [
        ['docs', 'http'],
        ['streamable', 'http'],
        ['tool', 'stdio'],
      ],
    );
    assert.deepEqual(result.servers[0].headers, { API_KEY: 'k' });
    assert.equal(result.servers[2].command, '/home/u/bin/tool');
  });

  it('accepts the other url spellings of other clients (serverUrl) but not in VS Code files', () => {
    assert.equal(
      parseOtherClientConfig('{ "mcpServers": { "w": { "serverUrl": "https://h/mcp" } } }', { clientName: 'Cursor' }).servers[0].url,
      'https://h/mcp',
    );
    assert.equal(parseMcpJson('{ "servers": { "w": { "serverUrl": "https://h/mcp" } } }').errors[0].code, 'missing-command');
  });

  it("reports errors in other clients' files with ranges", () => {
    const text = '{ "mcpServers": { "x": { "url": "ws://h" } } }';
    const result = parseOtherClientConfig(text, { clientName: 'Cursor', file: '/c.json' });
    assert.deepEqual(
      result.errors.map((error) => [error.code, error.file, textAt(text, error.range)]),
      [['invalid-url', '/c.json', '"ws://h"']],
    );
  });

  it('loads existing files, names servers after their client, skips missing ones and reports unreadable ones', () => {
    mkdirSync(join(temp.dir, '.cursor'));
    copyFileSync(fixture('cursor-mcp.json'), join(temp.dir, '.cursor', 'mcp.json'));
    mkdirSync(join(temp.dir, 'project', '.cursor', 'mcp.json'), { recursive: true });
    const results = loadOtherClientConfigs(
      [
        { clientName: 'Cursor', file: join(temp.dir, '.cursor', 'mcp.json') },
        { clientName: 'Claude Desktop', file: join(temp.dir, 'missing.json') },
        { clientName: 'Cursor', file: join(temp.dir, 'project', '.cursor', 'mcp.json'), workspaceFolder: join(temp.dir, 'project') },
      ],
      { DOCS_KEY: 'k' },
    );
    assert.equal(results.length, 2);
    assert.deepEqual(
      results[0].servers.map((server) => server.name),
      ['docs (Cursor)', 'streamable (Cursor)', 'tool (Cursor)'],
    );
    assert.deepEqual(
      results[1].errors.map((error) => [error.code, error.severity]),
      [['unreadable-file', 'warning']],
    );
  });

  it('resolves ${workspaceFolder} in a project-level Cursor file', () => {
    mkdirSync(join(temp.dir, '.cursor'));
    writeFileSync(
      join(temp.dir, '.cursor', 'mcp.json'),
      '{ "mcpServers": { "p": { "command": "${workspaceFolder}/run", "args": [] }, "bad": { "type": "grpc" } } }',
    );
    const [result] = loadOtherClientConfigs([{ clientName: 'Cursor', file: join(temp.dir, '.cursor', 'mcp.json'), workspaceFolder: temp.dir }], {});
    assert.equal(result.servers[0].command, `${temp.dir}/run`);
    assert.equal(result.errors[0].server, 'bad (Cursor)');
  });
});

describe('config: merging sources', () => {
  const file = (name: string, url: string, path: string, line: number) =>
    parseMcpJson(`${'\n'.repeat(line)}{ "servers": { ${JSON.stringify(name)}: { "url": ${JSON.stringify(url)} } } }`, { file: path });

  it('keeps every server, in order, and combines errors and inputs (first input declaration wins)', () => {
    const a = parseMcpJson(
      '{ "inputs": [{ "type": "promptString", "id": "t", "description": "first" }], "servers": { "a": { "url": "http://a/" }, "bad": {} } }',
    );
    const b = parseMcpJson('{ "inputs": [{ "type": "promptString", "id": "t", "description": "second" }], "servers": { "b": { "command": "x" } } }');
    const merged = mergeSources([a, b, serversFromSetting({ c: { url: 'http://c/' } })]);
    assert.deepEqual(
      merged.servers.map((server) => server.name),
      ['a', 'b', 'c'],
    );
    assert.deepEqual(
      merged.errors.map((error) => error.code),
      ['missing-command'],
    );
    assert.deepEqual(
      merged.inputs.map((input) => input.description),
      ['first'],
    );
  });

  it('lets the later source win and warns at the ignored definition in its file', () => {
    const first = file('db', 'http://one/', '/w1/.vscode/mcp.json', 2);
    const second = file('db', 'http://two/', '/w2/.vscode/mcp.json', 0);
    const merged = mergeSources([first, second]);
    assert.deepEqual(
      merged.servers.map((server) => server.url),
      ['http://two/'],
    );
    assert.deepEqual(
      merged.errors.map((error) => [error.code, error.severity, error.file, error.range?.start.line, error.server]),
      [['duplicate-server', 'warning', '/w1/.vscode/mcp.json', 2, 'db']],
    );
    assert.match(merged.errors[0].message, /\/w2\/\.vscode\/mcp\.json line 1; that definition is used/);
  });

  it('points the warning at the winner when the ignored definition has no file (the setting)', () => {
    const merged = mergeSources([serversFromSetting({ db: { url: 'http://setting/' } }), file('db', 'http://file/', '/w/.vscode/mcp.json', 0)]);
    assert.equal(merged.servers[0].url, 'http://file/');
    assert.equal(merged.errors[0].file, '/w/.vscode/mcp.json');
    assert.match(merged.errors[0].message, /mcpSessions\.servers setting; this definition is used/);
  });

  it('keeps the first position of a name that is redefined later', () => {
    const merged = mergeSources([
      parseMcpJson('{ "servers": { "a": { "url": "http://a/" }, "b": { "url": "http://b/" } } }'),
      serversFromSetting({ a: { url: 'http://a2/' } }),
    ]);
    assert.deepEqual(
      merged.servers.map((server) => [server.name, server.url]),
      [
        ['a', 'http://a2/'],
        ['b', 'http://b/'],
      ],
    );
  });
});

describe('config: identity and redaction', () => {
  const one = (text: string): ServerConfig => parseMcpJson(text).servers[0];

  it('gives the same key to the same target whatever the name, and a new key when it changes', () => {
    const base = one('{ "servers": { "a": { "url": "http://h/mcp", "headers": { "A": "1" } } } }');
    assert.equal(serverKey(base), serverKey(one('{ "servers": { "b": { "url": "http://h/mcp", "headers": { "A": "1" } } } }')));
    assert.equal(serverKey(base), serverKey(one('{ "servers": { "a": { "type": "http", "url": "http://h/mcp", "headers": { "A": "1" } } } }')));
    for (const changed of [
      '{ "servers": { "a": { "url": "http://h/other", "headers": { "A": "1" } } } }',
      '{ "servers": { "a": { "url": "http://h/mcp", "headers": { "A": "2" } } } }',
      '{ "servers": { "a": { "type": "sse", "url": "http://h/mcp", "headers": { "A": "1" } } } }',
    ]) {
      assert.notEqual(serverKey(base), serverKey(one(changed)), changed);
    }
    const stdio = one('{ "servers": { "s": { "command": "node", "args": ["a"], "env": { "K": "1" } } } }');
    for (const changed of [
      '{ "servers": { "s": { "command": "node", "args": ["b"], "env": { "K": "1" } } } }',
      '{ "servers": { "s": { "command": "node", "args": ["a"], "env": { "K": "2" } } } }',
      '{ "servers": { "s": { "command": "node", "args": ["a"], "env": { "K": "1" }, "cwd": "/x" } } }',
    ]) {
      assert.notEqual(serverKey(stdio), serverKey(one(changed)), changed);
    }
    assert.equal(serverKey(stdio), serverKey(one('{ "servers": { "s": { "command": "node", "args": ["a"], "env": { "K": "1" } } } }')));
  });

  it('never puts secret values in the key', () => {
    const key = serverKey(one('{ "servers": { "a": { "url": "http://h/", "headers": { "Authorization": "Bearer SECRET-123" } }, "b": {} } }'));
    const stdioKey = serverKey(one('{ "servers": { "s": { "command": "x", "env": { "TOKEN": "SECRET-456" } } } }'));
    assert.ok(!key.includes('SECRET') && !stdioKey.includes('SECRET'));
  });

  it('renders an unambiguous command line for approvals', () => {
    assert.equal(
      commandLineOf(one('{ "servers": { "s": { "command": "npx", "args": ["-y", "a b", "", "say \\"hi\\""] } } }')),
      'npx -y "a b" "" "say \\"hi\\""',
    );
    assert.notEqual(
      commandLineOf(one('{ "servers": { "s": { "command": "x", "args": ["\\"a", "b\\""] } } }')),
      commandLineOf(one('{ "servers": { "s": { "command": "x", "args": ["a b"] } } }')),
    );
  });
});
