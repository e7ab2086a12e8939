// The session-check report: one row per check with its status, what it found, the rule it maps
// to (a link to the rule's docs) and, folded, every request sent and answer received.

import type { CheckResult } from '../../../src/core/check/types';
import { isReportMessage, type ExtensionToReport } from './messages';

declare function acquireVsCodeApi(): { postMessage(message: unknown): void };
const vscode = acquireVsCodeApi();

const GLYPH: Record<CheckResult['status'], string> = { pass: '✓', fail: '✗', warn: '!', skip: '–' };
const app = document.getElementById('app') as HTMLElement;

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function row(check: CheckResult): HTMLElement {
  const item = element('details', `check status-${check.status}`);
  item.open = check.status === 'fail';
  const summary = element('summary');
  const glyph = element('span', 'glyph', GLYPH[check.status]);
  glyph.setAttribute('aria-label', check.status);
  summary.append(glyph, element('span', 'id', check.id), element('span', 'message', check.message));
  if (check.rule) {
    const rule = element('button', 'rule', check.rule);
    rule.title = `Open the docs of ${check.rule}`;
    rule.addEventListener('click', (event) => {
      event.preventDefault();
      vscode.postMessage({ type: 'openRule', rule: check.rule });
    });
    summary.append(rule);
  }
  item.append(summary);
  const exchange = element('div', 'exchange');
  exchange.append(element('div', 'title', `${check.title} · ${check.durationMs} ms`));
  check.sent.forEach((sent, index) => {
    exchange.append(element('div', 'sent', `→ ${sent}`));
    exchange.append(element('div', 'received', `← ${check.received[index] ?? 'no answer'}`));
  });
  if (!check.sent.length) exchange.append(element('div', 'received', 'Nothing was sent.'));
  item.append(exchange);
  return item;
}

function show(message: ExtensionToReport): void {
  if (message.type === 'running') {
    app.replaceChildren(element('p', 'running', `Checking ${message.server}…`));
    return;
  }
  const { report } = message;
  const counts = { pass: 0, fail: 0, warn: 0, skip: 0 };
  for (const check of report.checks) counts[check.status]++;
  const header = element('header');
  const title = element('h1', undefined, `Session check: ${message.server}`);
  const summary = element(
    'p',
    'summary',
    `${report.target} · ${counts.pass} passed, ${counts.fail} failed, ${counts.warn} warnings, ${counts.skip} skipped · ${(report.durationMs / 1000).toFixed(1)} s`,
  );
  const rerun = element('button', undefined, 'Run Again');
  rerun.addEventListener('click', () => vscode.postMessage({ type: 'rerun' }));
  header.append(title, summary, rerun);
  const list = element('section', 'checks');
  list.setAttribute('aria-label', 'Checks');
  list.append(...report.checks.map(row));
  app.replaceChildren(header, list);
}

window.addEventListener('message', (event: MessageEvent) => {
  if (isReportMessage(event.data)) show(event.data);
});
vscode.postMessage({ type: 'ready' });
