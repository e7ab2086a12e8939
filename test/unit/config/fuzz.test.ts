import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { addServerEdits, findServerRange, parseMcpJson, serversFromSetting } from '../../../src/core/config';
import { assertInside, fixture } from './helpers';

/** mulberry32: small, seeded, deterministic. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VALID = [
  readFileSync(fixture('vscode-mcp.jsonc'), 'utf8'),
  readFileSync(fixture('cursor-mcp.json'), 'utf8').replace('mcpServers', 'servers'),
  '{ "inputs": [{ "type": "promptString", "id": "t", "password": true }], "servers": { "a": { "url": "http://h/${input:t}", "headers": { "A": "${env:X}" } }, "b": { "command": "c", "args": ["${userHome}"], "env": { "E": "1" }, "envFile": "/nope/.env" } } }',
];

const FRAGMENTS = [
  '{',
  '}',
  '[',
  ']',
  ',',
  ':',
  '"',
  '\\',
  '"servers"',
  '"inputs"',
  '"type"',
  '"url"',
  '"command"',
  '"args"',
  '"env"',
  '"headers"',
  '"envFile"',
  '"cwd"',
  'null',
  'true',
  'false',
  '0',
  '-1',
  '1e999',
  'NaN',
  '"__proto__"',
  '"constructor"',
  '"prototype"',
  '"toString"',
  '"hasOwnProperty"',
  '"\u0000"',
  '\u0000',
  '"\ud800"',
  '\udfff',
  '"\u2028"',
  '\u2028',
  '\ufeff',
  '"\u202e"',
  '"\\u0000"',
  '"\\ud800"',
  '"\\x"',
  '//',
  '/*',
  '*/',
  '\r',
  '\n',
  '\r\n',
  '\t',
  '${input:',
  '"${env:X}"',
  '"${input:__proto__}"',
  '"${workspaceFolder}"',
  '"${}"',
  '"${input:}"',
  '"http://"',
  '"ftp://x"',
  '"stdio"',
  '"sse"',
  '"http"',
  '"streamableHttp"',
  ' '.repeat(40),
  '"a": { "url": "http://h/" },',
  '"local": { "command": "x" },',
];

function mutate(random: () => number, text: string): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const mode = Math.floor(random() * 10);
  const at = () => Math.floor(random() * (text.length + 1));
  switch (mode) {
    case 0:
      return text.slice(0, at());
    case 1:
      return text.slice(at());
    case 2: {
      let out = text;
      for (let i = 0, n = 1 + Math.floor(random() * 8); i < n; i++) {
        const where = Math.floor(random() * (out.length + 1));
        out = out.slice(0, where) + pick(FRAGMENTS) + out.slice(where + Math.floor(random() * 4));
      }
      return out;
    }
    case 3:
      return Array.from({ length: 1 + Math.floor(random() * 40) }, () => pick(FRAGMENTS)).join('');
    case 4: {
      const depth = 50 + Math.floor(random() * 5000);
      const open = random() < 0.5 ? '[' : '{"a":';
      return `{"servers":{"x":${open.repeat(depth)}1${(open === '[' ? ']' : '}').repeat(random() < 0.5 ? depth : Math.floor(depth / 2))}}}`;
    }
    case 5:
      return `{"servers":{"big":{"command":"${'x'.repeat(20_000 + Math.floor(random() * 30_000))}","args":["${'${env:A}'.repeat(500)}"]}}}`;
    case 6: {
      const wrong = pick(['1', '"s"', '[]', '{}', 'null', 'true', '[1,{"a":[]}]', '{"__proto__":{"polluted":true}}']);
      const field = pick(['"servers"', '"inputs"', '"type"', '"url"', '"command"', '"args"', '"env"', '"headers"', '"envFile"', '"cwd"', '"id"', '"password"']);
      return text.replace(
        new RegExp(`${field.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*:\\s*("[^"]*"|\\[[^\\]]*\\]|\\{[^}]*\\}|[^,}\\]]+)`),
        `${field}: ${wrong}`,
      );
    }
    case 7:
      return `{"servers":{"__proto__":{"command":"x","env":{"__proto__":{"polluted":1},"constructor":"c"}},"constructor":{"url":"http://h/","headers":{"__proto__":"x"}},"prototype":{},"constructor":{"command":"again"}},"inputs":[{"id":"__proto__"},{"id":"constructor"}],"__proto__":{"servers":{"polluted":true}}}`;
    case 8:
      return Array.from(text, (char) => (random() < 0.03 ? String.fromCharCode(Math.floor(random() * 0x10000)) : char)).join('');
    default:
      return mutate(random, mutate(random, text));
  }
}

