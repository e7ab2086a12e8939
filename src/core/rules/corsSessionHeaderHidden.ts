// cors-session-header-hidden: CORS hides Mcp-Session-Id from browsers.

import { exposesSessionHeader } from '../protocol/cors';
import type { RuleDefinition } from './types';

export const corsSessionHeaderHidden: RuleDefinition = {
  id: 'cors-session-header-hidden',
  severity: 'warning',
  title: 'CORS hides Mcp-Session-Id from browsers',
  kinds: ['http-response'],
  create() {
    return {
      onEvent(event, reporter) {
        if (event.kind !== 'http-response' || !event.headers['mcp-session-id'] || !event.headers['access-control-allow-origin']) return;
        const exposed = event.headers['access-control-expose-headers'] ?? '';
        if (exposesSessionHeader(exposed)) return;
        reporter.report({
          key: 'expose',
          sessionId: event.headers['mcp-session-id'],
          message:
            'The server serves CORS but Access-Control-Expose-Headers does not include Mcp-Session-Id, so browser clients cannot read their session id and every request after initialize fails with a missing session.',
          fix: 'Add Mcp-Session-Id to Access-Control-Expose-Headers (e.g. cors({ exposedHeaders: ["Mcp-Session-Id"] })).',
          evidence: [{ summary: `response with Mcp-Session-Id; Access-Control-Expose-Headers: ${exposed || '(none)'}`, seq: event.seq, t: event.t }],
        });
      },
    };
  },
};
