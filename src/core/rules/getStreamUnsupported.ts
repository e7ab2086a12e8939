// get-stream-unsupported: the server offers no standalone GET stream.

import { answerRule } from './answerRule';

export const getStreamUnsupported = answerRule(
  'get-stream-unsupported',
  'info',
  'The server offers no standalone GET stream',
  'get-unsupported',
  (what) => `${what}: the server offers no standalone stream. That is normal; server-initiated messages only arrive inside request responses.`,
  'Nothing to fix.',
);
