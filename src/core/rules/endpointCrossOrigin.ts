// endpoint-cross-origin: the legacy `endpoint` event names a URL on another origin than the SSE
// stream. Clients must refuse it (the SDK does): following it would send every message elsewhere.

import { BoundedMap, legacySessionOf } from '../protocol/exchanges';
import type { RuleDefinition } from './types';

export const endpointCrossOrigin: RuleDefinition = {
  id: 'endpoint-cross-origin',
  severity: 'error',
  title: 'The legacy endpoint points to another origin',
  kinds: ['http-request', 'sse-event'],
  create() {
    const urls = new BoundedMap<number, string>(2000);
    return {
      onEvent(event, reporter) {
        if (event.kind === 'http-request' && event.method === 'GET') urls.set(event.exchange, event.url);
        if (event.kind !== 'sse-event' || event.event !== 'endpoint' || event.data === undefined) return;
        const streamUrl = urls.get(event.exchange);
        if (!streamUrl) return;
        let endpoint: URL;
        let stream: URL;
        try {
          stream = new URL(streamUrl);
          endpoint = new URL(event.data.trim(), stream);
        } catch {
          return;
        }
        if (endpoint.origin === stream.origin) return;
        reporter.report({
          key: `${event.client ?? ''} ${endpoint.origin}`,
          sessionId: legacySessionOf(endpoint),
          client: event.client,
          message: `The legacy SSE stream at ${stream.origin} announced an endpoint on another origin, ${endpoint.origin}. Clients refuse to follow it (messages would go to a different server), so the connection fails.`,
          fix: 'Send the endpoint as a path (e.g. /messages?session_id=…) or a URL on the same origin as the SSE stream; behind a proxy, do not rewrite it to an internal host.',
          evidence: [{ summary: `${event.stream}: endpoint ${endpoint.origin}${endpoint.pathname}`, seq: event.seq, t: event.t }],
        });
      },
    };
  },
};
