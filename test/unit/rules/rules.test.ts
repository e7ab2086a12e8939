import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { allRules } from '../../../src/core/rules/registry';
import { RuleRunner } from '../../../src/core/rules/runner';
import { analyze, NO_VALID_SESSION, rulesOf, TraceBuilder, TS_SESSION_NOT_FOUND } from './builder';

const A = '3f2a9c1e-0000-4000-8000-00000000c9d1';
const B = '7b1c9e2d-5a4f-4e11-8a3b-6c2d1e0f9a87';

describe('rules', () => {
  it('every rule id is unique and has docs', () => {
    const ids = allRules.map((rule) => rule.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const id of ids) assert.ok(existsSync(join('docs', 'rules', `${id}.md`)), `docs/rules/${id}.md`);
  });

  describe('unknown-session', () => {
    it('explains an expired session (worked, idle, then 404)', () => {
      const trace = new TraceBuilder().initialize(A).ping(A).wait(120_000).ping(A, 404, TS_SESSION_NOT_FOUND);
      const finding = analyze(trace.events).find((f) => f.rule === 'unknown-session');
      assert.equal(finding?.severity, 'error');
      assert.equal(finding?.sessionId, A);
      assert.match(finding?.message ?? '', /expired: .* idle 12\d s/);
      assert.ok(finding?.evidence[0].summary.includes('404 Session not found'));
    });

    it('explains a terminated session (DELETE, then reuse)', () => {
      const trace = new TraceBuilder().initialize(A).http('DELETE', 'http://localhost/mcp', { session: A, status: 200 }).ping(A, 404, TS_SESSION_NOT_FOUND);
      assert.match(analyze(trace.events).find((f) => f.rule === 'unknown-session')?.message ?? '', /terminated/);
    });

    it('explains a never-issued id', () => {
      const trace = new TraceBuilder().initialize(A).ping(B, 404, TS_SESSION_NOT_FOUND);
      const finding = analyze(trace.events).find((f) => f.rule === 'unknown-session');
      assert.equal(finding?.sessionId, B);
      assert.match(finding?.message ?? '', /never issued/);
    });

    it('counts a 400 "No valid session ID" to a request that carried an id, and flags the status', () => {
      const trace = new TraceBuilder().initialize(A).ping(A).add({ kind: 'lifecycle', name: 'process-exit', detail: {} }).ping(A, 400, NO_VALID_SESSION);
      const findings = analyze(trace.events);
      assert.match(findings.find((f) => f.rule === 'unknown-session')?.message ?? '', /server restarted/);
      assert.equal(findings.find((f) => f.rule === 'unknown-session-status')?.severity, 'warning');
    });

    it('reads the Python legacy wire format and its log line', () => {
      const hex = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
      const trace = new TraceBuilder()
        .add({ kind: 'lifecycle', name: 'stream-open', stream: 'legacy-sse#1', streamKind: 'legacy-sse' })
        .add({ kind: 'sse-event', exchange: 99, stream: 'legacy-sse#1', streamKind: 'legacy-sse', event: 'endpoint', data: `/messages/?session_id=${hex}` })
        .http('POST', `http://localhost/messages/?session_id=ffff${hex.slice(4)}`, {
          body: { jsonrpc: '2.0', id: 1, method: 'tools/list' },
          status: 404,
          responseBody: 'Could not find session',
        })
        .add({ kind: 'stderr', line: `WARNING  Could not find session for ID: ffff${hex.slice(4)}`, source: 'log-file', file: 'server.log', lineNumber: 12 });
      const findings = analyze(trace.events);
      const fromHttp = findings.find((f) => f.rule === 'unknown-session' && f.evidence[0].summary.includes('404'));
      assert.equal(fromHttp?.sessionId, `ffff${hex.slice(4)}`);
      const fromLog = findings.find((f) => f.rule === 'unknown-session' && f.evidence[0].file === 'server.log');
      assert.equal(fromLog?.evidence[0].line, 12);
      assert.ok(findings.some((f) => f.rule === 'legacy-transport'));
    });

    it('does not fire for the v2 client probe answered 400; offline, a session the client recovered from stays in the report with when it cleared', () => {
      const trace = new TraceBuilder()
        .http('POST', 'http://localhost/mcp', {
          body: { jsonrpc: '2.0', id: 'p', method: 'server/discover' },
          status: 400,
          responseBody: '{"jsonrpc":"2.0","error":{"code":-32000,"message":"Bad Request: Server not initialized"},"id":null}',
        })
        .initialize(A)
        .ping(A, 404, TS_SESSION_NOT_FOUND)
        .initialize(B)
        .ping(B);
      const findings = analyze(trace.events);
      assert.deepEqual(rulesOf(findings), ['unknown-session']);
      const lost = findings[0];
      assert.equal(lost.sessionId, A);
      const recovered = trace.events.filter((event) => event.kind === 'http-response').at(-1);
      assert.equal(lost.clearedAt, recovered?.t, 'cleared when the new session first worked');
      assert.ok(lost.at < (lost.clearedAt as string));
    });

    it('live, a cleared finding leaves the current set but stays in the history', () => {
      const runner = new RuleRunner({ mode: 'live', server: 'srv', timeouts: { response: 30_000, endpoint: 10_000, handshake: 30_000 } });
      const trace = new TraceBuilder().initialize(A).ping(A, 404, TS_SESSION_NOT_FOUND).initialize(B).ping(B);
      for (const event of trace.events) runner.push(event);
      assert.ok(!runner.findings().some((f) => f.rule === 'unknown-session'));
      const kept = runner.history().find((f) => f.rule === 'unknown-session');
      assert.equal(kept?.sessionId, A);
      assert.ok(kept?.clearedAt);
      runner.dispose();
    });
  });

  it('session-affinity: the same id both works and is unknown, with the ratio', () => {
    const trace = new TraceBuilder().initialize(A).ping(A).ping(A, 404, TS_SESSION_NOT_FOUND).ping(A).ping(A, 404, TS_SESSION_NOT_FOUND).ping(A);
    const finding = analyze(trace.events).find((f) => f.rule === 'session-affinity');
    assert.match(finding?.message ?? '', /2 of 5 answers \(40%\)/);
    assert.equal(finding?.sessionId, A);
  });

  it('session-header-missing: a request after a session was issued, without the header', () => {
    const trace = new TraceBuilder()
      .initialize(A)
      .ping(undefined, 400, '{"jsonrpc":"2.0","error":{"code":-32000,"message":"Bad Request: Mcp-Session-Id header is required"},"id":null}');
    const findings = analyze(trace.events).filter((f) => f.rule === 'session-header-missing');
    assert.equal(findings.length, 2, 'seen in the request and in the answer');
  });

  it('cors-session-header-hidden, origin-rejected, protocol-version-unsupported, request-before-initialized', () => {
    const trace = new TraceBuilder()
      .http('POST', 'http://localhost/mcp', { status: 403, responseBody: 'Invalid Origin header', requestHeaders: { origin: 'http://evil' } })
      .http('POST', 'http://localhost/mcp', {
        body: { jsonrpc: '2.0', id: 0, method: 'initialize' },
        status: 200,
        responseHeaders: { 'mcp-session-id': A, 'access-control-allow-origin': '*' },
      })
      .ping(A, 400, '{"jsonrpc":"2.0","error":{"code":-32000,"message":"Bad Request: Unsupported protocol version: 1999-01-01"},"id":null}')
      .ping(A, 400, '{"jsonrpc":"2.0","error":{"code":-32000,"message":"Bad Request: Server not initialized"},"id":null}');
    assert.deepEqual(rulesOf(analyze(trace.events)), [
      'cors-session-header-hidden',
      'origin-rejected',
      'protocol-version-unsupported',
      'request-before-initialized',
    ]);
  });

  it('stream-dropped fires for a GET stream the server ended, not for our own close or POST responses', () => {
    const trace = new TraceBuilder()
      .initialize(A)
      .add({ kind: 'lifecycle', name: 'stream-open', stream: 'get#1', streamKind: 'get' })
      .add({ kind: 'lifecycle', name: 'stream-open', stream: 'post-response#2', streamKind: 'post-response' })
      .add({
        kind: 'lifecycle',
        name: 'stream-close',
        stream: 'post-response#2',
        streamKind: 'post-response',
        detail: { byClient: false, reason: 'ended by the server' },
      })
      .wait(5000)
      .add({ kind: 'lifecycle', name: 'stream-close', stream: 'get#1', streamKind: 'get', detail: { byClient: false, reason: 'connection reset' } });
    const finding = analyze(trace.events).find((f) => f.rule === 'stream-dropped');
    assert.match(finding?.message ?? '', /get stream \(get#1\) dropped after 5(\.\d)? s: connection reset/);
    const calm = new TraceBuilder()
      .add({ kind: 'lifecycle', name: 'stream-open', stream: 'get#1', streamKind: 'get' })
      .add({ kind: 'lifecycle', name: 'stream-close', stream: 'get#1', streamKind: 'get', detail: { byClient: true } });
    assert.deepEqual(rulesOf(analyze(calm.events)), []);
  });

  it('endpoint-missing after the timeout, with the bytes that did arrive', () => {
    const trace = new TraceBuilder()
      .add({ kind: 'lifecycle', name: 'stream-open', stream: 'legacy-sse#1', streamKind: 'legacy-sse' })
      .add({ kind: 'sse-event', exchange: 1, stream: 'legacy-sse#1', streamKind: 'legacy-sse', data: 'hello' });
    const finding = analyze(trace.events).find((f) => f.rule === 'endpoint-missing');
    assert.match(finding?.message ?? '', /no endpoint event within 10 s; it sent: hello/);
  });

  it('orphaned-request: a legacy POST accepted with 202 whose response never arrives', () => {
    const trace = new TraceBuilder()
      .http('POST', `http://localhost/messages?sessionId=${A}`, {
        body: { jsonrpc: '2.0', id: 7, method: 'tools/call' },
        status: 202,
        responseBody: 'Accepted',
      })
      .wait(31_000)
      .ping(undefined, 200, '{"jsonrpc":"2.0","id":1,"result":{}}');
    const finding = analyze(trace.events).find((f) => f.rule === 'orphaned-request');
    assert.equal(finding?.sessionId, A);
    assert.match(finding?.message ?? '', /tools\/call #7/);
    const answered = new TraceBuilder()
      .http('POST', `http://localhost/messages?sessionId=${A}`, { body: { jsonrpc: '2.0', id: 7, method: 'tools/call' }, status: 202 })
      .add({ kind: 'message-in', message: { jsonrpc: '2.0', id: 7, result: {} }, id: 7 })
      .wait(31_000)
      .ping(undefined, 200, '{"jsonrpc":"2.0","id":1,"result":{}}');
    assert.ok(!analyze(answered.events).some((f) => f.rule === 'orphaned-request'));
    const cutShort = new TraceBuilder().http('POST', 'http://localhost/mcp', { body: { jsonrpc: '2.0', id: 9, method: 'tools/call' }, status: 202 });
    assert.ok(!analyze(cutShort.events).some((f) => f.rule === 'orphaned-request'), 'a trace that ends early is not evidence');
    const listening = new TraceBuilder()
      .http('POST', 'http://h/mcp', { body: { jsonrpc: '2.0', id: 'listen:0', method: 'subscriptions/listen' }, status: 200 })
      .wait(31_000)
      .ping(undefined, 200, '{"jsonrpc":"2.0","id":1,"result":{}}');
    assert.ok(!analyze(listening.events).some((f) => f.rule === 'orphaned-request'), 'a 2026-07-28 listen stream stays open by design');
  });

  it('cors-preflight-blocks-headers: the preflight omits mcp-session-id', () => {
    const trace = new TraceBuilder().http('OPTIONS', 'http://localhost/mcp', {
      status: 204,
      requestHeaders: { origin: 'http://app', 'access-control-request-headers': 'content-type,mcp-session-id,mcp-protocol-version' },
      responseHeaders: { 'access-control-allow-origin': '*', 'access-control-allow-headers': 'content-type,mcp-protocol-version' },
    });
    const finding = analyze(trace.events).find((f) => f.rule === 'cors-preflight-blocks-headers');
    assert.match(finding?.message ?? '', /does not allow mcp-session-id/);
    const fine = new TraceBuilder().http('OPTIONS', 'http://localhost/mcp', {
      status: 204,
      requestHeaders: { 'access-control-request-headers': 'mcp-session-id' },
      responseHeaders: { 'access-control-allow-origin': '*', 'access-control-allow-headers': '*' },
    });
    assert.deepEqual(rulesOf(analyze(fine.events)), []);
  });

  it('keeps bounded state over 100k events', function () {
    this.timeout(30_000);
    const trace = new TraceBuilder();
    for (let i = 0; i < 50_000; i++) trace.ping(`s-${i}`, 200);
    const findings = analyze(trace.events);
    assert.ok(findings.length < 600);
  });
});
