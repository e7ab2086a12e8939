// content-type: a media type is wrong — the server refused the request's Content-Type (415), or
// answered a JSON-RPC POST with something other than application/json or text/event-stream.

import { answerRule } from './answerRule';

export const contentType = answerRule(
  'content-type',
  'error',
  'A request or response has the wrong media type',
  'wrong-media-type',
  (what, verdict) =>
    verdict.shape.startsWith('200')
      ? `The server answered ${what} as ${verdict.detail ?? 'another media type'}. Clients parse only application/json or text/event-stream, so they fail on this answer.`
      : `The server refused ${what}: the request's Content-Type is not application/json.`,
  (verdict) =>
    verdict.shape.startsWith('200')
      ? 'Answer JSON-RPC POSTs with Content-Type application/json (or text/event-stream for a stream); check a proxy or framework that rewrites it.'
      : 'Send `Content-Type: application/json` on every POST.',
  (_status, verdict) => verdict.header === 'Content-Type',
);
