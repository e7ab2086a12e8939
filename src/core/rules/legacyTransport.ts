// legacy-transport: the server speaks only the legacy HTTP+SSE transport.

import { clientOf } from '../protocol/exchanges';
import type { RuleDefinition } from './types';

export const legacyTransport: RuleDefinition = {
  id: 'legacy-transport',
  severity: 'info',
  title: 'The server speaks only the legacy HTTP+SSE transport',
  kinds: ['sse-event'],
  create() {
    return {
      onEvent(event, reporter) {
        if (event.kind !== 'sse-event' || event.event !== 'endpoint') return;
        reporter.report({
          key: clientOf(event),
          message: `The server speaks the legacy HTTP+SSE transport (GET stream + endpoint ${event.data?.trim() ?? ''}), deprecated since protocol 2025-03-26.`,
          fix: 'Serve Streamable HTTP (one endpoint for POST and GET); keep the SSE endpoints for old clients during the migration.',
          evidence: [{ summary: `endpoint event: ${event.data?.trim() ?? ''}`, seq: event.seq, t: event.t }],
        });
      },
    };
  },
};
