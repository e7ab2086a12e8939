// batch-rejected: a JSON-RPC batch sent to a server of revision 2025-06-18 or later, which
// removed batching — refused by the server, or accepted by a lenient one but still outside the
// spec the request claims.

import { answerEvidence, answerVerdict, clientOf } from '../protocol/exchanges';
import { versionRefusesBatches } from '../protocol/eras';
import type { RuleDefinition } from './types';

export const batchRejected: RuleDefinition = {
  id: 'batch-rejected',
  severity: 'error',
  title: 'A JSON-RPC batch sent to a ≥2025-06-18 server',
  kinds: ['http-response'],
  create(context) {
    const exchanges = context.exchanges;
    return {
      onEvent(event, reporter) {
        const request = exchanges.observe(event);
        if (event.kind !== 'http-response' || !request?.batch || event.status === 0) return;
        const verdict = answerVerdict(request, event);
        const refused = verdict?.kind === 'batch-rejected';
        if (!refused && !versionRefusesBatches(request.protocolVersionHeader)) return;
        reporter.report({
          key: clientOf(event),
          client: event.client,
          sessionId: request.sessionId,
          message: refused
            ? `The server refused a JSON-RPC batch (${event.status} ${verdict.text}). Batching was removed in protocol revision 2025-06-18; send one message per request.`
            : `A JSON-RPC batch was sent under MCP-Protocol-Version ${request.protocolVersionHeader}, a revision without batching (removed in 2025-06-18). This server accepted it; servers that follow the spec refuse it.`,
          fix: 'Send each JSON-RPC message in its own POST (concurrent requests are fine); keep batches only for servers that negotiated 2025-03-26 or older.',
          evidence: answerEvidence(request, event, verdict),
        });
      },
    };
  },
};
