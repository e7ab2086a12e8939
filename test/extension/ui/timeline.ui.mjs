// UI check: the traffic timeline in real VS Code — the handshake rows with their answers and
// latency, session separators, the filter, and a screenshot for the README.

export const checks = [
  {
    id: 'timeline',
    title: 'the traffic timeline shows the handshake paired with its answer, filters rows, and is themed',
    async run({ page, runCommand, pick, screenshot }) {
      // Webviews of earlier checks would be candidates for the last webview frame below, and one an
      // earlier check asked for can open late (a tapped server's traffic): the check goes on once
      // the timeline of "everything" is the active editor.
      for (let attempt = 0; ; attempt++) {
        await runCommand('View: Close All Editors');
        await runCommand('MCP Sessions: Show Traffic');
        await pick('everything', { timeout: 15_000, optional: true });
        const active = page.locator('.tabs-container .tab.active');
        const opened = await active
          .filter({ hasText: /Traffic: everything(?! \()/ })
          .first()
          .waitFor({ timeout: 10_000 })
          .then(
            () => true,
            () => false,
          );
        if (opened) break;
        const title = await active
          .first()
          .textContent({ timeout: 2_000 })
          .catch(() => 'nothing');
        if (attempt === 2) throw new Error(`Show Traffic opened ${title}, not the traffic of everything`);
      }
      const view = page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');
      // The list follows the newest rows and only renders what is visible: by the time this check
      // runs, a ping a second has pushed the handshake far up. Pause (new rows are held, the list
      // stops following), then scroll to the top to find it.
      const viewport = view.locator('.viewport');
      await viewport.waitFor({ timeout: 20_000 });
      const pause = view.locator('button', { hasText: /^Pause$/ }).first();
      await pause.click();
      const initialize = view.locator('.row', { hasText: '(initialize #0)' }).first();
      for (let attempt = 0; !(await initialize.isVisible()); attempt++) {
        if (attempt === 100) throw new Error('the timeline never showed the initialize request');
        await viewport.evaluate((element) => (element.scrollTop = 0));
        await page.waitForTimeout(200);
      }
      const meta = await initialize.locator('.meta').textContent({ timeout: 10_000 });
      if (!/→ 200/.test(meta ?? '')) throw new Error(`the initialize request row does not show its answer: "${meta}"`);
      await view.locator('.row.sep-session-issued').first().waitFor({ timeout: 10_000 });
      await screenshot('timeline');
      await view
        .locator('button', { hasText: /^Resume/ })
        .first()
        .click();
      const filter = view.locator('input.filter');
      await filter.fill('ping');
      await view.locator('.row', { hasText: 'ping' }).first().waitFor({ timeout: 10_000 });
      const texts = await view.locator('.row:not(.sep)').allTextContents();
      if (!texts.length || texts.some((text) => !/ping/i.test(text)))
        throw new Error(
          `the filter let through: ${texts
            .filter((text) => !/ping/i.test(text))
            .slice(0, 3)
            .join(' | ')}`,
        );
      await screenshot('timeline-filtered');
      await filter.fill('');
    },
  },
  {
    id: 'session-check',
    title: 'Run Session Check shows the report: statuses, the rule of each finding, and what was sent and received',
    async run({ page, runCommand, pick, screenshot }) {
      await runCommand('MCP Sessions: Run Session Check');
      await pick('secretive', { timeout: 15_000, optional: true });
      const view = page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');
      await view.locator('.summary', { hasText: 'passed' }).waitFor({ timeout: 60_000 });
      const rows = await view.locator('details.check').count();
      // 23 session, transport and 2026-07-28 checks and 4 OAuth checks (skipped: the server asks for no OAuth).
      if (rows !== 27) throw new Error(`the report lists ${rows} checks, not 27`);
      const warned = view.locator('details.check.status-warn').first();
      await warned.locator('summary').click();
      await warned.locator('.sent').first().waitFor({ timeout: 5000 });
      const secret = await view.locator('body').textContent();
      if (/PLANTED/.test(secret ?? '')) throw new Error('a planted secret is shown in the report');
      await screenshot('session-check');
    },
  },
];
