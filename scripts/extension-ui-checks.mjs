// UI checks the extension test run performs in real VS Code through Playwright. Each check gets
// { page, server, workspace, screenshot(name), runCommand(title) } and throws to fail. Add a check
// by appending to the list; screenshots land in test-output/.

/** Opens the MCP Sessions container from its activity-bar icon. */
async function openContainer(page) {
  const icon = page.locator('.activitybar .action-item a[aria-label^="MCP Sessions"], .activitybar [aria-label^="MCP Sessions"]').first();
  await icon.waitFor({ state: 'visible', timeout: 60_000 });
  await icon.click();
  // With one view in the container VS Code hides the pane header and titles the sidebar instead.
  await page.locator('.sidebar .composite.title', { hasText: /MCP Sessions/i }).first().waitFor({ state: 'visible', timeout: 30_000 });
  await page.locator('.sidebar .monaco-list[aria-label*="Servers"], .sidebar .welcome-view').first().waitFor({ state: 'visible', timeout: 30_000 });
}

export const uiChecks = [
  {
    id: 'activity-bar',
    title: 'the activity-bar icon opens the MCP Sessions container with the Servers view',
    async run({ page, screenshot }) {
      await openContainer(page);
      await screenshot('servers-view');
    },
  },
  {
    id: 'tree-session',
    title: 'the Servers tree shows the configured server ready with the session id the server logged',
    async run({ page, server, screenshot }) {
      const row = page.locator('.monaco-list-row', { hasText: 'everything' }).first();
      await row.waitFor({ state: 'visible', timeout: 30_000 });
      const deadline = Date.now() + 30_000;
      let sessionId;
      while (!sessionId && Date.now() < deadline) {
        sessionId = /Session initialized with ID: ([0-9a-f-]{36})/.exec(server.log())?.[1];
        if (!sessionId) await page.waitForTimeout(200);
      }
      if (!sessionId) throw new Error('the server never logged a session');
      const short = `${sessionId.slice(0, 4)}…${sessionId.slice(-4)}`;
      await page.locator('.monaco-list-row', { hasText: short }).first().waitFor({ state: 'visible', timeout: 30_000 });
      await page.locator('.statusbar-item', { hasText: short }).first().waitFor({ state: 'visible', timeout: 30_000 });
      await screenshot('tree-and-status-bar');
    },
  },
  {
    id: 'command-palette',
    title: 'a command runs from the command palette (MCP Sessions: Show Log)',
    async run({ page, runCommand, screenshot }) {
      await runCommand('MCP Sessions: Show Log');
      await page.locator('.panel .view-lines', { hasText: 'MCP Session Inspector activated' }).first().waitFor({ state: 'visible', timeout: 30_000 });
      await screenshot('show-log');
    },
  },
];
