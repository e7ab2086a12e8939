// era-mismatch: session-era and stateless-era (2026-07-28) behaviour mixed on one exchange —
// initialize (the session-era handshake) sent under a 2026-07-28 MCP-Protocol-Version header; a
// 2026-07-28 request refused by a server that speaks only the session era; or initialize refused
// by a server that speaks only 2026-07-28. The last two mean version negotiation failed.

import { answerEvidence, answerVerdict, clientOf } from '../protocol/exchanges';
import { isStatelessRequest } from '../protocol/eras';
import type { RuleDefinition } from './types';

export const eraMismatch: RuleDefinition = {
  id: 'era-mismatch',
  severity: 'error',
  title: 'Session-era and 2026-07-28 (stateless) behaviour mixed',
  kinds: ['http-response'],
  create(context) {
    const exchanges = context.exchanges;
    return {
      onEvent(event, reporter) {
        const request = exchanges.observe(event);
        if (event.kind !== 'http-response' || !request || event.status === 0) return;
        const verdict = answerVerdict(request, event);
        const initializeUnderModernHeader = request.rpcMethod === 'initialize' && isStatelessRequest(request.protocolVersionHeader);
        if (verdict?.kind !== 'era-mismatch' && !initializeUnderModernHeader) return;
        const evidence = answerEvidence(request, event, verdict);
        const client = clientOf(event);
        if (initializeUnderModernHeader) {
          reporter.report({
            key: `${client} initialize-modern-header`,
            client: event.client,
            message: `initialize was sent with MCP-Protocol-Version ${request.protocolVersionHeader}. initialize is the session-era handshake; the 2026-07-28 era has none${event.status >= 400 ? `, so the server refused it (${event.status})` : ''}. The client mixes the two eras.`,
            fix: `Either speak the session era (initialize without a 2026-07-28 header, then send the negotiated version) or the 2026-07-28 era (server/discover, then requests carrying the version in MCP-Protocol-Version and in _meta) — not both.`,
            evidence,
          });
          return;
        }
        const clientStateless = isStatelessRequest(request.protocolVersionHeader);
        reporter.report({
          key: `${client} ${clientStateless ? 'stateless-client' : 'session-client'}`,
          client: event.client,
          message: clientStateless
            ? `A 2026-07-28 (stateless-era) request was refused by a server that speaks only the session era (${event.status} ${verdict?.text ?? ''}). It expects initialize and a session first; version negotiation failed.`
            : `initialize (the session-era handshake) was refused by a server that speaks only the 2026-07-28 era (${event.status} ${verdict?.text ?? ''}${verdict?.detail ? `; ${verdict.detail}` : ''}). Version negotiation failed.`,
          fix: clientStateless
            ? 'Let the client fall back to the session era (initialize) when server/discover is refused — the SDK v2 client does so in its default negotiation — or upgrade the server to a 2026-07-28 SDK.'
            : 'Upgrade the client to one that speaks 2026-07-28 (server/discover, MCP-Protocol-Version 2026-07-28), or serve the session era too (createMcpHandler without legacy: "reject").',
          evidence,
        });
      },
    };
  },
};
