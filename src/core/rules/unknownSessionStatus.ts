// unknown-session-status: an unknown session is answered with something other than 404 — seen in
// the HTTP answer itself, or in a client's log that reports the answer's body (mcp-remote behind
// the stdio tap).

import { loggedUnknownSession } from '../protocol/loggedAnswers';
import { clientOf } from '../protocol/exchanges';
import { answerRule } from './answerRule';
import type { RuleDefinition } from './types';

const FIX = 'Answer requests for unknown or expired sessions with HTTP 404.';
const WHY = 'The spec requires 404 so clients know to start a new session; SDK clients do not re-initialise on 400.';

const fromAnswers = answerRule(
  'unknown-session-status',
  'warning',
  'An unknown session is answered with something other than 404',
  'unknown-session',
  (what) => `The server answered an unknown session with 400 instead of 404: ${what}. ${WHY}`,
  FIX,
  (status) => status !== 404,
);

export const unknownSessionStatus: RuleDefinition = {
  ...fromAnswers,
  kinds: ['http-response', 'stderr'],
  create(context) {
    const answers = fromAnswers.create(context);
    return {
      onEvent(event, reporter) {
        if (event.kind !== 'stderr') {
          answers.onEvent(event, reporter);
          return;
        }
        const logged = loggedUnknownSession(event.line);
        if (!logged || logged.status === 404) return;
        const where = event.file ? `${event.file}${event.lineNumber ? `:${event.lineNumber}` : ''}` : 'the client’s output';
        reporter.report({
          key: `log:${clientOf(event)}`,
          message: `The server answered an unknown session with ${logged.status} instead of 404, as ${where} reports: ${logged.shape}. ${WHY}`,
          fix: FIX,
          evidence: [
            {
              summary: event.line.trim().slice(0, 200),
              seq: event.seq,
              t: event.t,
              ...(event.file ? { file: event.file } : {}),
              ...(event.lineNumber ? { line: event.lineNumber } : {}),
            },
          ],
        });
      },
    };
  },
};
