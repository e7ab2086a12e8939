// VS Code's own MCP client through the tap (issue 9, "done when"): "Tap Server…" adds
// "everything (tapped)" to mcp.json, VS Code's MCP support starts it, and the Servers view shows
// that client's session id — the one the server logged. The server restarts; VS Code's next call
// targets the lost session, and the Problems panel shows unknown-session for the tapped client.
// Runs last: it starts VS Code's own client and restarts the server.

const shortId = (id) => `${id.slice(0, 4)}…${id.slice(-4)}`;
const loggedSessions = (server) => [...server.log().matchAll(/Session initialized with ID: ([0-9a-f-]{36})/g)].map((match) => match[1]);

/** "MCP: List Servers" → an entry → one of its actions (Start Server, Browse Resources…). */
async function mcpServerAction(runCommand, pick, entry, action) {
  await runCommand('MCP: List Servers');
  await pick(entry, { timeout: 30_000, exact: false });
  await pick(action, { exact: false });
}

/** "Tap Server…" on `server`, accepting the offer to add its `(tapped)` entry; waits for the file. */
async function tapAndAddEntry(page, runCommand, pick, workspace, server) {
  const { readFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  await runCommand('MCP Sessions: Tap Server…');
  await pick(server);
  const add = page.locator('.notifications-toasts .monaco-button', { hasText: 'Add to mcp.json' }).first();
  await add.waitFor({ state: 'visible', timeout: 15_000 });
  await add.click();
  const mcpJson = join(workspace, '.vscode', 'mcp.json');
  const deadline = Date.now() + 15_000;
  while (!readFileSync(mcpJson, 'utf8').includes(`"${server} (tapped)"`)) {
    if (Date.now() > deadline) throw new Error(`"${server} (tapped)" was not added to mcp.json`);
    await page.waitForTimeout(100);
  }
  await page.keyboard.press('Escape');
  return mcpJson;
}

/** "Stop Tap…" on `server`; waits until its entry is out of mcp.json. */
async function stopTap(page, runCommand, pick, mcpJson, server) {
  const { readFileSync } = await import('node:fs');
  await runCommand('MCP Sessions: Stop Tap…');
  await pick(server, { timeout: 1500, optional: true });
  const removedBy = Date.now() + 15_000;
  while (readFileSync(mcpJson, 'utf8').includes(`"${server} (tapped)"`)) {
    if (Date.now() > removedBy) throw new Error(`"Stop Tap…" left "${server} (tapped)" in mcp.json`);
    await page.waitForTimeout(100);
  }
}

/** Expands a server in the Servers view and waits for its "Tapped clients" node. */
async function showTappedClients(page, server) {
  // Clicking the icon of the container already showing would close the side bar.
  if (!(await page.locator('.activitybar .action-item.checked a[aria-label^="MCP Sessions"]').count()))
    await page.locator('.activitybar .action-item a[aria-label^="MCP Sessions"]').first().click();
  const serverRow = page
    .locator('.sidebar .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${server}$`) }) })
    .first();
  await serverRow.waitFor({ state: 'visible', timeout: 15_000 });
  if ((await serverRow.getAttribute('aria-expanded')) !== 'true') await serverRow.click();
  const taps = page.locator('.sidebar .monaco-list-row', { hasText: 'Tapped clients' }).first();
  await taps.waitFor({ state: 'visible', timeout: 20_000 });
  if ((await taps.getAttribute('aria-expanded')) === 'false') await taps.click();
}

/** Narrows the Problems panel to `text` (its list only renders the rows in view). */
async function filterProblems(page, runCommand, text) {
  await runCommand('View: Focus Problems (Errors, Warnings, Infos)');
  const filter = page.locator('.part.panel input[placeholder^="Filter"]').first();
  if (
    await filter.waitFor({ state: 'visible', timeout: 5000 }).then(
      () => true,
      () => false,
    )
  )
    await filter.fill(text);
}

/** VS Code may ask before it runs a server added to a workspace file; allow it. */
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

export const checks = [
  {
    id: 'vscode-client-tap',
    title:
      "VS Code's own MCP client through the tap: the tree shows its session id (the server's), and after a server restart Problems shows unknown-session for the tapped client",
    async run({ page, server, runCommand, pick, screenshot, killServer, restartServer, workspace }) {
      // Earlier checks leave editors open; the screenshots are for the README.
      await runCommand('View: Close All Editors');
      const mcpJson = await tapAndAddEntry(page, runCommand, pick, workspace, 'everything');

      const before = loggedSessions(server).length;
      await mcpServerAction(runCommand, pick, 'everything (tapped)', 'Start Server');
      await allowIfAsked(page);
      const waitForSession = async (count) => {
        const until = Date.now() + 30_000;
        while (loggedSessions(server).length < count) {
          if (Date.now() > until)
            throw new Error(`VS Code's MCP client did not start a session through the tap (the server logged ${loggedSessions(server).length - before} new)`);
          await page.waitForTimeout(100);
        }
        return loggedSessions(server)[count - 1];
      };
      const vscodeSession = await waitForSession(before + 1);
      // The Servers view: everything → Tapped clients → VS Code's client with that session.
      await showTappedClients(page, 'everything');
      const clientRow = page
        .locator('.sidebar .monaco-list-row', { hasText: shortId(vscodeSession) })
        .filter({ hasText: /code-server|Visual Studio Code|VS Code|node/ })
        .first();
      await clientRow.waitFor({ state: 'visible', timeout: 20_000 });
      await clientRow.click();
      await page.keyboard.press('ArrowRight');
      await page.locator('.sidebar .monaco-list-row', { hasText: vscodeSession }).first().waitFor({ state: 'visible', timeout: 10_000 });
      await screenshot('tap-vscode-client');

      // Restart the server: VS Code's next call carries the session the new process never issued.
      await killServer();
      await restartServer();
      await mcpServerAction(runCommand, pick, 'everything (tapped)', 'Browse Resources');
      await page.waitForTimeout(1500);
      await page.keyboard.press('Escape');
      await filterProblems(page, runCommand, 'tapped client');
      const problem = page
        .locator('.markers-panel .monaco-list-row', { hasText: /tapped client .*targeted session/ })
        .filter({ hasText: vscodeSession })
        .first();
      await problem.waitFor({ state: 'visible', timeout: 30_000 });
      await screenshot('tap-problems-unknown-session');
      await filterProblems(page, runCommand, '');

      // Stopping the tap takes the entry back out.
      await stopTap(page, runCommand, pick, mcpJson, 'everything');
    },
  },
  {
    id: 'vscode-client-stdio-tap',
    title:
      "VS Code's own MCP client through the stdio tap: server-everything (stdio) runs behind `mcp-session-inspector tap`, and its client shows up ready under the server",
    async run({ page, runCommand, pick, screenshot, workspace }) {
      await runCommand('View: Close All Editors');
      const mcpJson = await tapAndAddEntry(page, runCommand, pick, workspace, 'stdio-demo');
      await mcpServerAction(runCommand, pick, 'stdio-demo (tapped)', 'Start Server');
      await allowIfAsked(page);
      await showTappedClients(page, 'stdio-demo');
      const clientRow = page
        .locator('.sidebar .monaco-list-row', { hasText: /stdio pid \d+/ })
        .filter({ hasText: /ready|healthy/ })
        .first();
      await clientRow.waitFor({ state: 'visible', timeout: 30_000 });
      await clientRow.click();
      await page.keyboard.press('ArrowRight');
      await page
        .locator('.sidebar .monaco-list-row', { hasText: 'Handshake' })
        .filter({ hasText: /ready/ })
        .first()
        .waitFor({ state: 'visible', timeout: 10_000 });
      await screenshot('tap-vscode-stdio-client');
      await stopTap(page, runCommand, pick, mcpJson, 'stdio-demo');
    },
  },
];
