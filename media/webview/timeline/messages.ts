// The traffic timeline's wire format: the row shape and every message between the extension
// (src/ui/traffic) and the webview (media/webview/timeline/main.ts), in one file both import.
// Webview → extension messages are untrusted input: `parseWebviewMessage` returns undefined for
// anything unknown or malformed, and the extension ignores it. No DOM and no `vscode` here.

/** Filter categories (the kind toggles). */
export type RowCategory = 'http' | 'sse' | 'jsonrpc' | 'stderr' | 'lifecycle';

export const ROW_CATEGORIES: readonly RowCategory[] = ['http', 'sse', 'jsonrpc', 'stderr', 'lifecycle'];

/** Which side an event belongs to: sent by the client, produced by the server, or about the connection. */
export type Lane = 'client' | 'server' | 'connection';

/** How a row is emphasised. */
export type Tone = 'dim' | 'error' | 'warning' | 'ok';

/** Full-width session boundary rows. */
export type SeparatorKind = 'session-issued' | 'session-ended' | 'session-unknown';

/** One trace event, reduced to what a timeline row shows (the full event is fetched on demand). */
export interface TimelineRow {
  /** The trace event's `seq`: unique, increasing along the rows. */
  seq: number;
  /** ISO time the event was observed. */
  t: string;
  cat: RowCategory;
  lane: Lane;
  /** Short kind tag, e.g. `POST`, `200`, `request`, `SSE`, `stderr`. */
  label: string;
  /** One-line summary (already redacted, bounded). */
  text: string;
  /** Right-aligned detail: status, duration, `→ 12 ms` latency once a response arrives. */
  meta?: string;
  tone?: Tone;
  /** Set on session boundaries, drawn as full-width separators. */
  sep?: SeparatorKind;
  /** Session id in force. */
  session?: string;
  /** Tap client label, when not the inspector's own connection. */
  client?: string;
}

/** A change to a row already sent (a response arrived for its request). */
export interface RowUpdate {
  seq: number;
  meta?: string;
  tone?: Tone;
}

export type FindingSeverity = 'error' | 'warning' | 'info';

/** A finding as the timeline shows it, pinned to the rows of its evidence. */
export interface TimelineFinding {
  key: string;
  rule: string;
  severity: FindingSeverity;
  message: string;
  fix?: string;
  /** Evidence event seqs (rows that get the badge). */
  seqs: number[];
  /** Evidence summaries in plain words. */
  evidence: string[];
}

/** Header facts about the connection. */
export interface TimelineStatus {
  server: string;
  /** e.g. `session era · Streamable HTTP · ready`. */
  summary: string;
  sessionId?: string;
  /** Events recorded in total (the trace keeps only the newest; the rows start at the oldest held). */
  total: number;
}

// ---- extension → webview ---------------------------------------------------------------

/** Clears the view; rows follow in `snapshot` chunks. */
export interface ResetMessage {
  type: 'reset';
  server: string;
  /** Most rows the webview keeps (oldest are dropped beyond it). */
  maxRows: number;
}
/** One chunk of the initial rows; `done` on the last. */
export interface SnapshotMessage {
  type: 'snapshot';
  rows: TimelineRow[];
  done: boolean;
}
/** Live rows and updates, batched (at most ~10 a second). */
export interface AppendMessage {
  type: 'append';
  rows: TimelineRow[];
  updates: RowUpdate[];
}
export interface FindingsMessage {
  type: 'findings';
  findings: TimelineFinding[];
}
export interface StatusMessage {
  type: 'status';
  status: TimelineStatus;
}
/** Select and show this event (the "Show evidence" quick fix). */
export interface RevealMessage {
  type: 'reveal';
  seq: number;
}
/** The full (redacted) event for the details pane; `json` absent when the trace no longer holds it. */
export interface DetailsMessage {
  type: 'details';
  seq: number;
  json?: string;
}

