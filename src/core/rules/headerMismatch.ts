// header-mismatch: a 2026-07-28 server refused a request because its Mcp-Method, Mcp-Name or
// MCP-Protocol-Version header disagrees with its body (-32020 HeaderMismatch).

import { describeRequest } from '../protocol/exchanges';
import { answerRule } from './answerRule';

export const headerMismatch = answerRule(
  'header-mismatch',
  'error',
  'The request headers and body disagree (-32020)',
  'header-mismatch',
  (what, verdict, request) =>
    `The server refused ${request ? describeRequest(request) : what} (-32020): the ${verdict.header ?? 'request'} header disagrees with the body — ${verdict.detail ?? verdict.text}. In the 2026-07-28 era a request states its method (Mcp-Method), the tool, resource or prompt it names (Mcp-Name) and its version (MCP-Protocol-Version) in headers as well as in the body, and they must match.`,
  (verdict) =>
    verdict.header === 'Mcp-Name'
      ? 'Send Mcp-Name with the name the body carries (params.name for tools/call and prompts/get, params.uri for resources/read).'
      : verdict.header === 'MCP-Protocol-Version'
        ? 'Send the MCP-Protocol-Version header with the version the body envelope (_meta io.modelcontextprotocol/protocolVersion) names.'
        : 'Send Mcp-Method with exactly the method of the JSON-RPC body; build both from the same request (a proxy or client rewriting one of them breaks this).',
  () => true,
  (verdict, request) => `${request?.client ?? ''} ${verdict.header ?? verdict.text}`,
);
