// The npm package as a user installs it: `npm pack` (its prepack builds), installed into an empty
// prefix with no dev dependencies and without the network, then run against a real server.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startEverything, type RunningServer } from '../../fixtures/support/servers';

const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function npm(args: string[], cwd: string) {
  const result = spawnSync(NPM, args, { cwd, encoding: 'utf8', timeout: 120_000, env: { ...process.env, npm_config_update_notifier: 'false' } });
  assert.equal(result.status, 0, `npm ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

describe('the packed CLI, installed without dev dependencies', function () {
  this.timeout(180_000);
  const work = mkdtempSync(join(tmpdir(), 'mcpsi-packed-'));
  const prefix = join(work, 'prefix');
  let files: Array<{ path: string; size: number }> = [];
  let tarball = '';
  let bin = '';
  let server: RunningServer | undefined;

  before(() => {
    const [packed] = JSON.parse(npm(['pack', '--json', '--pack-destination', work], resolve('.'))) as Array<{
      filename: string;
      files: Array<{ path: string; size: number }>;
    }>;
    files = packed.files;
    tarball = join(work, packed.filename);
    // From an unrelated directory, so nothing of the repository's node_modules can be found.
    npm(['install', '--omit=dev', '--offline', '--no-audit', '--no-fund', '--prefix', prefix, tarball], work);
    bin = join(prefix, 'node_modules', '.bin', 'mcp-session-inspector');
  });

  after(async () => {
    await server?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('is small and holds only what runs: the bundles, media and rule docs, no sources or tests', () => {
    const paths = files.map((file) => file.path);
    for (const needed of ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'dist/cli.js', 'dist/extension.js', 'docs/rules/unknown-session.md'])
      assert.ok(paths.includes(needed), `${needed} in ${paths.join(', ')}`);
    const stray = paths.filter((path) => /^(src|test|scripts|bench|demo|out)\/|\.ts$|\.map$|^docs\/images\//.test(path));
    assert.deepEqual(stray, []);
    assert.ok(paths.length < 80, `${paths.length} files`);
    assert.ok(statSync(tarball).size < 1_000_000, `${statSync(tarball).size} bytes packed`);
  });

  it('installs no dependencies: the bundle is self-contained', () => {
    const installed = JSON.parse(readFileSync(join(prefix, 'node_modules', '.package-lock.json'), 'utf8')) as { packages: Record<string, unknown> };
    assert.deepEqual(
      Object.keys(installed.packages).filter((path) => path !== ''),
      ['node_modules/mcp-session-inspector'],
    );
  });

  it('--version prints the package version', () => {
    const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    const result = spawnSync(bin, ['--version'], { cwd: work, encoding: 'utf8', timeout: 30_000 });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout.trim(), version);
  });

  it('status against server-everything shows a ready session', async () => {
    server = await startEverything('streamableHttp');
    const result = spawnSync(bin, ['status', server.url, '--json'], { cwd: work, encoding: 'utf8', timeout: 60_000 });
    assert.equal(result.status, 0, `exit ${result.status}: ${result.stderr}`);
    const doc = JSON.parse(result.stdout) as { handshake: { state: string }; session: { id: string | null }; era: string };
    assert.equal(doc.handshake.state, 'ready');
    assert.equal(doc.era, 'session');
    assert.match(String(doc.session.id), /^[0-9a-f-]{36}$/);
  });
});
