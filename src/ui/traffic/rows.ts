// Trace events → timeline rows (no `vscode` here, so it is unit-tested directly): one row per
// event on the client, server or connection lane; HTTP answers paired with their requests and
// JSON-RPC responses with their requests (latency); session boundaries as separator rows; and
// findings pinned to the rows of their evidence.

import type { Finding } from '../../core/model';
import { BoundedMap, classifyAnswer, exchangeEvidence, requestInfoOf, type RequestInfo } from '../../core/protocol/exchanges';
import type { TraceEvent } from '../../core/trace/events';
import type { RowUpdate, TimelineFinding, TimelineRow, Tone } from '../../../media/webview/timeline/messages';

const TEXT_LIMIT = 240;

function clip(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > TEXT_LIMIT ? `${flat.slice(0, TEXT_LIMIT - 1)}…` : flat;
}

function statusTone(status: number): Tone | undefined {
  if (status === 0 || status >= 500) return 'error';
  if (status >= 400) return 'warning';
  return undefined;
}

function duration(ms: number): string {
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}

function rpcLabel(message: { method?: string; id?: string | number; errorCode?: number }, out: boolean): string {
  if (message.method && message.id !== undefined) return 'request';
  if (message.method) return 'notify';
  return message.errorCode !== undefined ? 'error' : out ? 'result' : 'response';
}

/** Builds rows event by event, remembering just enough (bounded) to pair answers with requests. */
export class RowBuilder {
  private readonly exchanges = new BoundedMap<number, { seq: number; request: RequestInfo }>(5000);
  private readonly calls = new BoundedMap<string, { seq: number; at: number; method?: string }>(5000);

