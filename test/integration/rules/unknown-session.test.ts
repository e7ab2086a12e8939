// unknown-session (P0, error) against real faulty servers: a restart that loses the in-memory
// session map (TS 404 and the 400 variant), idle expiry, the Python legacy SSE server (404 and
// its log line), and the healthy counterpart (a reconnect clears the finding).

import * as assert from 'node:assert/strict';
import { startIdleExpiry } from '../../fixtures/faults/idleExpiry';
import { startPythonLegacySse } from '../../fixtures/faults/pythonLegacySse';
import { startSessionsLost } from '../../fixtures/faults/sessionsLost';
import { assertSilent, Cleanups, engine, httpConfig, waitForFinding, waitUntil } from '../../fixtures/support/ruleHarness';

describe('rule unknown-session (live)', function () {
  this.timeout(30_000);
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());

  it('server restart (404 "Session not found"): names the old session, the request and the evidence; reconnect clears it', async () => {
    const fixture = cleanups.add(await startSessionsLost(), (f) => f.stop());
    const conn = engine(cleanups, httpConfig(fixture.url));
    await conn.connect();
    const oldSession = conn.model.session.id;
    assert.ok(oldSession, conn.model.handshake.reason);
    await fixture.restart();
    await conn.checkHealth();
    const finding = await waitForFinding(conn, 'unknown-session', 8000, (f) => f.sessionId === oldSession);
    assert.equal(finding.severity, 'error');
    assert.match(finding.message, new RegExp(oldSession));
    assert.ok(
      finding.evidence.some((evidence) => /→ 404 Session not found/.test(evidence.summary)),
      JSON.stringify(finding.evidence),
    );
    assert.ok(finding.fix);
    await assertSilent(conn, 'unknown-session-status', '404 is the right status');
    await conn.reconnect();
    await conn.checkHealth();
    await waitUntil(() => !conn.findings().some((f) => f.rule === 'unknown-session'), 5000, 'the finding to clear after reconnect');
  });

  it('server restart (400 "No valid session ID provided" to a request that carried one): still unknown-session (its 404-vs-400 warning is unknown-session-status.test.ts)', async () => {
    const fixture = cleanups.add(await startSessionsLost({ unknownSession: 'bad-request-400' }), (f) => f.stop());
    const conn = engine(cleanups, httpConfig(fixture.url));
    await conn.connect();
    const oldSession = conn.model.session.id;
    await fixture.restart();
    await conn.checkHealth();
    const finding = await waitForFinding(conn, 'unknown-session', 8000, (f) => f.sessionId === oldSession);
    assert.ok(finding.evidence.some((evidence) => /→ 400 Bad Request: No valid session ID provided/.test(evidence.summary)));
  });

  it('idle expiry: the expired session is reported with the request that hit it', async () => {
    const fixture = cleanups.add(await startIdleExpiry({ idleMs: 500 }), (f) => f.stop());
    const conn = engine(cleanups, httpConfig(fixture.url));
    await conn.connect();
    const oldSession = conn.model.session.id;
    await new Promise((done) => setTimeout(done, 1200));
    await conn.checkHealth();
    const finding = await waitForFinding(conn, 'unknown-session', 8000, (f) => f.sessionId === oldSession);
    assert.equal(finding.severity, 'error');
    assert.ok(
      finding.evidence.some((evidence) => /\(ping( #\d+)?\) → 404 Session not found/.test(evidence.summary)),
      JSON.stringify(finding.evidence),
    );
    assert.ok(fixture.logs.some((line) => line.includes(`Session ${oldSession} expired`)));
  });

  it('Python legacy SSE after a restart: 404 "Could not find session" on the POST, and the server log line', async () => {
    const fixture = cleanups.add(await startPythonLegacySse(), (f) => f.stop());
    const conn = engine(cleanups, httpConfig(fixture.url, 'sse'));
    await conn.connect();
    assert.equal(conn.model.handshake.state, 'ready', conn.model.handshake.reason);
    const oldSession = conn.model.session.id as string;
    assert.match(oldSession, /^[0-9a-f]{32}$/);
    await fixture.restart();
    await conn.checkHealth();
    const finding = await waitForFinding(conn, 'unknown-session', 8000, (f) => f.sessionId === oldSession);
    assert.ok(
      finding.evidence.some((evidence) => /→ 404 Could not find session/.test(evidence.summary)),
      JSON.stringify(finding.evidence),
    );
    const logLine = fixture.logs.find((line) => line.includes('Could not find session for ID'));
    assert.ok(logLine, fixture.logs.join('\n'));
    conn.recordServerLog(logLine, '/var/log/mcp/server.log', 42);
    const fromLog = await waitForFinding(conn, 'unknown-session', 5000, (f) => f.evidence.some((evidence) => evidence.file === '/var/log/mcp/server.log'));
    assert.equal(fromLog.evidence[0].line, 42);
    assert.ok(fromLog.sessionId, 'the log finding names the session');
  });

  it('Python log line: the dashed UUID in the log is the hex session this client held', async () => {
    const fixture = cleanups.add(await startPythonLegacySse(), (f) => f.stop());
    const conn = engine(cleanups, httpConfig(fixture.url, 'sse'));
    await conn.connect();
    await fixture.restart();
    await conn.checkHealth();
    const logLine = fixture.logs.find((line) => line.includes('Could not find session for ID')) as string;
    conn.recordServerLog(logLine, '/var/log/mcp/server.log', 7);
    const fromLog = await waitForFinding(conn, 'unknown-session', 5000, (f) => f.evidence.some((evidence) => evidence.file === '/var/log/mcp/server.log'));
    assert.match(fromLog.message, /This client held that session/);
  });

  it('stays silent while the server keeps its sessions: connect, ping, reconnect, ping, disconnect', async () => {
    const fixture = cleanups.add(await startSessionsLost(), (f) => f.stop());
    const conn = engine(cleanups, httpConfig(fixture.url));
    await conn.connect();
    await conn.checkHealth();
    await conn.reconnect();
    assert.equal(conn.model.handshake.state, 'ready', conn.model.handshake.reason);
    await conn.checkHealth();
    await conn.disconnect();
    await assertSilent(conn, 'unknown-session');
  });
});