export type ExtensionToWebview = ResetMessage | SnapshotMessage | AppendMessage | FindingsMessage | StatusMessage | RevealMessage | DetailsMessage;

// ---- webview → extension ---------------------------------------------------------------

/** The webview's script is running and listening: send it everything. */
export interface ReadyMessage {
  type: 'ready';
}
/** Asks for the full event behind a row. */
export interface RequestDetailsMessage {
  type: 'requestDetails';
  seq: number;
}
/** Opens a rule's documentation. */
export interface OpenRuleMessage {
  type: 'openRule';
  rule: string;
}
/** What the webview shows (for tests and the accessibility status). */
export interface RenderedMessage {
  type: 'rendered';
  rows: number;
  visible: number;
  paused: boolean;
  buffered: number;
  selectedSeq?: number;
}

/** Opens the same trace as a JSONL document (one redacted event a line). */
export interface OpenJsonlMessage {
  type: 'openJsonl';
}

export type WebviewToExtension = ReadyMessage | RequestDetailsMessage | OpenRuleMessage | RenderedMessage | OpenJsonlMessage;

/** The state the webview persists with `vscode.setState` (also what the panel serializer receives). */
export interface TimelineViewState {
  server: string;
  filter?: string;
  hidden?: RowCategory[];
  selectedSeq?: number;
  paused?: boolean;
}

const RULE_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** Validates a message from the webview; undefined for anything unknown or malformed. */
export function parseWebviewMessage(value: unknown): WebviewToExtension | undefined {
  if (!isRecord(value) || typeof value.type !== 'string') return undefined;
  switch (value.type) {
    case 'ready':
      return { type: 'ready' };
    case 'openJsonl':
      return { type: 'openJsonl' };
    case 'requestDetails':
      return isCount(value.seq) ? { type: 'requestDetails', seq: value.seq } : undefined;
    case 'openRule':
      return typeof value.rule === 'string' && RULE_ID.test(value.rule) ? { type: 'openRule', rule: value.rule } : undefined;
    case 'rendered':
      if (!isCount(value.rows) || !isCount(value.visible) || !isCount(value.buffered) || typeof value.paused !== 'boolean') return undefined;
      if (value.selectedSeq !== undefined && !isCount(value.selectedSeq)) return undefined;
      return {
        type: 'rendered',
        rows: value.rows,
        visible: value.visible,
        paused: value.paused,
        buffered: value.buffered,
        ...(value.selectedSeq !== undefined ? { selectedSeq: value.selectedSeq } : {}),
      };
    default:
      return undefined;
  }
}

/** Checks the discriminant of a message from the extension (a trusted source; this guards against stray posts). */
export function isExtensionMessage(value: unknown): value is ExtensionToWebview {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case 'reset':
      return typeof value.server === 'string' && isCount(value.maxRows);
    case 'snapshot':
      return Array.isArray(value.rows) && typeof value.done === 'boolean';
    case 'append':
      return Array.isArray(value.rows) && Array.isArray(value.updates);
    case 'findings':
      return Array.isArray(value.findings);
    case 'status':
      return isRecord(value.status);
    case 'reveal':
    case 'details':
      return isCount(value.seq);
    default:
      return false;
  }
}

/** Reads persisted webview state defensively (it comes back from disk on restore). */
export function parseViewState(value: unknown): TimelineViewState | undefined {
  if (!isRecord(value) || typeof value.server !== 'string' || !value.server) return undefined;
  const state: TimelineViewState = { server: value.server };
  if (typeof value.filter === 'string') state.filter = value.filter.slice(0, 200);
  if (Array.isArray(value.hidden)) state.hidden = ROW_CATEGORIES.filter((category) => (value.hidden as unknown[]).includes(category));
  if (isCount(value.selectedSeq)) state.selectedSeq = value.selectedSeq;
  if (typeof value.paused === 'boolean') state.paused = value.paused;
  return state;
}
