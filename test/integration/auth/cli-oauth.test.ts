// The CLI signs in to the v1 SDK's example server run with `--oauth` (a real in-memory OAuth
// authorization server in front of a real MCP server) through the loopback flow, the user's part
// played by Chromium; then reuses the token cache, and a token passed with --header. No token or
// authorization code appears in any output.

import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import type { StoredServerAuth } from '../../../src/core/auth/provider';
import { traceToHar } from '../../../src/core/trace/harExport';
import { runCli } from '../../fixtures/support/cli';
import { Cleanups } from '../../fixtures/support/ruleHarness';
import { startSdkOAuthExample } from '../../fixtures/support/servers';

const CLI = resolve('dist/cli.js');
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

/** Runs the CLI, hands the sign-in URL it prints to `open`, and resolves with its output. */
function runSigningIn(args: string[], open: (url: string) => Promise<void>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let opened = false;
    const kill = setTimeout(() => child.kill('SIGKILL'), 45_000);
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const url = /Open this URL in a browser:\n\s+(\S+)/.exec(stderr)?.[1];
      if (url && !opened) {
        opened = true;
        open(url).catch(fail);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(kill);
      done({ code, stdout, stderr });
    });
  });
}

describe('CLI sign-in (SDK example server --oauth, Chromium)', function () {
  this.timeout(90_000);
  const cleanups = new Cleanups();
  let dir: string;
  let browser: Browser;
  before(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });
  after(async () => browser?.close());
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'msi-oauth-'))));
  afterEach(async () => {
    await cleanups.run();
    rmSync(dir, { recursive: true, force: true });
  });

  it('status: 401 reads "requires sign-in", never "version negotiation"; --sign-in signs in through the loopback redirect; the cache and --header reuse the token; nothing leaks', async () => {
    const server = cleanups.add(await startSdkOAuthExample('--oauth'), (s) => s.stop());
    const trace = join(dir, 'trace.jsonl');
    const cache = join(dir, 'tokens.json');

    const refused = await runCli(['status', server.url]);
    assert.equal(refused.code, 2);
    assert.match(refused.stdout, /needs sign-in — run again with --sign-in/);
    assert.match(refused.stdout, /auth-required/);
    assert.doesNotMatch(refused.stdout + refused.stderr, /version negotiation/i);
    assert.doesNotMatch(refused.stdout, /health\s+down/);

    let code: string | undefined;
    const signedIn = await runSigningIn(['status', server.url, '--sign-in', '--json', '--trace', trace, '--token-cache', cache], async (url) => {
      const page = await browser.newPage();
      page.on('request', (request) => {
        const callback = new URL(request.url());
        if (callback.hostname === '127.0.0.1' && callback.pathname === '/callback') code = callback.searchParams.get('code') ?? undefined;
      });
      await page.goto(url);
      await page.waitForSelector('text=Signed in');
      await page.close();
    });
    assert.equal(signedIn.code, 0, signedIn.stderr);
    const status = JSON.parse(signedIn.stdout) as {
      handshake: { state: string };
      session: { id: string | null };
      auth?: { state: string; scopes?: string[]; expiresAt?: string };
    };
    assert.equal(status.handshake.state, 'ready');
    assert.ok(status.session.id);
    assert.equal(status.auth?.state, 'signed-in');
    assert.deepEqual(status.auth?.scopes, ['mcp:tools']);
    assert.ok(code, 'the browser came back to the loopback listener with a code');

    assert.equal(statSync(cache).mode & 0o777, 0o600);
    const stored = Object.values(JSON.parse(readFileSync(cache, 'utf8')) as Record<string, string>).map((value) => JSON.parse(value) as StoredServerAuth)[0];
    const accessToken = stored.tokens?.access_token as string;
    assert.ok(accessToken);

    const cached = await runCli(['status', server.url, '--token-cache', cache, '--json']);
    assert.equal(cached.code, 0, cached.stderr);
    assert.equal((JSON.parse(cached.stdout) as { handshake: { state: string } }).handshake.state, 'ready');

    const header = await runCli(['status', server.url, '--header', `Authorization: Bearer ${accessToken}`, '--trace', trace]);
    assert.equal(header.code, 0, header.stderr);
    assert.doesNotMatch(header.stdout, /^\s+auth\s/m, 'a configured Authorization header is not an OAuth sign-in');

    const analyzed = await runCli(['analyze', trace, '--json']);
    const events = readFileSync(trace, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Parameters<typeof traceToHar>[0][number]);
    const outputs = [refused, signedIn, cached, header, analyzed]
      .flatMap((run) => [run.stdout, run.stderr])
      .concat(readFileSync(trace, 'utf8'), JSON.stringify(traceToHar(events, 'test')));
    for (const secret of [accessToken, code as string]) {
      outputs.forEach((output, index) => assert.ok(!output.includes(secret), `a secret appears in output #${index}`));
    }
  });
});
