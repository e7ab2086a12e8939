// session-header-missing: a request after a session was issued lacks the session id, or the
// server answers "header is required" / "Missing session ID" / "No valid session ID" to a
// request that really carried none. Before any session was issued to a client there is no id
// it could have sent: a probe then (mcp-remote's GET before it initializes) is not this fault.

import { classifyAnswer, clientOf, exchangeEvidence, legacySessionOf } from '../protocol/exchanges';
import type { RuleDefinition } from './types';

const HANDSHAKE_METHODS = new Set(['initialize', 'server/discover']);

export const sessionHeaderMissing: RuleDefinition = {
  id: 'session-header-missing',
  severity: 'error',
  title: 'A request lacks the session id after a session was issued',
  kinds: ['lifecycle', 'http-request', 'http-response'],
  create(context) {
    const exchanges = context.exchanges;
    const currentSession = new Map<string, string>();
    return {
      onEvent(event, reporter) {
        const request = exchanges.observe(event);
        // A session the client ended (or gave up) is no longer one it must send.
        if (event.kind === 'lifecycle' && (event.name === 'session-ended' || event.name === 'disconnect')) {
          currentSession.delete(clientOf(event));
          return;
        }
        if (event.kind === 'http-request') {
          const client = clientOf(event);
          const session = currentSession.get(client);
          if (!session) return;
          const rpc = exchanges.get(event.exchange)?.rpcMethod;
          if (
            event.method !== 'OPTIONS' &&
            !event.headers['mcp-session-id'] &&
            legacySessionOf(event.url, 'http://x') === undefined &&
            !(rpc && HANDSHAKE_METHODS.has(rpc))
          ) {
            reporter.report({
              key: `trace:${client}`,
              sessionId: session,
              message: `${event.method} ${new URL(event.url, 'http://x').pathname}${rpc ? ` (${rpc})` : ''} was sent without Mcp-Session-Id although the server issued session ${session}. The server cannot tell which session it belongs to and will refuse it.`,
              fix: 'Send the Mcp-Session-Id header on every request after initialize; a browser client also needs the header exposed by CORS (see cors-session-header-hidden).',
              evidence: [{ summary: `${event.method} ${event.url} without Mcp-Session-Id`, seq: event.seq, t: event.t }],
            });
          }
          return;
        }
        if (event.kind !== 'http-response' || !request) return;
        const issued = event.headers['mcp-session-id'];
        if (issued && request.rpcMethod === 'initialize' && event.status < 300) currentSession.set(clientOf(event), issued);
        if (request.method === 'DELETE' && event.status < 300 && request.sessionId === currentSession.get(clientOf(event)))
          currentSession.delete(clientOf(event));
        if (classifyAnswer(request, event) !== 'missing-session' || request.sessionId || !currentSession.has(clientOf(event))) return;
        reporter.report({
          key: `answer:${clientOf(event)}`,
          message: `The server refused ${request.method} ${request.path}${request.rpcMethod ? ` (${request.rpcMethod})` : ''} because it carried no session id (${event.status}).`,
          fix: 'Keep the Mcp-Session-Id from the initialize response and send it on every later request; in a browser, make sure CORS exposes it.',
          evidence: [exchangeEvidence(request, event)],
        });
      },
    };
  },
};
