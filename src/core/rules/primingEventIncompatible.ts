// priming-event-incompatible: the server sent an SSE priming event (an `id:` with empty data,
// SEP-1699 of 2025-11-25) on a stream of a client that negotiated an older protocol version.
// Clients before 2025-11-25 try to parse the empty data as JSON-RPC and fail.

import { isOlderThanPriming, protocolVersionOfRequest } from '../protocol/priming';
import { BoundedMap, clientOf } from '../protocol/exchanges';
import type { RuleDefinition } from './types';

export const primingEventIncompatible: RuleDefinition = {
  id: 'priming-event-incompatible',
  severity: 'warning',
  title: 'An empty-data priming event was sent to a client older than 2025-11-25',
  kinds: ['lifecycle', 'sse-event'],
  create(context) {
    const exchanges = context.exchanges;
    /** The version each client negotiated (from its handshake), when the trace shows it. */
    const negotiated = new BoundedMap<string, string>(1000);
    return {
      onEvent(event, reporter) {
        if (event.kind === 'lifecycle') {
          if (event.name === 'handshake-complete' && typeof event.detail?.protocolVersion === 'string')
            negotiated.set(clientOf(event), event.detail.protocolVersion);
          return;
        }
        if (event.kind !== 'sse-event' || event.id === undefined || (event.data !== undefined && event.data !== '') || event.comment) return;
        const request = exchanges.get(event.exchange);
        const version = protocolVersionOfRequest(request, negotiated.get(clientOf(event)));
        if (!version || !isOlderThanPriming(version)) return;
        reporter.report({
          key: clientOf(event),
          message: `The server sent a priming event (id ${event.id} with empty data) on the ${event.streamKind} stream ${event.stream} of a client that speaks protocol ${version}. Priming events came with 2025-11-25; older clients parse the empty data as a message and fail.`,
          fix: 'Send priming events only to clients that negotiated 2025-11-25 or later (current SDKs check the MCP-Protocol-Version header); update the server SDK.',
          evidence: [{ summary: `${event.stream}: event id ${event.id} with empty data, client protocol ${version}`, seq: event.seq, t: event.t }],
        });
      },
    };
  },
};
