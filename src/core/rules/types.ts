// The rule contract. A rule is a streaming analyser over trace events: it sees each event once,
// in order, keeps only the bounded state it needs, and reports findings. The same rule code
// serves live connections, tapped clients, imported JSONL/HAR traces and server log files,
// so rules read time from events (`t`), never from the wall clock, except in `onTick`.

import type { ConnectionModel, Evidence, Finding, Severity } from '../model';
import type { TraceEvent, TraceKind } from '../trace/events';
import type { Exchanges } from '../protocol/exchanges';

/** A finding before the runner fills in server/at/key defaults. */
export interface FindingDraft {
  severity?: Severity;
  message: string;
  sessionId?: string;
  client?: string;
  evidence: Evidence[];
  fix?: string;
  /** De-duplication key within the rule (e.g. the session id); defaults to the message. */
  key?: string;
  /** ISO time the finding refers to; defaults to the triggering event's time. */
  at?: string;
}

export interface RuleReporter {
  /** Adds a finding, or updates the one with the same key. */
  report(draft: FindingDraft): void;
  /** Withdraws a finding that no longer holds (e.g. after a successful reconnect). */
  clear(key: string): void;
}

/** What a rule can consult besides the events themselves. */
export interface RuleContext {
  /** live: engine or tap traffic; offline: an imported file. */
  mode: 'live' | 'offline';
  server: string;
  /** The live model, when there is one. */
  model?: () => ConnectionModel | undefined;
  /** Timeouts (ms) that rules use; from settings or CLI flags. */
  timeouts: { response: number; endpoint: number; handshake: number };
}

/** What a rule is created with: the context plus the runner's shared request bookkeeping. */
export interface RuleSetup extends RuleContext {
  /** One per runner, shared by every rule: each request is parsed and remembered once. */
  exchanges: Exchanges;
}

export interface RuleInstance {
  onEvent(event: TraceEvent, reporter: RuleReporter): void;
  /** Called periodically in live mode with the current time (ms), and once at the end of an offline trace. */
  onTick?(nowMs: number, reporter: RuleReporter): void;
}

export interface RuleDefinition {
  /** Stable id, documented in docs/rules/<id>.md. */
  id: string;
  severity: Severity;
  /** One-line description for SARIF and docs. */
  title: string;
  /** The only event kinds the rule reads, when it ignores every other event entirely (the runner skips it for those); all when absent. */
  kinds?: readonly TraceKind[];
  create(context: RuleSetup): RuleInstance;
}

export type { Finding };
