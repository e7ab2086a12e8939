import * as assert from 'node:assert/strict';
import { isTappedName, originalNameOf, rawServerEntry, tappedHttpEntry, tappedNameOf, tappedStdioEntry, traceFileOfEntry } from '../../../src/core/tap/tappedEntry';

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
    assert.equal(tappedHttpEntry({ url: 'https://example.com/sse?key=${input:key}' }, 'http://127.0.0.1:4000').url, 'http://127.0.0.1:4000/sse?key=${input:key}');
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
});
