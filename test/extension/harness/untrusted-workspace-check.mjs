// Workspace trust in real VS Code: a second code-server, started WITHOUT --disable-workspace-trust
// on a fresh user-data dir, opens a workspace whose .vscode/mcp.json names an HTTP server (behind
// a proxy that records every request) and a stdio server whose command would write a marker file.
// Playwright declines the trust prompt, checks that nothing is connected or spawned and that the
// UI says why, grants trust, and checks the HTTP server connects while the stdio server waits for
// its one-time approval (and asks again after "Reset Server Approvals").
//
// Part of `npm test` (test/extension/harness/run-in-code-server.mjs calls runUntrustedWorkspaceCheck at its end
// and merges the rows). Alone: `flock /tmp/mcpsi-extension.lock node test/extension/harness/untrusted-workspace-check.mjs`
// (packages the .vsix itself, or takes MCPSI_PRODUCT_VSIX; screenshots land in
// test-output/untrusted-*.png, or in MCPSI_UNTRUSTED_OUTPUT).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { freePort, killTree, sleep, waitFor } from './processes.mjs';
import { runPaletteCommand } from './quick-input.mjs';
import { packageProduct } from './vsix.mjs';
import { CHROMIUM_ARGS, codeServerCli, ensureChromium, ensureCodeServer } from './install-tools.mjs';

const root = resolve(import.meta.dirname, '../../..');
const STEP_TIMEOUT_MS = 90_000;
/** How long "nothing happens" is watched for, after the extension has demonstrably read the config. */
const QUIET_MS = 6_000;
const HTTP_NAME = 'counted-http';
const STDIO_NAME = 'marker-stdio';
/** A server from the workspace's .vscode/settings.json (`mcpSessions.servers`): a workspace file too. */
const SETTINGS_NAME = 'settings-http';

/**
 * server-everything behind a recording proxy: every request (any path) is counted before it is
 * forwarded; `/from-settings/…` is the settings.json server's prefix, so the two are told apart.
 */
