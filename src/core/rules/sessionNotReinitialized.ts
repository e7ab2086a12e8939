// session-not-reinitialized: after the server answered 404 "unknown session" (the spec's signal
// that the session is gone), the client keeps sending the dead id, or sends `initialize` still
// carrying it. A 400 does not count: the client was never told in the spec's terms, and
// unknown-session-status blames the server for that. A client that starts a new session by
// itself shortly after (mcp-remote retries once, then re-initialises) has recovered: the finding
// waits a grace period and is dropped if the client re-initialised meanwhile.

import type { Evidence } from '../model';
import type { HttpRequestEvent } from '../trace/events';
import { BoundedMap, classifyAnswer, clientOf, exchangeEvidence, msBetween, type RequestInfo } from '../protocol/exchanges';
import type { RuleDefinition, RuleReporter } from './types';

/** How long a client may keep the dead id (a retry in flight) before it counts as not recovering. */
export const RECOVERY_GRACE_MS = 5000;

interface DeadSession {
  /** The 404 that disowned the session. */
  killedBy: Evidence;
  killedAt: string;
  /** Requests sent with the dead id after that answer. */
  kept: number;
  /** The latest of them. */
  last?: { event: HttpRequestEvent; sent: RequestInfo };
  /** The client then started a new session (initialize without an id): it recovered. */
  recovered?: boolean;
}

export const sessionNotReinitialized: RuleDefinition = {
  id: 'session-not-reinitialized',
  severity: 'error',
  title: 'The client kept a session id the server had disowned with 404',
  kinds: ['http-request', 'http-response'],
  create(context) {
    const exchanges = context.exchanges;
    /** `client session` → the dead session. */
    const dead = new BoundedMap<string, DeadSession>(2000);
    const report = (key: string, entry: DeadSession, reporter: RuleReporter) => {
      const last = entry.last;
      if (!last) return;
      const { event, sent } = last;
      const what = sent.rpcMethod ? `${sent.rpcMethod}${sent.rpcId !== undefined ? ` #${sent.rpcId}` : ''}` : 'a message';
      const initialize = sent.rpcMethod === 'initialize';
      const count = entry.kept === 1 ? 'one request' : `${entry.kept} requests`;
      reporter.report({
        key,
        sessionId: sent.sessionId,
        client: event.client,
        at: event.t,
        message: initialize
          ? `The client re-sent initialize still carrying the dead session id ${sent.sessionId} (the server had answered it 404 at ${entry.killedAt}). A new session must start with an initialize that carries no session id.`
          : `The client kept using session ${sent.sessionId} after the server answered 404 (session unknown) at ${entry.killedAt}: it sent ${count} with the dead id since (latest ${what}) and started no new session. This client does not recover from a lost session by itself; the application must start a new one.`,
        fix: 'On a 404 for the session, drop the session id and initialize again without it (with the SDK: create a new transport and connect again), then replay what is needed.',
        evidence: [
          entry.killedBy,
          { summary: `${event.method} ${sent.path} (${what}) still carrying Mcp-Session-Id ${sent.sessionId}`, seq: event.seq, t: event.t },
        ],
      });
    };
    /** Reports the dead sessions whose client neither recovered nor is still within the grace period. */
    const settle = (nowMs: number, reporter: RuleReporter) => {
      for (const [key, entry] of dead) {
        if (entry.recovered || !entry.last) continue;
        if (nowMs - Date.parse(entry.last.event.t) < RECOVERY_GRACE_MS && nowMs - Date.parse(entry.killedAt) < RECOVERY_GRACE_MS) continue;
        report(key, entry, reporter);
      }
    };
    return {
      onTick(nowMs, reporter) {
        settle(nowMs, reporter);
      },
      onEvent(event, reporter) {
        const request = exchanges.observe(event);
        if (event.kind === 'http-response') {
          if (request?.sessionId && request.method !== 'DELETE' && event.status === 404 && classifyAnswer(request, event) === 'unknown-session') {
            const key = `${clientOf(event)} ${request.sessionId}`;
            if (!dead.has(key)) dead.set(key, { killedBy: exchangeEvidence(request, event), killedAt: event.t, kept: 0 });
          }
          return;
        }
        if (event.kind !== 'http-request' || dead.size === 0) return;
        const sent = exchanges.get(event.exchange);
        if (!sent) return;
        const client = clientOf(event);
        if (sent.rpcMethod === 'initialize' && !sent.sessionId) {
          // A new session: every dead one of this client is behind it.
          for (const [key, entry] of dead) if (key.startsWith(`${client} `)) entry.recovered = true;
          return;
        }
        // GET stream retries are the transport's own reconnect loop; the requests are what matter.
        if (event.method !== 'POST' || !sent.sessionId) return;
        const key = `${client} ${sent.sessionId}`;
        const entry = dead.get(key);
        if (!entry || msBetween(entry.killedAt, event.t) < 0) return;
        entry.kept++;
        entry.last = { event, sent };
        // Still using the dead id after starting over, or re-initialising with it: no grace.
        if (entry.recovered || sent.rpcMethod === 'initialize') report(key, entry, reporter);
        else if (reporter && context.mode === 'live') settle(Date.parse(event.t), reporter);
      },
    };
  },
};
