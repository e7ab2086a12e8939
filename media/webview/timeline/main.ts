// The traffic timeline webview: a virtualised list (only the visible rows exist in the DOM, so
// 100,000 events scroll smoothly) with client / connection / server lanes, session separators,
// finding badges, a filter, kind toggles, pause/resume, jump to finding, and a details pane.
// Text is only ever set with textContent; messages from the extension are checked first.

import {
  isExtensionMessage,
  parseViewState,
  ROW_CATEGORIES,
  type ExtensionToWebview,
  type RowCategory,
  type TimelineFinding,
  type TimelineRow,
  type TimelineStatus,
  type TimelineViewState,
} from './messages';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const ROW_HEIGHT = 22;
const OVERSCAN = 10;
const LABELS: Record<RowCategory, string> = { http: 'HTTP', sse: 'SSE', jsonrpc: 'JSON-RPC', stderr: 'Output', lifecycle: 'Connection' };

const app = document.getElementById('app') as HTMLElement;
const saved = parseViewState(vscode.getState());
const state: TimelineViewState = saved ?? { server: app.dataset.server ?? '' };

let rows: TimelineRow[] = [];
let bySeq = new Map<number, TimelineRow>();
let visible: number[] = [];
let maxRows = 100_000;
let buffered: { rows: TimelineRow[]; updates: Array<{ seq: number; meta?: string; tone?: TimelineRow['tone'] }> } = { rows: [], updates: [] };
let findings: TimelineFinding[] = [];
let badges = new Map<number, TimelineFinding[]>();
let status: TimelineStatus | undefined;
let follow = true;
let renderQueued = false;

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// ---- layout ---------------------------------------------------------------------------

const header = element('header', 'toolbar');
const title = element('div', 'title');
const statusLine = element('span', 'status');
title.append(element('strong', undefined, state.server), statusLine);
const filter = element('input', 'filter');
filter.type = 'search';
filter.placeholder = 'Filter (method, path, session, status…)';
filter.setAttribute('aria-label', 'Filter events');
filter.value = state.filter ?? '';
const toggles = element('div', 'toggles');
toggles.setAttribute('role', 'group');
toggles.setAttribute('aria-label', 'Event kinds');
const hidden = new Set<RowCategory>(state.hidden ?? []);
for (const category of ROW_CATEGORIES) {
  const toggle = element('button', 'toggle', LABELS[category]);
  toggle.dataset.category = category;
  toggle.setAttribute('aria-pressed', String(!hidden.has(category)));
  toggle.title = `Show ${LABELS[category]} events`;
  toggle.addEventListener('click', () => {
    if (hidden.has(category)) hidden.delete(category);
    else hidden.add(category);
    toggle.setAttribute('aria-pressed', String(!hidden.has(category)));
    refilter();
  });
  toggles.append(toggle);
}
const pause = element('button', 'pause');
pause.addEventListener('click', () => setPaused(!state.paused));
const jsonl = element('button', 'secondary', 'Open JSONL');
jsonl.title = 'Open the same trace as a JSONL document';
jsonl.addEventListener('click', () => vscode.postMessage({ type: 'openJsonl' }));
header.append(title, filter, toggles, pause, jsonl);

const strip = element('div', 'findings');
strip.setAttribute('role', 'toolbar');
strip.setAttribute('aria-label', 'Findings');

const lanes = element('div', 'lanes');
lanes.append(
  element('span', 'time', 'time'),
  element('span', 'lane-client', 'client →'),
  element('span', 'lane-connection', 'connection'),
  element('span', 'lane-server', '← server'),
);

const viewport = element('div', 'viewport');
viewport.tabIndex = 0;
viewport.setAttribute('role', 'listbox');
viewport.setAttribute('aria-label', `Traffic of ${state.server}`);
const spacer = element('div', 'spacer');
const layer = element('div', 'layer');
viewport.append(spacer, layer);

const details = element('section', 'details');
details.setAttribute('aria-label', 'Event details');
const detailsHead = element('div', 'details-head');
const detailsTitle = element('span', undefined, 'Details');
const detailsClose = element('button', 'secondary', 'Close');
detailsClose.addEventListener('click', () => closeDetails());
detailsHead.append(detailsTitle, detailsClose);
const detailsBody = element('pre', 'details-body');
details.append(detailsHead, detailsBody);
details.hidden = true;

const empty = element('div', 'empty', 'No traffic yet. Connect the server to see its exchanges here.');
const live = element('div', 'sr-only');
live.setAttribute('aria-live', 'polite');
app.append(header, strip, lanes, viewport, empty, details, live);

// ---- filtering and rendering ---------------------------------------------------------

function matches(row: TimelineRow, needle: string): boolean {
  if (hidden.has(row.cat) && !row.sep) return false;
  if (!needle) return true;
  return `${row.label} ${row.text} ${row.meta ?? ''} ${row.session ?? ''} ${row.client ?? ''}`.toLowerCase().includes(needle);
}

function refilter(): void {
  const needle = filter.value.trim().toLowerCase();
  visible = [];
  for (let index = 0; index < rows.length; index++) if (matches(rows[index], needle)) visible.push(index);
  persist();
  scheduleRender();
}

