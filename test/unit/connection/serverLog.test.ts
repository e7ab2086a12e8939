import * as assert from 'node:assert/strict';
import { createConnection, defaultEngineOptions } from '../../../src/core/connection';

describe('server log lines', () => {
  it('land in the trace and raise unknown-session for the session they name', async () => {
    const connection = createConnection({ name: 'srv', type: 'http', url: 'http://127.0.0.1:9/mcp', source: { kind: 'cli' } }, defaultEngineOptions);
    try {
      connection.recordServerLog('WARNING  Could not find session for ID: 0123456789abcdef0123456789abcdef', '/var/log/srv.log', 42);
      const event = connection.trace.events().at(-1);
      assert.equal(event?.kind, 'stderr');
      await new Promise((resolve) => setTimeout(resolve, 20));
      const finding = connection.findings().find((candidate) => candidate.rule === 'unknown-session');
      assert.equal(finding?.sessionId, '0123456789abcdef0123456789abcdef');
      assert.deepEqual([finding?.evidence[0].file, finding?.evidence[0].line], ['/var/log/srv.log', 42]);
      assert.match(finding?.message ?? '', /never received that id/);
    } finally {
      await connection.dispose();
    }
  });
});
