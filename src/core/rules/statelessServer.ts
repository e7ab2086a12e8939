// stateless-server: a session-era server issues no session id.

import { clientOf, exchangeEvidence } from '../protocol/exchanges';
import type { RuleDefinition } from './types';

export const statelessServer: RuleDefinition = {
  id: 'stateless-server',
  severity: 'info',
  title: 'A session-era server issues no session id',
  kinds: ['http-response'],
  create(context) {
    const exchanges = context.exchanges;
    return {
      onEvent(event, reporter) {
        const request = exchanges.observe(event);
        if (event.kind !== 'http-response' || request?.rpcMethod !== 'initialize' || event.status !== 200) return;
        if (event.headers['mcp-session-id'] || /[?&](session_id|sessionId)=/.test(request.path)) return;
        reporter.report({
          key: clientOf(event),
          message: 'The server answered initialize without an Mcp-Session-Id: it is stateless. That is valid; session rules do not apply to it.',
          evidence: [exchangeEvidence(request, event)],
        });
      },
    };
  },
};
