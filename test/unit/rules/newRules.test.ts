import * as assert from 'node:assert/strict';
import { analyze, NO_VALID_SESSION, rulesOf, TraceBuilder, TS_SESSION_NOT_FOUND } from './builder';

const A = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const B = 'ffeeddccbbaa99887766554433221100';

function sse(trace: TraceBuilder, exchange: number, data: string, stream = 'post-response#1') {
  return trace.add({ kind: 'sse-event', exchange, stream, streamKind: 'post-response', data });
}

describe('session and stream rules', () => {
  describe('session-not-reinitialized', () => {
    it('fires when the dead id is used again, naming the request', () => {
      const trace = new TraceBuilder().initialize(A).ping(A).ping(A, 404, TS_SESSION_NOT_FOUND);
      trace.http('POST', 'http://localhost/mcp', {
        session: A,
        body: { jsonrpc: '2.0', id: 7, method: 'tools/list' },
        status: 404,
        responseBody: TS_SESSION_NOT_FOUND,
      });
      const finding = analyze(trace.events).find((f) => f.rule === 'session-not-reinitialized');
      assert.equal(finding?.sessionId, A);
      assert.match(finding?.message ?? '', /tools\/list #7/);
      assert.equal(finding?.evidence.length, 2);
    });

    it('fires for initialize still carrying the dead id', () => {
      const trace = new TraceBuilder().initialize(A).ping(A, 404, TS_SESSION_NOT_FOUND);
      trace.http('POST', 'http://localhost/mcp', {
        session: A,
        body: { jsonrpc: '2.0', id: 0, method: 'initialize', params: {} },
        status: 404,
        responseBody: TS_SESSION_NOT_FOUND,
      });
      assert.match(analyze(trace.events).find((f) => f.rule === 'session-not-reinitialized')?.message ?? '', /re-sent initialize/);
    });

    it('stays quiet when the client starts a new session, or retries its GET stream', () => {
      const trace = new TraceBuilder().initialize(A).ping(A, 404, TS_SESSION_NOT_FOUND);
      trace.http('GET', 'http://localhost/mcp', { session: A, status: 404, responseBody: TS_SESSION_NOT_FOUND });
      trace.initialize(B).ping(B);
      assert.ok(!rulesOf(analyze(trace.events)).includes('session-not-reinitialized'));
    });
    it('counts the requests sent after the 404, and says when it came', () => {
      const trace = new TraceBuilder().initialize(A).ping(A, 404, TS_SESSION_NOT_FOUND).ping(A, 404, TS_SESSION_NOT_FOUND).ping(A, 404, TS_SESSION_NOT_FOUND);
      const finding = analyze(trace.events).find((f) => f.rule === 'session-not-reinitialized');
      assert.match(finding?.message ?? '', /sent 2 requests with the dead id/);
      assert.match(finding?.message ?? '', /404 \(session unknown\) at 2026-/);
      assert.doesNotMatch(finding?.message ?? '', /SDK clients/);
    });

    it('never fires after 400s: the client was not told the session is gone (unknown-session-status says so)', () => {
      const trace = new TraceBuilder().initialize(A).ping(A, 400, NO_VALID_SESSION).ping(A, 400, NO_VALID_SESSION).ping(A, 400, NO_VALID_SESSION);
      const rules = rulesOf(analyze(trace.events));
      assert.ok(!rules.includes('session-not-reinitialized'), rules.join());
      assert.ok(rules.includes('unknown-session-status'), rules.join());
    });

    it('stays quiet when the client retried once and then re-initialised by itself (mcp-remote)', () => {
      const trace = new TraceBuilder().initialize(A);
      trace.http('GET', 'http://localhost/mcp', { session: A, status: 404, responseBody: TS_SESSION_NOT_FOUND });
      trace.ping(A, 404, TS_SESSION_NOT_FOUND).initialize(B).ping(B);
      assert.ok(!rulesOf(analyze(trace.events)).includes('session-not-reinitialized'));
    });

    it('fires at once when the client still uses the dead id after starting a new session', () => {
      const trace = new TraceBuilder().initialize(A).ping(A, 404, TS_SESSION_NOT_FOUND).initialize(B).ping(A, 404, TS_SESSION_NOT_FOUND);
      assert.ok(rulesOf(analyze(trace.events)).includes('session-not-reinitialized'));
    });
  });

  describe('session-id-mismatch', () => {
    it('fires when a response hands out a new id mid-session', () => {
      const trace = new TraceBuilder().initialize(A);
      trace.http('POST', 'http://localhost/mcp', {
        session: A,
        body: { jsonrpc: '2.0', id: 2, method: 'tools/list' },
        status: 200,
        responseHeaders: { 'mcp-session-id': B },
      });
      const finding = analyze(trace.events).find((f) => f.rule === 'session-id-mismatch');
      assert.ok(finding?.message.includes(A) && finding.message.includes(B));
    });

    it('does not fire when the same id comes back, or after the client reconnects', () => {
      const trace = new TraceBuilder().initialize(A);
      trace.http('POST', 'http://localhost/mcp', {
        session: A,
        body: { jsonrpc: '2.0', id: 2, method: 'ping' },
        status: 200,
        responseHeaders: { 'mcp-session-id': A },
      });
      trace.add({ kind: 'lifecycle', name: 'connect-start' }).initialize(B).ping(B);
      assert.ok(!rulesOf(analyze(trace.events)).includes('session-id-mismatch'));
    });
  });

  describe('session-cross-talk', () => {
    it('fires for a response to an id this client never sent', () => {
      const trace = new TraceBuilder().initialize(A).ping(A);
      trace.add({ kind: 'message-in', session: A, id: 'someone-else-1', message: { jsonrpc: '2.0', id: 'someone-else-1', result: {} } });
      const finding = analyze(trace.events).find((f) => f.rule === 'session-cross-talk');
      assert.match(finding?.message ?? '', /someone-else-1/);
      assert.equal(finding?.sessionId, A);
    });

    it('fires when two tapped clients use one session id', () => {
      const first = new TraceBuilder('claude-desktop').initialize(A).ping(A);
      const second = new TraceBuilder('vscode').ping(A);
      const events = [
        ...first.events,
        ...second.events.map((event, index) => ({ ...event, seq: 100 + index, t: new Date(Date.parse(event.t) + 60_000).toISOString() })),
      ];
      const finding = analyze(events).find((f) => f.rule === 'session-cross-talk');
      assert.match(finding?.message ?? '', /Two clients use session .*claude-desktop and vscode/);
    });

    it('stays quiet for answers to our own requests and for server-to-client requests', () => {
      const trace = new TraceBuilder().initialize(A);
      trace.add({ kind: 'message-out', session: A, id: 5, method: 'tools/list', message: { jsonrpc: '2.0', id: 5, method: 'tools/list' } });
      trace.add({ kind: 'message-in', session: A, id: 5, message: { jsonrpc: '2.0', id: 5, result: { tools: [] } } });
      trace.add({ kind: 'message-in', session: A, id: 'srv-1', method: 'roots/list', message: { jsonrpc: '2.0', id: 'srv-1', method: 'roots/list' } });
      assert.ok(!rulesOf(analyze(trace.events)).includes('session-cross-talk'));
    });
  });

  describe('stream-buffered', () => {
    it('fires for late headers followed by every event at once', () => {
      const trace = new TraceBuilder().initialize(A);
      trace.add({
        kind: 'http-request',
        exchange: 50,
        method: 'POST',
        url: 'http://localhost/mcp',
        headers: { 'mcp-session-id': A },
        body: '{"jsonrpc":"2.0","id":3,"method":"tools/call"}',
      });
      trace
        .wait(1200)
        .add({ kind: 'http-response', exchange: 50, status: 200, headers: { 'content-type': 'text/event-stream' }, durationMs: 1205, streaming: true });
      for (let i = 0; i < 4; i++) sse(trace, 50, `{"jsonrpc":"2.0","method":"notifications/progress","params":{"progress":${i}}}`);
      const finding = analyze(trace.events).find((f) => f.rule === 'stream-buffered');
      assert.match(finding?.message ?? '', /one burst 1205 ms after the request.*no X-Accel-Buffering/);
    });

    it('fires for Content-Encoding on text/event-stream', () => {
      const trace = new TraceBuilder().initialize(A);
      trace.add({ kind: 'http-request', exchange: 50, method: 'GET', url: 'http://localhost/mcp', headers: { 'mcp-session-id': A } });
      trace.add({
        kind: 'http-response',
        exchange: 50,
        status: 200,
        headers: { 'content-type': 'text/event-stream', 'content-encoding': 'gzip' },
        durationMs: 4,
        streaming: true,
      });
      assert.match(analyze(trace.events).find((f) => f.rule === 'stream-buffered')?.message ?? '', /Content-Encoding: gzip/);
    });

    it('stays quiet for events that arrive as they are sent, or one late answer', () => {
      const trace = new TraceBuilder().initialize(A);
      trace.add({ kind: 'http-request', exchange: 50, method: 'POST', url: 'http://localhost/mcp', headers: { 'mcp-session-id': A } });
      trace.add({ kind: 'http-response', exchange: 50, status: 200, headers: { 'content-type': 'text/event-stream' }, durationMs: 3, streaming: true });
      for (let i = 0; i < 4; i++) sse(trace.wait(150), 50, '{"jsonrpc":"2.0","method":"notifications/progress"}');
      trace.add({ kind: 'http-request', exchange: 51, method: 'POST', url: 'http://localhost/mcp', headers: { 'mcp-session-id': A } });
      trace
        .wait(2000)
        .add({ kind: 'http-response', exchange: 51, status: 200, headers: { 'content-type': 'text/event-stream' }, durationMs: 2005, streaming: true });
      sse(trace, 51, '{"jsonrpc":"2.0","id":4,"result":{}}', 'post-response#2');
      assert.ok(!rulesOf(analyze(trace.events)).includes('stream-buffered'));
    });
  });

  it('session-affinity: fresh ids unknown on their first use, session after session', () => {
    const trace = new TraceBuilder();
    for (const id of [A, B])
      trace.initialize(id).http('POST', 'http://localhost/mcp', {
        session: id,
        body: { jsonrpc: '2.0', method: 'notifications/initialized' },
        status: 404,
        responseBody: TS_SESSION_NOT_FOUND,
      });
    const finding = analyze(trace.events).find((f) => f.rule === 'session-affinity');
    assert.match(finding?.message ?? '', /2 of 2 new sessions were unknown on their very first use/);
    const once = new TraceBuilder().initialize(A).ping(A).wait(60_000).ping(A, 404, TS_SESSION_NOT_FOUND).initialize(B).ping(B);
    assert.ok(!rulesOf(analyze(once.events)).includes('session-affinity'), 'a restart after the session worked is not affinity');
  });

  describe('endpoint-path-mismatch', () => {
    it('fires (warning) on a 307 that only adds a trailing slash, naming the path to configure', () => {
      const trace = new TraceBuilder();
      trace.http('POST', 'http://localhost/mcp', {
        body: { jsonrpc: '2.0', id: 0, method: 'initialize', params: {} },
        status: 307,
        responseHeaders: { location: 'http://localhost/mcp/' },
      });
      trace.initialize(A, 'http://localhost/mcp/');
      const finding = analyze(trace.events).find((f) => f.rule === 'endpoint-path-mismatch');
      assert.equal(finding?.severity, 'warning');
      assert.match(finding?.message ?? '', /only adds or removes a trailing slash/);
      assert.match(finding?.fix ?? '', /\/mcp\//);
    });

    it('stays quiet on a redirect elsewhere, a JSON-RPC 404 (unknown method, lost session), and OAuth discovery 404s', () => {
      const trace = new TraceBuilder();
      trace.http('POST', 'http://localhost/mcp', {
        body: { jsonrpc: '2.0', id: 0, method: 'initialize', params: {} },
        status: 307,
        responseHeaders: { location: 'http://localhost/v2/mcp' },
      });
      trace.http('POST', 'http://localhost/mcp', {
        body: { jsonrpc: '2.0', id: 1, method: 'initialize', params: {} },
        status: 404,
        responseBody: '{"jsonrpc":"2.0","id":1,"error":{"code":-32601,"message":"Method not found"}}',
      });
      trace.initialize(A).ping(A, 404, TS_SESSION_NOT_FOUND);
      trace.http('GET', 'http://localhost/.well-known/oauth-protected-resource/mcp', { status: 404, responseBody: '<!DOCTYPE html><html>Cannot GET</html>' });
      assert.ok(!rulesOf(analyze(trace.events)).includes('endpoint-path-mismatch'));
    });
  });

  describe('stream-idle-timeout', () => {
    /** A GET stream that opens, carries `events`, stays idle `idleMs` and is cut. */
    function idleDrop(trace: TraceBuilder, n: number, idleMs: number, comment = false) {
      const stream = `get#${n}`;
      trace.add({ kind: 'lifecycle', name: 'stream-open', stream, streamKind: 'get', detail: { exchange: 100 + n } });
      if (comment) trace.add({ kind: 'sse-event', exchange: 100 + n, stream, streamKind: 'get', comment: ' keep-alive' });
      trace.wait(idleMs);
      trace.add({
        kind: 'lifecycle',
        name: 'stream-close',
        stream,
        streamKind: 'get',
        detail: { exchange: 100 + n, byClient: false, reason: 'connection reset' },
      });
    }

    it('fires when drops recur at ~60 s idle, naming proxies', () => {
      const trace = new TraceBuilder().initialize(A);
      idleDrop(trace, 1, 60_000);
      idleDrop(trace, 2, 59_500);
      const finding = analyze(trace.events).find((f) => f.rule === 'stream-idle-timeout');
      assert.match(finding?.message ?? '', /dropped 2 times, each after about 59\.8 s/);
      assert.match(finding?.message ?? '', /proxy_read_timeout/);
    });

    it('stays quiet for one drop, drops at unlike times, and streams with keep-alives', () => {
      const once = new TraceBuilder().initialize(A);
      idleDrop(once, 1, 60_000);
      const unlike = new TraceBuilder().initialize(A);
      idleDrop(unlike, 1, 5_000);
      idleDrop(unlike, 2, 60_000);
      const kept = new TraceBuilder().initialize(A);
      idleDrop(kept, 1, 60_000, true);
      idleDrop(kept, 2, 60_000, true);
      for (const trace of [once, unlike, kept]) assert.ok(!rulesOf(analyze(trace.events)).includes('stream-idle-timeout'));
    });
  });
});
