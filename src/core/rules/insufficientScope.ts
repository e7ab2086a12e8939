// insufficient-scope: 403 with `WWW-Authenticate: Bearer error="insufficient_scope"`: the token is
// valid but lacks a scope the request needs (a step-up authorization is due).

import { parseChallenge } from '../auth/challenge';
import { exchangeEvidence } from '../protocol/exchanges';
import type { RuleDefinition } from './types';

export const insufficientScope: RuleDefinition = {
  id: 'insufficient-scope',
  severity: 'warning',
  title: 'The token lacks a scope the request needs (403 insufficient_scope)',
  kinds: ['http-request', 'http-response'],
  create(context) {
    const exchanges = context.exchanges;
    return {
      onEvent(event, reporter) {
        const request = exchanges.observe(event);
        if (event.kind !== 'http-response' || event.status !== 403) return;
        const challenge = parseChallenge(event.headers['www-authenticate']);
        if (challenge.error !== 'insufficient_scope') return;
        const scope = challenge.scope ? `the scope "${challenge.scope}"` : 'a scope it does not name';
        const what = request?.rpcMethod ?? `${request?.method ?? 'a'} request`;
        reporter.report({
          key: `${request?.rpcMethod ?? request?.path ?? ''} ${challenge.scope ?? ''}`,
          sessionId: request?.sessionId,
          message: `The server refused ${what} with 403 insufficient_scope: the token is valid but lacks ${scope}${challenge.errorDescription ? ` (${challenge.errorDescription})` : ''}. A refresh cannot widen a token's scope.`,
          fix: `Sign in again so the authorization server grants ${scope} (Sign In in the Servers view, or --sign-in); if the consent page never offers it, the account or client is not allowed that scope.`,
          evidence: [exchangeEvidence(request, event)],
        });
      },
    };
  },
};
