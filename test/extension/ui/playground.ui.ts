// UI check: the demo playground in real VS Code. Its servers are added to the workspace, and the
// Servers view and the Problems panel show their faults without any action; the screenshot is the
// README's (docs/images/playground-problems.png).

import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startPlayground } from '../../../demo/playground';

interface UiContext {
  page: Page;
  root: string;
  workspace: string;
  screenshot(name: string): Promise<unknown>;
  runCommand(title: string): Promise<void>;
}

/** Replaces a file in one step, so the extension's watcher never reads it half-written. */
function replaceFile(path: string, text: string): void {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

/** Rule ids in the rendered Problems rows of the playground's servers, and the rows' texts. */
async function rulesShown(page: Page, servers: readonly string[]): Promise<{ rules: Set<string>; rows: string[] }> {
  const rows = await page
    .locator('.markers-panel .monaco-list-row')
    .evaluateAll((elements) => elements.map((row) => ({ text: row.textContent ?? '', code: row.querySelector('.marker-code')?.textContent ?? '' })));
  const rules = new Set<string>();
  for (const row of rows) {
    const code = /[a-z]+(?:-[a-z]+)+/.exec(row.code);
    if (code && servers.some((name) => row.text.includes(`${name}:`))) rules.add(code[0]);
  }
  return { rules, rows: rows.map((row) => `${row.text} [code ${row.code}]`) };
}

export const checks = [
  {
    id: 'playground',
    title: "the demo playground: the Servers view and the Problems panel show the servers' faults by themselves",
    async run({ page, root, workspace, screenshot, runCommand }: UiContext) {
      const playground = await startPlayground({ root, idleMs: 400, restartEveryMs: 10_000 });
      const file = join(workspace, '.vscode', 'mcp.json');
      const original = readFileSync(file, 'utf8');
      let maximized = false;
      try {
        const entries = Object.entries(playground.mcpServers())
          .map(([name, entry]) => `    ${JSON.stringify(name)}: ${JSON.stringify(entry)},`)
          .join('\n');
        replaceFile(file, original.replace('"servers": {', `"servers": {\n${entries}`));
        const names = playground.servers.map((server) => server.name);
        await page.locator('.sidebar .monaco-list-row', { hasText: 'cors-hides-session-id' }).first().waitFor({ state: 'visible', timeout: 30_000 });
        // Only the workspace's mcp.json (other checks leave findings on trace documents), in a
        // maximized panel: the list renders only the rows in view.
        await runCommand('View: Focus Problems (Errors, Warnings, Infos)');
        await page.locator('.part.panel input[placeholder^="Filter"]').first().fill('**/mcp.json');
        await runCommand('View: Toggle Maximized Panel');
        maximized = true;
        let shown = { rules: new Set<string>(), rows: [] as string[] };
        const deadline = Date.now() + 60_000;
        while (shown.rules.size < 4 || !shown.rules.has('unknown-session')) {
          if (Date.now() > deadline)
            throw new Error(
              `the Problems panel shows ${[...shown.rules].join(', ') || 'no'} rule ids of the playground's servers; rows: ${shown.rows.slice(0, 4).join(' | ')}`,
            );
          await page.waitForTimeout(500);
          shown = await rulesShown(page, names);
        }
        await runCommand('View: Toggle Maximized Panel');
        maximized = false;
        await page.mouse.move(1000, 20);
        await screenshot('playground-problems');
      } finally {
        if (maximized) await runCommand('View: Toggle Maximized Panel').catch(() => undefined);
        await page
          .locator('.part.panel input[placeholder^="Filter"]')
          .first()
          .fill('')
          .catch(() => undefined);
        replaceFile(file, original);
        await playground.stop();
      }
    },
  },
];
