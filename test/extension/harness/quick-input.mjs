// Driving VS Code's quick input through Playwright: the command palette and quick picks.

/** Runs a command from VS Code's palette (F1 → type → Enter). */
export async function runPaletteCommand(page, title, log = () => undefined) {
  // On a busy machine the palette sometimes opens and then takes no text (one CI run waited 30 s
  // on filling it), or never lists the command for the text typed into it: it is closed and
  // opened again, twice at most.
  for (let round = 0; ; round++) {
    await openPalette(page, title, log);
    try {
      await page.locator('.quick-input-widget input').fill(`>${title}`, { timeout: 10_000 });
      await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 15_000 });
      break;
    } catch (error) {
      if (round === 2) throw error;
      log(`runCommand(${title}): ${error.message.split('\n')[0]}; opening the palette again`);
      await page.keyboard.press('Escape');
    }
  }
  await page.keyboard.press('Enter');
}

/** Opens the command palette; the first key press can land before the workbench handles keys. */
async function openPalette(page, title, log) {
  const input = page.locator('.quick-input-widget input');
  for (const [attempt, keys] of ['F1', 'Control+Shift+P', 'F1'].entries()) {
    await page.keyboard.press(keys);
    log(`runCommand(${title}): pressed ${keys}`);
    try {
      await input.waitFor({ state: 'visible', timeout: 5_000 });
      return;
    } catch (error) {
      if (attempt === 2) throw error;
      await page.keyboard.press('Escape');
    }
  }
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
  // The box gets the focus from the DOM, not by a click (a click waits for the box to stop moving,
  // or, forced, can land on whatever covers it mid-animation), and the label is typed as keyboard
  // input; if the text did not reach the box, the focus is taken again and the text replaced.
  const input = page.locator('.quick-input-widget .quick-input-box input');
  for (let attempt = 0; ; attempt++) {
    await input
      .evaluate(
        (element) => {
          element.focus();
          element.select();
        },
        undefined,
        { timeout: 5_000 },
      )
      .catch(() => undefined);
    await page.keyboard.insertText(label);
    const value = await input.inputValue({ timeout: 2_000 }).catch(() => '');
    if (value.includes(label) || attempt === 2) break;
  }
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
