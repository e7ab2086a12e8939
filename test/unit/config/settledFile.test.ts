import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readWorkspaceConfig, SettledConfigFiles } from '../../../src/core/config';
import { EMPTY_READ_GRACE_MS } from '../../../src/core/config/settledFile';
import { tempDir } from './helpers';

describe('config: an mcp.json read mid-save or mid-edit', () => {
  const valid = '{\n  "servers": {\n    "a": { "url": "http://127.0.0.1:1/mcp" },\n    "b": { "command": "node", "args": ["b.js"] }\n  }\n}\n';
  let folder: string;
  let file: string;
  let cleanup: () => void;
  const write = (text: string) => writeFileSync(file, text);
  const names = (read: { result: { servers: { name: string }[] } }) => read.result.servers.map((server) => server.name);

  beforeEach(() => {
    ({ dir: folder, cleanup } = tempDir());
    mkdirSync(join(folder, '.vscode'));
    file = join(folder, '.vscode', 'mcp.json');
  });
  afterEach(() => cleanup());

  it('keeps the servers through the empty read of a save, and asks to read again', () => {
    const files = new SettledConfigFiles();
    write(valid);
    assert.deepEqual(names(files.settle(file, readWorkspaceConfig(folder).result, false, 0)), ['a', 'b']);
    write('');
    const read = readWorkspaceConfig(folder);
    assert.equal(read.empty, true);
    const settled = files.settle(file, read.result, read.empty, 100);
    assert.deepEqual(names(settled), ['a', 'b'], 'the servers stay while the save completes');
    assert.deepEqual(settled.kept, { servers: 2, reason: 'empty' });
    assert.equal(settled.recheckAfterMs, EMPTY_READ_GRACE_MS);
    write(valid.replace('"b"', '"c"'));
    assert.deepEqual(names(files.settle(file, readWorkspaceConfig(folder).result, false, 200)), ['a', 'c'], 'the saved file is read as it is');
  });

  it('takes a file that stays empty at its word', () => {
    const files = new SettledConfigFiles();
    write(valid);
    files.settle(file, readWorkspaceConfig(folder).result, false, 0);
    write('  \n');
    const first = readWorkspaceConfig(folder);
    assert.ok(files.settle(file, first.result, first.empty, 1_000).recheckAfterMs);
    const later = files.settle(file, readWorkspaceConfig(folder).result, true, 1_000 + EMPTY_READ_GRACE_MS);
    assert.deepEqual(names(later), [], 'the user emptied it: no servers');
    assert.equal(later.kept, undefined);
  });

  it('keeps the last valid servers while the JSON does not parse, and shows its errors', () => {
    const files = new SettledConfigFiles();
    write(valid);
    files.settle(file, readWorkspaceConfig(folder).result, false, 0);
    write(valid.replace('"a": {', '"a": {{').slice(0, 60));
    const settled = files.settle(file, readWorkspaceConfig(folder).result, false, 10);
    assert.deepEqual(names(settled), ['a', 'b']);
    assert.deepEqual(settled.kept, { servers: 2, reason: 'invalid-json' });
    assert.ok(
      settled.result.errors.some((error) => error.code === 'invalid-json' && error.file === file),
      'Problems still shows where the JSON breaks',
    );
    assert.equal(settled.recheckAfterMs, EMPTY_READ_GRACE_MS, 'read again once: the watcher may have reported a save half done');
    assert.equal(files.settle(file, readWorkspaceConfig(folder).result, false, 15).recheckAfterMs, undefined, 'a file that stays broken is not polled');
    write(valid.replace(',\n    "b": { "command": "node", "args": ["b.js"] }', ''));
    assert.deepEqual(names(files.settle(file, readWorkspaceConfig(folder).result, false, 20)), ['a'], 'a fixed file is read as it is');
  });

  it('reads a broken file as it is when there is no valid version to keep', () => {
    write('{ "servers": { "a": { "url": "http://127.0.0.1:1/mcp" }');
    const settled = new SettledConfigFiles().settle(file, readWorkspaceConfig(folder).result, false, 0);
    assert.equal(settled.kept, undefined);
    assert.ok(settled.result.errors.length);
  });

  it('a missing file is neither empty nor an error', () => {
    const read = readWorkspaceConfig(folder);
    assert.deepEqual([read.missing, read.empty, read.result.servers.length, read.result.errors.length], [true, false, 0, 0]);
  });
});
