// cors-preflight-blocks-headers: a CORS preflight answer does not allow the headers MCP clients
// send (mcp-session-id, mcp-protocol-version, last-event-id, authorization; mcp-method and
// mcp-name in the 2026-07-28 era), so browsers never send the real request.

import { headersNotAllowed, MCP_REQUEST_HEADERS } from '../protocol/cors';
import { exchangeEvidence } from '../protocol/exchanges';
import type { RuleDefinition } from './types';

export const corsPreflightBlocksHeaders: RuleDefinition = {
  id: 'cors-preflight-blocks-headers',
  severity: 'warning',
  title: 'The CORS preflight does not allow the MCP headers',
  kinds: ['http-request', 'http-response'],
  create(context) {
    const exchanges = context.exchanges;
    const requested = new Map<number, string[]>();
    return {
      onEvent(event, reporter) {
        if (event.kind === 'http-request' && event.method === 'OPTIONS') {
          const asked = (event.headers['access-control-request-headers'] ?? '')
            .toLowerCase()
            .split(',')
            .map((header) => header.trim())
            .filter(Boolean);
          requested.set(event.exchange, asked.length ? asked : ['mcp-session-id', 'mcp-protocol-version']);
          if (requested.size > 1000) requested.delete(requested.keys().next().value as number);
        }
        const request = exchanges.observe(event);
        if (event.kind !== 'http-response' || request?.method !== 'OPTIONS') return;
        const asked = requested.get(event.exchange) ?? [];
        requested.delete(event.exchange);
        if (!event.headers['access-control-allow-origin']) return;
        const missing = headersNotAllowed(
          event.headers['access-control-allow-headers'],
          asked.filter((header) => MCP_REQUEST_HEADERS.includes(header)),
        );
        if (!missing.length) return;
        reporter.report({
          key: missing.join(','),
          message: `The CORS preflight does not allow ${missing.join(', ')}, so browsers refuse to send MCP requests carrying ${missing.length > 1 ? 'them' : 'it'}.`,
          fix: `Add ${missing.join(', ')} to Access-Control-Allow-Headers (a wildcard does not cover Authorization).`,
          evidence: [exchangeEvidence(request, event)],
        });
      },
    };
  },
};
