// The session check against protected servers: the OAuth checks (metadata, S256, registration,
// audience) on the SDK's example server with --oauth and --oauth-strict, and the session checks
// run with a token the CLI signed in for (--token-cache).

import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileAuthStorage } from '../../../src/core/auth/storage';
import { startOAuthProtected } from '../../fixtures/faults/oauthProtected';
import { followAuthorization } from '../../fixtures/support/autoConsent';
import { runCli } from '../../fixtures/support/cli';
import { Cleanups, engine, httpConfig } from '../../fixtures/support/ruleHarness';
import { startSdkOAuthExample } from '../../fixtures/support/servers';

interface CheckJson {
  checks: Array<{ id: string; status: string; message: string; sent: string[]; received: string[] }>;
}

function checkOf(run: { stdout: string }, id: string) {
  const found = (JSON.parse(run.stdout) as CheckJson).checks.find((check) => check.id === id);
  assert.ok(found, `no ${id} check in ${run.stdout.slice(0, 300)}`);
  return found;
}

describe('session check: OAuth', function () {
  this.timeout(60_000);
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());

  it('--oauth: metadata, S256 and registration pass; a token for another resource is accepted, so the audience check fails', async () => {
    const server = cleanups.add(await startSdkOAuthExample('--oauth'), (s) => s.stop());
    const run = await runCli(['check', server.url, '--json', '--only', 'oauth-metadata,oauth-pkce,oauth-registration,oauth-audience']);
    assert.equal(checkOf(run, 'transport').status, 'fail');
    assert.match(checkOf(run, 'transport').message, /requires authorization/);
    assert.equal(checkOf(run, 'oauth-metadata').status, 'pass');
    assert.equal(checkOf(run, 'oauth-pkce').status, 'pass');
    assert.equal(checkOf(run, 'oauth-registration').status, 'pass');
    const audience = checkOf(run, 'oauth-audience');
    assert.equal(audience.status, 'fail');
    assert.match(audience.message, /issued for https:\/\/audience-probe\.invalid\/mcp was accepted/);
    // The check log names requests, never a token or code.
    assert.ok(
      audience.sent.every((line) => !/Bearer|code=|code_verifier/.test(line)),
      audience.sent.join('\n'),
    );
  });

  it('--oauth-strict: the token for another resource is refused, so the audience check passes', async () => {
    const server = cleanups.add(await startSdkOAuthExample('--oauth-strict'), (s) => s.stop());
    const run = await runCli(['check', server.url, '--json', '--only', 'oauth-audience']);
    assert.equal(checkOf(run, 'oauth-audience').status, 'pass', checkOf(run, 'oauth-audience').message);
  });

  it('with --token-cache from a sign-in, the session checks run against the protected server', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'msi-check-oauth-'));
    cleanups.add(dir, async (path) => rmSync(path, { recursive: true, force: true }));
    const cache = join(dir, 'tokens.json');
    const fixture = cleanups.add(await startOAuthProtected(), (f) => f.stop());
    const conn = engine(cleanups, httpConfig(fixture.url), { authStorage: new FileAuthStorage(cache) });
    await conn.connect();
    await conn.signIn(followAuthorization);
    assert.equal(conn.model.handshake.state, 'ready');
    const run = await runCli(['check', fixture.url, '--json', '--token-cache', cache, '--only', 'session-issued']);
    assert.equal(checkOf(run, 'transport').status, 'pass', checkOf(run, 'transport').message);
    assert.equal(checkOf(run, 'session-issued').status, 'pass');
    assert.ok(!run.stdout.includes(fixture.issuedAccessTokens[0]));
  });
});
