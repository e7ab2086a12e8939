// The session check's contract: small active checks, each probing one session or transport
// behaviour of a server with the session check's own sessions, and saying what it sent and got back.

import type { OAuthFacts } from './checks/auth';
import type { ProbeClient } from './probe';

export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skip';

export interface CheckResult {
  id: string;
  title: string;
  status: CheckStatus;
  /** What was found, in plain words. */
  message: string;
  /** The rule (docs/rules) a failure maps to. */
  rule?: string;
  /** One line per request sent, e.g. "POST /mcp ping (session 3f2a…) ". */
  sent: string[];
  /** One line per answer, e.g. "400 Bad Request: No valid session ID provided". */
  received: string[];
  durationMs: number;
}

/** What earlier checks learned about the server, shared with later ones. */
export interface ServerFacts {
  /** Which transport answered: Streamable HTTP, legacy HTTP+SSE, or neither. */
  transport?: 'streamable-http' | 'sse' | 'none';
  /** Whether the server speaks 2026-07-28 (`server/discover`). */
  statelessEra?: boolean;
  /** Whether `initialize` issued an `Mcp-Session-Id`. */
  stateful?: boolean;
  protocolVersion?: string;
  /** Server answered `initialize`. */
  initializeWorks?: boolean;
  /** Loopback host: Origin validation is required by the spec. */
  loopback: boolean;
  /** The server answered 401: it wants a token. */
  requiresAuth?: boolean;
  /** The authorization server, once its metadata was read. */
  oauth?: OAuthFacts;
}

export interface CheckContext {
  url: URL;
  probe: ProbeClient;
  facts: ServerFacts;
  /** Checks that could change server state only run when this is true. */
  allowMutating: boolean;
  timeoutMs: number;
}

/** Records what a check sent and received; each check gets a fresh one. */
export interface CheckLog {
  sent: string[];
  received: string[];
}

export interface CheckOutcome {
  status: CheckStatus;
  message: string;
  /** Overrides the check's default rule for this outcome. */
  rule?: string;
}

export interface Check {
  id: string;
  title: string;
  /** The rule a failure or warning maps to. */
  rule?: string;
  /** Runs even when no MCP transport answered (a protected server refuses them all without a token). */
  runsWithoutTransport?: boolean;
  /** Skips with the returned reason when the check does not apply. */
  applies?(context: CheckContext): string | undefined;
  run(context: CheckContext, log: CheckLog): Promise<CheckOutcome>;
}

export interface SessionCheckReport {
  target: string;
  startedAt: string;
  durationMs: number;
  facts: ServerFacts;
  checks: CheckResult[];
}
