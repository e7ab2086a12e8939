// accept-header: the server refused a request for its Accept header (406): Streamable HTTP
// clients must accept both application/json and text/event-stream.

import { answerRule } from './answerRule';

export const acceptHeader = answerRule(
  'accept-header',
  'error',
  'The server refused the Accept header (406)',
  'wrong-media-type',
  (what) => `The server refused ${what}: the request's Accept header does not list what the server may answer with.`,
  'Send `Accept: application/json, text/event-stream` on every POST (and `Accept: text/event-stream` on the GET stream).',
  (_status, verdict) => verdict.header === 'Accept',
);
