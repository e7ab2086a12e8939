// Runs the test layers in order: unit (the static checks, then the pure core), integration (core +
// CLI against real servers), extension (the extension-host suite inside real VS Code).
// `node scripts/test.mjs [layer…]`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { ensureDebianPackages } from '../test/extension/harness/install-tools.mjs';

const LAYERS = ['unit', 'integration', 'extension'];
const requested = process.argv.slice(2);
const layers = requested.length ? requested : LAYERS;
for (const layer of layers) {
  if (!LAYERS.includes(layer)) {
    console.error(`unknown test layer '${layer}' (expected one of ${LAYERS.join(', ')})`);
    process.exit(2);
  }
}

function run(command, args, env = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function ensureDependencies() {
  if (existsSync('node_modules/.package-lock.json')) return;
  if (run('npm', ['ci', '--no-audit', '--no-fund']) !== 0) process.exit(1);
}

/**
 * The integration and extension layers run real nginx, Chromium and Prometheus. A test never passes by
 * skipping, so they are installed here when missing, or the run stops with the one command to run.
 */
const TEST_PACKAGES = [
  { name: 'nginx', binary: process.env.NGINX_BINARY ?? '/usr/sbin/nginx' },
  { name: 'chromium', binary: '/usr/bin/chromium' },
  { name: 'prometheus', binary: '/usr/bin/prometheus' },
];

function ensureTestPackages() {
  const missing = TEST_PACKAGES.filter((pkg) => !existsSync(pkg.binary)).map((pkg) => pkg.name);
  if (!missing.length) return;
  try {
    ensureDebianPackages(missing);
  } catch (error) {
    console.error(`\nThe tests need ${missing.join(' and ')}, which could not be installed (${error instanceof Error ? error.message : String(error)}).`);
    console.error(`Install ${missing.length > 1 ? 'them' : 'it'} with:\n\n  sudo apt-get install -y --no-install-recommends ${missing.join(' ')}\n`);
    process.exit(1);
  }
}

/**
 * The bundler strips types without checking them, so the unit layer starts with the static checks:
 * the package.json scripts `typecheck` (both tsconfigs), `lint` and `format:check`, side by side.
 * Each one's output is shown only when it fails.
 */
const STATIC_CHECKS = ['typecheck', 'lint', 'format:check'];

function runQuietly(script) {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ script, status: code ?? 1, output }));
  });
}

async function staticChecks() {
  const started = Date.now();
  const results = await Promise.all(STATIC_CHECKS.map(runQuietly));
  const failed = results.filter((result) => result.status !== 0);
  for (const { script, output } of failed) console.error(`\n--- npm run ${script} failed:\n${output.trimEnd()}`);
  if (!failed.length) console.log(`static checks passed (${STATIC_CHECKS.join(', ')}) in ${Math.round((Date.now() - started) / 1000)} s`);
  return failed.length === 0;
}

ensureDependencies();
if (layers.some((layer) => layer !== 'unit')) ensureTestPackages();
if (run(process.execPath, ['scripts/build.mjs', '--tests']) !== 0) process.exit(1);

const failed = [];
for (const layer of layers) {
  console.log(`\n=== ${layer} tests ===`);
  if (layer === 'unit' && !(await staticChecks())) {
    failed.push(layer);
    continue;
  }
  const status =
    layer === 'extension'
      ? run(process.execPath, ['test/extension/harness/run-in-code-server.mjs'])
      : run(process.execPath, ['--enable-source-maps', 'node_modules/mocha/bin/mocha.js', '--config', `test/${layer}/.mocharc.json`]);
  if (status !== 0) failed.push(layer);
}
if (failed.length) {
  console.error(`\nFailed test layers: ${failed.join(', ')}`);
  process.exit(1);
}
console.log(`\nAll test layers passed: ${layers.join(', ')}`);
