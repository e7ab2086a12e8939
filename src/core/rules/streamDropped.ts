// stream-dropped: an SSE stream ended without the client closing it.

import { clientOf } from '../protocol/exchanges';
import type { RuleDefinition } from './types';

export const streamDropped: RuleDefinition = {
  id: 'stream-dropped',
  severity: 'warning',
  title: 'An SSE stream ended without the client closing it',
  kinds: ['http-request', 'lifecycle'],
  create() {
    const opened = new Map<string, string>();
    /** Clients that ended their own session: the streams the server then closes are not drops. */
    const ending = new Set<string>();
    return {
      onEvent(event, reporter) {
        if (event.kind === 'http-request' && event.method === 'DELETE') ending.add(clientOf(event));
        if (event.kind !== 'lifecycle') return;
        if (event.name === 'handshake-complete') {
          ending.delete(clientOf(event));
          // A new connection: earlier drops are history (the trace keeps them).
          for (const kind of ['get', 'legacy-sse', 'post-response', 'listen']) reporter.clear(`${clientOf(event)}:${kind}`);
          return;
        }
        if (!event.stream) return;
        if (event.name === 'stream-open') {
          opened.set(event.stream, event.t);
          if (opened.size > 1000) opened.delete(opened.keys().next().value as string);
          return;
        }
        if (event.name !== 'stream-close') return;
        const openedAt = opened.get(event.stream);
        opened.delete(event.stream);
        const detail = event.detail ?? {};
        if (detail.byClient === true || ending.has(clientOf(event))) return;
        const reason = typeof detail.reason === 'string' ? detail.reason : 'ended by the server';
        // A POST response stream that ends normally after its response is how Streamable HTTP works.
        if (event.streamKind === 'post-response' && reason === 'ended by the server') return;
        const lived = openedAt ? `${Math.round((Date.parse(event.t) - Date.parse(openedAt)) / 100) / 10} s` : 'an unknown time';
        reporter.report({
          key: `${clientOf(event)}:${event.streamKind}`,
          sessionId: event.session,
          message: `The ${event.streamKind} stream (${event.stream}) dropped after ${lived}: ${reason}. Server-initiated messages sent while it is down are lost unless the stream can resume${event.streamKind === 'listen' ? '; in the stateless era the in-flight request must be re-issued' : ''}.`,
          fix: 'If drops recur at a fixed idle time, a proxy or server timeout is cutting idle streams: send keep-alive comments or raise the timeout.',
          evidence: [{ summary: `${event.stream} closed: ${reason}`, seq: event.seq, t: event.t }],
        });
      },
    };
  },
};
