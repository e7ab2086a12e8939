// The live connection model (docs/architecture.md): what the inspector knows about one server at a moment.
// The engine owns and updates it; the tree, status bar, CLI and JSON output only read it.

import type { StreamKind } from '../trace/events';

export type Era = 'session' | 'stateless' | 'unknown';

export type TransportKind = 'stdio' | 'sse' | 'streamable-http';

export interface TransportInfo {
  kind: TransportKind | 'unknown';
  /** configured: the config said so; probed: `http` that answered Streamable HTTP; fell-back: `http` that only speaks legacy SSE. */
  chosenBy: 'configured' | 'probed' | 'fell-back';
  /** Why a fallback happened, in words (e.g. "POST answered 405"). */
  reason?: string;
  url?: string;
  /** Legacy SSE: the POST endpoint from the `endpoint` event. */
  endpoint?: string;
  command?: string;
  args?: string[];
  pid?: number;
}

export type HandshakeState = 'idle' | 'connecting' | 'negotiating' | 'ready' | 'failed' | 'closed';

export interface ServerIdentity {
  name: string;
  version: string;
  title?: string;
}

export interface HandshakeInfo {
  state: HandshakeState;
  /** For `failed` and `closed`: why, in words. */
  reason?: string;
  /** How the era was settled: `initialize` (session era) or `server/discover` (stateless era). */
  method?: 'initialize' | 'server/discover';
  protocolVersion?: string;
  serverInfo?: ServerIdentity;
  capabilities?: Record<string, unknown>;
  instructions?: string;
  startedAt?: string;
  completedAt?: string;
}

export type SessionEndReason = 'deleted' | 'expired' | 'unknown-to-server' | 'restart' | 'closed';

export interface SessionInfo {
  /** The session id in force, if the server issued one. */
  id?: string;
  /** True when the server issued a session id. */
  stateful: boolean;
  /** Why there is no session id. */
  noneReason?: 'stdio' | 'stateless-server' | 'stateless-era' | 'not-connected';
  issuedAt?: string;
  /** Last time the server accepted a message carrying this id. */
  lastConfirmedAt?: string;
  ended?: { at: string; reason: SessionEndReason; id: string };
  /** Earlier session ids of this connection, newest first (bounded). */
  previous?: string[];
}

export type StreamState = 'open' | 'reconnecting' | 'closed' | 'unsupported';

export interface StreamInfo {
  /** Unique within the connection, matches `stream` in trace events. */
  id: string;
  kind: StreamKind;
  state: StreamState;
  openedAt?: string;
  closedAt?: string;
  lastEventAt?: string;
  events: number;
  lastEventId?: string;
  retry?: number;
  reconnects: number;
  /** Why it closed or is unsupported (e.g. "GET answered 405"). */
  reason?: string;
}

export type HealthState = 'healthy' | 'degraded' | 'down' | 'unknown';

export interface HealthInfo {
  state: HealthState;
  /** Round trip of the last liveness probe. */
  rttMs?: number;
  lastCheckAt?: string;
  reason?: string;
}

export type Severity = 'error' | 'warning' | 'info';

/** Where a finding's evidence sits. */
export interface Evidence {
  /** What was seen, in plain words (e.g. "POST /mcp → 404 Session not found"). */
  summary: string;
  /** Trace event this came from (`seq`), for live and JSONL traces. */
  seq?: number;
  t?: string;
  /** For offline sources: the file, 1-based line (and column, for HAR entries), and HAR entry index. */
  file?: string;
  line?: number;
  column?: number;
  entryIndex?: number;
  /** For OpenTelemetry traces: the span (hex ids) and the instance (`host.name` / `service.instance.id`) that reported it. */
  traceId?: string;
  spanId?: string;
  instance?: string;
}

/** A diagnostic produced by a rule (docs/rules). */
export interface Finding {
  /** Rule id, e.g. `unknown-session`. */
  rule: string;
  severity: Severity;
  /** What was seen, why it matters and what to do, in plain words. */
  message: string;
  server: string;
  sessionId?: string;
  /** Tap client label, when the finding is about a tapped client. */
  client?: string;
  evidence: Evidence[];
  /** What to do about it, one sentence. */
  fix?: string;
  /** When it was first seen (ISO). */
  at: string;
  /** When it stopped holding (e.g. the client recovered on a new session); absent while it holds. */
  clearedAt?: string;
  /** Identity for de-duplication: same key = same finding, updated in place. */
  key: string;
}

/** How a server was configured: enough to show it and to reconnect. */
export interface ServerRef {
  name: string;
  transport: 'stdio' | 'http' | 'sse';
  url?: string;
  command?: string;
}

/** Sign-in to an OAuth-protected server, shown as part of the handshake. */
export interface AuthInfo {
  /** needs-sign-in: the server answered 401 and no usable token is stored; refused: sign-in or refresh failed. */
  state: 'needs-sign-in' | 'signed-in' | 'refused';
  scopes?: string[];
  /** When the access token expires (ISO), when the server said. */
  expiresAt?: string;
  /** True when a refresh token is held. */
  refreshable?: boolean;
  authorizationServer?: string;
  /** `resource_metadata` of the last `WWW-Authenticate` challenge. */
  resourceMetadataUrl?: string;
  /** `scope` of the last challenge. */
  requiredScope?: string;
  /** Why sign-in or refresh failed. */
  reason?: string;
}

export interface ConnectionModel {
  server: ServerRef;
  era: Era;
  protocolVersion?: string;
  transport: TransportInfo;
  handshake: HandshakeInfo;
  session: SessionInfo;
  streams: StreamInfo[];
  health: HealthInfo;
  findings: Finding[];
  /** Present for servers that asked for OAuth (a 401 with `WWW-Authenticate`). */
  auth?: AuthInfo;
}