  /** The row for one event, plus updates to earlier rows it completes. */
  add(event: TraceEvent): { row: TimelineRow; updates: RowUpdate[] } {
    const updates: RowUpdate[] = [];
    const base = {
      seq: event.seq,
      t: event.t,
      ...(event.session ? { session: event.session } : {}),
      ...(event.client && event.client !== 'inspector' ? { client: event.client } : {}),
    };
    switch (event.kind) {
      case 'http-request': {
        const request = requestInfoOf(event);
        this.exchanges.set(event.exchange, { seq: event.seq, request });
        const rpc = request.rpcMethod ? ` (${request.rpcMethod}${request.rpcId !== undefined ? ` #${request.rpcId}` : ''})` : '';
        return { row: { ...base, cat: 'http', lane: 'client', label: event.method, text: clip(`${request.path}${rpc}`) }, updates };
      }
      case 'http-response': {
        const pending = this.exchanges.get(event.exchange);
        const kind = classifyAnswer(pending?.request, event);
        const tone = statusTone(event.status);
        const what =
          event.error ??
          (event.status >= 400
            ? exchangeEvidence(pending?.request, event).summary.replace(/^.*→ \d+ ?/, '')
            : event.streaming
              ? 'text/event-stream'
              : (event.headers['content-type'] ?? ''));
        if (pending) updates.push({ seq: pending.seq, meta: `→ ${event.status || 'failed'} · ${duration(event.durationMs)}`, ...(tone ? { tone } : {}) });
        const issued =
          event.headers['mcp-session-id'] && pending?.request.rpcMethod === 'initialize' && event.status < 300 ? event.headers['mcp-session-id'] : undefined;
        const row: TimelineRow = {
          ...base,
          cat: 'http',
          lane: 'server',
          label: event.status ? String(event.status) : 'ERR',
          text: clip(what || event.statusText || ''),
          meta: duration(event.durationMs),
          ...(tone ? { tone } : {}),
        };
        if (kind === 'unknown-session')
          return { row: { ...row, sep: 'session-unknown', text: clip(`session ${pending?.request.sessionId ?? ''} unknown to the server: ${what}`) }, updates };
        if (issued) return { row: { ...row, sep: 'session-issued', text: clip(`session ${issued} issued`), session: issued }, updates };
        return { row, updates };
      }
      case 'sse-event': {
        if (event.comment !== undefined)
          return { row: { ...base, cat: 'sse', lane: 'server', label: 'SSE', text: clip(`: ${event.comment}`), tone: 'dim' }, updates };
        if (event.retry !== undefined && event.data === undefined)
          return { row: { ...base, cat: 'sse', lane: 'server', label: 'SSE', text: `retry: ${event.retry} ms`, tone: 'dim' }, updates };
        const id = event.id !== undefined ? `id ${event.id} · ` : '';
        return {
          row: { ...base, cat: 'sse', lane: 'server', label: event.event ?? 'SSE', text: clip(`${id}${event.data ?? ''}`), meta: event.stream },
          updates,
        };
      }
      case 'message-out':
      case 'message-in': {
        const out = event.kind === 'message-out';
        const at = Date.parse(event.t);
        let meta: string | undefined;
        let tone: Tone | undefined = event.errorCode !== undefined ? 'error' : undefined;
        const key = `${event.client ?? ''} ${String(event.id)}`;
        if (event.id !== undefined && event.method) this.calls.set(`${out ? 'out' : 'in'}${key}`, { seq: event.seq, at, method: event.method });
        if (event.id !== undefined && !event.method) {
          const call = this.calls.get(`${out ? 'in' : 'out'}${key}`);
          if (call) {
            meta = `← ${call.method ?? ''} · ${duration(at - call.at)}`;
            updates.push({ seq: call.seq, meta: `→ ${duration(at - call.at)}`, ...(tone ? { tone } : {}) });
          }
        }
        const summary = `${event.method ?? ''}${event.id !== undefined ? ` #${String(event.id)}` : ''}${event.errorCode !== undefined ? ` error ${event.errorCode}` : ''}`;
        if (!tone && event.method === 'notifications/message') tone = 'dim';
        return {
          row: {
            ...base,
            cat: 'jsonrpc',
            lane: out ? 'client' : 'server',
            label: rpcLabel(event, out),
            text: clip(summary.trim() || JSON.stringify(event.message)),
            ...(meta ? { meta } : {}),
            ...(tone ? { tone } : {}),
          },
          updates,
        };
      }
      case 'stderr':
        return {
          row: {
            ...base,
            cat: 'stderr',
            lane: 'server',
            label: event.source === 'log-file' ? 'log' : event.source === 'stdout-garbage' ? 'stdout' : 'stderr',
            text: clip(event.line),
            ...(event.source === 'stdout-garbage' ? { tone: 'warning' as const } : {}),
          },
          updates,
        };
      case 'lifecycle': {
        const detail = event.detail ?? {};
        const describe = Object.entries(detail)
          .filter(([, value]) => value !== undefined && typeof value !== 'object')
          .map(([name, value]) => `${name} ${String(value)}`)
          .join(' · ');
        if (event.name === 'session-ended')
          return {
            row: {
              ...base,
              cat: 'lifecycle',
              lane: 'connection',
              label: 'session',
              text: clip(`session ${String(detail.id ?? event.session ?? '')} ended: ${String(detail.reason ?? '')}`),
              sep: 'session-ended',
              tone: 'warning',
            },
            updates,
          };
        if (event.name === 'session-issued')
          return {
            row: {
              ...base,
              cat: 'lifecycle',
              lane: 'connection',
              label: 'session',
              text: clip(`session ${String(detail.id ?? event.session ?? '')} issued`),
              sep: 'session-issued',
            },
            updates,
          };
        const tone: Tone | undefined =
          event.name === 'error' || event.name === 'handshake-failed' || (event.name === 'health' && detail.state === 'down')
            ? 'error'
            : event.name === 'stream-close' && detail.byClient === false
              ? 'warning'
              : event.name === 'handshake-complete'
                ? 'ok'
                : 'dim';
        return {
          row: {
            ...base,
            cat: 'lifecycle',
            lane: 'connection',
            label: event.name,
            text: clip(`${event.stream ? `${event.stream} ` : ''}${describe}`),
            ...(tone ? { tone } : {}),
          },
          updates,
        };
      }
    }
  }
}

/** Builds every row of a trace (the initial snapshot), applying updates in place. */
export function buildRows(events: readonly TraceEvent[]): TimelineRow[] {
  const builder = new RowBuilder();
  const rows: TimelineRow[] = [];
  const index = new Map<number, number>();
  for (const event of events) {
    const { row, updates } = builder.add(event);
    for (const update of updates) {
      const at = index.get(update.seq);
      if (at !== undefined) rows[at] = { ...rows[at], ...update };
    }
    index.set(row.seq, rows.length);
    rows.push(row);
  }
  return rows;
}

/** Findings as the timeline pins them: to the rows of their evidence. */
export function timelineFindings(findings: readonly Finding[]): TimelineFinding[] {
  return findings.map((finding) => ({
    key: finding.key,
    rule: finding.rule,
    severity: finding.severity,
    message: finding.clearedAt ? `${finding.message} (cleared at ${finding.clearedAt.slice(11, 23)})` : finding.message,
    ...(finding.fix ? { fix: finding.fix } : {}),
    seqs: finding.evidence.map((evidence) => evidence.seq).filter((seq): seq is number => typeof seq === 'number'),
    evidence: finding.evidence.map((evidence) => evidence.summary),
  }));
}
