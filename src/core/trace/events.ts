// The trace event schema: one event per observed exchange. This is the stable JSONL format
// (one JSON object a line) that `analyze` reads, `export` writes and every rule consumes.
// Secrets are redacted before an event is constructed (see ./redact.ts), never after.

/** The kinds of trace event, as written to JSONL. */
export type TraceKind = 'http-request' | 'http-response' | 'sse-event' | 'message-out' | 'message-in' | 'stderr' | 'lifecycle';

/** Which stream an SSE event or message travelled on. */
export type StreamKind =
  | 'get' // Streamable HTTP standalone GET stream
  | 'legacy-sse' // legacy HTTP+SSE GET /sse stream
  | 'post-response' // SSE body of a Streamable HTTP POST
  | 'listen'; // 2026-07-28 subscriptions/listen stream

/** Fields every trace event carries. */
export interface TraceEventBase {
  /** Monotonic sequence number within one trace (assigned by the store). */
  seq: number;
  /** ISO 8601 time the event was observed. */
  t: string;
  /** Configured server name. */
  server: string;
  /** Session id in force when the event was observed, if any. */
  session?: string;
  /** Which client produced the traffic: `inspector` for our own connection, or a tap client label. */
  client?: string;
}

/** Header map with lower-cased names; redacted values read `<redacted>`. */
export type HeaderMap = Record<string, string>;

/** A bounded copy of a body. */
export interface BodyCapture {
  /** Text of the body (UTF-8), cut at the body limit. */
  body?: string;
  /** Full size in bytes, even when `body` was cut. */
  bodyBytes?: number;
  /** True when `body` holds only the first part. */
  bodyTruncated?: boolean;
}

export interface HttpRequestEvent extends TraceEventBase, BodyCapture {
  kind: 'http-request';
  /** Pairs a request with its response and with SSE events read from that response. */
  exchange: number;
  method: string;
  url: string;
  headers: HeaderMap;
}

export interface HttpResponseEvent extends TraceEventBase, BodyCapture {
  kind: 'http-response';
  exchange: number;
  /** 0 when the request failed without a response (see `error`). */
  status: number;
  statusText?: string;
  headers: HeaderMap;
  /** Time from request start to response headers, in ms. */
  durationMs: number;
  /** The response is an SSE stream; its events follow as `sse-event`s with the same `exchange`. */
  streaming?: boolean;
  /** Network-level failure (refused, reset, DNS, TLS, timeout, aborted). */
  error?: string;
}

export interface SseTraceEvent extends TraceEventBase {
  kind: 'sse-event';
  exchange: number;
  /** Stream identifier, unique within the trace (e.g. `get#3`). */
  stream: string;
  streamKind: StreamKind;
  /** SSE `event:` field; absent means `message`. */
  event?: string;
  /** SSE `id:` field. */
  id?: string;
  /** SSE `retry:` field in ms. */
  retry?: number;
  /** `data:` payload, bounded like bodies. */
  data?: string;
  dataBytes?: number;
  dataTruncated?: boolean;
  /** A comment line (`: keep-alive`) rather than an event. */
  comment?: string;
}

/** A JSON-RPC message in either direction, as the SDK client sent or received it. */
export interface MessageTraceEvent extends TraceEventBase {
  kind: 'message-out' | 'message-in';
  /** The JSON-RPC message (bounded: large params/results are replaced by a summary string). */
  message: unknown;
  /** Convenience copies for filtering without re-parsing. */
  method?: string;
  id?: string | number;
  /** JSON-RPC error code when the message is an error response. */
  errorCode?: number;
  /** The HTTP exchange or stream that carried it, when known. */
  exchange?: number;
  stream?: string;
}

/** A line of server output: stdio stderr, or a server log file the user pointed at. */
export interface StderrTraceEvent extends TraceEventBase {
  kind: 'stderr';
  line: string;
  source: 'stderr' | 'stdout-garbage' | 'log-file';
  pid?: number;
  file?: string;
  /** 1-based line number in `file`. */
  lineNumber?: number;
}

/** Things that happened to the connection rather than on the wire. */
export type LifecycleName =
  | 'connect-start'
  | 'transport-selected' // detail: transport, chosenBy, reason
  | 'handshake-start' // detail: method (initialize | server/discover)
  | 'handshake-complete' // detail: era, protocolVersion, serverInfo
  | 'handshake-failed' // detail: reason
  | 'session-issued' // session
  | 'session-ended' // detail: reason
  | 'stream-open' // stream, streamKind, detail: exchange
  | 'stream-close' // stream, streamKind, detail: exchange, byClient, reason
  | 'stream-reconnect' // stream, detail: lastEventId
  | 'process-start' // pid, detail: command (args redacted as needed)
  | 'process-exit' // pid, detail: code, signal
  | 'health' // detail: state, rttMs, reason
  | 'disconnect'
  | 'endpoint-rewritten' // tap: detail: from, to (the legacy endpoint now points back through the tap)
  | AuthLifecycleName
  | 'error'; // detail: message

/** OAuth steps (never a token, code or verifier in their detail). */
export type AuthLifecycleName =
  | 'auth-discovery' // detail: outcome (ok | failed), authorizationServer, problem, reason
  | 'auth-sign-in-start' // detail: redirectUrl
  | 'auth-sign-in-complete'
  | 'auth-sign-in-failed' // detail: reason, problem (metadata-unreachable | issuer-mismatch | no-s256 | registration-refused | token-refused | other)
  | 'auth-tokens-saved' // detail: scope, expiresIn, refreshable (a new token is in use from here on)
  | 'auth-refresh' // detail: outcome (refreshed | failed | impossible), reason
  | 'auth-signed-out';

export interface LifecycleTraceEvent extends TraceEventBase {
  kind: 'lifecycle';
  name: LifecycleName;
  stream?: string;
  streamKind?: StreamKind;
  pid?: number;
  detail?: Record<string, unknown>;
}

export type TraceEvent = HttpRequestEvent | HttpResponseEvent | SseTraceEvent | MessageTraceEvent | StderrTraceEvent | LifecycleTraceEvent;

/** An event before the store has numbered it. */
export type NewTraceEvent = TraceEvent extends infer E ? (E extends TraceEvent ? Omit<E, 'seq'> : never) : never;
