// orphaned-request: the server accepted a request (202 on a legacy POST, or a 2xx / opened stream
// on Streamable HTTP) but no response for its id arrives on any stream within the timeout — the
// classic sign of hand-written session tracking that answers on another session's stream.

import { parseIsoTime } from '../util/clock';
import { BoundedMap, clientOf } from '../protocol/exchanges';
import { exampleEventStoreCause } from '../protocol/priming';
import { holdsRpcResponse } from '../protocol/rpcMessages';
import type { RuleDefinition } from './types';

const LISTEN_METHOD = 'subscriptions/listen';

interface Resume {
  eventId: string;
  t: string;
  seq: number;
}

/** Why a response did not come, as the finding says it, and what to do. */
interface Cause {
  message: string;
  fix: string;
  evidence?: { summary: string; seq: number; t: string };
}

const MISROUTED: Cause = {
  message: "A server that tracks sessions by hand often answers on another client's stream.",
  fix: 'Look up the transport by the session id of each request (never a single shared transport variable), and make sure the response goes to the stream of the session that sent it.',
};

/** The client resumed after the request was accepted, and the replay did not bring the response back. */
function lostInReplay(resume: Resume): Cause {
  const store = exampleEventStoreCause(resume.eventId);
  return {
    message: `The client resumed with GET + Last-Event-ID ${resume.eventId}, and the replay did not bring it back.${store ? ` ${store}` : ''}`,
    fix: store
      ? 'Give the transport an event store that replays events in the order it stored them, not the SDK example InMemoryEventStore.'
      : "Check the server's event store: every event stored after the Last-Event-ID on that stream, the response included, must be replayed.",
    evidence: { summary: `GET with Last-Event-ID ${resume.eventId} at ${resume.t}`, seq: resume.seq, t: resume.t },
  };
}

export const orphanedRequest: RuleDefinition = {
  id: 'orphaned-request',
  severity: 'error',
  title: 'An accepted request never got its response',
  create(context) {
    const exchanges = context.exchanges;
    const pending = new BoundedMap<string, { t: string; seq: number; method: string; path: string; sessionId?: string; client: string; id: string | number }>(
      2000,
    );
    /** Each client's latest resume (GET with Last-Event-ID): a response it did not bring back is lost in the replay. */
    const resumes = new BoundedMap<string, Resume>(1000);
    let lastEventT = '';
    const expire = (nowMs: number, reporter: Parameters<NonNullable<ReturnType<RuleDefinition['create']>['onTick']>>[1]) => {
      // Insertion order is time order: stop at the first request still within its timeout.
      for (const [key, request] of pending) {
        if (nowMs - parseIsoTime(request.t) < context.timeouts.response) break;
        pending.delete(key);
        const accepted = `The server accepted ${request.method} #${String(request.id)} (${request.path}${request.sessionId ? `, session ${request.sessionId}` : ''}) but no response arrived on any stream within ${Math.round(context.timeouts.response / 1000)} s.`;
        const evidence = [{ summary: `${request.method} #${String(request.id)} accepted at ${request.t}, no response`, seq: request.seq, t: request.t }];
        const resume = resumes.get(request.client);
        const why = resume && resume.t >= request.t ? lostInReplay(resume) : MISROUTED;
        reporter.report({
          key,
          sessionId: request.sessionId,
          message: `${accepted} ${why.message}`,
          fix: why.fix,
          evidence: why.evidence ? [...evidence, why.evidence] : evidence,
        });
      }
    };
    return {
      onEvent(event, reporter) {
        // Time only matters while something is pending, and so does an answer's key (a string
        // built per message otherwise).
        lastEventT = event.t;
        if (pending.size && event.kind === 'message-in' && event.id !== undefined && event.method === undefined) {
          pending.delete(`${clientOf(event)}:${String(event.id)}`);
        }
        if (pending.size && event.kind === 'http-request' && event.method === 'GET' && event.headers['last-event-id'])
          resumes.set(clientOf(event), { eventId: event.headers['last-event-id'], t: event.t, seq: event.seq });
        const request = exchanges.observe(event);
        // A 2026-07-28 `subscriptions/listen` is answered only when the subscription ends: its
        // stream stays open by design, so it is never waiting for a response.
        if (
          event.kind === 'http-response' &&
          request?.method === 'POST' &&
          request.rpcId !== undefined &&
          request.rpcMethod &&
          request.rpcMethod !== LISTEN_METHOD &&
          event.status >= 200 &&
          event.status < 300
        ) {
          // A JSON body already carries the response; only accepted-but-unanswered requests wait.
          const answeredInline = holdsRpcResponse(event.body);
          if (!answeredInline)
            pending.set(`${clientOf(event)}:${String(request.rpcId)}`, {
              t: event.t,
              seq: event.seq,
              method: request.rpcMethod,
              path: request.path,
              sessionId: request.sessionId,
              client: clientOf(event),
              id: request.rpcId,
            });
        }
        if (pending.size) expire(parseIsoTime(lastEventT), reporter);
      },
      onTick(nowMs, reporter) {
        // Offline traces end where they end: only requests the trace outlived by the timeout count.
        if (pending.size) expire(context.mode === 'offline' ? parseIsoTime(lastEventT) : nowMs, reporter);
      },
    };
  },
};
