// Small helpers shared by the real-VS-Code runs (scripts/run-extension-tests.mjs and
// scripts/untrusted-workspace-check.mjs): free ports, polling without fixed sleeps, process trees.
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { packageVsix } from './package.mjs';

const root = resolve(import.meta.dirname, '..');

/** A free loopback port (bind 0, read it, release it). */
export function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

/** Resolves with the first truthy value of `probe`, polling every 200 ms; throws after `timeoutMs`. */
export async function waitFor(probe, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 200));
  }
}

export const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/** SIGKILLs a child started with `detached: true` and everything in its process group. */
export function killTree(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}

/** Runs vsce (from node_modules) in `cwd`; throws with its output when it fails. */
export function vsce(args, cwd) {
  const result = spawnSync(process.execPath, [join(root, 'node_modules/@vscode/vsce/vsce'), ...args], { cwd, encoding: 'utf8', input: 'y\n' });
  if (result.status !== 0) throw new Error(`vsce ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
}

/** The product .vsix in `work`, exactly as `npm run package` builds it. */
export function packageProduct(work) {
  return packageVsix(join(work, 'product.vsix'));
}

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
  const shown = await row.first().waitFor({ state: 'visible', timeout }).then(() => true, (error) => {
    if (optional) return false;
    throw error;
  });
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
