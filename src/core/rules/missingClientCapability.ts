// missing-client-capability: a 2026-07-28 server needs a client capability the request did not
// declare (-32021 MissingRequiredClientCapability), e.g. a tool that asks for input by elicitation.

import { describeRequest } from '../protocol/exchanges';
import { answerRule } from './answerRule';

export const missingClientCapability = answerRule(
  'missing-client-capability',
  'error',
  'The request lacks a client capability the server needs (-32021)',
  'missing-capability',
  (what, verdict, request) =>
    `The server refused ${request ? describeRequest(request) : what} (-32021): answering needs the client capability ${verdict.detail ?? '(see the error data)'}, which the request did not declare. In the 2026-07-28 era every request declares the client's capabilities in its _meta envelope (io.modelcontextprotocol/clientCapabilities); there is no initialize to remember them.`,
  (verdict) =>
    `Declare ${verdict.detail ?? 'the capability'} in io.modelcontextprotocol/clientCapabilities of every request if the client supports it; otherwise the user cannot use this feature from this client.`,
  () => true,
  (verdict, request) => `${request?.client ?? ''} ${verdict.detail ?? verdict.text}`,
);
