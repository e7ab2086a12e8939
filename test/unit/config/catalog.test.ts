import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ServerCatalog } from '../../../src/core/config';
import { tempDir, textAt } from './helpers';

describe('config: the server catalog', () => {
  let temp: ReturnType<typeof tempDir>;
  beforeEach(() => (temp = tempDir('mcp-catalog-')));
  afterEach(() => temp.cleanup());

  function write(path: string, text: string): string {
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, text);
    return path;
  }

  const workspace = `{
  "servers": {
    "local": { "command": "node", "args": ["\${workspaceFolder}/server.js"], "env": { "TOKEN": "\${env:TOKEN}" } },
    "remote": { "type": "http", "url": "https://example.com/mcp" },
    "remote (tapped)": { "type": "http", "url": "http://127.0.0.1:4000/mcp" }
  }
}`;

  it('reads a folder mcp.json, the setting and another client, and splits off the (tapped) entries', () => {
    const folder = join(temp.dir, 'project');
    const home = join(temp.dir, 'home');
    const file = write(join(folder, '.vscode', 'mcp.json'), workspace);
    const cursor = write(join(home, '.cursor', 'mcp.json'), '{ "mcpServers": { "docs": { "url": "https://docs.example/mcp" } } }');
    const read = new ServerCatalog().read({
      folders: [folder],
      otherClients: { home, platform: 'linux' },
      settings: [
        { value: { mine: { type: 'http', url: 'http://127.0.0.1:9000/mcp' } } },
        { value: { shared: { command: 'npx', args: ['shared'] } }, workspaceFile: { file: join(folder, '.vscode', 'settings.json'), workspaceFolder: folder } },
      ],
      env: { TOKEN: 't' },
    });
    assert.deepEqual(read.errors, []);
    assert.deepEqual(
      read.servers.map((server) => server.name),
      ['local', 'remote', 'docs (Cursor)', 'mine', 'shared'],
    );
    assert.deepEqual(
      read.tapped.map((server) => server.name),
      ['remote (tapped)'],
    );
    const byName = new Map(read.servers.map((server) => [server.name, server]));
    assert.deepEqual(byName.get('local')?.args, [`${folder}/server.js`]);
    assert.deepEqual(byName.get('local')?.env, { TOKEN: 't' });
    assert.equal(byName.get('local')?.source.file, file);
    assert.deepEqual(byName.get('docs (Cursor)')?.source, {
      kind: 'other-client',
      file: cursor,
      clientName: 'Cursor',
      range: byName.get('docs (Cursor)')?.source.range,
    });
    assert.equal(byName.get('mine')?.source.kind, 'setting');
    assert.deepEqual(
      byName.get('shared')?.source,
      { kind: 'workspace-file', file: join(folder, '.vscode', 'settings.json'), workspaceFolder: folder },
      "a workspace's setting counts as a workspace file",
    );
    assert.equal(read.tapped[0].source.file, file);
  });

  it('reads other clients only when asked to', () => {
    const home = join(temp.dir, 'home');
    write(join(home, '.cursor', 'mcp.json'), '{ "mcpServers": { "docs": { "url": "https://docs.example/mcp" } } }');
    assert.deepEqual(new ServerCatalog().read({ folders: [temp.dir] }).servers, []);
  });

  it('turns a broken file into an error at its place, and throws nothing', () => {
    const good = join(temp.dir, 'good');
    const broken = join(temp.dir, 'broken');
    write(join(good, '.vscode', 'mcp.json'), workspace);
    const text = '{\n  "servers": {\n    "x": { "command": "node" ,, }\n  }\n}';
    const file = write(join(broken, '.vscode', 'mcp.json'), text);
    let read: ReturnType<ServerCatalog['read']> | undefined;
    assert.doesNotThrow(() => (read = new ServerCatalog().read({ folders: [good, broken] })));
    assert.deepEqual(read!.servers.map((server) => server.name).slice(0, 2), ['local', 'remote'], "the other folder's servers still stand");
    const error = read!.errors.find((candidate) => candidate.code === 'invalid-json');
    assert.ok(error, JSON.stringify(read!.errors));
    assert.equal(error.file, file);
    assert.equal(error.severity, 'error');
    assert.equal(error.range?.start.line, 2);
    assert.equal(textAt(text, error.range), ',');
  });

  it("keeps a folder file's last valid servers while it does not parse, and asks to be read again", () => {
    const file = write(join(temp.dir, '.vscode', 'mcp.json'), workspace);
    const catalog = new ServerCatalog();
    assert.equal(catalog.read({ folders: [temp.dir] }, 1000).servers.length, 2);
    writeFileSync(file, '{ "servers": { "local": ');
    const read = catalog.read({ folders: [temp.dir] }, 2000);
    assert.deepEqual(
      read.servers.map((server) => server.name),
      ['local', 'remote'],
    );
    assert.deepEqual(read.kept, [{ file, servers: 3, reason: 'invalid-json' }]);
    assert.ok(read.recheckAfterMs !== undefined && read.recheckAfterMs > 0);
    assert.ok(read.errors.some((error) => error.code === 'invalid-json' && error.file === file));
  });

  it("reads a named file (the command line's --config) from the text given, and reports one it cannot read", () => {
    const file = join(temp.dir, 'elsewhere', 'mcp.json');
    const read = new ServerCatalog().read({ files: [{ file, workspaceFolder: temp.dir, text: workspace }] });
    assert.deepEqual(
      read.servers.map((server) => server.name),
      ['local', 'remote'],
    );
    assert.deepEqual(
      read.tapped.map((server) => server.name),
      ['remote (tapped)'],
    );
    const missing = new ServerCatalog().read({ files: [{ file }] });
    assert.deepEqual(missing.servers, []);
    assert.deepEqual(
      missing.errors.map((error) => [error.code, error.file, error.severity]),
      [['unreadable-file', file, 'error']],
    );
  });

  it('lists the inputs still needed, tapped entries included, once each in order', () => {
    const text =
      '{ "servers": { "a": { "url": "https://h/?k=${input:one}" }, "a (tapped)": { "url": "http://127.0.0.1:1/?k=${input:two}", "headers": { "X": "${input:one}" } } } }';
    const read = new ServerCatalog().read({ files: [{ file: join(temp.dir, 'mcp.json'), text }] });
    assert.deepEqual(read.pendingInputs, ['one', 'two']);
    assert.deepEqual(new ServerCatalog().read({ files: [{ file: join(temp.dir, 'mcp.json'), text }], inputs: { one: '1', two: '2' } }).pendingInputs, []);
  });
});
