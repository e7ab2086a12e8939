import * as assert from 'node:assert/strict';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnvFile, parseMcpJson } from '../../../src/core/config';
import { fixture, tempDir, textAt } from './helpers';

describe('config: envFile', () => {
  let temp: ReturnType<typeof tempDir>;
  beforeEach(() => (temp = tempDir()));
  afterEach(() => temp.cleanup());

  it('parses KEY=VALUE lines: comments, export, quotes, escapes, multi-line, later keys win', () => {
    const text = readFileSync(fixture('sample.env'), 'utf8');
    const { values, problems } = parseEnvFile(text);
    assert.deepEqual(values, {
      FROM_FILE: 'plain value',
      SINGLE: 'single # not a comment',
      DOUBLE: 'line1\nline2 "quoted"',
      OVERRIDDEN: 'from-file',
      EMPTY: '',
      SPACED: 'padded',
      MULTI: 'first\nsecond',
    });
    assert.equal(problems.length, 1);
    assert.equal(textAt(text, problems[0].range), 'not a valid line');
    assert.deepEqual(parseEnvFile('A=1\r\nA=2\r\n').values, { A: '2' });
  });

  it('reports an unterminated quote and keeps what came before', () => {
    const text = 'A=1\nB="open\nC=3';
    const { values, problems } = parseEnvFile(text);
    assert.deepEqual(values, { A: '1' });
    assert.equal(textAt(text, problems[0].range), '"');
  });

  it('stores a __proto__ key as a plain entry without touching any prototype', () => {
    const { values } = parseEnvFile('__proto__=x\nconstructor=y\n');
    assert.equal(Object.getPrototypeOf(values), Object.prototype);
    assert.deepEqual(Object.keys(values), ['__proto__', 'constructor']);
    assert.equal(({} as Record<string, unknown>).x, undefined);
  });

  it('merges the envFile under "env" (env wins), resolving a relative path against the workspace folder', () => {
    mkdirSync(join(temp.dir, '.vscode'));
    copyFileSync(fixture('sample.env'), join(temp.dir, '.env'));
    const text = '{ "servers": { "s": { "command": "node", "envFile": ".env", "env": { "OVERRIDDEN": "from-env" } } } }';
    const result = parseMcpJson(text, { file: join(temp.dir, '.vscode', 'mcp.json'), workspaceFolder: temp.dir });
    const [server] = result.servers;
    assert.equal(server.envFile, join(temp.dir, '.env'));
    assert.equal(server.env?.OVERRIDDEN, 'from-env');
    assert.equal(server.env?.FROM_FILE, 'plain value');
    const [problem] = result.errors;
    assert.deepEqual([problem.code, problem.severity, problem.file], ['invalid-field', 'warning', join(temp.dir, '.env')]);
    assert.deepEqual(problem.range, { start: { line: 9, character: 0 }, end: { line: 9, character: 16 } });
  });

  it('reports a missing envFile on its value, and drops the server', () => {
    const text = '{ "servers": { "s": { "command": "node", "envFile": "${workspaceFolder}/missing.env" } } }';
    const result = parseMcpJson(text, { workspaceFolder: temp.dir });
    assert.deepEqual(
      result.errors.map((error) => [error.code, error.severity, textAt(text, error.range)]),
      [['unreadable-file', 'error', '"${workspaceFolder}/missing.env"']],
    );
    assert.match(result.errors[0].message, /does not exist/);
    assert.deepEqual(result.servers, []);
  });

  it('reports an unreadable envFile (a directory) with its code', () => {
    mkdirSync(join(temp.dir, 'dir.env'));
    const result = parseMcpJson('{ "servers": { "s": { "command": "node", "envFile": "dir.env" } } }', { workspaceFolder: temp.dir });
    assert.equal(result.errors[0].code, 'unreadable-file');
    assert.match(result.errors[0].message, /EISDIR/);
  });

  it('can use an injected reader, or not read envFiles at all', () => {
    const read: string[] = [];
    const result = parseMcpJson('{ "servers": { "s": { "command": "node", "envFile": "/x/.env" } } }', { readFile: (path) => (read.push(path), 'K=v') });
    assert.deepEqual(result.servers[0].env, { K: 'v' });
    assert.deepEqual(read, ['/x/.env']);
    const skipped = parseMcpJson('{ "servers": { "s": { "command": "node", "envFile": "/nope/.env" } } }', { readEnvFiles: false });
    assert.deepEqual(skipped.errors, []);
    assert.equal(skipped.servers[0].env, undefined);
  });

  it('reads a real file written with CRLF line endings', () => {
    writeFileSync(join(temp.dir, 'crlf.env'), 'A=1\r\nB="two"\r\n# c\r\n');
    const result = parseMcpJson(`{ "servers": { "s": { "command": "node", "envFile": ${JSON.stringify(join(temp.dir, 'crlf.env'))} } } }`);
    assert.deepEqual(result.servers[0].env, { A: '1', B: 'two' });
    if (process.getuid?.() !== 0) {
      chmodSync(join(temp.dir, 'crlf.env'), 0o000);
      const denied = parseMcpJson(`{ "servers": { "s": { "command": "node", "envFile": ${JSON.stringify(join(temp.dir, 'crlf.env'))} } } }`);
      assert.match(denied.errors[0].message, /EACCES/);
    }
  });
});
