// session-id-ignored: a request of the 2026-07-28 era (stateless: no sessions) still carries an
// Mcp-Session-Id — a session-era habit of a migrating client. The server ignores it, so nothing
// breaks; the id belongs to no session (the tap and every session rule treat it so).

import { clientOf } from '../protocol/exchanges';
import type { RuleDefinition } from './types';

export const sessionIdIgnored: RuleDefinition = {
  id: 'session-id-ignored',
  severity: 'info',
  title: 'Mcp-Session-Id sent on 2026-07-28 (stateless) traffic',
  kinds: ['http-request'],
  create(context) {
    const exchanges = context.exchanges;
    return {
      onEvent(event, reporter) {
        exchanges.observe(event);
        if (event.kind !== 'http-request') return;
        const request = exchanges.get(event.exchange);
        if (!request?.ignoredSessionId) return;
        reporter.report({
          key: clientOf(event),
          client: event.client,
          message: `${request.method} ${request.path}${request.rpcMethod ? ` (${request.rpcMethod})` : ''} carries Mcp-Session-Id ${request.ignoredSessionId} under MCP-Protocol-Version ${request.protocolVersionHeader}. The 2026-07-28 era has no sessions: the server ignores the id, and it ties nothing together. It is a session-era habit left in a migrating client.`,
          fix: 'Send Mcp-Session-Id only to session-era servers, after their initialize issued it; drop it from 2026-07-28 requests.',
          evidence: [
            {
              summary: `${request.method} ${request.path}: Mcp-Session-Id ${request.ignoredSessionId}, MCP-Protocol-Version ${request.protocolVersionHeader}`,
              seq: event.seq,
              t: event.t,
            },
          ],
        });
      },
    };
  },
};