async function startCountingServer(children) {
  const upstreamPort = await freePort();
  const upstream = spawn(process.execPath, [join(root, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js'), 'streamableHttp'], {
    env: { ...process.env, PORT: String(upstreamPort) },
    stdio: ['ignore', 'ignore', 'ignore'],
    detached: true,
  });
  children.push(upstream);
  await waitFor(
    async () =>
      fetch(`http://127.0.0.1:${upstreamPort}/mcp`, { method: 'OPTIONS' }).then(
        () => true,
        () => false,
      ),
    20_000,
    'server-everything',
  );
  const requests = [];
  const sockets = new Set();
  const proxy = createHttpServer((req, res) => {
    requests.push({ at: new Date().toISOString(), method: req.method, url: req.url });
    const path = req.url.replace(/^\/from-settings/, '');
    const forward = httpRequest(
      { host: '127.0.0.1', port: upstreamPort, method: req.method, path, headers: { ...req.headers, host: `127.0.0.1:${upstreamPort}` } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    res.on('close', () => forward.destroy());
    req.pipe(forward);
  });
  proxy.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise((done) => proxy.listen(0, '127.0.0.1', done));
  const base = `http://127.0.0.1:${proxy.address().port}`;
  return {
    url: `${base}/mcp`,
    settingsUrl: `${base}/from-settings/mcp`,
    requests,
    count: (settings = false) => requests.filter((r) => r.url.startsWith('/from-settings') === settings).length,
    close: () => {
      for (const socket of sockets) socket.destroy();
      proxy.close();
    },
  };
}

/**
 * Runs the untrusted-workspace phase and returns its result rows ({ title, state, error?, durationMs }).
 * Never throws: a setup failure is a failed row. Stops everything it started before returning
 * (and on process exit, so a signal to the caller leaves nothing behind).
 */
export async function runUntrustedWorkspaceCheck({
  tools,
  chromium,
  productVsix,
  output = join(root, 'test-output'),
  log = (m) => process.stdout.write(`[untrusted] ${m}\n`),
}) {
  const rows = [];
  const children = [];
  const killAll = () => children.forEach(killTree);
  process.on('exit', killAll);
  const work = mkdtempSync(join(tmpdir(), 'mcpsi-untrusted-'));
  let browser;
  let counting;
  let codeServerText = '';
  mkdirSync(output, { recursive: true });
  const screenshotsTaken = [];
  let page;
  const screenshot = async (name) => {
    const file = join(output, `untrusted-${name}.png`);
    await page.screenshot({ path: file });
    screenshotsTaken.push(file);
  };

  let broken; // the first failed step: later steps depend on its state, so they are not run
  const step = async (title, run) => {
    const fullTitle = `untrusted workspace: ${title}`;
    if (broken) {
      rows.push({ title: fullTitle, state: 'failed', error: `not run: an earlier step failed (${broken})` });
      return;
    }
    const started = Date.now();
    let timer;
    try {
      await Promise.race([
        run(),
        new Promise((_, fail) => (timer = setTimeout(() => fail(new Error(`timed out after ${STEP_TIMEOUT_MS} ms`)), STEP_TIMEOUT_MS))),
      ]);
      rows.push({ title: fullTitle, state: 'passed', durationMs: Date.now() - started });
    } catch (error) {
      broken = title;
      const id = title.replace(/\W+/g, '-').toLowerCase().slice(0, 40);
      if (page) await screenshot(`failed-${id}`).catch(() => undefined);
      rows.push({ title: fullTitle, state: 'failed', error: String(error?.stack ?? error) });
    } finally {
      clearTimeout(timer);
    }
  };

  const marker = join(work, 'stdio-server-ran.marker');
  const workspace = join(work, 'workspace');
  try {
    await step(
      'setup: code-server without --disable-workspace-trust; a workspace with an HTTP and a stdio server in .vscode/mcp.json and an HTTP server in .vscode/settings.json',
      async () => {
        counting = await startCountingServer(children);
        mkdirSync(join(workspace, '.vscode'), { recursive: true });
        writeFileSync(join(workspace, 'README.md'), '# An untrusted workspace\n');
        const stdio = { type: 'stdio', command: process.execPath, args: ['-e', `require('fs').writeFileSync(${JSON.stringify(marker)}, 'ran')`] };
        writeFileSync(
          join(workspace, '.vscode', 'mcp.json'),
          JSON.stringify({ servers: { [HTTP_NAME]: { type: 'http', url: counting.url }, [STDIO_NAME]: stdio } }, null, 2),
        );
        writeFileSync(
          join(workspace, '.vscode', 'settings.json'),
          JSON.stringify({ 'mcpSessions.pingInterval': 1, 'mcpSessions.servers': { [SETTINGS_NAME]: { type: 'http', url: counting.settingsUrl } } }, null, 2),
        );
        const extensionsDir = join(work, 'extensions');
        codeServerCli(tools, ['--extensions-dir', extensionsDir, '--install-extension', productVsix]);
        const userData = join(work, 'user-data');
        mkdirSync(join(userData, 'User'), { recursive: true });
        writeFileSync(
          join(userData, 'User', 'settings.json'),
          JSON.stringify(
            {
              'telemetry.telemetryLevel': 'off',
              'workbench.startupEditor': 'none',
              'chat.disableAIFeatures': true,
              'workbench.secondarySideBar.defaultVisibility': 'hidden',
              'workbench.tips.enabled': false,
            },
            null,
            2,
          ),
        );
        const port = await freePort();
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
            '--user-data-dir',
            userData,
            '--extensions-dir',
            extensionsDir,
            workspace,
          ],
          { env: tools.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
        );
        children.push(codeServer);
        const keep = (chunk) => {
          codeServerText += chunk;
          writeFileSync(join(output, 'untrusted-code-server.log'), codeServerText);
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
        const { chromium: playwright } = await import('playwright-core');
        browser = await playwright.launch({
          executablePath: chromium,
          args: CHROMIUM_ARGS,
          headless: true,
          handleSIGINT: false,
          handleSIGTERM: false,
          handleSIGHUP: false,
        });
        page = await browser.newPage({ viewport: { width: 1400, height: 850 } });
        await page.goto(`${base}/?folder=${encodeURIComponent(workspace)}`);
        await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
        log(`code-server (workspace trust on) at ${base}, workspace ${workspace}`);
      },
    );

    const runCommand = (title) => runPaletteCommand(page, title);
    /** Answers the server quick pick (shown when more than one server fits). */
    const pickServer = async (name) => {
      const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: name }).first();
      if (
        await row.waitFor({ state: 'visible', timeout: 3000 }).then(
          () => true,
          () => false,
        )
      )
        await row.click();
    };
    const serverRow = (name) => page.locator('.sidebar .monaco-list-row', { hasText: name }).first();
    const toast = (text) => page.locator('.notifications-toasts .notification-toast', { hasText: text }).first();
    const dialog = (text) => page.locator('.monaco-dialog-box', { hasText: text }).first();
    const clearNotifications = async () => {
      await runCommand('Notifications: Clear All Notifications').catch(() => undefined);
    };
    const expectNothingHappened = (when) => {
      const problems = [];
      if (counting.count()) problems.push(`the HTTP server got ${counting.count()} request(s) (${JSON.stringify(counting.requests.slice(0, 3))})`);
      if (counting.count(true)) problems.push(`the settings.json server got ${counting.count(true)} request(s)`);
      if (existsSync(marker)) problems.push('the stdio command ran (the marker file exists)');
      if (problems.length) throw new Error(`${when}: ${problems.join('; ')}`);
    };

    await step('the window opens in Restricted Mode (a trust prompt, if shown, is declined): banner and status-bar item', async () => {
      // code-server opens an unknown folder restricted, with a banner; desktop VS Code asks first.
      const prompt = dialog(/trust the authors/i);
      const restricted = page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first();
      await Promise.any([prompt.waitFor({ state: 'visible', timeout: 60_000 }), restricted.waitFor({ state: 'visible', timeout: 60_000 })]);
      if (await prompt.isVisible()) {
        await screenshot('1-trust-prompt');
        await prompt
          .locator('.monaco-button', { hasText: /No, I don.t trust/i })
          .first()
          .click();
        await prompt.waitFor({ state: 'hidden', timeout: 15_000 });
      }
      await restricted.waitFor({ state: 'visible', timeout: 30_000 });
      await page.locator('.monaco-workbench .part.banner', { hasText: 'Restricted Mode' }).first().waitFor({ state: 'visible', timeout: 15_000 });
      await screenshot('2-restricted-mode');
    });

    await step(
      `in Restricted Mode the extension reads all three workspace servers, says they are blocked, and for ${QUIET_MS / 1000} s connects and spawns nothing`,
      async () => {
        const icon = page.locator('.activitybar .action-item a[aria-label^="MCP Sessions"]').first();
        await icon.waitFor({ state: 'visible', timeout: 60_000 });
        await icon.click();
        for (const name of [HTTP_NAME, STDIO_NAME, SETTINGS_NAME]) await serverRow(name).waitFor({ state: 'visible', timeout: 30_000 });
        // The config has been read and applied (auto-connect decided); now watch a few ping intervals.
        await sleep(QUIET_MS);
        await screenshot('3-restricted-tree');
        expectNothingHappened('in Restricted Mode');
        for (const name of [HTTP_NAME, STDIO_NAME, SETTINGS_NAME]) {
          const text = (await serverRow(name).textContent()) ?? '';
          if (!/not trusted/i.test(text)) throw new Error(`the "${name}" row does not say why it is not connected: "${text}"`);
        }
      },
    );

    await step('"MCP Sessions: Connect" from the palette warns "…this workspace is not trusted…" and still connects and spawns nothing', async () => {
      for (const name of [HTTP_NAME, STDIO_NAME]) {
        await runCommand('MCP Sessions: Connect');
        // Three servers fit, so Connect asks which one; each pick already says why it will not connect.
        const pick = page.locator('.quick-input-widget .monaco-list-row', { hasText: new RegExp(`${name}.*workspace not trusted`) }).first();
        await pick.waitFor({ state: 'visible', timeout: 10_000 });
        if (name === HTTP_NAME) await screenshot('4-connect-pick');
        await pick.click();
        await toast(`"${name}" comes from a workspace file and this workspace is not trusted`).waitFor({ state: 'visible', timeout: 15_000 });
        await screenshot(`4-connect-refused-${name}`);
        await clearNotifications();
      }
      await sleep(3000);
      expectNothingHappened('after Connect in Restricted Mode');
    });

    await step('granting trust (Manage Workspace Trust → Trust) connects the HTTP servers: requests arrive and the tree shows them connected', async () => {
      await runCommand('Workspaces: Manage Workspace Trust');
      const trust = page.locator('.workspace-trust-editor .monaco-button', { hasText: /^Trust$/ }).first();
      await trust.waitFor({ state: 'visible', timeout: 30_000 });
      await screenshot('5-manage-trust');
      await trust.click();
      await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ state: 'hidden', timeout: 30_000 });
      await waitFor(
        () => counting.count() > 0 && counting.count(true) > 0,
        30_000,
        'requests at the mcp.json and the settings.json HTTP servers after trust was granted',
      );
      // The trust editor is modal: close it to see the Servers view again.
      const editor = page.locator('.workspace-trust-editor').first();
      await page.keyboard.press('Escape');
      if (
        !(await editor.waitFor({ state: 'hidden', timeout: 3000 }).then(
          () => true,
          () => false,
        ))
      ) {
        await runCommand('View: Close Editor');
        await editor.waitFor({ state: 'hidden', timeout: 10_000 });
      }
      await page.locator('.quick-input-widget').first().waitFor({ state: 'hidden', timeout: 10_000 });
      for (const name of [HTTP_NAME, SETTINGS_NAME]) {
        await page
          .locator('.sidebar .monaco-list-row', { hasText: new RegExp(`${name}.*· (ready|healthy|degraded)`) })
          .first()
          .waitFor({ state: 'visible', timeout: 30_000 });
      }
      await screenshot('6-trusted-http-ready');
    });

    await step(
      'trusted but not approved: the stdio server has not run, and Connect asks "Allow MCP Sessions to start the server …" with its command line',
      async () => {
        await sleep(3000);
        if (existsSync(marker)) throw new Error('the stdio command ran without approval once the workspace was trusted');
        const text = (await serverRow(STDIO_NAME).textContent()) ?? '';
        if (!/approv/i.test(text)) throw new Error(`the "${STDIO_NAME}" row does not say it waits for approval: "${text}"`);
        await runCommand('MCP Sessions: Connect');
        await pickServer(STDIO_NAME);
        const prompt = dialog(`Allow MCP Sessions to start the server "${STDIO_NAME}"`);
        await prompt.waitFor({ state: 'visible', timeout: 15_000 });
        const promptText = (await prompt.textContent()) ?? '';
        if (!promptText.includes('stdio-server-ran.marker')) throw new Error(`the approval prompt does not show the command line: "${promptText}"`);
        await screenshot('7-approval-prompt');
        if (existsSync(marker)) throw new Error('the stdio command ran while the approval prompt was still open');
      },
    );

    await step('approving ("Allow and Connect") starts the stdio command: the marker file appears', async () => {
      await dialog('Allow MCP Sessions to start the server').locator('.monaco-button', { hasText: 'Allow and Connect' }).first().click();
      await waitFor(() => existsSync(marker), 30_000, 'the marker file the stdio command writes');
      await screenshot('8-approved');
      await clearNotifications();
    });

    await step(
      '"MCP Sessions: Reset Server Approvals" forgets the approval: the tree says "needs approval" again, Connect asks again, and Cancel starts nothing',
      async () => {
        unlinkSync(marker);
        await runCommand('MCP Sessions: Reset Server Approvals');
        await toast('will ask again').waitFor({ state: 'visible', timeout: 15_000 });
        await page
          .locator('.sidebar .monaco-list-row', { hasText: new RegExp(`${STDIO_NAME}.*needs approval`) })
          .first()
          .waitFor({ state: 'visible', timeout: 10_000 });
        await clearNotifications();
        await runCommand('MCP Sessions: Connect');
        await pickServer(STDIO_NAME);
        const prompt = dialog(`Allow MCP Sessions to start the server "${STDIO_NAME}"`);
        await prompt.waitFor({ state: 'visible', timeout: 15_000 });
        await screenshot('9-asked-again-after-reset');
        await prompt.locator('.monaco-button', { hasText: 'Cancel' }).first().click();
        await prompt.waitFor({ state: 'hidden', timeout: 10_000 });
        await sleep(3000);
        if (existsSync(marker)) throw new Error('the stdio command ran after its approval was reset and the prompt was cancelled');
      },
    );
  } finally {
    await browser?.close().catch(() => undefined);
    killAll();
    counting?.close();
    process.off('exit', killAll);
    rmSync(work, { recursive: true, force: true });
  }
  log(`screenshots: ${screenshotsTaken.map((file) => relative(root, file)).join(', ')}`);
  return rows;
}

