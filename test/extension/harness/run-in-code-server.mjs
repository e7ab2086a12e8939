// The extension-host test layer in real VS Code (code-server), driven by Playwright + Debian's
// chromium. It packages the product and a small test-runner extension as .vsix files, installs
// both, starts a real MCP server and a workspace pointing at it, opens VS Code, runs the UI
// checks (screenshots in test-output/) while the in-host mocha suite runs, and always cleans up.
//
// Adding tests (see test/extension/README.md):
//   - extension-host tests: a new test/extension/suite/**/*.test.ts (mocha bdd, `vscode` API);
//   - UI checks: a new test/extension/ui/*.ui.ts (or .ui.mjs) exporting `checks` (an array) or a
//     default { id, title, run(ui) }, where ui = { page, root, server, workspace, screenshot(name),
//     runCommand(title), killServer(), restartServer() }; they run after test/extension/harness/session-ui-checks.mjs.
// MCPSI_TEST_GREP narrows the in-host suite to matching test titles.
import { spawn } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { uiChecks } from './session-ui-checks.mjs';
import { runUntrustedWorkspaceCheck } from './untrusted-workspace-check.mjs';
import { freePort, killTree, waitFor } from './processes.mjs';
import { pickQuickItem, runPaletteCommand } from './quick-input.mjs';
import { packageProduct, vsce } from './vsix.mjs';
import { CHROMIUM_ARGS, codeServerCli, ensureChromium, ensureCodeServer } from './install-tools.mjs';

const root = resolve(import.meta.dirname, '../../..');
const output = join(root, 'test-output');
/**
 * Secrets planted in the "secretive" server's settings, and in the failing servers the canary
 * test adds to mcp.json (URL userinfo, query, header); no log file of the run may contain them.
 */
const PLANTED_SECRETS = {
  query: 'PLANTEDQUERYSECRET4711',
  bearer: 'sk-PLANTEDBEARERSECRET0815',
  failingPassword: 'PLANTEDFAILINGPASSWORD2718',
  failingQuery: 'PLANTEDFAILINGQUERY3141',
  failingHeader: 'PLANTEDFAILINGHEADER1618',
};

/** A result row: the planted secrets appear in none of VS Code's logs (our output channel included). */
function plantedSecretsCheck(logsDir) {
  const title = 'security: planted secrets appear in no VS Code log, the MCP Sessions output channel included';
  const files = filesUnder(logsDir, ['.log', '.txt', '.json']);
  const ours = files.filter((file) => file.endsWith('MCP Sessions.log'));
  if (!ours.length) return { title, state: 'failed', error: `no "MCP Sessions" log file under ${logsDir}` };
  const leaking = files.filter((file) => Object.values(PLANTED_SECRETS).some((secret) => readFileSync(file, 'latin1').includes(secret)));
  return leaking.length ? { title, state: 'failed', error: `secrets found in ${leaking.join(', ')}` } : { title, state: 'passed' };
}
const SUITE_TIMEOUT_MS = 240_000;
const UI_CHECK_TIMEOUT_MS = 180_000;
/** The whole run, packaging included; on expiry everything is stopped and the run fails. */
const RUN_TIMEOUT_MS = Number(process.env.MCPSI_EXTENSION_TIMEOUT_MS ?? 900_000);

function log(message) {
  process.stdout.write(`[extension-tests] ${message}\n`);
}

/** Files under a folder (recursively, path order) whose names end with one of the suffixes. */
function filesUnder(dir, suffixes) {
  if (!existsSync(dir)) return [];
  const files = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) files.push(...filesUnder(path, suffixes));
    else if (suffixes.some((suffix) => name.endsWith(suffix))) files.push(path);
  }
  return files;
}

/** esbuild plugin: `mcpsi:extension-tests` requires every suite test file, so the bundle needs no list. */
const suiteTestsPlugin = {
  name: 'mcpsi-extension-tests',
  setup(build) {
    build.onResolve({ filter: /^mcpsi:extension-tests$/ }, (args) => ({ path: args.path, namespace: 'mcpsi-tests' }));
    build.onLoad({ filter: /.*/, namespace: 'mcpsi-tests' }, () => {
      const files = filesUnder(join(root, 'test/extension/suite'), ['.test.ts']);
      return {
        contents: `export function loadTests() {\n${files.map((file) => `  require(${JSON.stringify(file)});`).join('\n')}\n}\n`,
        resolveDir: root,
        loader: 'js',
      };
    });
  },
};