function persist(): void {
  state.filter = filter.value;
  state.hidden = [...hidden];
  vscode.setState(state);
}

function scheduleRender(): void {
  if (renderQueued) return;
  renderQueued = true;
  requestAnimationFrame(render);
}

function timeOf(iso: string): string {
  return iso.length >= 23 ? iso.slice(11, 23) : iso;
}

function rowElement(row: TimelineRow, position: number): HTMLElement {
  const node = element(
    'div',
    `row cat-${row.cat} lane-${row.lane}${row.tone ? ` tone-${row.tone}` : ''}${row.sep ? ` sep sep-${row.sep}` : ''}${row.seq === state.selectedSeq ? ' selected' : ''}`,
  );
  node.setAttribute('role', 'option');
  node.setAttribute('aria-selected', String(row.seq === state.selectedSeq));
  node.dataset.seq = String(row.seq);
  node.style.top = `${position * ROW_HEIGHT}px`;
  node.append(element('span', 'time', timeOf(row.t)));
  const cell = element('span', `cell ${row.sep ? 'wide' : `in-${row.lane}`}`);
  cell.append(element('span', 'label', row.label), element('span', 'text', row.text));
  if (row.client) cell.append(element('span', 'client', row.client));
  node.append(cell);
  const meta = element('span', 'meta', row.meta ?? '');
  node.append(meta);
  const pinned = badges.get(row.seq);
  if (pinned) {
    for (const finding of pinned) {
      const badge = element('button', `badge severity-${finding.severity}`, finding.rule);
      badge.title = finding.message;
      badge.addEventListener('click', (event) => {
        event.stopPropagation();
        vscode.postMessage({ type: 'openRule', rule: finding.rule });
      });
      node.append(badge);
    }
  }
  node.setAttribute(
    'aria-label',
    `${timeOf(row.t)} ${row.lane} ${row.label} ${row.text} ${row.meta ?? ''}${pinned ? `, finding ${pinned.map((f) => f.rule).join(', ')}` : ''}`,
  );
  return node;
}