// Standalone: package the product, run the phase, print the rows and a summary.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const work = mkdtempSync(join(tmpdir(), 'mcpsi-untrusted-pkg-'));
  const cleanupWork = () => rmSync(work, { recursive: true, force: true });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => process.exit(130));
  try {
    const tools = ensureCodeServer();
    const chromium = ensureChromium();
    const productVsix = process.env.MCPSI_PRODUCT_VSIX ?? packageProduct(work);
    // MCPSI_UNTRUSTED_OUTPUT keeps the screenshots out of test-output/, which a full run empties.
    const rows = await runUntrustedWorkspaceCheck({
      tools,
      chromium,
      productVsix,
      ...(process.env.MCPSI_UNTRUSTED_OUTPUT ? { output: resolve(process.env.MCPSI_UNTRUSTED_OUTPUT) } : {}),
    });
    for (const row of rows) {
      process.stdout.write(`${row.state === 'passed' ? '✔' : '✘'} ${row.title}${row.durationMs ? ` (${row.durationMs} ms)` : ''}\n`);
      if (row.error) process.stdout.write(`    ${row.error.split('\n').slice(0, 6).join('\n    ')}\n`);
    }
    const passed = rows.filter((row) => row.state === 'passed').length;
    const failed = rows.length - passed;
    console.log(`${passed} passed, ${failed} failed`);
    process.exitCode = failed === 0 && passed > 0 ? 0 : 1;
  } finally {
    cleanupWork();
  }
}
