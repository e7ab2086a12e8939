import * as assert from 'node:assert/strict';
import { decideConnect, shouldAutoConnect, type AutoConnect } from '../../../src/core/config/connectPolicy';
import { commandLineOf } from '../../../src/core/config/identity';
import type { ServerConfig } from '../../../src/core/config/types';

const SOURCES: ServerConfig['source'][] = [
  { kind: 'workspace-file', file: '/w/.vscode/mcp.json' },
  { kind: 'setting' },
  { kind: 'other-client', clientName: 'Claude Desktop', file: '/h/claude.json' },
  { kind: 'cli' },
] as ServerConfig['source'][];

function server(type: ServerConfig['type'], source: ServerConfig['source']): ServerConfig {
  return type === 'stdio'
    ? { name: 's', type, command: 'npx', args: ['-y', 'some-server'], source }
    : { name: 'h', type, url: 'http://127.0.0.1:3001/mcp', source };
}

describe('connect policy (workspace trust and stdio approvals)', () => {
  it('in an untrusted workspace nothing from a workspace file is started or connected, whatever else holds', () => {
    for (const type of ['stdio', 'http', 'sse'] as const) {
      for (const autoConnect of ['trustedHttp', 'always', 'never'] as AutoConnect[]) {
        const config = server(type, SOURCES[0]);
        const input = { workspaceTrusted: false, approvedCommands: [commandLineOf(config)], autoConnect };
        assert.deepEqual(decideConnect(config, input), { action: 'refuse', reason: 'untrusted-workspace' }, `${type} ${autoConnect}`);
        assert.equal(shouldAutoConnect(config, input), false, `${type} ${autoConnect}`);
      }
    }
  });

  it('stdio commands from workspace files or other clients need a one-time approval of that exact command line', () => {
    for (const source of [SOURCES[0], SOURCES[2]]) {
      const config = server('stdio', source);
      const line = commandLineOf(config);
      assert.deepEqual(decideConnect(config, { workspaceTrusted: true, approvedCommands: [], autoConnect: 'always' }), {
        action: 'approve',
        commandLine: line,
      });
      assert.equal(shouldAutoConnect(config, { workspaceTrusted: true, approvedCommands: [], autoConnect: 'always' }), false);
      assert.deepEqual(decideConnect(config, { workspaceTrusted: true, approvedCommands: [line], autoConnect: 'always' }), { action: 'connect' });
      assert.equal(shouldAutoConnect(config, { workspaceTrusted: true, approvedCommands: [line], autoConnect: 'always' }), true);
      const changed = { ...config, args: ['-y', 'another-server'] };
      assert.equal(
        decideConnect(changed, { workspaceTrusted: true, approvedCommands: [line], autoConnect: 'always' }).action,
        'approve',
        'an approval covers only the command it was given for',
      );
    }
  });

  it('revoking approvals (an empty list) asks again', () => {
    const config = server('stdio', SOURCES[0]);
    assert.equal(decideConnect(config, { workspaceTrusted: true, approvedCommands: [], autoConnect: 'always' }).action, 'approve');
  });

  it('the user’s own settings and the CLI need no approval; HTTP auto-connects in trusted workspaces unless "never"', () => {
    for (const source of [SOURCES[1], SOURCES[3]]) {
      assert.deepEqual(decideConnect(server('stdio', source), { workspaceTrusted: false, approvedCommands: [], autoConnect: 'never' }), { action: 'connect' });
    }
    const http = server('http', SOURCES[0]);
    assert.equal(shouldAutoConnect(http, { workspaceTrusted: true, approvedCommands: [], autoConnect: 'trustedHttp' }), true);
    assert.equal(shouldAutoConnect(http, { workspaceTrusted: true, approvedCommands: [], autoConnect: 'never' }), false);
    assert.equal(
      shouldAutoConnect(server('stdio', SOURCES[1]), { workspaceTrusted: true, approvedCommands: [], autoConnect: 'trustedHttp' }),
      false,
      'stdio waits for "always"',
    );
  });

  it('servers with unanswered ${input:…} variables wait', () => {
    const config = { ...server('http', SOURCES[1]), pendingInputs: ['token'] };
    assert.deepEqual(decideConnect(config, { workspaceTrusted: true, approvedCommands: [], autoConnect: 'always' }), {
      action: 'refuse',
      reason: 'pending-inputs',
    });
  });
});
