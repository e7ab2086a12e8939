// Leak canary for sign-in secrets: a full sign-in, a mid-session expiry with refresh, and a
// session lost to a token-bound server, then every output the engine feeds (the trace, its JSONL
// spill, the HAR export, the status JSON, CLI renderings of the model and of each event, findings)
// is searched for the real access and refresh tokens, authorization codes and PKCE verifiers.

import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryAuthStorage } from '../../../src/core/auth/storage';
import { modelToJson } from '../../../src/core/model';
import { traceToHar } from '../../../src/core/trace/harExport';
import { createStyle, formatEvent, formatModel } from '../../../src/cli/output';
import { startOAuthProtected } from '../../fixtures/faults/oauthProtected';
import { followAuthorization } from '../../fixtures/support/autoConsent';
import { Cleanups, engine, httpConfig, waitForFinding } from '../../fixtures/support/ruleHarness';

describe('sign-in secrets never leak (canary)', function () {
  this.timeout(40_000);
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());

  it('no token, code or verifier in the trace, JSONL, HAR, status JSON, CLI output or findings', async () => {
    const dir = cleanups.add(mkdtempSync(join(tmpdir(), 'msi-canary-')), async (path) => rmSync(path, { recursive: true, force: true }));
    const spill = join(dir, 'trace.jsonl');
    const fixture = cleanups.add(await startOAuthProtected({ tokenLifetimeSeconds: 2, bindSessionsToToken: true }), (f) => f.stop());
    const conn = engine(cleanups, httpConfig(fixture.url), { authStorage: new MemoryAuthStorage(), traceSpillFile: spill });
    await conn.connect();
    await conn.signIn(followAuthorization);
    await new Promise((done) => setTimeout(done, 2500));
    await conn.checkHealth();
    await waitForFinding(conn, 'session-bound-to-other-token');
    await conn.reconnect();
    await conn.disconnect();

    const secrets = [...fixture.issuedAccessTokens, ...fixture.issuedRefreshTokens, ...fixture.receivedSecrets];
    // Sign-in (code, verifier) and a refresh (the old refresh token) reached the token endpoint.
    assert.ok(
      fixture.issuedAccessTokens.length >= 2 && fixture.receivedSecrets.length >= 3,
      JSON.stringify({ issued: fixture.issuedAccessTokens.length, received: fixture.receivedSecrets.length }),
    );
    const events = conn.trace.events();
    const style = createStyle(false);
    const outputs: Record<string, string> = {
      trace: JSON.stringify(events),
      jsonl: readFileSync(spill, 'utf8'),
      har: JSON.stringify(traceToHar(events, 'test')),
      status: JSON.stringify(modelToJson(conn.model)),
      cli: formatModel(conn.model, style),
      watch: events.map((event) => formatEvent(event, style)).join('\n'),
      findings: JSON.stringify(conn.findings()),
    };
    // The token exchanges are in the trace (redacted), so the search is meaningful.
    assert.match(outputs.jsonl, /"url":"http:\/\/127\.0\.0\.1:\d+\/token"/);
    for (const [name, text] of Object.entries(outputs)) {
      for (const secret of secrets) assert.ok(!text.includes(secret), `${name} holds a secret (${secrets.indexOf(secret)})`);
    }
  });
});
