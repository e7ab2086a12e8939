import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseMcpJson } from '../../../src/core/config';
import type { ServerConfig } from '../../../src/core/config/types';
import {
  isTappedName,
  originalNameOf,
  rawServerEntry,
  removeTappedEntryEdits,
  TappedEntries,
  tappedEntryEdits,
  tappedHttpEntry,
  tappedNameOf,
  tappedStdioEntry,
  traceFileOfEntry,
  withoutLiteralSecrets,
} from '../../../src/core/config/tappedEntries';
import { fixture } from './helpers';

describe('tap: the "(tapped)" mcp.json entry', () => {
  const file = `{
  // comments are fine
  "inputs": [{ "id": "token", "type": "promptString", "password": true }],
  "servers": {
    "remote": { "type": "http", "url": "https://example.com/mcp", "headers": { "Authorization": "Bearer \${input:token}" } },
    "local": { "type": "stdio", "command": "npx", "args": ["-y", "my-server", "\${workspaceFolder}"], "env": { "API_KEY": "\${env:API_KEY}" } },
  }
}`;

  it('names', () => {
    assert.equal(tappedNameOf('remote'), 'remote (tapped)');
    assert.ok(isTappedName('remote (tapped)'));
    assert.ok(!isTappedName(' (tapped)'));
    assert.equal(originalNameOf('remote (tapped)'), 'remote');
  });

  it('copies the raw entry, so variables stay references and no resolved secret is written', () => {
    const raw = rawServerEntry(file, 'remote');
    assert.ok(raw);
    const entry = tappedHttpEntry(raw, 'http://127.0.0.1:4000');
    assert.deepEqual(entry, { type: 'http', url: 'http://127.0.0.1:4000/mcp', headers: { Authorization: 'Bearer ${input:token}' } });
    // A credential in the query stays the reference it was written as.
    assert.equal(
      tappedHttpEntry({ url: 'https://example.com/sse?key=${input:key}' }, 'http://127.0.0.1:4000').url,
      'http://127.0.0.1:4000/sse?key=${input:key}',
    );
    assert.equal(tappedHttpEntry({ url: 'https://example.com' }, 'http://127.0.0.1:4000').url, 'http://127.0.0.1:4000/');
    assert.equal(rawServerEntry(file, 'missing'), undefined);
    assert.equal(rawServerEntry('not json', 'remote'), undefined);
  });

  it('runs a stdio server through the CLI tap, with its arguments and env intact', () => {
    const raw = rawServerEntry(file, 'local') as Record<string, unknown>;
    const entry = tappedStdioEntry(raw, { nodePath: '/usr/bin/node', cliPath: '/ext/dist/cli.js', traceFile: '/store/local.jsonl', name: 'local' });
    assert.deepEqual(entry, {
      type: 'stdio',
      command: '/usr/bin/node',
      args: ['/ext/dist/cli.js', 'tap', '--trace', '/store/local.jsonl', '--name', 'local', '--', 'npx', '-y', 'my-server', '${workspaceFolder}'],
      env: { API_KEY: '${env:API_KEY}', ELECTRON_RUN_AS_NODE: '1' },
    });
    assert.equal(traceFileOfEntry(entry.args as string[]), '/store/local.jsonl');
    assert.equal(traceFileOfEntry(['server.js', '--trace', 'x']), undefined, 'not a tap command');
  });

  describe('from a Claude Desktop config holding literal keys', () => {
    const claude = readFileSync(fixture('claude_desktop_config.json'), 'utf8');
    const literals = ['sk-ant-LITERAL-header-1234', 'sk-LITERAL-query-4242', 'ghp_LITERALclaudeDesktopToken0000'];
    const workspace = '{\n  // my servers\n  "servers": {\n    "mine": { "type": "http", "url": "http://127.0.0.1:9/mcp" }\n  }\n}\n';
    const launch = { nodePath: '/usr/bin/node', cliPath: '/ext/dist/cli.js', traceFile: '/store/filesystem.jsonl', name: 'filesystem' };

    it("writes password inputs instead of the keys, keeps references, and the file parses as VS Code's format", () => {
      let text = workspace;
      for (const [server, point] of [
        ['billing', (entry: Record<string, unknown>) => tappedHttpEntry(entry, 'http://127.0.0.1:4000')],
        ['filesystem', (entry: Record<string, unknown>) => tappedStdioEntry(entry, launch)],
      ] as const) {
        const raw = rawServerEntry(claude, server, 'mcpServers');
        assert.ok(raw, server);
        const result = tappedEntryEdits(text, server, raw, point);
        assert.ok(result.ok, result.ok ? '' : result.message);
        text = result.text;
      }
      for (const literal of literals) assert.ok(!text.includes(literal), `the written file holds ${literal}:\n${text}`);
      assert.ok(text.startsWith('{\n  // my servers\n  "servers": {\n    "mine": { "type": "http", "url": "http://127.0.0.1:9/mcp" },\n'), text);

      const parsed = parseMcpJson(text, { readEnvFiles: false, workspaceFolder: '/w' });
      // Claude Desktop's own `${HOME}` in an argument is not a VS Code variable: a warning, nothing broken.
      assert.deepEqual(
        parsed.errors.map((error) => [error.code, error.severity]),
        [['unresolved-variable', 'warning']],
      );
      assert.deepEqual(
        parsed.inputs.map((input) => [input.id, input.password]),
        [
          ['tapped.billing.headers.Authorization', true],
          ['tapped.billing.query.api_key', true],
          ['tapped.filesystem.env.DEBUG', true],
          ['tapped.filesystem.env.GITHUB_TOKEN', true],
        ],
      );
      const billing = parsed.servers.find((server) => server.name === 'billing (tapped)');
      assert.ok(billing);
      assert.equal(billing.url, 'http://127.0.0.1:4000/mcp?api_key=${input:tapped.billing.query.api_key}&region=eu');
      assert.deepEqual(billing.pendingInputs?.sort(), ['tapped.billing.headers.Authorization', 'tapped.billing.query.api_key']);
      const raw = rawServerEntry(text, 'billing (tapped)') as { headers: Record<string, string> };
      assert.deepEqual(
        raw.headers,
        { Authorization: '${input:tapped.billing.headers.Authorization}', 'X-Team': '${env:TEAM}' },
        'a reference stays as written',
      );
      const filesystem = rawServerEntry(text, 'filesystem (tapped)') as { env: Record<string, string> };
      assert.deepEqual(filesystem.env, {
        DEBUG: '${input:tapped.filesystem.env.DEBUG}',
        GITHUB_TOKEN: '${input:tapped.filesystem.env.GITHUB_TOKEN}',
        ELECTRON_RUN_AS_NODE: '1',
      });
    });

    it('adds an input once: tapping again reuses the one VS Code already keeps the answer of', () => {
      const raw = rawServerEntry(claude, 'billing', 'mcpServers') as Record<string, unknown>;
      const point = (entry: Record<string, unknown>) => tappedHttpEntry(entry, 'http://127.0.0.1:4000');
      const once = tappedEntryEdits(workspace, 'billing', raw, point);
      assert.ok(once.ok);
      const twice = tappedEntryEdits(once.text, 'billing', raw, point);
      assert.ok(twice.ok);
      assert.equal(twice.text, once.text);
    });

    it('keeps values that are only references, with or without an auth scheme', () => {
      const { entry, inputs } = withoutLiteralSecrets(
        { url: 'https://x/mcp?token=${input:t}', headers: { Authorization: 'Bearer ${input:t}', 'X-Key': '${env:KEY}', Empty: '' }, env: { A: '${env:A}' } },
        's',
      );
      assert.deepEqual(inputs, []);
      assert.deepEqual(entry, {
        url: 'https://x/mcp?token=${input:t}',
        headers: { Authorization: 'Bearer ${input:t}', 'X-Key': '${env:KEY}', Empty: '' },
        env: { A: '${env:A}' },
      });
      const mixed = withoutLiteralSecrets({ headers: { Authorization: 'Bearer sk-x ${env:A}' } }, 's');
      assert.deepEqual(mixed.entry.headers, { Authorization: '${input:tapped.s.headers.Authorization}' }, 'a literal beside a reference is still a literal');
    });
  });

  describe('announcing the entries', () => {
    const server = (name: string, url: string): ServerConfig => ({ name, type: 'http', url, source: { kind: 'workspace-file', file: '/w/.vscode/mcp.json' } });
    const remote = server('remote', 'https://example.com/mcp');
    const tapped = server('remote (tapped)', 'http://127.0.0.1:4000/mcp');

    it('fires onDidChange with the entries and their originals of each read, even an unchanged one (a failed re-attach is tried again)', () => {
      const entries = new TappedEntries();
      const seen: string[][] = [];
      const subscription = entries.onDidChange(({ tapped: list, originals }) =>
        seen.push([...list.map((entry) => entry.name), '|', ...originals.map((original) => original.name)]),
      );
      entries.update([tapped], [remote]);
      entries.update([tapped], [remote]);
      entries.update([], [remote]);
      assert.deepEqual(seen, [
        ['remote (tapped)', '|', 'remote'],
        ['remote (tapped)', '|', 'remote'],
        ['|', 'remote'],
      ]);
      assert.deepEqual(entries.current, { tapped: [], originals: [remote] });
      subscription.dispose();
      entries.update([tapped], [remote]);
      assert.equal(seen.length, 3, 'a disposed subscription hears nothing');
      entries.dispose();
    });

    it('finds the original an entry taps among the latest read', () => {
      const entries = new TappedEntries();
      assert.equal(entries.originalOf(tapped), undefined);
      entries.update([tapped], [remote]);
      assert.equal(entries.originalOf(tapped), remote);
      entries.dispose();
    });

    it('holds a copy: the caller changing its arrays later changes nothing announced', () => {
      const entries = new TappedEntries();
      const list = [tapped];
      entries.update(list, [remote]);
      list.pop();
      assert.equal(entries.current.tapped.length, 1);
      entries.dispose();
    });
  });

  it('removes only the "(tapped)" entry it added, comments and the original kept byte for byte', () => {
    const added = tappedEntryEdits(file, 'remote', rawServerEntry(file, 'remote') as Record<string, unknown>, (entry) =>
      tappedHttpEntry(entry, 'http://127.0.0.1:4000'),
    );
    assert.ok(added.ok);
    const removed = removeTappedEntryEdits(added.text, 'remote');
    assert.ok(removed.ok);
    assert.ok(removed.text.includes('// comments are fine'));
    assert.ok(!removed.text.includes('(tapped)'));
    assert.deepEqual(
      parseMcpJson(removed.text).servers.map((entry) => entry.name),
      ['remote', 'local'],
    );
    assert.equal(removed.text.slice(0, removed.text.indexOf('"local"')), file.slice(0, file.indexOf('"local"')));
  });
});
