import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseChallenge } from '../../../src/core/auth/challenge';
import { describeAuth, tokenExpiry } from '../../../src/core/auth/describe';
import { startLoopbackRedirect } from '../../../src/core/auth/loopback';
import { rememberSecretsInBody } from '../../../src/core/auth/secretSink';
import { FileAuthStorage } from '../../../src/core/auth/storage';
import { parseMcpJson } from '../../../src/core/config';
import { KnownSecrets } from '../../../src/core/trace/knownSecrets';

describe('auth', () => {
  it('reads a WWW-Authenticate challenge as the SDK does', () => {
    assert.deepEqual(
      parseChallenge('Bearer error="insufficient_scope", scope="mcp:admin", resource_metadata="http://h/.well-known/oauth-protected-resource"'),
      {
        resourceMetadataUrl: 'http://h/.well-known/oauth-protected-resource',
        scope: 'mcp:admin',
        error: 'insufficient_scope',
      },
    );
    assert.deepEqual(parseChallenge(undefined), {});
  });

  it('says when a token expires, and what a sign-in state means', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    assert.equal(tokenExpiry('2026-01-01T01:00:00Z', now), 'token expires in 60 min');
    assert.equal(tokenExpiry('2025-12-31T23:59:57Z', now), 'token expired 3 s ago');
    assert.equal(
      describeAuth({ state: 'signed-in', scopes: ['mcp:tools'], expiresAt: '2026-01-01T00:00:30Z' }, now),
      'signed in (mcp:tools) · token expires in 30 s',
    );
    assert.equal(describeAuth({ state: 'needs-sign-in' }, now), 'needs sign-in');
  });

  it('learns the credential fields of OAuth bodies, JSON and form-encoded, before they are recorded', () => {
    const known = new KnownSecrets();
    rememberSecretsInBody(known, '{"access_token":"at-123456","refresh_token":"rt-123456","token_type":"bearer","expires_in":3600}');
    rememberSecretsInBody(known, 'grant_type=authorization_code&code=code-123456&code_verifier=verifier-123456&redirect_uri=http%3A%2F%2F127.0.0.1');
    const text = known.text('at-123456 rt-123456 code-123456 verifier-123456 bearer 3600');
    assert.equal(text, '<redacted> <redacted> <redacted> <redacted> bearer 3600');
  });

  it('the token cache is a 0600 file; a damaged one reads as empty', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'msi-auth-'));
    try {
      const file = join(dir, 'tokens.json');
      const storage = new FileAuthStorage(file);
      await storage.set('k', 'v');
      assert.equal(statSync(file).mode & 0o777, 0o600);
      assert.equal(await storage.get('k'), 'v');
      await storage.delete('k');
      assert.equal(await storage.get('k'), undefined);
      writeFileSync(file, '{not json');
      assert.equal(await storage.get('k'), undefined);
      await storage.set('k', 'again');
      assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), { k: 'again' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the loopback redirect takes the code, and reports an error redirect in words', async () => {
    const ok = await startLoopbackRedirect();
    const page = await fetch(`${ok.redirectUrl}?code=abc&state=s1&iss=http%3A%2F%2Fas`);
    assert.match(await page.text(), /Signed in/);
    assert.deepEqual(await ok.callback, { code: 'abc', state: 's1', iss: 'http://as' });
    ok.close();
    const refused = await startLoopbackRedirect();
    const answer = await fetch(`${refused.redirectUrl}?error=access_denied&error_description=%3Cb%3Eno%3C%2Fb%3E`);
    assert.equal(answer.status, 400);
    assert.match(await answer.text(), /access_denied: &#60;b&#62;no/);
    await assert.rejects(refused.callback, /refused the sign-in: access_denied/);
    refused.close();
  });

  it('mcp.json: "oauth" names a client registered by hand; a malformed one is an error on the field', () => {
    const good = parseMcpJson('{"servers":{"p":{"type":"http","url":"https://h/mcp","oauth":{"clientId":"abc","scope":"mcp:tools"}}}}', {
      file: '/w/.vscode/mcp.json',
    });
    assert.deepEqual(good.servers[0].oauth, { clientId: 'abc', scope: 'mcp:tools' });
    const bad = parseMcpJson('{"servers":{"p":{"type":"http","url":"https://h/mcp","oauth":"abc"}}}', { file: '/w/.vscode/mcp.json' });
    assert.ok(
      bad.errors.some((error) => error.code === 'invalid-field' && /"oauth" must be an object/.test(error.message)),
      JSON.stringify(bad.errors),
    );
  });
});
