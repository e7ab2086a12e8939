// endpoint-missing: no endpoint event on the legacy SSE stream.

import { clientOf } from '../protocol/exchanges';
import type { RuleDefinition, RuleReporter } from './types';

export const endpointMissing: RuleDefinition = {
  id: 'endpoint-missing',
  severity: 'error',
  title: 'No endpoint event on the legacy SSE stream',
  create(context) {
    const waiting = new Map<string, { t: string; seq: number; client: string; bytes: string[] }>();
    const report = (stream: string, entry: { t: string; seq: number; client: string; bytes: string[] }, waitedMs: number, reporter: RuleReporter) => {
      waiting.delete(stream);
      reporter.report({
        key: `${entry.client}:${stream}`,
        message: `The legacy SSE stream ${stream} sent no endpoint event within ${Math.round(waitedMs / 100) / 10} s${entry.bytes.length ? `; it sent: ${entry.bytes.join(' | ').slice(0, 200)}` : ' and nothing else'}. Without it the client does not know where to POST.`,
        fix: 'Check that the URL is the SSE endpoint (often /sse) and that no proxy buffers the stream.',
        evidence: [{ summary: `${stream} opened, no endpoint event`, seq: entry.seq, t: entry.t }],
      });
    };
    const check = (nowMs: number, reporter: RuleReporter) => {
      for (const [stream, entry] of waiting) {
        if (nowMs - Date.parse(entry.t) >= context.timeouts.endpoint) report(stream, entry, context.timeouts.endpoint, reporter);
      }
    };
    return {
      onEvent(event, reporter) {
        if (event.kind === 'lifecycle' && event.name === 'stream-open' && event.streamKind === 'legacy-sse' && event.stream) {
          waiting.set(event.stream, { t: event.t, seq: event.seq, client: clientOf(event), bytes: [] });
        } else if (event.kind === 'sse-event' && event.stream && waiting.has(event.stream)) {
          if (event.event === 'endpoint') waiting.delete(event.stream);
          else waiting.get(event.stream)?.bytes.push(event.data ?? event.comment ?? '');
        } else if (event.kind === 'lifecycle' && event.name === 'handshake-failed') {
          // The handshake gave up waiting: the client then closes the stream, so judge it now.
          const client = clientOf(event);
          for (const [stream, entry] of waiting) if (entry.client === client) report(stream, entry, Date.parse(event.t) - Date.parse(entry.t), reporter);
        } else if (event.kind === 'lifecycle' && event.name === 'stream-close' && event.stream) {
          waiting.delete(event.stream);
        }
        // Nothing waiting, nothing to check (and no time to parse: this runs for every event).
        if (waiting.size) check(Date.parse(event.t), reporter);
      },
      onTick(nowMs, reporter) {
        check(nowMs, reporter);
      },
    };
  },
};
