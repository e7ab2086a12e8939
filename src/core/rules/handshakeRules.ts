// Handshake and transport-choice rules: stateless-server, handshake-timeout, legacy-transport,
// protocol-version-header-missing.

import { clientOf, Exchanges, exchangeEvidence } from './analysis';
import type { RuleDefinition } from './types';

export const statelessServer: RuleDefinition = {
  id: 'stateless-server',
  severity: 'info',
  title: 'A session-era server issues no session id',
  create() {
    const exchanges = new Exchanges();
    return {
      onEvent(event, reporter) {
        const request = exchanges.observe(event);
        if (event.kind !== 'http-response' || request?.rpcMethod !== 'initialize' || event.status !== 200) return;
        if (event.headers['mcp-session-id'] || /[?&](session_id|sessionId)=/.test(request.path)) return;
        reporter.report({
          key: clientOf(event),
          message: 'The server answered initialize without an Mcp-Session-Id: it is stateless. That is valid; session rules do not apply to it.',
          evidence: [exchangeEvidence(request, event)],
        });
      },
    };
  },
};

export const handshakeTimeout: RuleDefinition = {
  id: 'handshake-timeout',
  severity: 'error',
  title: 'No answer to initialize / server/discover in time',
  create() {
    const stderrTail: string[] = [];
    return {
      onEvent(event, reporter) {
        if (event.kind === 'stderr') {
          stderrTail.push(event.line);
          if (stderrTail.length > 5) stderrTail.shift();
          return;
        }
        if (event.kind !== 'lifecycle') return;
        if (event.name === 'handshake-complete') {
          reporter.clear(clientOf(event));
          return;
        }
        const reason = String(event.detail?.reason ?? '');
        if (event.name !== 'handshake-failed' || !/no answer|timed out|timeout/i.test(reason)) return;
        reporter.report({
          key: clientOf(event),
          message: `The handshake got no answer: ${reason}.${stderrTail.length ? ` Last server output: "${stderrTail.join(' | ').slice(0, 300)}"` : ''}`,
          fix: 'Check the URL or command; for stdio make sure the server writes only JSON-RPC to stdout; for HTTP check that nothing (proxy, auth) holds the request.',
          evidence: [{ summary: `handshake failed: ${reason}`, seq: event.seq, t: event.t }],
        });
      },
    };
  },
};

export const legacyTransport: RuleDefinition = {
  id: 'legacy-transport',
  severity: 'info',
  title: 'The server speaks only the legacy HTTP+SSE transport',
  create() {
    return {
      onEvent(event, reporter) {
        if (event.kind !== 'sse-event' || event.event !== 'endpoint') return;
        reporter.report({
          key: clientOf(event),
          message: `The server speaks the legacy HTTP+SSE transport (GET stream + endpoint ${event.data?.trim() ?? ''}), deprecated since protocol 2025-03-26.`,
          fix: 'Serve Streamable HTTP (one endpoint for POST and GET); keep the SSE endpoints for old clients during the migration.',
          evidence: [{ summary: `endpoint event: ${event.data?.trim() ?? ''}`, seq: event.seq, t: event.t }],
        });
      },
    };
  },
};

export const protocolVersionHeaderMissing: RuleDefinition = {
  id: 'protocol-version-header-missing',
  severity: 'warning',
  title: 'Requests after a ≥2025-06-18 handshake lack MCP-Protocol-Version',
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
