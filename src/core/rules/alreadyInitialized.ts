// already-initialized: initialize sent twice on a live session.

import { answerRule } from './answerRule';

export const alreadyInitialized = answerRule(
  'already-initialized',
  'warning',
  'initialize sent twice on a live session',
  'already-initialized',
  (what) => `A second initialize reached a live session: ${what}.`,
  'Send initialize once per session; to start over, drop the session id and initialize without it.',
);
