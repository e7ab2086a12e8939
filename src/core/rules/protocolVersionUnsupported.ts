// protocol-version-unsupported: the protocol version was refused.

import { answerRule } from './answerRule';

export const protocolVersionUnsupported = answerRule(
  'protocol-version-unsupported',
  'error',
  'The protocol version was refused',
  'unsupported-version',
  (what) => `The server refused the protocol version: ${what}.`,
  'Use a version both sides support: the one the server returned from initialize (sent back as MCP-Protocol-Version), or upgrade the older side.',
);
