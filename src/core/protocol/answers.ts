// What an HTTP answer of an MCP server means. The one place that reads answer text: the
// connection, the rules, the session check, the tap and `analyze` all ask `classify` (or its trace-event
// form `answerVerdict` in exchanges.ts). A verdict names the shape it matched and who answers
// that way, so a finding can tell the user what they are looking at. Shapes are matched on
// status and body together, never on one alone (SDKs and versions differ; see
// test/fixtures/field for one recorded example of each).

import { eraOfVersion, isStatelessRequest } from './eras';

export * from './answerRead';
import {
  PYTHON_UNBOUND_ERROR_ID,
  RPC_METHOD_NOT_FOUND,
  readAnswer,
  RPC_HEADER_MISMATCH,
  RPC_MISSING_CAPABILITY,
  RPC_SESSION_NOT_FOUND,
  RPC_UNSUPPORTED_VERSION,
  type AnswerContext,
  type HttpAnswer,
  type ReadAnswer,
  type Verdict,
  type VerdictKind,
} from './answerRead';

interface Shape {
  kind: VerdictKind | ((context: AnswerContext) => VerdictKind);
  matches(status: number, read: ReadAnswer, context: AnswerContext, contentType: string): boolean;
  /** Who answers this way. */
  source: string;
}

const isClientError = (status: number) => status >= 400 && status < 500;
const isError = (status: number) => status >= 400;
const carried = (context: AnswerContext) => Boolean(context.sessionId);

/** A -32022 whose supported versions are all of the other era than the request's. */
function supportsOnlyOtherEra(read: ReadAnswer, requestStateless: boolean): boolean {
  const supported = (read.data as { supported?: unknown } | undefined)?.supported;
  if (read.code !== RPC_UNSUPPORTED_VERSION || !Array.isArray(supported) || !supported.length) return false;
  return supported.every((version) => typeof version === 'string' && (eraOfVersion(version) === 'stateless') !== requestStateless);
}

/** Session-era refusals of a request that is outside any session. */
const SESSION_ERA_REFUSAL = /server not initialized|no valid session|mcp-session-id header is required|missing session id|unsupported protocol version/i;

/** The v1 SDK examples' and old Python SDKs' words for an unknown (or absent) session. */
const NO_VALID_SESSION = /no valid session id/i;

const SESSION_GONE =
  /session not found|could not find session|unknown (or expired )?session|invalid or expired session|session has been terminated|no (active )?transport found for session|transport not found for session/i;

/**
 * Every shape known, most specific first. The first match decides; `source` says who answers that
 * way (one recorded example of each is in the field corpus, test/fixtures/field).
 */
