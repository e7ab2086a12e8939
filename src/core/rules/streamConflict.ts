// stream-conflict: only one SSE stream per session.

import { answerRule } from './answerRule';

export const streamConflict = answerRule(
  'stream-conflict',
  'warning',
  'Only one SSE stream per session',
  'stream-conflict',
  (what) =>
    `The server refused a second GET stream: ${what}. It still holds an older stream for this session — often one a proxy dropped without the server noticing.`,
  'Let the server notice dead streams (keep-alives, shorter timeouts) or close the old stream before opening a new one.',
);
