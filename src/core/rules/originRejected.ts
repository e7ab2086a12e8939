// origin-rejected: the server rejected the Origin or Host header.

import { answerRule } from './answerRule';

export const originRejected = answerRule(
  'origin-rejected',
  'error',
  'The server rejected the Origin or Host header',
  'origin-rejected',
  (what) =>
    `The server's DNS-rebinding protection rejected the request: ${what}. A reverse proxy rewriting Host, or a browser page on an origin the server does not allow, is the usual cause.`,
  'Add the client origin / proxy host to the server’s allowed origins and hosts, or make the proxy pass the original Host header.',
);
