import * as assert from 'node:assert/strict';
import { analyze, rulesOf, TraceBuilder, TS_SESSION_NOT_FOUND } from './builder';

const A = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const CHALLENGE =
  'Bearer error="invalid_token", error_description="Missing Authorization header", resource_metadata="http://h/.well-known/oauth-protected-resource/mcp"';
const INITIALIZE = { jsonrpc: '2.0', id: 0, method: 'initialize', params: {} };

function unauthorizedHandshake(trace = new TraceBuilder()): TraceBuilder {
  return trace.http('POST', 'http://h/mcp', {
    body: INITIALIZE,
    status: 401,
    responseHeaders: { 'www-authenticate': CHALLENGE },
    responseBody: '{"error":"invalid_token"}',
  });
}

describe('auth rules', () => {
  describe('auth-required', () => {
    it('fires on a 401 to the handshake, naming the resource metadata, its authorization server and what to do', () => {
      const trace = unauthorizedHandshake();
      trace.http('GET', 'http://h/.well-known/oauth-protected-resource/mcp', {
        status: 200,
        responseBody: JSON.stringify({ resource: 'http://h/mcp', authorization_servers: ['http://as.example/'], scopes_supported: ['mcp:tools'] }),
      });
      const finding = analyze(trace.events).find((f) => f.rule === 'auth-required');
      assert.ok(finding, rulesOf(analyze(trace.events)).join());
      assert.match(finding.message, /resource_metadata=http:\/\/h\/\.well-known\/oauth-protected-resource\/mcp/);
      assert.match(finding.message, /authorization server http:\/\/as\.example\/ and the scopes mcp:tools/);
      assert.doesNotMatch(finding.message, /version negotiation/i);
      assert.match(finding.fix ?? '', /Sign In.*--sign-in/);
    });

    it('says the configured token was refused when the client sent its own Authorization header', () => {
      const trace = new TraceBuilder().http('POST', 'http://h/mcp', {
        body: INITIALIZE,
        requestHeaders: { authorization: '<redacted>' },
        status: 401,
        responseHeaders: { 'www-authenticate': CHALLENGE },
      });
      assert.match(analyze(trace.events).find((f) => f.rule === 'auth-required')?.fix ?? '', /token you send .* was refused/);
    });

    it('stays silent for a server that answers the handshake, and is withdrawn once sign-in succeeds', () => {
      assert.ok(!rulesOf(analyze(new TraceBuilder().initialize(A).ping(A).events)).includes('auth-required'));
      const trace = unauthorizedHandshake().add({ kind: 'lifecycle', name: 'auth-sign-in-complete' }).initialize(A);
      // Offline, a finding that stopped holding stays in the report with when it cleared.
      const finding = analyze(trace.events).find((f) => f.rule === 'auth-required');
      assert.ok(finding?.clearedAt, JSON.stringify(finding));
    });
  });

  describe('auth-metadata-invalid', () => {
    it('fires when the authorization server offers no PKCE S256', () => {
      const trace = unauthorizedHandshake();
      trace.http('GET', 'http://as.example/.well-known/oauth-authorization-server', {
        status: 200,
        responseBody: JSON.stringify({ issuer: 'http://as.example/', code_challenge_methods_supported: ['plain'] }),
      });
      const finding = analyze(trace.events).find((f) => f.rule === 'auth-metadata-invalid');
      assert.match(finding?.message ?? '', /does not offer PKCE S256 .*\["plain"\]/);
    });

    it('fires for a sign-in that failed on an issuer mismatch or a refused registration', () => {
      const trace = unauthorizedHandshake()
        .add({
          kind: 'lifecycle',
          name: 'auth-sign-in-failed',
          detail: { reason: 'Issuer mismatch: expected http://as.example/, got http://other.example/', problem: 'issuer-mismatch' },
        })
        .add({
          kind: 'lifecycle',
          name: 'auth-sign-in-failed',
          detail: { reason: 'Dynamic client registration rejected (HTTP 403)', problem: 'registration-refused' },
        });
      const messages = analyze(trace.events)
        .filter((f) => f.rule === 'auth-metadata-invalid')
        .map((f) => f.message)
        .join('\n');
      assert.match(messages, /issuer does not match/);
      assert.match(messages, /refused client registration/);
    });

    it('stays silent for metadata that lists S256 and a sign-in that completes', () => {
      const trace = unauthorizedHandshake();
      trace.http('GET', 'http://as.example/.well-known/oauth-authorization-server', {
        status: 200,
        responseBody: JSON.stringify({ issuer: 'http://as.example/', code_challenge_methods_supported: ['S256'] }),
      });
      trace.add({ kind: 'lifecycle', name: 'auth-sign-in-complete' }).initialize(A);
      assert.ok(!rulesOf(analyze(trace.events)).includes('auth-metadata-invalid'));
    });
  });

  describe('token-expired-mid-session', () => {
    function expiredThenRefreshed(afterStatus: number): TraceBuilder {
      const trace = new TraceBuilder().initialize(A).ping(A);
      trace.http('POST', 'http://h/mcp', {
        session: A,
        body: { jsonrpc: '2.0', id: 5, method: 'tools/list' },
        status: 401,
        responseHeaders: { 'www-authenticate': 'Bearer error="invalid_token"' },
      });
      trace
        .add({ kind: 'lifecycle', name: 'auth-tokens-saved', detail: { refreshable: true } })
        .add({ kind: 'lifecycle', name: 'auth-refresh', detail: { outcome: 'refreshed' } });
      return trace.ping(A, afterStatus, afterStatus === 404 ? TS_SESSION_NOT_FOUND : undefined);
    }

    it('fires on a 401 on a live session and says the session was kept after the refresh', () => {
      const finding = analyze(expiredThenRefreshed(200).events).find((f) => f.rule === 'token-expired-mid-session');
      assert.equal(finding?.sessionId, A);
      assert.match(finding?.message ?? '', /refreshed the token\. The session was kept/);
    });

    it('says the session was lost when the server refuses it with the new token', () => {
      const finding = analyze(expiredThenRefreshed(404).events).find((f) => f.rule === 'token-expired-mid-session');
      assert.match(finding?.message ?? '', /The session was lost: .* answered 404/);
    });

    it('says sign-in is needed when no refresh was possible', () => {
      const trace = new TraceBuilder().initialize(A).ping(A).ping(A, 401);
      trace.add({ kind: 'lifecycle', name: 'auth-refresh', detail: { outcome: 'impossible', reason: 'no refresh token' } });
      assert.match(analyze(trace.events).find((f) => f.rule === 'token-expired-mid-session')?.message ?? '', /signs in again/);
    });

    it('stays silent for a 401 before any session (that is auth-required)', () => {
      assert.ok(!rulesOf(analyze(unauthorizedHandshake().events)).includes('token-expired-mid-session'));
    });
  });

  describe('session-bound-to-other-token', () => {
    it('fires when a session accepted with one token is refused after the token changed', () => {
      const trace = new TraceBuilder()
        .initialize(A)
        .ping(A)
        .add({ kind: 'lifecycle', name: 'auth-tokens-saved', detail: {} })
        .ping(A, 404, TS_SESSION_NOT_FOUND);
      const finding = analyze(trace.events).find((f) => f.rule === 'session-bound-to-other-token');
      assert.equal(finding?.sessionId, A);
      assert.match(finding?.message ?? '', /refused with 404 once the token changed/);
      assert.equal(finding?.evidence.length, 3);
    });

    it('stays silent when the session survives the new token, or was refused without a token change', () => {
      const kept = new TraceBuilder().initialize(A).ping(A).add({ kind: 'lifecycle', name: 'auth-tokens-saved', detail: {} }).ping(A);
      assert.ok(!rulesOf(analyze(kept.events)).includes('session-bound-to-other-token'));
      const expired = new TraceBuilder().initialize(A).ping(A).ping(A, 404, TS_SESSION_NOT_FOUND);
      assert.ok(!rulesOf(analyze(expired.events)).includes('session-bound-to-other-token'));
    });
  });

  describe('insufficient-scope', () => {
    it('fires on 403 insufficient_scope, naming the scope', () => {
      const trace = new TraceBuilder().initialize(A);
      trace.http('POST', 'http://h/mcp', {
        session: A,
        body: { jsonrpc: '2.0', id: 3, method: 'tools/call' },
        status: 403,
        responseHeaders: {
          'www-authenticate': 'Bearer error="insufficient_scope", scope="mcp:admin", resource_metadata="http://h/.well-known/oauth-protected-resource"',
        },
      });
      const finding = analyze(trace.events).find((f) => f.rule === 'insufficient-scope');
      assert.match(finding?.message ?? '', /tools\/call .*lacks the scope "mcp:admin"/);
    });

    it('stays silent for a 403 that is not a scope challenge', () => {
      const trace = new TraceBuilder().initialize(A).ping(A, 403, '{"error":"forbidden"}');
      assert.ok(!rulesOf(analyze(trace.events)).includes('insufficient-scope'));
    });
  });
});
