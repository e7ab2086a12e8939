import * as assert from 'node:assert/strict';
import type { ConnectionModel } from '../../../../src/core/model';
import { describeServer } from '../../../../src/ui/common/format';

function model(overrides: Partial<ConnectionModel>): ConnectionModel {
  return {
    server: { name: 'everything', transport: 'http', url: 'http://127.0.0.1:3001/mcp' },
    era: 'session',
    protocolVersion: '2025-11-25',
    transport: { kind: 'streamable-http', chosenBy: 'probed' },
    handshake: { state: 'ready' },
    session: { stateful: true },
    streams: [],
    health: { state: 'healthy' },
    findings: [],
    ...overrides,
  } as ConnectionModel;
}

describe("a server row's description", () => {
  it('leads with the short session id and the state; era and transport are left to the tooltip', () => {
    const row = describeServer(model({ session: { id: '3f2a8b7e-0000-4000-8000-00000000c9d1', stateful: true } }));
    assert.equal(row, '3f2a…c9d1 · healthy');
  });

  it('says in a word why there is no session', () => {
    assert.equal(describeServer(model({ era: 'stateless', session: { stateful: false, noneReason: 'stateless-era' } })), 'stateless · healthy');
    assert.equal(describeServer(model({ session: { stateful: false, noneReason: 'stateless-server' } })), 'stateless · healthy');
    assert.equal(
      describeServer(
        model({ transport: { kind: 'stdio', chosenBy: 'configured' }, session: { stateful: false, noneReason: 'stdio' }, health: { state: 'unknown' } }),
      ),
      'stdio · ready',
    );
    assert.equal(
      describeServer(
        model({ session: { stateful: true, ended: { at: '2026-01-01T00:00:00.000Z', reason: 'unknown-to-server', id: 'x' } }, health: { state: 'down' } }),
      ),
      'session lost · down',
    );
    assert.equal(
      describeServer(
        model({ session: { stateful: true, ended: { at: '2026-01-01T00:00:00.000Z', reason: 'expired', id: 'x' } }, health: { state: 'degraded' } }),
      ),
      'session expired · degraded',
    );
  });

  it('is only the state while there is no connection', () => {
    assert.equal(describeServer(model({ handshake: { state: 'failed', reason: 'refused' }, session: { stateful: false } })), 'failed');
    assert.equal(describeServer(model({ handshake: { state: 'idle' }, session: { stateful: false, noneReason: 'not-connected' } })), 'not connected');
  });
});
