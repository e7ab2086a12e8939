// session-affinity: sessions live in one instance's memory and requests are spread across
// instances. Two signatures: one session id gets both successes and unknown-session answers,
// or fresh ids are unknown on their very first use, again and again (strict round-robin sends
// the request after initialize to the other instance every time).

import type { HttpResponseEvent } from '../trace/events';
import { BoundedMap, classifyAnswer, clientOf, exchangeEvidence, type RequestInfo } from '../protocol/exchanges';
import type { Evidence } from '../model';
import type { RuleDefinition } from './types';

/** An id unknown this soon after it was issued was not lost: it was never known where the request landed. */
const FIRST_USE_WINDOW_MS = 5000;
/** Sessions lost on first use before the pattern counts (one could be a restart at the wrong moment). */
const FIRST_USE_REPEATS = 2;

const FIX = 'Route by Mcp-Session-Id (sticky sessions) at the load balancer, share session state between instances, or run the server stateless.';

interface SessionAnswers {
  ok: number;
  lost: number;
  /** The latest success, turned into evidence only when a finding needs it (successes are the common case). */
  lastOk?: { request: RequestInfo; response: HttpResponseEvent };
  lastLost?: Evidence;
  lostThenOk: boolean;
  /** Offline: its finding was reported once already (later updates wait for the end). */
  reported?: boolean;
  /** When the id was issued (initialize answer), until its first use is judged. */
  issuedAt?: number;
}

export const sessionAffinity: RuleDefinition = {
  id: 'session-affinity',
  severity: 'error',
  title: 'One session gets both successes and unknown-session answers',
  kinds: ['http-response'],
  create(context) {
    const exchanges = context.exchanges;
    const counts = new BoundedMap<string, SessionAnswers>(1000);
    /** Per client: sessions unknown on their first use, with the latest evidence. */
    const lostOnFirstUse = new BoundedMap<string, { sessions: number; issued: number; evidence: Evidence[] }>(1000);
    /**
     * Offline, a session's finding is reported when it first holds and then only once more, at the
     * end (onTick): the latest counts and evidence, exactly what reporting it on every later answer
     * would leave, without building the message hundreds of thousands of times.
     */
    const deferred = context.mode === 'offline' ? new Map<string, () => void>() : undefined;
    return {
      onTick() {
        if (!deferred?.size) return;
        const reports = [...deferred.values()];
        deferred.clear();
        for (const report of reports) report();
      },
      onEvent(event, reporter) {
        const request = exchanges.observe(event);
        if (event.kind !== 'http-response' || !request) return;
        const issued = event.headers['mcp-session-id'];
        const client = clientOf(event);
        if (issued && request.rpcMethod === 'initialize' && event.status < 300) {
          counts.set(issued, { ok: 0, lost: 0, lostThenOk: false, issuedAt: Date.parse(event.t) });
          const tally = lostOnFirstUse.get(client) ?? { sessions: 0, issued: 0, evidence: [] };
          tally.issued++;
          lostOnFirstUse.set(client, tally);
          return;
        }
        if (!request.sessionId || request.method === 'DELETE') return;
        const kind = classifyAnswer(request, event);
        if (kind !== 'ok' && kind !== 'unknown-session') return;
        const entry = counts.get(request.sessionId) ?? { ok: 0, lost: 0, lostThenOk: false };
        counts.set(request.sessionId, entry);
        const issuedAt = entry.issuedAt;
        entry.issuedAt = undefined;
        if (kind === 'ok') {
          entry.ok++;
          entry.lastOk = { request, response: event };
          if (entry.lost) entry.lostThenOk = true;
        } else {
          entry.lost++;
          entry.lastLost = exchangeEvidence(request, event);
          if (issuedAt !== undefined && Date.parse(event.t) - issuedAt <= FIRST_USE_WINDOW_MS) {
            const tally = lostOnFirstUse.get(client) ?? { sessions: 0, issued: 1, evidence: [] };
            tally.sessions++;
            tally.evidence = [entry.lastLost, ...tally.evidence].slice(0, 3);
            lostOnFirstUse.set(client, tally);
            if (tally.sessions >= FIRST_USE_REPEATS) {
              reporter.report({
                key: `first-use ${client}`,
                sessionId: request.sessionId,
                client: event.client,
                message: `${tally.sessions} of ${tally.issued} new sessions were unknown on their very first use, within ${Math.round((Date.parse(event.t) - issuedAt) / 100) / 10} s of being issued (latest: ${request.sessionId}). The request after initialize reaches a server instance that never issued the id: sessions live in one instance's memory and the load balancer spreads requests.`,
                fix: FIX,
                evidence: tally.evidence,
              });
            }
          }
        }
        // Lost and then working again on the same id is the signature; a plain restart never recovers.
        if (!entry.lostThenOk) return;
        const sessionId = request.sessionId;
        const eventClient = event.client;
        const report = () => {
          const total = entry.ok + entry.lost;
          reporter.report({
            key: sessionId,
            sessionId,
            client: eventClient,
            message: `Session ${sessionId} is intermittently unknown: ${entry.lost} of ${total} answers (${Math.round((entry.lost / total) * 100)}%) said the session does not exist while the others succeeded. Sessions live in one server instance's memory and requests reach several instances.`,
            fix: FIX,
            evidence: [entry.lastLost, entry.lastOk && exchangeEvidence(entry.lastOk.request, entry.lastOk.response)].filter((item): item is Evidence =>
              Boolean(item),
            ),
          });
        };
        if (!deferred || !entry.reported) {
          entry.reported = true;
          deferred?.delete(sessionId);
          report();
        } else deferred.set(sessionId, report);
      },
    };
  },
};
