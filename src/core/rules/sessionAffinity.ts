// session-affinity: one session id gets both successes and unknown-session answers — sessions
// live in one instance's memory and requests are spread across instances.

import { BoundedMap, classifyAnswer, Exchanges, exchangeEvidence } from './analysis';
import type { Evidence } from '../model';
import type { RuleDefinition } from './types';

export const sessionAffinity: RuleDefinition = {
  id: 'session-affinity',
  severity: 'error',
  title: 'One session gets both successes and unknown-session answers',
  create() {
    const exchanges = new Exchanges();
    const counts = new BoundedMap<string, { ok: number; lost: number; lastOk?: Evidence; lastLost?: Evidence; lostThenOk: boolean }>(1000);
    return {
      onEvent(event, reporter) {
        const request = exchanges.observe(event);
        if (event.kind !== 'http-response' || !request?.sessionId || request.method === 'DELETE') return;
        const kind = classifyAnswer(request, event);
        if (kind !== 'ok' && kind !== 'unknown-session') return;
        const entry = counts.get(request.sessionId) ?? { ok: 0, lost: 0, lostThenOk: false };
        counts.set(request.sessionId, entry);
        if (kind === 'ok') {
          entry.ok++;
          entry.lastOk = exchangeEvidence(request, event);
          if (entry.lost) entry.lostThenOk = true;
        } else {
          entry.lost++;
          entry.lastLost = exchangeEvidence(request, event);
        }
        // Lost and then working again on the same id is the signature; a plain restart never recovers.
        if (!entry.lostThenOk) return;
        const total = entry.ok + entry.lost;
        reporter.report({
          key: request.sessionId,
          sessionId: request.sessionId,
          message: `Session ${request.sessionId} is intermittently unknown: ${entry.lost} of ${total} answers (${Math.round((entry.lost / total) * 100)}%) said the session does not exist while the others succeeded. Sessions live in one server instance's memory and requests reach several instances.`,
          fix: 'Route by Mcp-Session-Id (sticky sessions) at the load balancer, share session state between instances, or run the server stateless.',
          evidence: [entry.lastLost, entry.lastOk].filter((item): item is Evidence => Boolean(item)),
        });
      },
    };
  },
};
