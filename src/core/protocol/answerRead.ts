// The words of an answer: the HTTP answer and its context, a verdict's shape, the JSON-RPC codes
// with a meaning of their own, and the error read out of a body (plain JSON or the first SSE event).

/** An HTTP answer: status, headers (lower-case names) and the body as text (JSON or SSE). */
export interface HttpAnswer {
  status: number;
  headers?: Readonly<Record<string, string | undefined>>;
  body?: string;
}

/** What the answered request was. */
export interface AnswerContext {
  /** HTTP method. */
  method?: string;
  /** The JSON-RPC method of the body (the first one of a batch). */
  rpcMethod?: string;
  /** The session id the request carried (header or legacy query), when it belongs to a session. */
  sessionId?: string;
  /** The `MCP-Protocol-Version` header sent. */
  protocolVersion?: string;
  /** The body was a JSON-RPC batch. */
  batch?: boolean;
}

export type VerdictKind =
  | 'unknown-session'
  | 'missing-session'
  | 'not-initialized'
  | 'already-initialized'
  | 'unknown-method'
  | 'header-mismatch'
  | 'missing-capability'
  | 'unsupported-version'
  | 'stream-conflict'
  | 'resume-failed'
  | 'origin-rejected'
  | 'wrong-media-type'
  | 'batch-rejected'
  | 'get-unsupported'
  | 'delete-unsupported'
  | 'discover-refused'
  | 'era-mismatch'
  | 'not-mcp';

export interface Verdict {
  kind: VerdictKind;
  /** The shape matched, as the wire shows it, e.g. `400 -32000 "Bad Request: No valid session ID provided"`. */
  shape: string;
  /** Who answers that way, e.g. "the TypeScript SDK v1 example servers (server-everything among them)". */
  source: string;
  /** The JSON-RPC error code, when the answer carried one. */
  code?: number;
  /** The error text: the JSON-RPC error message, else the start of the body. */
  text: string;
  /** header-mismatch: the header named and what the body says; wrong-media-type: the header at fault. */
  header?: string;
  detail?: string;
}

/** JSON-RPC error codes with a meaning of their own. */
export const RPC_METHOD_NOT_FOUND = -32601;
export const RPC_SESSION_NOT_FOUND = -32001;
export const RPC_HEADER_MISMATCH = -32020;
export const RPC_MISSING_CAPABILITY = -32021;
export const RPC_UNSUPPORTED_VERSION = -32022;

/**
 * The id the Python SDK gives an error that answers no request of the client (a refused HTTP
 * request: unknown session, missing header): it is not another client's request id.
 */
export const PYTHON_UNBOUND_ERROR_ID = 'server-error';

/** True for an error response whose id names no request (null, or the Python SDK's placeholder). */
export function isUnboundError(id: unknown, errorCode: number | undefined): boolean {
  return errorCode !== undefined && (id === null || id === PYTHON_UNBOUND_ERROR_ID);
}

/** An answer's body read once: the JSON-RPC error in it (plain JSON or the first SSE `data:`), and its text. */
export interface ReadAnswer {
  json: boolean;
  code?: number;
  id?: unknown;
  data?: unknown;
  text: string;
}

/** The payload of the first SSE event of a body, when the body is an event stream. */
function firstSseData(body: string): string | undefined {
  if (!/^(event|data|id|retry|:)/.test(body)) return undefined;
  const lines: string[] = [];
  for (const line of body.split(/\r?\n/)) {
    if (line === '' && lines.length) break;
    if (line.startsWith('data:')) lines.push(line.slice(line.startsWith('data: ') ? 6 : 5));
  }
  return lines.length ? lines.join('\n') : undefined;
}

/** The error an answer carries: JSON-RPC code, id, data and message, else the body's start. */
export function readAnswer(body: string | undefined): ReadAnswer {
  const raw = body ?? '';
  const payload = firstSseData(raw) ?? raw;
  const trimmed = payload.trimStart();
  if (trimmed.startsWith('{')) {
    try {
      const parsed = JSON.parse(payload) as { id?: unknown; error?: { code?: unknown; message?: unknown; data?: unknown } };
      const error = parsed.error;
      return {
        json: true,
        ...(typeof error?.code === 'number' ? { code: error.code } : {}),
        ...('id' in parsed ? { id: parsed.id } : {}),
        ...(error?.data !== undefined ? { data: error.data } : {}),
        text: typeof error?.message === 'string' ? error.message : payload.slice(0, 300),
      };
    } catch {
      // not JSON: read as text
    }
  }
  return { json: false, text: payload.slice(0, 300) };
}
