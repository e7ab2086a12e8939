// Regenerates the real client logs under test/fixtures/logs/: VS Code's own MCP client (code-server
// + chromium) talks to a real server, the server restarts under it, and the "MCP: <server>" output
// log is read from the browser's storage (IndexedDB `vscode-web-db`, store `vscode-logs-store`).
// Scenarios: a 400 server (server-everything) and a 404 server (a stateful v2 SDK server), each at
// info and trace level, and a healthy run. Usage: node test/extension/harness/capture-vscode-client-logs.mjs [scenario…]
// (build first: node scripts/build.mjs --tests).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, killTree, sleep, waitFor } from './processes.mjs';
import { pickQuickItem, runPaletteCommand } from './quick-input.mjs';
import { CHROMIUM_ARGS, ensureChromium, ensureCodeServer } from './install-tools.mjs';

const root = resolve(import.meta.dirname, '../../..');
const fixtures = join(root, 'test/fixtures/logs');

const SERVERS = {
  // server-everything answers a session it does not know with 400 "No valid session ID provided".
  everything: { entry: join(root, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js'), args: ['streamableHttp'] },
  // The v2 SDK's transport answers 404 -32001 "Session not found".
  stateful: { entry: join(root, 'out/test/fixtures/servers/stateful2.js'), args: [] },
};

const SCENARIOS = {
  'vscode-400-info': { server: 'everything', level: 'info', restart: true },
  'vscode-400-trace': { server: 'everything', level: 'trace', restart: true },
  'vscode-404-info': { server: 'stateful', level: 'info', restart: true },
  'vscode-404-trace': { server: 'stateful', level: 'trace', restart: true },
  'vscode-healthy-trace': { server: 'everything', level: 'trace', restart: false },
};

function log(message) {
  process.stderr.write(`[capture-vscode-client-logs] ${message}\n`);
}

const children = [];
process.on('exit', () => children.forEach(killTree));

async function startServer(name, port) {
  const { entry, args } = SERVERS[name];
  const child = spawn(process.execPath, [entry, ...args], { env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  children.push(child);
  let text = '';
  child.stdout.on('data', (chunk) => (text += chunk));
  child.stderr.on('data', (chunk) => (text += chunk));
  const url = `http://127.0.0.1:${port}/mcp`;
  await waitFor(
    async () =>
      fetch(url, { method: 'OPTIONS' }).then(
        () => true,
        () => false,
      ),
    20_000,
    `the ${name} server`,
  );
  return { child, url, sessions: () => [...text.matchAll(/Session initialized with ID: ([0-9a-f-]{36})/g)].map((match) => match[1]) };
}

async function stopServer(server) {
  const exited = new Promise((done) => server.child.once('exit', done));
  killTree(server.child);
  await exited;
}

/** Every log file VS Code keeps in the browser's IndexedDB, by path. */
function readLogStore(page) {
  /* global indexedDB -- the callback runs in the browser */
  return page.evaluate(
    () =>
      new Promise((done, fail) => {
        const opened = indexedDB.open('vscode-web-db');
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- a DOMException
        opened.onerror = () => fail(opened.error);
        opened.onsuccess = () => {
          const db = opened.result;
          const store = db.transaction('vscode-logs-store', 'readonly').objectStore('vscode-logs-store');
          const files = {};
          const cursor = store.openCursor();
          // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- a DOMException
          cursor.onerror = () => fail(cursor.error);
          cursor.onsuccess = () => {
            const at = cursor.result;
            if (!at) return done(files);
            const value = at.value;
            files[String(at.key)] =
              typeof value === 'string' ? value : new TextDecoder().decode(value instanceof Uint8Array ? value : new Uint8Array(value.buffer ?? value));
            at.continue();
          };
        };
      }),
  );
}

async function mcpServerAction(page, entry, action) {
  await runPaletteCommand(page, 'MCP: List Servers');
  await pickQuickItem(page, entry, { timeout: 30_000, exact: false });
  await pickQuickItem(page, action, { exact: false });
}

async function allowIfAsked(page) {
  const button = page
    .locator('.monaco-dialog-box .monaco-button, .notifications-toasts .monaco-button', { hasText: /^(Trust|Allow|Start Server|Trust and Start)/ })
    .first();
  if (
    await button.waitFor({ state: 'visible', timeout: 3000 }).then(
      () => true,
      () => false,
    )
  )
    await button.click();
}

/** Loopback ports vary from run to run: the fixtures name one fixed port. */
function sanitize(text, port, work) {
  return text
    .split(work)
    .join('/tmp/work')
    .replace(new RegExp(`127\\.0\\.0\\.1:${port}\\b`, 'g'), '127.0.0.1:3001')
    .replace(new RegExp(`localhost:${port}\\b`, 'g'), 'localhost:3001');
}

async function capture(name, scenario, tools, chromium, playwright) {
  const work = mkdtempSync(join(tmpdir(), 'mcpsi-logs-'));
  const codeServerPort = await freePort();
  const serverPort = await freePort();
  let server = await startServer(scenario.server, serverPort);
  const workspace = join(work, 'workspace');
  mkdirSync(join(workspace, '.vscode'), { recursive: true });
  writeFileSync(join(workspace, '.vscode', 'mcp.json'), JSON.stringify({ servers: { [scenario.server]: { type: 'http', url: server.url } } }, null, 2));
  mkdirSync(join(work, 'user-data', 'User'), { recursive: true });
  writeFileSync(
    join(work, 'user-data', 'User', 'settings.json'),
    JSON.stringify({ 'telemetry.telemetryLevel': 'off', 'workbench.startupEditor': 'none', 'chat.mcp.autostart': 'never' }, null, 2),
  );
  const codeServer = spawn(
    join(tools.nodeHome, 'bin', 'node'),
    [
      tools.entry,
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${codeServerPort}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--user-data-dir',
      join(work, 'user-data'),
      '--extensions-dir',
      join(work, 'extensions'),
      workspace,
    ],
    { env: tools.env, stdio: 'ignore', detached: true },
  );
  children.push(codeServer);
  const browser = await playwright.launch({ executablePath: chromium, args: CHROMIUM_ARGS, headless: true });
  try {
    const base = `http://127.0.0.1:${codeServerPort}`;
    await waitFor(
      async () =>
        fetch(`${base}/healthz`).then(
          (r) => r.ok,
          () => false,
        ),
      60_000,
      'code-server',
    );
    const page = await browser.newPage({ viewport: { width: 1400, height: 850 } });
    const payload = scenario.level === 'trace' ? `&payload=${encodeURIComponent(JSON.stringify([['logLevel', 'trace']]))}` : '';
    await page.goto(`${base}/?folder=${encodeURIComponent(workspace)}${payload}`);
    await page.waitForSelector('.monaco-workbench', { timeout: 90_000 });
    await sleep(3000);
    await mcpServerAction(page, scenario.server, 'Start Server');
    await allowIfAsked(page);
    await waitFor(() => server.sessions().length >= 1, 30_000, "VS Code's session");
    await sleep(1500);
    if (scenario.restart) {
      await stopServer(server);
      await sleep(1000);
      server = await startServer(scenario.server, serverPort);
    }
    // After a restart VS Code starts its new session on the next request: ask again until it has.
    for (let attempt = 0; attempt < 3; attempt++) {
      await mcpServerAction(page, scenario.server, 'Browse Resources');
      await sleep(3000);
      await page.keyboard.press('Escape');
      if (!scenario.restart || server.sessions().length >= 1) break;
    }
    if (scenario.restart && !server.sessions().length) throw new Error(`${name}: VS Code started no new session after the restart`);
    // The log store is written a little after the lines.
    await sleep(4000);
    const files = await readLogStore(page);
    const key = Object.keys(files).find((path) => /mcpServer\..*\.log$/.test(path));
    if (!key) throw new Error(`no mcpServer.*.log in the browser's log store (it holds ${Object.keys(files).join(', ')})`);
    const text = sanitize(files[key], serverPort, work);
    writeFileSync(join(fixtures, `${name}.log`), text);
    log(`${name}: ${text.split('\n').length} lines from ${key.split('/').pop()}`);
  } finally {
    await browser.close().catch(() => undefined);
    killTree(codeServer);
    killTree(server.child);
    rmSync(work, { recursive: true, force: true });
  }
}

const tools = ensureCodeServer();
const chromium = ensureChromium();
const { chromium: playwright } = await import('playwright-core');
mkdirSync(fixtures, { recursive: true });
const wanted = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(SCENARIOS);
for (const name of wanted) {
  if (!SCENARIOS[name]) throw new Error(`unknown scenario ${name} (known: ${Object.keys(SCENARIOS).join(', ')})`);
  await capture(name, SCENARIOS[name], tools, chromium, playwright);
}
process.exit(0);
