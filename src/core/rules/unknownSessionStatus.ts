// unknown-session-status: an unknown session is answered with something other than 404.

import { answerRule } from './answerRule';

export const unknownSessionStatus = answerRule(
  'unknown-session-status',
  'warning',
  'An unknown session is answered with something other than 404',
  'unknown-session',
  (what) => `The server answered an unknown session with 400 instead of 404: ${what}. The spec requires 404 so clients know to start a new session; SDK clients do not re-initialise on 400.`,
  'Answer requests for unknown or expired sessions with HTTP 404.',
  (status) => status !== 404,
);