/** UI checks: test/extension/harness/session-ui-checks.mjs, then every test/extension/ui/*.ui.{ts,mjs} module. */
async function loadUiChecks() {
  const checks = [...uiChecks];
  const modules = filesUnder(join(root, 'test/extension/ui'), ['.ui.ts', '.ui.mjs']);
  for (const file of modules) {
    let url = pathToFileURL(file).href;
    if (file.endsWith('.ts')) {
      // Bundled next to the repo so bare imports (playwright-core, …) resolve from node_modules.
      const outfile = join(root, 'out', 'ui-checks', relative(join(root, 'test/extension/ui'), file).replace(/\.ts$/, '.mjs'));
      await esbuild.build({
        entryPoints: [file],
        outfile,
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        packages: 'external',
        logLevel: 'error',
      });
      url = pathToFileURL(outfile).href;
    }
    const loaded = await import(url);
    const found = [...(loaded.checks ?? []), ...(loaded.default ? [loaded.default].flat() : [])];
    if (!found.length) throw new Error(`${relative(root, file)} exports no UI checks (export \`checks\` or a default { id, title, run })`);
    for (const check of found) {
      if (typeof check?.run !== 'function' || !check.title) throw new Error(`${relative(root, file)}: a UI check needs a title and a run(ui) function`);
      checks.push({ id: check.id ?? check.title.replace(/\W+/g, '-').toLowerCase(), ...check });
    }
  }
  // MCPSI_UI_GREP=<text> narrows the UI checks to titles containing it (as MCPSI_TEST_GREP does the in-host suite).
  const grep = process.env.MCPSI_UI_GREP;
  return grep ? checks.filter((check) => check.title.includes(grep)) : checks;
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
    plugins: [suiteTestsPlugin],
    logLevel: 'error',
  });
  copyFileSync(join(root, 'test/extension/runner/package.json'), join(folder, 'package.json'));
  copyFileSync(join(root, 'LICENSE'), join(folder, 'LICENSE'));
  writeFileSync(join(folder, 'README.md'), '# MCP Session Inspector test runner\n');
  const vsix = join(work, 'runner.vsix');
  vsce(['package', '--no-dependencies', '--allow-missing-repository', '--out', vsix], folder);
  return vsix;
}

/** Every child process this run started; cleanup() kills them all, and once it has, nothing new starts. */
const processes = [];
let stopping = false;

function track(child) {
  if (stopping) {
    killTree(child);
    throw new Error('the run is stopping');
  }
  processes.push(child);
  return child;
}

