// OAuth sign-in through the engine, against the v1 SDK's own authorization-server router and
// bearer middleware (test/fixtures/faults/oauthProtected.ts), and the faults that mix auth with
// sessions: an expiry or revocation mid-session, sessions bound to the token, a missing scope.

import * as assert from 'node:assert/strict';
import { startOAuthProtected, type OAuthProtectedOptions } from '../../fixtures/faults/oauthProtected';
import { followAuthorization } from '../../fixtures/support/autoConsent';
import { assertSilent, Cleanups, engine, httpConfig, waitForFinding, waitUntil } from '../../fixtures/support/ruleHarness';
import { MemoryAuthStorage } from '../../../src/core/auth/storage';

describe('OAuth-protected servers (engine)', function () {
  this.timeout(40_000);
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());

  async function signedIn(options: OAuthProtectedOptions = {}) {
    const fixture = cleanups.add(await startOAuthProtected(options), (f) => f.stop());
    const conn = engine(cleanups, httpConfig(fixture.url), { authStorage: new MemoryAuthStorage() });
    await conn.connect();
    await conn.signIn(followAuthorization);
    assert.equal(conn.model.handshake.state, 'ready', conn.model.handshake.reason);
    return { fixture, conn };
  }

  it('a protected server shows needs sign-in (not down) and auth-required; sign-in gives a session; sign-out forgets it', async () => {
    const fixture = cleanups.add(await startOAuthProtected(), (f) => f.stop());
    const conn = engine(cleanups, httpConfig(fixture.url), { authStorage: new MemoryAuthStorage() });
    await conn.connect();
    assert.equal(conn.model.handshake.state, 'failed');
    assert.equal(conn.model.auth?.state, 'needs-sign-in');
    assert.notEqual(conn.model.health.state, 'down');
    assert.doesNotMatch(conn.model.handshake.reason ?? '', /version negotiation/i);
    assert.match(conn.model.handshake.reason ?? '', /requires sign-in \(HTTP 401\).*oauth-protected-resource/);
    const required = await waitForFinding(conn, 'auth-required');
    assert.match(required.message, /resource_metadata=http:\/\/127\.0\.0\.1:\d+\/\.well-known\/oauth-protected-resource\/mcp/);

    await conn.signIn(followAuthorization);
    assert.equal(conn.model.handshake.state, 'ready', conn.model.handshake.reason);
    assert.ok(conn.model.session.id && fixture.sessions.has(conn.model.session.id));
    assert.equal(conn.model.auth?.state, 'signed-in');
    assert.deepEqual(conn.model.auth?.scopes, ['mcp:tools']);
    assert.ok(Date.parse(conn.model.auth?.expiresAt ?? '') > Date.now());
    await waitUntil(() => !conn.findings().some((f) => f.rule === 'auth-required'), 5000, 'auth-required withdrawn');
    // The flow went through discovery, dynamic registration, PKCE S256 and the resource indicator.
    const urls = conn.trace.events().flatMap((e) => (e.kind === 'http-request' ? [e.url] : []));
    assert.ok(
      urls.some((u) => u.includes('/.well-known/oauth-protected-resource/mcp')),
      urls.join('\n'),
    );
    assert.ok(urls.some((u) => u.includes('/.well-known/oauth-authorization-server')));
    assert.ok(urls.some((u) => u.endsWith('/register')));

    await conn.signOut();
    assert.equal(conn.model.auth?.state, 'needs-sign-in');
    await conn.connect();
    assert.equal(conn.model.handshake.state, 'failed');
    assert.equal(conn.model.auth?.state, 'needs-sign-in');
  });

  it('token-expired-mid-session: a token that lives 2 s expires on a live session, is refreshed, and the session is kept', async () => {
    const { conn } = await signedIn({ tokenLifetimeSeconds: 2 });
    const session = conn.model.session.id;
    await new Promise((done) => setTimeout(done, 2500));
    const health = await conn.checkHealth();
    assert.equal(health.state, 'healthy', health.reason);
    const finding = await waitForFinding(conn, 'token-expired-mid-session', 8000, (f) => /kept/.test(f.message));
    assert.equal(finding.sessionId, session);
    assert.equal(conn.model.session.id, session);
    await assertSilent(conn, 'session-bound-to-other-token');
  });

  it('token-expired-mid-session: a revoked token is refreshed on the next request', async () => {
    const { fixture, conn } = await signedIn();
    fixture.revokeAccessTokens();
    assert.equal((await conn.checkHealth()).state, 'healthy');
    await waitForFinding(conn, 'token-expired-mid-session', 8000, (f) => /kept/.test(f.message));
  });

  it('session-bound-to-other-token: a server that binds sessions to the token refuses the session after the refresh', async () => {
    const { conn } = await signedIn({ tokenLifetimeSeconds: 2, bindSessionsToToken: true });
    const session = conn.model.session.id as string;
    await new Promise((done) => setTimeout(done, 2500));
    await conn.checkHealth();
    const bound = await waitForFinding(conn, 'session-bound-to-other-token');
    assert.equal(bound.sessionId, session);
    assert.match(bound.message, /refused with 404 once the token changed/);
    const expired = await waitForFinding(conn, 'token-expired-mid-session', 8000, (f) => /lost/.test(f.message));
    assert.match(expired.message, /answered 404/);
  });

  it('insufficient-scope: a token without the scope the server requires is refused 403, naming the scope', async () => {
    const fixture = cleanups.add(await startOAuthProtected({ requiredScopes: ['mcp:admin'], grantScopes: ['mcp:tools'] }), (f) => f.stop());
    const conn = engine(cleanups, httpConfig(fixture.url), { authStorage: new MemoryAuthStorage() });
    await conn.connect();
    await conn.signIn(followAuthorization);
    const finding = await waitForFinding(conn, 'insufficient-scope');
    assert.match(finding.message, /lacks the scope "mcp:admin"/);
  });

  it('a token the user configured (headers.Authorization) and the server refuses: no sign-in offered, the finding says that token was refused', async () => {
    const fixture = cleanups.add(await startOAuthProtected(), (f) => f.stop());
    const conn = engine(cleanups, httpConfig(fixture.url, 'http', { headers: { Authorization: 'Bearer not-the-token-1234' } }));
    await conn.connect();
    assert.match(conn.model.handshake.reason ?? '', /refused the configured credentials \(HTTP 401/);
    assert.equal(conn.model.auth, undefined);
    await assert.rejects(conn.signIn(followAuthorization), /sends its own Authorization header/);
    const finding = await waitForFinding(conn, 'auth-required');
    assert.match(finding.fix ?? '', /token you send .* was refused/);
  });

  it('stays silent on a signed-in session whose token stays valid', async () => {
    const { conn } = await signedIn();
    assert.equal((await conn.checkHealth()).state, 'healthy');
    for (const rule of ['auth-required', 'auth-metadata-invalid', 'token-expired-mid-session', 'session-bound-to-other-token', 'insufficient-scope'])
      await assertSilent(conn, rule);
  });
});
