import * as assert from 'node:assert/strict';
import { resolve } from 'node:path';
import type { ServerConfig } from '../../../src/core/config/types';
import { createConnection, defaultEngineOptions, type InspectedConnection } from '../../../src/core/connection';
import { startEverything, startNodeServer, startSdkExample, waitFor, type RunningServer } from '../../fixtures/support/servers';

const EVERYTHING = resolve('node_modules/@modelcontextprotocol/server-everything/dist/index.js');

describe('diagnostics on live traffic', function () {
  this.timeout(60_000);
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  function connection(config: ServerConfig): InspectedConnection {
    const created = createConnection(config, { ...defaultEngineOptions, pingIntervalMs: 0, requestTimeoutMs: 10_000 });
    cleanups.push(() => created.dispose());
    return created;
  }
  async function server(start: Promise<RunningServer>): Promise<RunningServer> {
    const running = await start;
    cleanups.push(() => running.stop());
    return running;
  }
  const http = (url: string, type: ServerConfig['type'] = 'http'): ServerConfig => ({ name: 'live', type, url, source: { kind: 'cli' } });
  const problems = (conn: InspectedConnection) =>
    conn.model.findings.filter((finding) => finding.severity !== 'info').map((finding) => `${finding.rule}: ${finding.message}`);

  /** connect, ping, reconnect, ping, disconnect — what a healthy session looks like. */
  async function scriptedSession(conn: InspectedConnection): Promise<void> {
    await conn.connect();
    assert.equal(conn.model.handshake.state, 'ready', conn.model.handshake.reason);
    await conn.checkHealth();
    await conn.reconnect();
    assert.equal(conn.model.handshake.state, 'ready', conn.model.handshake.reason);
    await conn.checkHealth();
    await new Promise((done) => setTimeout(done, 300));
    await conn.disconnect();
    await new Promise((done) => setTimeout(done, 50));
  }

  describe('healthy servers produce no error or warning findings', () => {
    it('server-everything, Streamable HTTP', async () => {
      const everything = await server(startEverything('streamableHttp'));
      const conn = connection(http(everything.url));
      await scriptedSession(conn);
      assert.deepEqual(problems(conn), []);
    });

    it('server-everything, legacy SSE (only the info that it is legacy)', async () => {
      const everything = await server(startEverything('sse'));
      const conn = connection(http(everything.url, 'sse'));
      await scriptedSession(conn);
      assert.deepEqual(problems(conn), []);
      assert.ok(conn.model.findings.some((finding) => finding.rule === 'legacy-transport'));
    });

    it('server-everything, stdio', async () => {
      const conn = connection({ name: 'stdio', type: 'stdio', command: process.execPath, args: [EVERYTHING, 'stdio'], source: { kind: 'cli' } });
      await scriptedSession(conn);
      assert.deepEqual(problems(conn), []);
    });

    it('SDK stateless example (stateless-server and get-stream-unsupported are info only)', async () => {
      const example = await server(startSdkExample('simpleStatelessStreamableHttp'));
      const conn = connection(http(example.url));
      await scriptedSession(conn);
      assert.deepEqual(problems(conn), []);
      assert.ok(conn.model.findings.some((finding) => finding.rule === 'stateless-server'));
    });

    it('a 2026-07-28 server', async () => {
      const modern = await server(startNodeServer(resolve('out/test/fixtures/servers/stateless2026.js')));
      const conn = connection(http(modern.url));
      await scriptedSession(conn);
      assert.deepEqual(problems(conn), []);
    });
  });

  it('server restarted: the old session is unknown (cause: restart), the 400 is flagged, and reconnect clears it', async () => {
    const first = await startEverything('streamableHttp');
    const conn = connection(http(first.url));
    await conn.connect();
    const oldSession = conn.model.session.id as string;
    await first.stop();
    await server(startEverything('streamableHttp', first.port));
    await conn.checkHealth();
    await waitFor(() => conn.model.findings.some((finding) => finding.rule === 'unknown-session'), 5000, 'the unknown-session finding');
    const finding = conn.model.findings.find((candidate) => candidate.rule === 'unknown-session');
    assert.equal(finding?.severity, 'error');
    assert.equal(finding?.sessionId, oldSession);
    assert.match(finding?.message ?? '', /server restarted/);
    assert.ok(finding?.evidence.some((evidence) => /→ 400 Bad Request: No valid session ID provided/.test(evidence.summary)));
    assert.ok(conn.model.findings.some((candidate) => candidate.rule === 'unknown-session-status' && candidate.severity === 'warning'));
    await conn.reconnect();
    await conn.checkHealth();
    await waitFor(() => !conn.model.findings.some((candidate) => candidate.rule === 'unknown-session'), 5000, 'the finding to clear');
  });
});