/** server-everything over Streamable HTTP on a free port (its own process group); resolves once it listens. */
async function startDemoServer(fixedPort) {
  if (stopping) throw new Error('the run is stopping');
  const port = fixedPort ?? (await freePort());
  const child = spawn(process.execPath, [join(root, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js'), 'streamableHttp'], {
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  track(child);
  let logText = '';
  child.stdout.on('data', (chunk) => (logText += chunk));
  child.stderr.on('data', (chunk) => (logText += chunk));
  const url = `http://127.0.0.1:${port}/mcp`;
  await waitFor(
    async () =>
      fetch(url, { method: 'OPTIONS' }).then(
        () => true,
        () => false,
      ),
    20_000,
    'the demo MCP server',
  );
  return { url, port, child, log: () => logText };
}

async function main() {
  rmSync(output, { recursive: true, force: true });
  mkdirSync(output, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'mcpsi-e2e-'));
  const resultsFile = join(work, 'results.json');
  let browser;
  // Children die first and synchronously: a signal must not leave code-server or a server behind
  // (Playwright's own signal handlers are off, so this is the only exit path on a signal).
  const cleanup = async () => {
    stopping = true;
    for (const child of processes) killTree(child);
    await browser?.close().catch(() => undefined);
  };
  process.on('exit', () => processes.forEach(killTree));
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => void cleanup().then(() => process.exit(130)));
  const overall = setTimeout(() => {
    console.error(
      `[extension-tests] the run did not finish within ${RUN_TIMEOUT_MS / 1000} s (MCPSI_EXTENSION_TIMEOUT_MS); stopping code-server, chromium and the servers`,
    );
    console.log('0 passed, 1 failed');
    void cleanup().then(() => process.exit(1));
  }, RUN_TIMEOUT_MS);
  try {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    const productId = `${manifest.publisher}.${manifest.name}`;
    const tools = ensureCodeServer();
    const chromium = ensureChromium();
    log('packaging the extension and the test runner');
    const productVsix = packageProduct(work);
    const runnerVsix = await packageRunner(work);
    const extensionsDir = join(work, 'extensions');
    for (const vsix of [productVsix, runnerVsix]) codeServerCli(tools, ['--extensions-dir', extensionsDir, '--install-extension', vsix]);
    // UI under load (`npm run bench`): the in-host test starts this notification-flood fixture and
    // writes its figures to MCPSI_UI_LOAD_FILE.
    const floodServer = join(work, 'notificationFlood.js');
    await esbuild.build({
      entryPoints: [join(root, 'test/fixtures/servers/notificationFlood.ts')],
      outfile: floodServer,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      mainFields: ['module', 'main'],
      logLevel: 'error',
    });

    let server = await startDemoServer();
    // Its own server, so the restart checks of the demo server leave it alone.
    const secretServer = await startDemoServer();
    // The workspace: a copy of demo/ whose mcp.json points at this run's server.
    const workspace = join(work, 'workspace');
    cpSync(join(root, 'demo'), workspace, { recursive: true });
    mkdirSync(join(workspace, '.vscode'), { recursive: true });
    // "stdio-demo" is the stdio server the tap check runs VS Code's own client against (through the stdio tap).
    const stdioDemo = JSON.stringify({
      type: 'stdio',
      command: process.execPath,
      args: [join(root, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js'), 'stdio'],
    });
    writeFileSync(
      join(workspace, '.vscode', 'mcp.json'),
      `{\n  // written by the extension test run\n  "servers": {\n    "everything": { "type": "http", "url": "${server.url}" },\n    "stdio-demo": ${stdioDemo}\n  }\n}\n`,
    );
    // Probe health every second so kills and restarts show up quickly. "secretive" carries planted
    // secrets (URL query, Authorization): they must appear in no VS Code log and no UI (checked below).
    const secretive = {
      type: 'http',
      url: `${secretServer.url}?api_key=${PLANTED_SECRETS.query}`,
      headers: { Authorization: `Bearer ${PLANTED_SECRETS.bearer}` },
    };
    writeFileSync(
      join(workspace, '.vscode', 'settings.json'),
      JSON.stringify({ 'mcpSessions.pingInterval': 1, 'mcpSessions.servers': { secretive } }, null, 2),
    );

    // User settings for a quiet, reproducible window: no telemetry, no start page, no chat side bar.
    mkdirSync(join(work, 'user-data', 'User'), { recursive: true });
    writeFileSync(
      join(work, 'user-data', 'User', 'settings.json'),
      // AI features stay on: VS Code's own MCP client (which the tap check drives) is one of them.
      JSON.stringify(
        {
          'telemetry.telemetryLevel': 'off',
          'workbench.startupEditor': 'none',
          'workbench.secondarySideBar.defaultVisibility': 'hidden',
          'workbench.tips.enabled': false,
          'chat.mcp.autostart': 'never',
        },
        null,
        2,
      ),
    );
    const port = await freePort();
    const codeServerLog = join(output, 'code-server.log');
    const codeServer = spawn(
      join(tools.nodeHome, 'bin', 'node'),
      [
        tools.entry,
        '--auth',
        'none',
        '--bind-addr',
        `127.0.0.1:${port}`,
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-workspace-trust',
        '--user-data-dir',
        join(work, 'user-data'),
        '--extensions-dir',
        extensionsDir,
        workspace,
      ],
      {
        env: {
          ...tools.env,
          MCPSI_TEST_RESULTS: resultsFile,
          MCPSI_PRODUCT_ID: productId,
          MCPSI_PLANTED_SECRETS: JSON.stringify(PLANTED_SECRETS),
          MCPSI_LOGS_DIR: join(work, 'user-data', 'logs'),
          MCPSI_ACTIVATION_FILE: join(output, 'activation.json'),
          MCPSI_FLOOD_SERVER: floodServer,
          MCPSI_UI_LOAD_FILE: join(output, 'ui-load.json'),
          MCPSI_RUNTIME_FILE: join(output, 'runtime.json'),
          MCPSI_REPO_ROOT: root,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      },
    );
    track(codeServer);
    let codeServerText = '';
    const keep = (chunk) => {
      codeServerText += chunk;
      writeFileSync(codeServerLog, codeServerText);
    };
    codeServer.stdout.on('data', keep);
    codeServer.stderr.on('data', keep);
    const base = `http://127.0.0.1:${port}`;
    await waitFor(
      async () =>
        fetch(`${base}/healthz`).then(
          (r) => r.ok,
          () => false,
        ),
      60_000,
      'code-server to listen',
    );
    log(`code-server ready at ${base}`);

    const { chromium: playwright } = await import('playwright-core');
    browser = await playwright.launch({
      executablePath: chromium,
      args: CHROMIUM_ARGS,
      headless: true,
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
    const page = await browser.newPage({ viewport: { width: 1400, height: 850 } });
    await page.goto(`${base}/?folder=${encodeURIComponent(workspace)}`);
    await page.waitForSelector('.monaco-workbench', { timeout: 90_000 });

    const context = {
      page,
      /** The repository root (UI checks that start fixtures or the playground need its node_modules). */
      root,
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
      },
      screenshot: (name) => page.screenshot({ path: join(output, `${name}.png`) }),
      runCommand: (title) => runPaletteCommand(page, title, process.env.MCPSI_DEBUG ? log : undefined),
      pick: (label, options) => pickQuickItem(page, label, options),
    };
    // Coordination: the in-host suite runs first (the runner extension starts it on
    // onStartupFinished and writes the results file); the UI checks run after it, so they never race
    // the suite for the server or the workspace, and are skipped at once when the product is not active.
    log('waiting for the extension-host suite');
    const suite = await waitFor(
      () => existsSync(resultsFile) && JSON.parse(readFileSync(resultsFile, 'utf8')),
      SUITE_TIMEOUT_MS,
      'the extension-host suite to write its results (is the test-runner extension installed? see test-output/code-server.log and test-output/vscode-logs/)',
    );
    if (suite.error) throw new Error(`the extension-host suite could not run: ${suite.error}`);
    log(`in-host mocha: ${suite.summary?.replace(/\n/g, ', ') ?? `${suite.passes} passing`}`);
    const uiResults = [];
    for (const check of await loadUiChecks()) {
      const title = `UI: ${check.title}`;
      if (suite.productActive === false) {
        uiResults.push({
          title,
          state: 'failed',
          error: `not run: ${suite.productId} is not active in VS Code (see the activation failure above and test-output/vscode-logs/)`,
        });
        continue;
      }
      const started = Date.now();
      let timer;
      try {
        await Promise.race([
          check.run(context),
          new Promise((_, fail) => (timer = setTimeout(() => fail(new Error(`timed out after ${UI_CHECK_TIMEOUT_MS} ms`)), UI_CHECK_TIMEOUT_MS))),
        ]);
        uiResults.push({ title, state: 'passed', durationMs: Date.now() - started });
      } catch (error) {
        await context.screenshot(`failed-${check.id}`).catch(() => undefined);
        uiResults.push({ title, state: 'failed', error: String(error?.message ?? error) });
      } finally {
        clearTimeout(timer);
      }
    }

    // Workspace trust: a second code-server with trust ON (this one runs --disable-workspace-trust).
    log('untrusted-workspace phase (a second code-server with workspace trust on)');
    const untrustedResults = await runUntrustedWorkspaceCheck({ tools, chromium, productVsix, output, log });
    const tests = [...suite.tests, ...uiResults, plantedSecretsCheck(join(work, 'user-data', 'logs')), ...untrustedResults];
    writeFileSync(join(output, 'extension-results.json'), JSON.stringify(tests, null, 2));
    for (const test of tests) {
      log(`${test.state === 'passed' ? '✔' : test.state === 'pending' ? '-' : '✘'} ${test.title}${test.durationMs ? ` (${test.durationMs} ms)` : ''}`);
      if (test.error) log(`    ${test.error.split('\n').slice(0, 6).join('\n    ')}`);
    }
    const passed = tests.filter((test) => test.state === 'passed').length;
    const failed = tests.filter((test) => test.state === 'failed').length;
    const pending = tests.filter((test) => test.state === 'pending').length;
    console.log(`\n  ${passed} passing\n${failed ? `  ${failed} failing\n` : ''}${pending ? `  ${pending} pending\n` : ''}`);
    console.log(`${passed} passed, ${failed} failed`);
    // A pending test is a test that did not run: it fails the run as a failure would.
    return failed === 0 && pending === 0 && passed > 0 ? 0 : 1;
  } finally {
    clearTimeout(overall);
    await cleanup();
    // VS Code's own logs (exthost.log has activation errors) for debugging, then the temp dir.
    if (existsSync(join(work, 'user-data', 'logs'))) cpSync(join(work, 'user-data', 'logs'), join(output, 'vscode-logs'), { recursive: true });
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