function checkResult(text: string, result: ReturnType<typeof parseMcpJson>, seed: number): void {
  assert.ok(Array.isArray(result.servers) && Array.isArray(result.errors) && Array.isArray(result.inputs), `seed ${seed}: arrays`);
  for (const error of result.errors) {
    assert.ok(error.range, `seed ${seed}: error without range: ${error.code} ${error.message}`);
    assert.doesNotThrow(() => assertInside(text, error.range!), `seed ${seed}: ${error.code} range ${JSON.stringify(error.range)}`);
    assert.ok(error.severity === 'error' || error.severity === 'warning');
    assert.equal(typeof error.message, 'string');
  }
  for (const server of result.servers) {
    assert.equal(typeof server.name, 'string');
    assert.ok(['stdio', 'http', 'sse'].includes(server.type));
    assert.ok(server.source.range, `seed ${seed}: server without range`);
    assertInside(text, server.source.range!);
    if (server.type === 'stdio') assert.equal(typeof server.command, 'string');
    else assert.equal(typeof server.url, 'string');
    for (const arg of server.args ?? []) assert.equal(typeof arg, 'string');
    for (const value of Object.values(server.env ?? {})) assert.equal(typeof value, 'string');
    for (const value of Object.values(server.headers ?? {})) assert.equal(typeof value, 'string');
  }
}

describe('config: fuzz', () => {
  it('never throws on 3,000 malformed or hostile mcp.json texts; every error has a range inside the text; no prototype pollution', function () {
    // A hang on some input shows as this timeout; speed itself is not this test's business.
    this.timeout(20_000);
    const random = prng(20260728);
    const readFile = (): string => {
      throw Object.assign(new Error('no files in the fuzz test'), { code: 'ENOENT' });
    };
    let withServers = 0;
    const codes = new Set<string>();
    for (let i = 0; i < 3000; i++) {
      const text = mutate(random, VALID[i % VALID.length]);
      let result: ReturnType<typeof parseMcpJson>;
      try {
        result = parseMcpJson(text, {
          file: '/f/.vscode/mcp.json',
          workspaceFolder: '/f',
          env: { X: 'x', A: 'a' },
          inputs: i % 2 ? { t: 'v' } : undefined,
          readFile,
        });
      } catch (error) {
        assert.fail(`case ${i} threw ${String(error)} for ${JSON.stringify(text.slice(0, 200))}`);
      }
      checkResult(text, result, i);
      if (result.servers.length) withServers++;
      for (const error of result.errors) codes.add(error.code);
      if (i % 10 === 0) {
        assert.doesNotThrow(() => findServerRange(text, 'a'));
        assert.doesNotThrow(() => addServerEdits(text, 'new', { url: 'http://h/' }));
        assert.doesNotThrow(() => parseMcpJson(text, { rootKey: 'mcpServers', sourceKind: 'other-client', clientName: 'Cursor', readEnvFiles: false }));
      }
    }
    // The generator must exercise the reader, not just the JSON parser.
    assert.ok(withServers > 300, `only ${withServers} cases produced servers`);
    for (const code of [
      'invalid-json',
      'not-an-object',
      'invalid-field',
      'unknown-type',
      'missing-url',
      'missing-command',
      'invalid-url',
      'unresolved-variable',
      'duplicate-server',
      'unreadable-file',
    ])
      assert.ok(codes.has(code), `no ${code} seen: ${[...codes].join(', ')}`);
    const plain = {} as Record<string, unknown>;
    assert.equal(plain.polluted, undefined);
    assert.equal(plain.servers, undefined);
    assert.equal(plain.command, undefined);
    for (const key of ['polluted', 'servers', 'command', 'url', 'type', 'id'])
      assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, key), false, key);
    assert.equal(typeof Object.prototype.toString, 'function');
  });

  it('keeps prototypes intact for hostile names in servers, env, headers and inputs', () => {
    const text =
      '{"servers":{"__proto__":{"command":"x","env":{"__proto__":"p","constructor":"c"}},"constructor":{"url":"http://h/","headers":{"__proto__":"x"}}},"inputs":[{"id":"__proto__"}]}';
    const result = parseMcpJson(text);
    assert.deepEqual(
      result.servers.map((server) => server.name),
      ['__proto__', 'constructor'],
    );
    const env = result.servers[0].env!;
    assert.equal(Object.getPrototypeOf(env), Object.prototype);
    assert.deepEqual(Object.keys(env), ['__proto__', 'constructor']);
    assert.equal(Object.getOwnPropertyDescriptor(env, '__proto__')?.value, 'p');
    assert.equal(Object.getOwnPropertyDescriptor(result.servers[1].headers, '__proto__')?.value, 'x');
    assert.equal(result.inputs[0].id, '__proto__');
    assert.equal(serversFromSetting(JSON.parse(text).servers).servers.length, 2);
  });
});
