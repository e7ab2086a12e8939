// session-cross-talk: a response arrives for a request id this client never sent (the server
// delivered another client's answer on this session's stream), or two different clients are
// seen using one session id. Either way sessions are shared and corrupt each other.

import type { Evidence } from '../model';
import { isUnboundError } from '../protocol/answers';
import { BoundedMap, clientOf } from '../protocol/exchanges';
import type { RuleDefinition } from './types';

/** The request ids one client has sent; numeric ids below the highest sent count as sent (the bound forgets old ones). */
class SentIds {
  private readonly ids = new BoundedMap<string, true>(10_000);
  private highestNumeric = -Infinity;

  add(id: string | number): void {
    if (typeof id === 'number') this.highestNumeric = Math.max(this.highestNumeric, id);
    else this.ids.set(id, true);
  }

  has(id: string | number): boolean {
    return typeof id === 'number' ? id <= this.highestNumeric : this.ids.has(id);
  }
}

export const sessionCrossTalk: RuleDefinition = {
  id: 'session-cross-talk',
  severity: 'error',
  title: 'Traffic of two clients is mixed on one session',
  create(context) {
    const exchanges = context.exchanges;
    const sent = new BoundedMap<string, SentIds>(1000);
    const owners = new BoundedMap<string, { client: string; evidence: Evidence }>(5000);
    const sentBy = (client: string) => {
      let ids = sent.get(client);
      if (!ids) sent.set(client, (ids = new SentIds()));
      return ids;
    };
    return {
      onEvent(event, reporter) {
        exchanges.observe(event);
        const client = clientOf(event);
        if (event.kind === 'message-out') {
          if (event.id !== undefined && event.method) sentBy(client).add(event.id);
          return;
        }
        if (event.kind === 'http-request') {
          const request = exchanges.get(event.exchange);
          if (request?.rpcId !== undefined && request.rpcMethod) sentBy(client).add(request.rpcId);
          if (!request?.sessionId || event.client === undefined) return;
          // Two tapped clients on one id: only meaningful where clients are told apart.
          const owner = owners.get(request.sessionId);
          if (owner?.client === client) return;
          const evidence: Evidence = {
            summary: `${client}: ${request.method} ${request.path}${request.rpcMethod ? ` (${request.rpcMethod})` : ''}`,
            seq: event.seq,
            t: event.t,
          };
          if (!owner) owners.set(request.sessionId, { client, evidence });
          else {
            reporter.report({
              key: `shared ${request.sessionId}`,
              sessionId: request.sessionId,
              client: event.client,
              message: `Two clients use session ${request.sessionId}: ${owner.client} and ${client}. A session belongs to one client; sharing it mixes their requests, responses and notifications.`,
              fix: 'Give every client its own session (its own initialize); never copy a session id between clients or share one transport between them.',
              evidence: [owner.evidence, evidence],
            });
          }
          return;
        }
        if (event.kind !== 'message-in' || event.id === undefined || event.method) return;
        if (sentBy(client).has(event.id) || isUnboundError(event.id, event.errorCode)) return;
        reporter.report({
          key: `foreign ${client} ${String(event.id)}`,
          sessionId: event.session,
          client: event.client,
          message: `A response arrived for request id ${JSON.stringify(event.id)}, which this client never sent${event.session ? ` on session ${event.session}` : ''}. The server delivered another client's answer here: its session tracking mixes up sessions (classically, one global transport shared by every connection).`,
          fix: 'Keep one transport per session on the server and route each message by its session id; never reuse a transport or a session between clients.',
          evidence: [
            { summary: `message-in: response to id ${JSON.stringify(event.id)}${event.stream ? ` on ${event.stream}` : ''}`, seq: event.seq, t: event.t },
          ],
        });
      },
    };
  },
};
