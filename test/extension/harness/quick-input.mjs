// Driving VS Code's quick input through Playwright: the command palette and quick picks.

/**
 * Runs a command from VS Code's palette (F1 → type → Enter). The first key press can land before
 * the workbench handles keys, so it retries with both bindings.
 */
export async function runPaletteCommand(page, title, log = () => undefined) {
  const input = page.locator('.quick-input-widget input');
  for (const [attempt, keys] of ['F1', 'Control+Shift+P', 'F1'].entries()) {
    await page.keyboard.press(keys);
    log(`runCommand(${title}): pressed ${keys}`);
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
}

/**
 * Chooses an item of the open quick pick by keyboard: its label is typed as the filter, and Enter
 * is pressed once the item has the focus. (A click waits for the row to stop moving, which in one
 * CI run never happened while the workbench kept re-rendering.) The item's label is `label`
 * exactly, or with `exact: false` its row contains `label` (VS Code's own picks add icons and
 * descriptions). Returns false when `optional` and no such item shows within `timeout`.
 */
export async function pickQuickItem(page, label, { timeout = 15_000, optional = false, exact = true } = {}) {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const matcher = exact ? new RegExp(`^\\s*${escaped}\\s*$`) : new RegExp(escaped);
  const part = exact ? '.label-name' : '';
  const rows = page.locator('.quick-input-list .monaco-list-row');
  const row = exact ? rows.filter({ has: page.locator(part, { hasText: matcher }) }) : rows.filter({ hasText: label });
  const shown = await row
    .first()
    .waitFor({ state: 'visible', timeout })
    .then(
      () => true,
      (error) => {
        if (optional) return false;
        throw error;
      },
    );
  if (!shown) return false;
  // A real click into the box takes the keyboard focus (a webview may hold it), without the
  // actionability waits that never ended in some runs (fill() here, a click on the row); then the
  // label is typed as keyboard input.
  await page.locator('.quick-input-widget input').click({ force: true, timeout: 5_000 });
  await page.keyboard.insertText(label);
  const focused = page.locator(`.quick-input-list .monaco-list-row.focused ${part}`.trim()).first();
  for (let step = 0; ; step++) {
    const text = await focused.textContent({ timeout: 5_000 }).catch(() => undefined);
    if (text !== undefined && matcher.test(text)) break;
    if (step === 20) throw new Error(`the quick pick never focused "${label}" (focused: ${text})`);
    await page.keyboard.press('ArrowDown');
  }
  await page.keyboard.press('Enter');
  return true;
}
