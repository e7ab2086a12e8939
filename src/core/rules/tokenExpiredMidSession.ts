// token-expired-mid-session: a request on a live session was answered 401 (the access token
// expired or was revoked). Says what happened next: refreshed and the session kept, refreshed
// and the session lost, or no refresh at all.

import type { Evidence } from '../model';
import type { HttpResponseEvent } from '../trace/events';
import { exchangeEvidence, type RequestInfo } from '../protocol/exchanges';
import type { RuleDefinition, RuleReporter } from './types';

interface Expiry {
  evidence: Evidence[];
  refresh?: string;
}

export const tokenExpiredMidSession: RuleDefinition = {
  id: 'token-expired-mid-session',
  severity: 'warning',
  title: 'The access token was refused (401) on a live session',
  kinds: ['http-request', 'http-response', 'lifecycle'],
  create(context) {
    const exchanges = context.exchanges;
    /** Sessions whose token was refused, until the next answer on them says what became of the session. */
    const pending = new Map<string, Expiry>();
    const report = (reporter: RuleReporter, sessionId: string, expiry: Expiry, outcome: string, fix: string) =>
      reporter.report({
        key: sessionId,
        sessionId,
        message: `The server answered 401 on live session ${sessionId}: the access token expired or was revoked mid-session. ${expiry.refresh ? `${expiry.refresh} ` : ''}${outcome}`,
        fix,
        evidence: expiry.evidence,
      });
    const settle = (reporter: RuleReporter, request: RequestInfo, response: HttpResponseEvent, sessionId: string, expiry: Expiry) => {
      expiry.evidence.push(exchangeEvidence(request, response));
      pending.delete(sessionId);
      if (response.status < 300) {
        report(
          reporter,
          sessionId,
          expiry,
          'The session was kept: the server accepted the same session id with the new token.',
          'Nothing to do; to avoid the failed request, refresh before the token’s expires_in runs out.',
        );
      } else {
        report(
          reporter,
          sessionId,
          expiry,
          `The session was lost: with the new token the server answered ${response.status} for the same session id, so the client must start a new session.`,
          'If sessions should survive a refresh, bind them to the user (the token’s subject), not to the token; see also session-bound-to-other-token.',
        );
      }
    };
    return {
      onEvent(event, reporter) {
        if (event.kind === 'lifecycle') {
          if (event.name !== 'auth-refresh') return;
          for (const [sessionId, expiry] of pending) {
            const outcome = String(event.detail?.outcome ?? '');
            expiry.evidence.push({
              summary: `token refresh: ${outcome}${event.detail?.reason ? ` (${String(event.detail.reason)})` : ''}`,
              seq: event.seq,
              t: event.t,
            });
            if (outcome === 'refreshed') expiry.refresh = 'The client refreshed the token.';
            else {
              pending.delete(sessionId);
              report(
                reporter,
                sessionId,
                expiry,
                `No new token could be obtained (${String(event.detail?.reason ?? outcome)}), so the session cannot be used until the user signs in again.`,
                'Sign in again (Servers view › Sign In, or --sign-in); ask the authorization server for refresh tokens (grant_types with refresh_token) so this heals on its own.',
              );
            }
          }
          return;
        }
        const request = exchanges.observe(event);
        if (event.kind !== 'http-response' || !request?.sessionId) return;
        const expiry = pending.get(request.sessionId);
        if (event.status === 401) {
          if (expiry) return;
          const fresh: Expiry = { evidence: [exchangeEvidence(request, event)] };
          pending.set(request.sessionId, fresh);
          report(
            reporter,
            request.sessionId,
            fresh,
            'Whether the session survives depends on the refresh that follows.',
            'Refresh the token (the inspector does it when a refresh token is held), then see whether the server keeps the session.',
          );
          return;
        }
        if (expiry && expiry.refresh) settle(reporter, request, event, request.sessionId, expiry);
      },
    };
  },
};
