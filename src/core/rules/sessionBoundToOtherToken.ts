// session-bound-to-other-token: a session the server accepted with one access token is refused
// (403 or 404) once the client presents another (after a refresh or a new sign-in): the server
// ties sessions to the token rather than to the user.

import type { Evidence } from '../model';
import { exchangeEvidence } from '../protocol/exchanges';
import type { RuleDefinition } from './types';

export const sessionBoundToOtherToken: RuleDefinition = {
  id: 'session-bound-to-other-token',
  severity: 'error',
  title: 'A session is refused after the access token changed',
  kinds: ['http-request', 'http-response', 'lifecycle'],
  create(context) {
    const exchanges = context.exchanges;
    /** Which token (0, 1, 2… counted by auth-tokens-saved) each session was last accepted with. */
    const acceptedWith = new Map<string, { token: number; evidence: Evidence }>();
    let token = 0;
    let change: Evidence | undefined;
    return {
      onEvent(event, reporter) {
        if (event.kind === 'lifecycle') {
          if (event.name === 'auth-tokens-saved') {
            token++;
            change = { summary: 'a new access token was saved (refresh or sign-in)', seq: event.seq, t: event.t };
          }
          return;
        }
        const request = exchanges.observe(event);
        if (event.kind !== 'http-response' || !request?.sessionId) return;
        const sessionId = request.sessionId;
        if (event.status >= 200 && event.status < 300) {
          acceptedWith.set(sessionId, { token, evidence: exchangeEvidence(request, event) });
          if (acceptedWith.size > 1000) acceptedWith.delete(acceptedWith.keys().next().value as string);
          return;
        }
        const accepted = acceptedWith.get(sessionId);
        if ((event.status !== 403 && event.status !== 404) || !accepted || accepted.token === token) return;
        reporter.report({
          key: sessionId,
          sessionId,
          message: `Session ${sessionId} was accepted with the previous access token and refused with ${event.status} once the token changed: the server binds each session to the token that created it, so every refresh costs the session.`,
          fix: 'Server: bind a session to the authenticated user (the token’s subject and client), not to the token string, so a refreshed token keeps it. Client: after a refresh, be ready to start a new session.',
          evidence: [accepted.evidence, ...(change ? [change] : []), exchangeEvidence(request, event)],
        });
      },
    };
  },
};
