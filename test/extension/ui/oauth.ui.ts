// A protected server in mcp.json (the v1 SDK's authorization-server router and bearer middleware in
// front of its session server): the Servers view shows it as needing sign-in, not down; the inline
// Sign In action opens the browser (VS Code's openExternal: a new tab), the authorization server
// redirects to the extension's loopback listener, and the session id appears; Sign Out forgets it.

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Page } from 'playwright-core';
import { startOAuthProtected } from '../../fixtures/faults/oauthProtected';

interface UiContext {
  page: Page;
  workspace: string;
  runCommand(title: string): Promise<void>;
  pick(label: string, options?: { timeout?: number; optional?: boolean; exact?: boolean }): Promise<void>;
  screenshot(name: string): Promise<void>;
}

const shortId = (id: string) => `${id.slice(0, 4)}…${id.slice(-4)}`;

/** Every file under `dir` (VS Code's logs: the MCP Sessions channel and the extension host's). */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)]));
}

async function showServers(page: Page): Promise<void> {
  // Clicking the icon of the container already showing would close the side bar.
  if (!(await page.locator('.activitybar .action-item.checked a[aria-label^="MCP Sessions"]').count()))
    await page.locator('.activitybar .action-item a[aria-label^="MCP Sessions"]').first().click();
}

/** VS Code asks before opening an external site it does not trust yet; the user says Open. */
async function openWhenAsked(page: Page): Promise<void> {
  const button = page.locator('.monaco-dialog-box .monaco-button', { hasText: /^Open$/ }).first();
  if (
    await button.waitFor({ state: 'visible', timeout: 5000 }).then(
      () => true,
      () => false,
    )
  )
    await button.click();
}

export const checks = [
  {
    id: 'oauth-sign-in',
    title: 'a protected server shows needs sign-in; the inline Sign In completes in the browser and the session id appears; Sign Out forgets it',
    async run({ page, workspace, runCommand, pick, screenshot }: UiContext) {
      const fixture = await startOAuthProtected();
      const mcpJson = join(workspace, '.vscode', 'mcp.json');
      const original = readFileSync(mcpJson, 'utf8');
      try {
        writeFileSync(mcpJson, original.replace('"servers": {', `"servers": {\n    "protected": { "type": "http", "url": "${fixture.url}" },`));
        await showServers(page);
        const row = page
          .locator('.sidebar .monaco-list-row')
          .filter({ has: page.locator('.label-name', { hasText: /^protected$/ }) })
          .first();
        await row.filter({ hasText: 'needs sign-in' }).waitFor({ state: 'visible', timeout: 30_000 });
        await screenshot('oauth-needs-sign-in');

        const browserTab = page.context().waitForEvent('page', { timeout: 30_000 });
        await row.hover();
        await row.locator('.action-label[aria-label="Sign In"]').click();
        await openWhenAsked(page);
        const tab = await browserTab;
        await tab.getByText('Signed in').waitFor({ timeout: 30_000 });
        await tab.close();

        const deadline = Date.now() + 30_000;
        while (fixture.sessions.size === 0) {
          if (Date.now() > deadline) throw new Error('no session was opened after the sign-in');
          await page.waitForTimeout(100);
        }
        const sessionId = [...fixture.sessions.keys()][0];
        await row.filter({ hasText: shortId(sessionId) }).waitFor({ state: 'visible', timeout: 30_000 });
        await screenshot('oauth-signed-in');

        await runCommand('MCP Sessions: Sign Out / Forget Authorization');
        await pick('protected', { timeout: 2000, optional: true });
        await row.filter({ hasText: 'needs sign-in' }).waitFor({ state: 'visible', timeout: 30_000 });

        // The runner keeps VS Code's logs next to the workspace: no token, code or verifier in any of them.
        const secrets = [...fixture.issuedAccessTokens, ...fixture.issuedRefreshTokens, ...fixture.receivedSecrets];
        if (!fixture.issuedAccessTokens.length || !fixture.receivedSecrets.length) throw new Error('the sign-in issued no token');
        const logs = filesUnder(join(dirname(workspace), 'user-data', 'logs'));
        if (!logs.some((file) => /MCP Sessions/.test(file))) throw new Error(`no MCP Sessions log among ${logs.length} log files`);
        for (const file of logs) {
          const text = readFileSync(file, 'utf8');
          if (secrets.some((secret) => text.includes(secret))) throw new Error(`a sign-in secret is in ${file}`);
        }
      } finally {
        writeFileSync(mcpJson, original);
        await fixture.stop();
      }
    },
  },
];
