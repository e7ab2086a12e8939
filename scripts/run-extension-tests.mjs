// The extension-host test layer in real VS Code (code-server), driven by Playwright + Debian's
// chromium. It packages the product and a small test-runner extension as .vsix files, installs
// both, starts a real MCP server and a workspace pointing at it, opens VS Code, runs the UI
// checks (screenshots in test-output/) while the in-host mocha suite runs, and always cleans up.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import { uiChecks } from './extension-ui-checks.mjs';
import { CHROMIUM_ARGS, codeServerCli, ensureChromium, ensureCodeServer } from './vscode-tools.mjs';

const root = resolve(import.meta.dirname, '..');
const output = join(root, 'test-output');
const SUITE_TIMEOUT_MS = 240_000;

function log(message) {
  process.stdout.write(`[extension-tests] ${message}\n`);
}

function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

async function waitFor(probe, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 200));
  }
}

function vsce(args, cwd) {
  const result = spawnSync(process.execPath, [join(root, 'node_modules/@vscode/vsce/vsce'), ...args], { cwd, encoding: 'utf8', input: 'y\n' });
  if (result.status !== 0) throw new Error(`vsce ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
}

/** The product .vsix, exactly as `npm run package` builds it. */
function packageProduct(work) {
  const built = spawnSync(process.execPath, ['scripts/build.mjs', '--production'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) throw new Error('building the extension failed');
  const vsix = join(work, 'product.vsix');
  vsce(['package', '--no-dependencies', '--allow-missing-repository', '--out', vsix], root);
  return vsix;
}

/** The test-runner extension: the in-host suite with mocha bundled in. */
async function packageRunner(work) {
  const folder = join(work, 'runner');
  mkdirSync(folder, { recursive: true });
  await esbuild.build({
    entryPoints: [join(root, 'test/extension/runner/extension.ts')],
    outfile: join(folder, 'extension.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    mainFields: ['module', 'main'],
    logLevel: 'error',
  });
  copyFileSync(join(root, 'test/extension/runner/package.json'), join(folder, 'package.json'));
  copyFileSync(join(root, 'LICENSE'), join(folder, 'LICENSE'));
  writeFileSync(join(folder, 'README.md'), '# MCP Session Inspector test runner\n');
  const vsix = join(work, 'runner.vsix');
  vsce(['package', '--no-dependencies', '--allow-missing-repository', '--out', vsix], folder);
  return vsix;
}

/** server-everything over Streamable HTTP on a free port; resolves once it listens. */
async function startDemoServer(fixedPort) {
  const port = fixedPort ?? (await freePort());
  const child = spawn(process.execPath, [join(root, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js'), 'streamableHttp'], {
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let logText = '';
  child.stdout.on('data', (chunk) => (logText += chunk));
  child.stderr.on('data', (chunk) => (logText += chunk));
  const url = `http://127.0.0.1:${port}/mcp`;
  await waitFor(async () => fetch(url, { method: 'OPTIONS' }).then(() => true, () => false), 20_000, 'the demo MCP server');
  return { url, port, child, log: () => logText };
}

function killTree(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}

async function main() {
  rmSync(output, { recursive: true, force: true });
  mkdirSync(output, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'mcpsi-e2e-'));
  const resultsFile = join(work, 'results.json');
  const processes = [];
  let browser;
  const cleanup = async () => {
    await browser?.close().catch(() => undefined);
    for (const child of processes) killTree(child);
  };
  for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => void cleanup().then(() => process.exit(130)));
  try {
    const tools = ensureCodeServer();
    const chromium = ensureChromium();
    log('packaging the extension and the test runner');
    const productVsix = packageProduct(work);
    const runnerVsix = await packageRunner(work);
    const extensionsDir = join(work, 'extensions');
    for (const vsix of [productVsix, runnerVsix]) codeServerCli(tools, ['--extensions-dir', extensionsDir, '--install-extension', vsix]);

    let server = await startDemoServer();
    processes.push(server.child);
    const workspace = join(work, 'workspace');
    mkdirSync(join(workspace, '.vscode'), { recursive: true });
    writeFileSync(join(workspace, '.vscode', 'mcp.json'), `{\n  // written by the extension test run\n  "servers": {\n    "everything": { "type": "http", "url": "${server.url}" }\n  }\n}\n`);
    // Probe health every second so kills and restarts show up quickly.
    writeFileSync(join(workspace, '.vscode', 'settings.json'), '{\n  "mcpSessions.pingInterval": 1\n}\n');

    const port = await freePort();
    const codeServerLog = join(output, 'code-server.log');
    const codeServer = spawn(
      join(tools.nodeHome, 'bin', 'node'),
      [tools.entry, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
        '--user-data-dir', join(work, 'user-data'), '--extensions-dir', extensionsDir, workspace],
      { env: { ...tools.env, MCPSI_TEST_RESULTS: resultsFile }, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
    );
    processes.push(codeServer);
    let codeServerText = '';
    const keep = (chunk) => {
      codeServerText += chunk;
      writeFileSync(codeServerLog, codeServerText);
    };
    codeServer.stdout.on('data', keep);
    codeServer.stderr.on('data', keep);
    const base = `http://127.0.0.1:${port}`;
    await waitFor(async () => fetch(`${base}/healthz`).then((r) => r.ok, () => false), 60_000, 'code-server to listen');
    log(`code-server ready at ${base}`);

    const { chromium: playwright } = await import('playwright-core');
    browser = await playwright.launch({ executablePath: chromium, args: CHROMIUM_ARGS, headless: true });
    const page = await browser.newPage({ viewport: { width: 1400, height: 850 } });
    await page.goto(`${base}/?folder=${encodeURIComponent(workspace)}`);
    await page.waitForSelector('.monaco-workbench', { timeout: 90_000 });

    const context = {
      page,
      get server() {
        return server;
      },
      workspace,
      /** SIGKILLs the demo server (no graceful shutdown, like a crash). */
      killServer: async () => {
        const child = server.child;
        const exited = new Promise((done) => child.once('exit', done));
        child.kill('SIGKILL');
        await exited;
      },
      /** Starts the demo server again on the same port (a restart: all sessions are gone). */
      restartServer: async () => {
        server = await startDemoServer(server.port);
        processes.push(server.child);
      },
      screenshot: (name) => page.screenshot({ path: join(output, `${name}.png`) }),
      runCommand: async (title) => {
        const input = page.locator('.quick-input-widget input');
        // The first key press can land before the workbench handles keys; retry with both bindings.
        for (const [attempt, keys] of ['F1', 'Control+Shift+P', 'F1'].entries()) {
          await page.keyboard.press(keys);
          try {
            await input.waitFor({ state: 'visible', timeout: 5_000 });
            break;
          } catch (error) {
            if (attempt === 2) throw error;
            await page.keyboard.press('Escape');
          }
        }
        await input.fill(`>${title}`);
        await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 15_000 });
        await page.keyboard.press('Enter');
      },
    };
    const uiResults = [];
    for (const check of uiChecks) {
      const started = Date.now();
      try {
        await check.run(context);
        uiResults.push({ title: `UI: ${check.title}`, state: 'passed', durationMs: Date.now() - started });
      } catch (error) {
        await context.screenshot(`failed-${check.id}`).catch(() => undefined);
        uiResults.push({ title: `UI: ${check.title}`, state: 'failed', error: String(error?.message ?? error) });
      }
    }

    const suite = await waitFor(() => existsSync(resultsFile) && JSON.parse(readFileSync(resultsFile, 'utf8')), SUITE_TIMEOUT_MS, 'the extension-host suite (see test-output/code-server.log)');
    if (suite.error) throw new Error(`the extension-host suite could not run: ${suite.error}`);
    const tests = [...suite.tests, ...uiResults];
    writeFileSync(join(output, 'extension-results.json'), JSON.stringify(tests, null, 2));
    for (const test of tests) {
      log(`${test.state === 'passed' ? '✔' : test.state === 'pending' ? '-' : '✘'} ${test.title}${test.durationMs ? ` (${test.durationMs} ms)` : ''}`);
      if (test.error) log(`    ${test.error.split('\n').slice(0, 6).join('\n    ')}`);
    }
    const passed = tests.filter((test) => test.state === 'passed').length;
    const failed = tests.filter((test) => test.state === 'failed').length;
    console.log(`\n  ${passed} passing\n${failed ? `  ${failed} failing\n` : ''}`);
    console.log(`${passed} passed, ${failed} failed`);
    return failed === 0 && passed > 0 ? 0 : 1;
  } finally {
    await cleanup();
    rmSync(work, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`[extension-tests] ${error?.stack ?? error}`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
