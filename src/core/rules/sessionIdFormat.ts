// session-id-format: a session id issued on initialize has characters outside visible ASCII
// (error), or is short, low-variety or sequential with another id the server issued (warning).
// The session check runs the same judgement on the ids it is given.

import { judgeSessionId } from '../protocol/sessionIdFormat';
import { exchangeEvidence } from '../protocol/exchanges';
import type { RuleDefinition } from './types';

export const sessionIdFormat: RuleDefinition = {
  id: 'session-id-format',
  severity: 'warning',
  title: 'The session id has invalid characters or looks guessable',
  kinds: ['http-response'],
  create(context) {
    const exchanges = context.exchanges;
    let lastIssued: string | undefined;
    return {
      onEvent(event, reporter) {
        const request = exchanges.observe(event);
        if (event.kind !== 'http-response' || request?.rpcMethod !== 'initialize' || event.status >= 300) return;
        const issued = event.headers['mcp-session-id'];
        if (!issued) return;
        const verdict = judgeSessionId(issued, lastIssued);
        lastIssued = issued;
        if (verdict.kind === 'ok') return;
        reporter.report({
          // One finding per server and kind: every id it issues has the same flaw.
          key: verdict.kind,
          severity: verdict.kind === 'invalid-characters' ? 'error' : 'warning',
          sessionId: issued,
          message: verdict.message,
          fix: 'Issue cryptographically random ids of visible ASCII characters, such as UUIDs (crypto.randomUUID()).',
          evidence: [exchangeEvidence(request, event), { summary: `Mcp-Session-Id: ${issued}`, seq: event.seq, t: event.t }],
        });
      },
    };
  },
};
