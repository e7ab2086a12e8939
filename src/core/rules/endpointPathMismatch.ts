// endpoint-path-mismatch: the client talks to a path where no MCP endpoint is — a POST answered by
// the web framework's own 404 (no JSON-RPC body), a legacy `endpoint` event that dropped the
// prefix the app is mounted under, or a 307/308 that only adds or removes a trailing slash.

import { droppedMountPrefix, isRouterNotFound, isTrailingSlashRedirect } from '../protocol/endpointPath';
import { BoundedMap, exchangeEvidence } from '../protocol/exchanges';
import type { RuleDefinition } from './types';

export const endpointPathMismatch: RuleDefinition = {
  id: 'endpoint-path-mismatch',
  severity: 'error',
  title: 'The client talks to a path where no MCP endpoint is',
  kinds: ['http-request', 'http-response', 'sse-event'],
  create(context) {
    const exchanges = context.exchanges;
    /** Full URLs of recent requests (the shared request info keeps only paths). */
    const urls = new BoundedMap<number, string>(2000);
    return {
      onEvent(event, reporter) {
        const request = exchanges.observe(event);
        if (event.kind === 'http-request') {
          urls.set(event.exchange, event.url);
          return;
        }
        if (event.kind === 'sse-event') {
          if (event.event !== 'endpoint' || !event.data) return;
          const sseUrl = urls.get(event.exchange);
          const prefix = sseUrl ? droppedMountPrefix(sseUrl, event.data.trim()) : undefined;
          if (!sseUrl || !prefix) return;
          reporter.report({
            key: `prefix ${prefix}`,
            message: `The legacy SSE stream at ${new URL(sseUrl).pathname} names the endpoint ${event.data.trim()}, which lost the mount prefix ${prefix}: the client POSTs outside the app, where nothing answers. The app is mounted under ${prefix} but built its endpoint as if it were at the root.`,
            fix: `Give the transport the full path (e.g. new SSEServerTransport('${prefix}${event.data.trim().replace(/^\/+/, '').replace(/\?.*$/, '')}', res)), or build it from the request's base URL.`,
            evidence: [
              { summary: `${event.stream}: endpoint ${event.data.trim()} (stream opened at ${new URL(sseUrl).pathname})`, seq: event.seq, t: event.t },
            ],
          });
          return;
        }
        if (event.kind !== 'http-response' || !request) return;
        const url = urls.get(event.exchange);
        if (url && isTrailingSlashRedirect(event.status, url, event.headers.location)) {
          reporter.report({
            key: `redirect ${request.path}`,
            severity: 'warning',
            message: `${request.method} ${request.path} was redirected (${event.status}) to ${event.headers.location}, which only adds or removes a trailing slash. Clients that do not follow redirects on POST, or that drop the body or headers on the way, fail; each request pays an extra round trip.`,
            fix: `Configure the client with the exact path the server mounts (${new URL(event.headers.location as string, url).pathname}), or let the server accept both forms.`,
            evidence: [exchangeEvidence(request, event), { summary: `Location: ${event.headers.location}`, seq: event.seq, t: event.t }],
          });
          return;
        }
        if (request.method !== 'POST' || !request.rpcMethod || !isRouterNotFound(event.status, event.body)) return;
        reporter.report({
          key: `404 ${request.path}`,
          message: `${request.method} ${request.path} (${request.rpcMethod}) got a 404 with no MCP answer in it: the web framework answered, so no MCP endpoint is mounted at ${request.path}. Check the path the server mounts (often /mcp, /mcp/ or /sse) and any prefix a proxy adds or strips.`,
          fix: 'Use the URL the server prints at start-up; with a reverse proxy, make sure it forwards the path unchanged.',
          evidence: [exchangeEvidence(request, event)],
        });
      },
    };
  },
};
