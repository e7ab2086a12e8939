// session-id-mismatch: one connection uses two session ids at once — its GET stream on one id
// while its POSTs carry another (a client that initialised twice and mixed the ids up), or a
// response that hands out a new Mcp-Session-Id in the middle of a session.

import type { Evidence } from '../model';
import { BoundedMap, clientOf, exchangeEvidence } from '../protocol/exchanges';
import type { RuleDefinition } from './types';

interface OpenStream {
  sessionId: string;
  evidence: Evidence;
}

export const sessionIdMismatch: RuleDefinition = {
  id: 'session-id-mismatch',
  severity: 'error',
  title: 'One connection uses two session ids',
  kinds: ['lifecycle', 'http-request', 'http-response'],
  create(context) {
    const exchanges = context.exchanges;
    /** Per client: open GET streams (by exchange) and the session id each was opened with. */
    const streams = new BoundedMap<string, Map<number, OpenStream>>(1000);
    const streamsOf = (client: string) => {
      let open = streams.get(client);
      if (!open) streams.set(client, (open = new Map()));
      return open;
    };
    return {
      onEvent(event, reporter) {
        const request = exchanges.observe(event);
        const client = clientOf(event);
        if (event.kind === 'lifecycle') {
          // Our own connection starting over (reconnect) legitimately moves to a new id.
          if (event.name === 'connect-start' || event.name === 'disconnect' || event.name === 'session-ended') streams.delete(client);
          const exchange = event.detail?.exchange;
          if (event.name === 'stream-close' && typeof exchange === 'number') streams.get(client)?.delete(exchange);
          return;
        }
        if (event.kind === 'http-response' && request) {
          const issued = event.headers['mcp-session-id'];
          if (event.streaming && event.status === 200 && request.method === 'GET' && request.sessionId) {
            const open = streamsOf(client);
            open.set(event.exchange, {
              sessionId: request.sessionId,
              evidence: { summary: `GET ${request.path} opened a stream on session ${request.sessionId}`, seq: request.seq, t: request.t },
            });
            if (open.size > 16) open.delete(open.keys().next().value as number);
          }
          if (issued && request.sessionId && issued !== request.sessionId && request.rpcMethod !== 'initialize' && event.status < 300) {
            reporter.report({
              key: `${client}:${request.sessionId}:${issued}`,
              sessionId: request.sessionId,
              client: event.client,
              message: `A response set a new session id mid-session: the request carried ${request.sessionId}, the answer set Mcp-Session-Id ${issued}. A client that follows it splits one conversation over two sessions.`,
              fix: 'Issue Mcp-Session-Id only on the initialize response, and keep it for the life of the session.',
              evidence: [exchangeEvidence(request, event), { summary: `response header Mcp-Session-Id: ${issued}`, seq: event.seq, t: event.t }],
            });
          }
          return;
        }
        if (event.kind !== 'http-request' || event.method !== 'POST') return;
        const posted = exchanges.get(event.exchange);
        if (!posted?.sessionId) return;
        for (const stream of streams.get(client)?.values() ?? []) {
          if (stream.sessionId === posted.sessionId) continue;
          reporter.report({
            key: `${client}:${stream.sessionId}:${posted.sessionId}`,
            sessionId: posted.sessionId,
            client: event.client,
            message: `One connection uses two session ids: its GET stream is on ${stream.sessionId}, but it POSTs ${posted.rpcMethod ?? 'a message'} on ${posted.sessionId}. Server messages for one session never reach the requests of the other.`,
            fix: 'Keep one session id per connection: after a new initialize, close the old GET stream and reopen it with the new id (or reuse one transport instance).',
            evidence: [
              stream.evidence,
              {
                summary: `POST ${posted.path}${posted.rpcMethod ? ` (${posted.rpcMethod})` : ''} with Mcp-Session-Id ${posted.sessionId}`,
                seq: event.seq,
                t: event.t,
              },
            ],
          });
        }
      },
    };
  },
};
