// HTTP-level rules: cors-session-header-hidden and endpoint-missing.

import { clientOf } from './analysis';
import type { RuleDefinition } from './types';

export const corsSessionHeaderHidden: RuleDefinition = {
  id: 'cors-session-header-hidden',
  severity: 'warning',
  title: 'CORS hides Mcp-Session-Id from browsers',
  create() {
    return {
      onEvent(event, reporter) {
        if (event.kind !== 'http-response' || !event.headers['mcp-session-id'] || !event.headers['access-control-allow-origin']) return;
        const exposed = (event.headers['access-control-expose-headers'] ?? '').toLowerCase();
        if (exposed.includes('mcp-session-id') || exposed.trim() === '*') return;
        reporter.report({
          key: 'expose',
          sessionId: event.headers['mcp-session-id'],
          message: 'The server serves CORS but Access-Control-Expose-Headers does not include Mcp-Session-Id, so browser clients cannot read their session id and every request after initialize fails with a missing session.',
          fix: 'Add Mcp-Session-Id to Access-Control-Expose-Headers (e.g. cors({ exposedHeaders: ["Mcp-Session-Id"] })).',
          evidence: [{ summary: `response with Mcp-Session-Id; Access-Control-Expose-Headers: ${exposed || '(none)'}`, seq: event.seq, t: event.t }],
        });
      },
    };
  },
};

export const endpointMissing: RuleDefinition = {
  id: 'endpoint-missing',
  severity: 'error',
  title: 'No endpoint event on the legacy SSE stream',
  create(context) {
    const waiting = new Map<string, { t: string; seq: number; client: string; bytes: string[] }>();
    const check = (nowMs: number, reporter: Parameters<NonNullable<ReturnType<RuleDefinition['create']>['onTick']>>[1]) => {
      for (const [stream, entry] of waiting) {
        if (nowMs - Date.parse(entry.t) < context.timeouts.endpoint) continue;
        waiting.delete(stream);
        reporter.report({
          key: `${entry.client}:${stream}`,
          message: `The legacy SSE stream ${stream} sent no endpoint event within ${context.timeouts.endpoint / 1000} s${entry.bytes.length ? `; it sent: ${entry.bytes.join(' | ').slice(0, 200)}` : ' and nothing else'}. Without it the client does not know where to POST.`,
          fix: 'Check that the URL is the SSE endpoint (often /sse) and that no proxy buffers the stream.',
          evidence: [{ summary: `${stream} opened, no endpoint event`, seq: entry.seq, t: entry.t }],
        });
      }
    };
    return {
      onEvent(event, reporter) {
        if (event.kind === 'lifecycle' && event.name === 'stream-open' && event.streamKind === 'legacy-sse' && event.stream) {
          waiting.set(event.stream, { t: event.t, seq: event.seq, client: clientOf(event), bytes: [] });
        } else if (event.kind === 'sse-event' && event.stream && waiting.has(event.stream)) {
          if (event.event === 'endpoint') waiting.delete(event.stream);
          else waiting.get(event.stream)?.bytes.push(event.data ?? event.comment ?? '');
        } else if (event.kind === 'lifecycle' && event.name === 'stream-close' && event.stream) {
          waiting.delete(event.stream);
        }
        check(Date.parse(event.t), reporter);
      },
      onTick(nowMs, reporter) {
        check(nowMs, reporter);
      },
    };
  },
};