const SHAPES: readonly Shape[] = [
  // The v2 client's era probe answered 4xx by a session-era server: normal negotiation.
  {
    kind: 'discover-refused',
    matches: (status, _read, context) => context.rpcMethod === 'server/discover' && isClientError(status),
    source: 'session-era servers refuse the stateless-era probe `server/discover`; the SDK v2 client then falls back to initialize',
  },
  {
    kind: 'batch-rejected',
    matches: (status, _read, context) => Boolean(context.batch) && isClientError(status),
    source: 'servers of revision 2025-06-18 and later, which no longer accept JSON-RPC batches',
  },
  {
    kind: 'era-mismatch',
    matches: (status, _read, context) => isError(status) && context.rpcMethod === 'initialize' && isStatelessRequest(context.protocolVersion),
    source:
      'the session-era handshake initialize sent under a 2026-07-28 MCP-Protocol-Version header; 2026-07-28 servers (`@modelcontextprotocol/server` v2) refuse it with 400 -32020',
  },
  {
    kind: 'era-mismatch',
    matches: (status, read, context) =>
      isClientError(status) &&
      isStatelessRequest(context.protocolVersion) &&
      (supportsOnlyOtherEra(read, true) || (read.code !== RPC_UNSUPPORTED_VERSION && SESSION_ERA_REFUSAL.test(read.text))),
    source:
      'session-era servers (SDK v1 servers and server-everything answer 400 "Bad Request: Server not initialized") refuse a 2026-07-28 request: they know only initialize and sessions',
  },
  {
    kind: 'era-mismatch',
    matches: (status, read, context) =>
      isClientError(status) &&
      context.rpcMethod === 'initialize' &&
      !isStatelessRequest(context.protocolVersion) &&
      (supportsOnlyOtherEra(read, false) || read.code === RPC_METHOD_NOT_FOUND),
    source:
      '2026-07-28-only servers (`createMcpHandler` with legacy: "reject") refuse the session-era initialize with 400 -32022, naming only 2026-07-28 as supported',
  },
  {
    kind: 'header-mismatch',
    matches: (status, read) => read.code === RPC_HEADER_MISMATCH && isError(status),
    source:
      '2026-07-28 servers (`@modelcontextprotocol/server` v2 `createMcpHandler`) when the Mcp-Method/Mcp-Name/MCP-Protocol-Version headers and the body disagree',
  },
  {
    kind: 'missing-capability',
    matches: (status, read) => read.code === RPC_MISSING_CAPABILITY && isError(status),
    source: '2026-07-28 servers when the request needs a client capability the request did not declare',
  },
  {
    kind: 'unsupported-version',
    matches: (status, read) => read.code === RPC_UNSUPPORTED_VERSION && isError(status),
    source: '2026-07-28 servers when the MCP-Protocol-Version is one they do not speak (the supported versions are in the error data)',
  },
  {
    kind: 'unknown-method',
    matches: (status, read) => read.code === RPC_METHOD_NOT_FOUND && isError(status),
    source: 'a server that does not implement the method (2026-07-28 servers answer 404 -32601; it is not a lost session)',
  },
  {
    kind: 'unknown-session',
    matches: (status, read) => status === 404 && read.code === RPC_SESSION_NOT_FOUND,
    source: 'the TypeScript SDK transport (v1 and v2) answers an unknown session with 404 -32001 "Session not found"',
  },
  {
    kind: 'unknown-session',
    matches: (status, read) => status === 404 && read.code === -32600 && read.id === PYTHON_UNBOUND_ERROR_ID && /session not found/i.test(read.text),
    source: 'the Python SDK 1.26–1.29 answers an unknown session with 404 -32600 "Session not found" and the id "server-error"',
  },
  {
    kind: 'unknown-session',
    matches: (status, read) => status === 404 && /invalid or expired session/i.test(read.text),
    source: 'the Python SDK transport answers an unknown or expired session with 404 "Not Found: Invalid or expired session ID"',
  },
  {
    kind: 'unknown-session',
    matches: (status, read) => (status === 404 || status === 400) && /could not find session/i.test(read.text),
    source: 'the Python SDK legacy HTTP+SSE transport answers a POST for an unknown session with "Could not find session"',
  },
  {
    kind: 'unknown-session',
    matches: (status, read) =>
      (status === 404 || status === 400) && /no (active )?transport found for session|transport not found for session/i.test(read.text),
    source: 'TypeScript legacy HTTP+SSE servers (the SDK examples) answer a POST for an unknown session with "No transport found for sessionId"',
  },
  {
    kind: 'unknown-session',
    matches: (status, read, context) =>
      status === 400 && carried(context) && context.method === 'POST' && /session exists but uses a different transport/i.test(read.text),
    source:
      'the SDK v1 example sseAndStreamableHttpCompatibleServer (and servers copied from it) answers a legacy POST for a session it does not know with 400 "Bad Request: Session exists but uses a different transport protocol" — the text is misleading: the session is unknown',
  },
  {
    kind: 'unknown-session',
    matches: (status, read) => status === 404 && !read.json && /session not found/i.test(read.text),
    source: 'gateways such as supergateway answer an expired (idle) session with a plain 404 "Session not found"',
  },
  {
    kind: (context) => (carried(context) ? 'unknown-session' : 'missing-session'),
    matches: (status, read) => status === 400 && read.json && NO_VALID_SESSION.test(read.text),
    source:
      'the TypeScript SDK v1 example servers (server-everything among them) answer an unknown or absent session with 400 -32000 "Bad Request: No valid session ID provided"',
  },
  {
    kind: (context) => (carried(context) ? 'unknown-session' : 'missing-session'),
    matches: (status, read) => status === 400 && !read.json && NO_VALID_SESSION.test(read.text),
    source: 'the Python SDK 1.25 and older answer an unknown or absent session with a text/plain 400 "Bad Request: No valid session ID provided"',
  },
  {
    kind: 'unknown-session',
    matches: (status, read) => (status === 404 || status === 400) && SESSION_GONE.test(read.text),
    source: 'a server saying it no longer knows the session',
  },
  {
    kind: 'missing-session',
    matches: (_status, read) => /mcp-session-id header is required/i.test(read.text),
    source: 'the TypeScript SDK transport answers a request without a session id with 400 "Bad Request: Mcp-Session-Id header is required"',
  },
  {
    kind: 'missing-session',
    matches: (_status, read) => /missing session id/i.test(read.text),
    source: 'the Python SDK transport answers a request without a session id with 400 "Bad Request: Missing session ID"',
  },
  {
    kind: 'missing-session',
    matches: (_status, read) => /session_id is required/i.test(read.text),
    source: 'the Python SDK legacy HTTP+SSE transport answers a POST without session_id with 400 "session_id is required"',
  },
  {
    kind: (context) => (carried(context) ? 'not-initialized' : 'missing-session'),
    matches: (_status, read) => /server not initialized/i.test(read.text),
    source: 'the TypeScript SDK transport answers 400 "Bad Request: Server not initialized" when a request reaches a transport that never saw initialize',
  },
  {
    kind: 'already-initialized',
    matches: (_status, read) => /already initialized|only one initialization request/i.test(read.text),
    source: 'the TypeScript SDK transport answers a second initialize on a live session with 400 -32600 "Invalid Request: Server already initialized"',
  },
  {
    kind: 'unsupported-version',
    matches: (status, read) => isClientError(status) && /unsupported protocol version/i.test(read.text),
    source: 'session-era SDK servers answer an unknown MCP-Protocol-Version with 400 "Bad Request: Unsupported protocol version: …"',
  },
  {
    kind: 'origin-rejected',
    matches: (status, read) => (status === 403 || status === 421) && /invalid (origin|host)/i.test(read.text),
    source: 'DNS-rebinding protection of the TypeScript (403) and Python (403/421) SDKs',
  },
  {
    kind: 'stream-conflict',
    matches: (status, read) => status === 409 && /only one sse stream|already has an active connection/i.test(read.text),
    source:
      'the TypeScript SDK transport allows one standalone GET stream per session and answers a second with 409 "Conflict: Only one SSE stream is allowed per session"',
  },
  {
    kind: 'resume-failed',
    matches: (status, read) => isError(status) && /invalid event id|error replaying events/i.test(read.text),
    source: 'the TypeScript SDK transport answers an unusable Last-Event-ID with 400 "Invalid event ID format" or 500 "Error replaying events"',
  },
  {
    kind: 'wrong-media-type',
    matches: (status, read) => status === 406 || (isClientError(status) && /not acceptable/i.test(read.text)),
    source: 'SDK servers answer 406 "Not Acceptable: Client must accept both application/json and text/event-stream" to a request without that Accept header',
  },
  {
    kind: 'wrong-media-type',
    matches: (status, read) => status === 415 || (isClientError(status) && /unsupported media type/i.test(read.text)),
    source: 'SDK servers answer 415 "Unsupported Media Type: Content-Type must be application/json" to a POST with another Content-Type',
  },
  {
    kind: 'get-unsupported',
    matches: (status, _read, context) => status === 405 && context.method === 'GET',
    source: 'servers without a standalone GET stream answer 405 (normal; stateless-era servers always do)',
  },
  {
    kind: 'delete-unsupported',
    matches: (status, _read, context) => status === 405 && context.method === 'DELETE',
    source: 'servers that do not let clients end sessions (and every stateless-era server) answer DELETE with 405 (normal)',
  },
  {
    kind: 'not-mcp',
    matches: (status, read, _context, contentType) => isError(status) && (contentType.includes('text/html') || /^\s*</.test(read.text)),
    source: 'a web server, proxy or router that is not the MCP endpoint (an HTML page)',
  },
  {
    kind: 'not-mcp',
    matches: (status, read, context) => (status === 404 || (status === 405 && context.method === 'POST')) && !read.json,
    source: 'a router or web server that has no MCP endpoint at this path (no JSON-RPC in the answer)',
  },
];