function render(): void {
  renderQueued = false;
  spacer.style.height = `${visible.length * ROW_HEIGHT}px`;
  empty.hidden = rows.length > 0;
  if (follow && !state.paused) viewport.scrollTop = viewport.scrollHeight;
  const first = Math.max(0, Math.floor(viewport.scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(visible.length, Math.ceil((viewport.scrollTop + viewport.clientHeight) / ROW_HEIGHT) + OVERSCAN);
  const fragment = document.createDocumentFragment();
  for (let position = first; position < last; position++) fragment.append(rowElement(rows[visible[position]], position));
  layer.replaceChildren(fragment);
  pause.textContent = state.paused ? `Resume${buffered.rows.length ? ` (${buffered.rows.length} new)` : ''}` : 'Pause';
  pause.setAttribute('aria-pressed', String(Boolean(state.paused)));
  statusLine.textContent = status
    ? ` · ${status.summary}${status.sessionId ? ` · session ${status.sessionId}` : ''} · ${rows.length.toLocaleString()} shown of ${status.total.toLocaleString()} recorded`
    : '';
  vscode.postMessage({
    type: 'rendered',
    rows: rows.length,
    visible: visible.length,
    paused: Boolean(state.paused),
    buffered: buffered.rows.length,
    ...(state.selectedSeq !== undefined ? { selectedSeq: state.selectedSeq } : {}),
  });
}

function addRows(added: readonly TimelineRow[]): void {
  const needle = filter.value.trim().toLowerCase();
  for (const row of added) {
    rows.push(row);
    bySeq.set(row.seq, row);
    if (matches(row, needle)) visible.push(rows.length - 1);
  }
  if (rows.length > maxRows) {
    const drop = rows.length - maxRows;
    for (const row of rows.slice(0, drop)) bySeq.delete(row.seq);
    rows = rows.slice(drop);
    refilter();
  }
}

function applyUpdates(updates: ReadonlyArray<{ seq: number; meta?: string; tone?: TimelineRow['tone'] }>): void {
  for (const update of updates) {
    const row = bySeq.get(update.seq);
    if (!row) continue;
    if (update.meta !== undefined) row.meta = update.meta;
    if (update.tone !== undefined) row.tone = update.tone;
  }
}

function setPaused(paused: boolean): void {
  state.paused = paused;
  if (!paused) {
    addRows(buffered.rows);
    applyUpdates(buffered.updates);
    buffered = { rows: [], updates: [] };
    follow = true;
  }
  persist();
  live.textContent = paused ? 'Paused: new events are held back.' : 'Resumed.';
  scheduleRender();
}

// ---- findings, selection, details ------------------------------------------------------

function showFindings(list: TimelineFinding[]): void {
  findings = list;
  badges = new Map();
  for (const finding of findings) for (const seq of finding.seqs) badges.set(seq, [...(badges.get(seq) ?? []), finding]);
  const buttons = findings.map((finding) => {
    const button = element('button', `finding severity-${finding.severity}`, `${finding.rule}`);
    button.title = `${finding.message}${finding.fix ? `\nFix: ${finding.fix}` : ''}\nClick to jump to the evidence.`;
    button.addEventListener('click', () => {
      const seq = finding.seqs.find((candidate) => bySeq.has(candidate));
      if (seq !== undefined) select(seq, true);
      else live.textContent = 'The evidence of this finding is older than the events the trace still holds.';
    });
    return button;
  });
  strip.replaceChildren(...(buttons.length ? [element('span', 'strip-label', `Findings (${buttons.length}):`), ...buttons] : []));
  strip.hidden = buttons.length === 0;
  scheduleRender();
}

function select(seq: number, reveal: boolean): void {
  state.selectedSeq = seq;
  persist();
  const row = bySeq.get(seq);
  if (!row) return;
  if (reveal) {
    if (matches(row, filter.value.trim().toLowerCase()) === false) {
      filter.value = '';
      hidden.delete(row.cat);
      for (const toggle of toggles.querySelectorAll('button')) toggle.setAttribute('aria-pressed', String(!hidden.has(toggle.dataset.category as RowCategory)));
      refilter();
    }
    const position = visible.findIndex((index) => rows[index].seq === seq);
    if (position >= 0) {
      follow = false;
      viewport.scrollTop = Math.max(0, position * ROW_HEIGHT - viewport.clientHeight / 2);
    }
  }
  vscode.postMessage({ type: 'requestDetails', seq });
  scheduleRender();
}

function closeDetails(): void {
  details.hidden = true;
  viewport.focus();
}

function moveSelection(delta: number): void {
  if (!visible.length) return;
  const current = visible.findIndex((index) => rows[index].seq === state.selectedSeq);
  const next = Math.max(0, Math.min(visible.length - 1, current === -1 ? (delta > 0 ? 0 : visible.length - 1) : current + delta));
  const seq = rows[visible[next]].seq;
  state.selectedSeq = seq;
  const top = next * ROW_HEIGHT;
  if (top < viewport.scrollTop) viewport.scrollTop = top;
  else if (top + ROW_HEIGHT > viewport.scrollTop + viewport.clientHeight) viewport.scrollTop = top + ROW_HEIGHT - viewport.clientHeight;
  follow = false;
  persist();
  scheduleRender();
}

layer.addEventListener('click', (event) => {
  const target = (event.target as HTMLElement).closest<HTMLElement>('.row');
  if (target?.dataset.seq) select(Number(target.dataset.seq), false);
});
viewport.addEventListener('scroll', () => {
  follow = viewport.scrollTop + viewport.clientHeight >= viewport.scrollHeight - ROW_HEIGHT;
  scheduleRender();
});
viewport.addEventListener('keydown', (event) => {
  if (event.key === 'ArrowDown') moveSelection(1);
  else if (event.key === 'ArrowUp') moveSelection(-1);
  else if (event.key === 'PageDown') moveSelection(Math.floor(viewport.clientHeight / ROW_HEIGHT));
  else if (event.key === 'PageUp') moveSelection(-Math.floor(viewport.clientHeight / ROW_HEIGHT));
  else if (event.key === 'Home') moveSelection(-visible.length);
  else if (event.key === 'End') moveSelection(visible.length);
  else if (event.key === 'Enter' && state.selectedSeq !== undefined) vscode.postMessage({ type: 'requestDetails', seq: state.selectedSeq });
  else if (event.key === 'Escape') closeDetails();
  else return;
  event.preventDefault();
});
filter.addEventListener('input', () => refilter());
filter.addEventListener('keydown', (event) => {
  if (event.key === 'Escape') {
    filter.value = '';
    refilter();
  }
});
window.addEventListener('resize', () => scheduleRender());

// ---- messages from the extension -------------------------------------------------------

function onMessage(message: ExtensionToWebview): void {
  switch (message.type) {
    case 'reset':
      state.server = message.server;
      maxRows = message.maxRows;
      rows = [];
      bySeq = new Map();
      visible = [];
      buffered = { rows: [], updates: [] };
      break;
    case 'snapshot':
      addRows(message.rows);
      if (message.done && state.selectedSeq !== undefined && bySeq.has(state.selectedSeq)) select(state.selectedSeq, true);
      break;
    case 'append':
      if (state.paused) {
        buffered.rows.push(...message.rows);
        buffered.updates.push(...message.updates);
      } else {
        addRows(message.rows);
        applyUpdates(message.updates);
      }
      break;
    case 'findings':
      showFindings(message.findings);
      return;
    case 'status':
      status = message.status;
      break;
    case 'reveal':
      select(message.seq, true);
      return;
    case 'details':
      if (message.seq !== state.selectedSeq) return;
      detailsTitle.textContent = `Event ${message.seq}`;
      detailsBody.textContent = message.json ?? 'The trace no longer holds this event (it keeps only the newest).';
      details.hidden = false;
      return;
  }
  scheduleRender();
}

window.addEventListener('message', (event: MessageEvent) => {
  if (isExtensionMessage(event.data)) onMessage(event.data);
});
if (state.paused) pause.setAttribute('aria-pressed', 'true');
vscode.postMessage({ type: 'ready' });
