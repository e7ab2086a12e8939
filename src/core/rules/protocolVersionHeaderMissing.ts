// protocol-version-header-missing: requests after a ≥2025-06-18 handshake lack MCP-Protocol-Version.

import { clientOf } from '../protocol/exchanges';
import type { RuleDefinition } from './types';

export const protocolVersionHeaderMissing: RuleDefinition = {
  id: 'protocol-version-header-missing',
  severity: 'warning',
  title: 'Requests after a ≥2025-06-18 handshake lack MCP-Protocol-Version',
  kinds: ['http-request', 'message-in'],
  create() {
    const negotiated = new Map<string, string>();
    return {
      onEvent(event, reporter) {
        const client = clientOf(event);
        if (event.kind === 'message-in') {
          const version = (event.message as { result?: { protocolVersion?: unknown } })?.result?.protocolVersion;
          if (typeof version === 'string') negotiated.set(client, version);
          return;
        }
        if (event.kind !== 'http-request' || !event.headers['mcp-session-id']) return;
        const version = negotiated.get(client);
        if (!version || version < '2025-06-18' || event.headers['mcp-protocol-version']) return;
        reporter.report({
          key: client,
          sessionId: event.headers['mcp-session-id'],
          message: `${event.method} request after a ${version} handshake without the MCP-Protocol-Version header: the server will assume 2025-03-26.`,
          fix: `Send MCP-Protocol-Version: ${version} on every request after initialize.`,
          evidence: [{ summary: `${event.method} ${event.url} without MCP-Protocol-Version`, seq: event.seq, t: event.t }],
        });
      },
    };
  },
};