/** The status, JSON-RPC code and text of an answer, as one line for evidence. */
function shapeOf(status: number, read: ReadAnswer): string {
  const text = read.text.replace(/\s+/g, ' ').trim().slice(0, 120);
  return `${status}${read.code !== undefined ? ` ${read.code}` : ''}${text ? ` "${text}"` : ''}`;
}

const HTML_OR_TEXT = /^(text\/(html|plain)|application\/xml)/;

/** A 2xx answer of the wrong media type to a JSON-RPC POST (JSON or an event stream is expected). */
function wrongResponseType(answer: HttpAnswer, context: AnswerContext, contentType: string): Verdict | undefined {
  if (context.method !== 'POST' || answer.status !== 200 || !answer.body || !contentType) return undefined;
  if (contentType.includes('application/json') || contentType.includes('text/event-stream')) return undefined;
  const read = readAnswer(answer.body);
  const kind: VerdictKind = contentType.includes('text/html') ? 'not-mcp' : 'wrong-media-type';
  return {
    kind,
    shape: `200 ${contentType}`,
    source:
      kind === 'not-mcp'
        ? 'a web server or proxy page instead of the MCP endpoint'
        : HTML_OR_TEXT.test(contentType)
          ? 'a server or proxy that answers JSON-RPC with a non-JSON body'
          : 'a server that labels its JSON-RPC answer with another media type',
    text: read.text,
    header: 'Content-Type',
    detail: contentType,
  };
}

