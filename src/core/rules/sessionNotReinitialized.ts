// session-not-reinitialized: after the server answered "unknown session", the client keeps
// sending the dead id, or sends `initialize` still carrying it. The spec says a client MUST
// start a new session (initialize without an id) on 404.

import type { Evidence } from '../model';
import type { HttpRequestEvent } from '../trace/events';
import { BoundedMap, classifyAnswer, clientOf, exchangeEvidence, type RequestInfo } from '../protocol/exchanges';
import type { RuleDefinition, RuleReporter } from './types';

export const sessionNotReinitialized: RuleDefinition = {
  id: 'session-not-reinitialized',
  severity: 'error',
  title: 'The client kept a session id the server had disowned',
  kinds: ['http-request', 'http-response'],
  create(context) {
    const exchanges = context.exchanges;
    /** `client session` → the unknown-session answer that killed it. */
    const dead = new BoundedMap<string, Evidence>(2000);
    /**
     * Offline, a dead session's finding is reported the first time and then once more at the end
     * (onTick) with the latest request: what reporting every request would leave, built once.
     */
    const deferred = context.mode === 'offline' ? new Map<string, () => void>() : undefined;
    const reported = new Set<string>();
    const reportKept = (event: HttpRequestEvent, sent: RequestInfo, killedBy: Evidence, key: string, reporter: RuleReporter) => {
      const what = sent.rpcMethod ? `${sent.rpcMethod}${sent.rpcId !== undefined ? ` #${sent.rpcId}` : ''}` : 'a message';
      const initialize = sent.rpcMethod === 'initialize';
      reporter.report({
        key,
        sessionId: sent.sessionId,
        client: event.client,
        message: initialize
          ? `The client re-sent initialize still carrying the dead session id ${sent.sessionId} (the server had answered it as unknown). A new session must start with an initialize that carries no session id.`
          : `The client kept using session ${sent.sessionId} after the server said it does not know it: it sent ${what} with the dead id. The SDK clients do not recover from this on their own; the application must start a new session.`,
        fix: 'On a 404 for the session, drop the session id and initialize again without it (with the SDK: create a new transport and connect again), then replay what is needed.',
        evidence: [killedBy, { summary: `POST ${sent.path} (${what}) still carrying Mcp-Session-Id ${sent.sessionId}`, seq: event.seq, t: event.t }],
      });
    };
    return {
      onTick() {
        if (!deferred?.size) return;
        const reports = [...deferred.values()];
        deferred.clear();
        for (const report of reports) report();
      },
      onEvent(event, reporter) {
        const request = exchanges.observe(event);
        if (event.kind === 'http-response') {
          if (request?.sessionId && request.method !== 'DELETE' && classifyAnswer(request, event) === 'unknown-session') {
            const key = `${clientOf(event)} ${request.sessionId}`;
            if (!dead.has(key)) dead.set(key, exchangeEvidence(request, event));
          }
          return;
        }
        // GET stream retries are the transport's own reconnect loop; the requests are what matter.
        if (event.kind !== 'http-request' || event.method !== 'POST' || dead.size === 0) return;
        const sent = exchanges.get(event.exchange);
        if (!sent?.sessionId) return;
        const key = `${clientOf(event)} ${sent.sessionId}`;
        const killedBy = dead.get(key);
        if (!killedBy) return;
        const report = () => reportKept(event, sent, killedBy, key, reporter);
        if (deferred && reported.has(key)) {
          deferred.set(key, report);
          return;
        }
        if (deferred) {
          if (reported.size >= 2000) reported.clear();
          reported.add(key);
          deferred.delete(key);
        }
        report();
      },
    };
  },
};