/** What a header-mismatch answer names: the header, and what the body says (from the error data or message). */
function mismatchOf(read: ReadAnswer): { header?: string; detail: string } {
  const data = read.data as { mismatch?: { body?: unknown } } | undefined;
  const detail = typeof data?.mismatch?.body === 'string' ? data.mismatch.body : read.text.replace(/^Bad Request:\s*/i, '');
  const header = /Mcp-Method/i.test(detail)
    ? 'Mcp-Method'
    : /Mcp-Name/i.test(detail)
      ? 'Mcp-Name'
      : /MCP-Protocol-Version/i.test(detail)
        ? 'MCP-Protocol-Version'
        : undefined;
  return { ...(header ? { header } : {}), detail };
}

/** The capabilities a -32021 answer says the request lacked, e.g. "elicitation.form". */
function capabilitiesOf(read: ReadAnswer): string | undefined {
  const required = (read.data as { requiredCapabilities?: unknown } | undefined)?.requiredCapabilities;
  if (typeof required !== 'object' || required === null) return undefined;
  const names: string[] = [];
  const walk = (value: unknown, path: string) => {
    const entries = typeof value === 'object' && value !== null ? Object.entries(value) : [];
    if (!entries.length) names.push(path);
    for (const [key, inner] of entries) walk(inner, path ? `${path}.${key}` : key);
  };
  walk(required, '');
  return names.join(', ');
}

/**
 * What an HTTP answer means, in the context of its request; undefined for a success and for an
 * error no shape explains.
 */
export function classify(answer: HttpAnswer, context: AnswerContext = {}): Verdict | undefined {
  const status = answer.status;
  const contentType = (answer.headers?.['content-type'] ?? '').toLowerCase();
  if (status >= 200 && status < 300) return wrongResponseType(answer, context, contentType);
  if (status < 400) return undefined;
  const read = readAnswer(answer.body);
  for (const shape of SHAPES) {
    if (!shape.matches(status, read, context, contentType)) continue;
    const kind = typeof shape.kind === 'function' ? shape.kind(context) : shape.kind;
    const verdict: Verdict = {
      kind,
      shape: shapeOf(status, read),
      source: shape.source,
      text: read.text,
      ...(read.code !== undefined ? { code: read.code } : {}),
    };
    if (kind === 'header-mismatch') Object.assign(verdict, mismatchOf(read));
    if (kind === 'missing-capability') verdict.detail = capabilitiesOf(read);
    if (kind === 'unsupported-version' || kind === 'era-mismatch') {
      const supported = (read.data as { supported?: unknown } | undefined)?.supported;
      if (Array.isArray(supported)) verdict.detail = `supported: ${supported.join(', ')}`;
    }
    if (kind === 'wrong-media-type') verdict.header = status === 406 || /not acceptable/i.test(read.text) ? 'Accept' : 'Content-Type';
    return verdict;
  }
  return undefined;
}

/**
 * Whether an error's words say the session it carried is gone, for sources that keep an error's
 * message and code but not the HTTP answer (OpenTelemetry spans).
 */
export function saysSessionLost(text: string, code: number | undefined, carriedSession: boolean): boolean {
  if (code === RPC_SESSION_NOT_FOUND && carriedSession) return true;
  return SESSION_GONE.test(text) || (carriedSession && NO_VALID_SESSION.test(text));
}

/** True when the server says it lost (or never knew) the session the request carried. */
export function isSessionLost(answer: HttpAnswer, context: AnswerContext): boolean {
  return classify(answer, context)?.kind === 'unknown-session';
}
