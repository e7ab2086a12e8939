// The engine's public surface: what the extension UI and the CLI code against.

import type { AuthStorage } from '../auth/storage';
import type { ServerConfig } from '../config/types';
import type { ConnectionModel, Finding, HealthInfo } from '../model';
import type { TraceEvent } from '../trace/events';
import type { Event } from '../util/emitter';

/** Tunables; the extension reads them from settings, the CLI from flags. */
export interface EngineOptions {
  /** Per-request timeout, ms (default 30000). */
  requestTimeoutMs: number;
  /** Liveness probe interval, ms; 0 disables (default 15000). */
  pingIntervalMs: number;
  /** Trace ring buffer size, events (default 10000). */
  traceBufferSize: number;
  /** Most bytes (estimated) the trace ring holds; the oldest events go first (default 64 MiB). */
  traceBufferBytes: number;
  /** Optional JSONL file every trace event is appended to. */
  traceSpillFile?: string;
  /** Largest body/data kept per event, bytes (default 64 KiB). */
  maxBodyBytes: number;
  /** Client identity sent in `initialize` / `_meta`. */
  clientInfo: { name: string; version: string };
  /** Where OAuth sign-in state lives (SecretStorage in VS Code, memory or `--token-cache` in the CLI); memory when absent. */
  authStorage?: AuthStorage;
}

/** Read-only view of a bounded trace. */
export interface TraceReader {
  /** Events currently held, oldest first. */
  events(): readonly TraceEvent[];
  /** Position of an event among the held ones (its line in the JSONL trace document). */
  indexOf(seq: number): number | undefined;
  /** Total events ever recorded (including ones dropped from the ring). */
  readonly total: number;
  readonly onDidAppend: Event<TraceEvent>;
}

/** One observed connection to one configured server. Every operation is safe to call repeatedly and concurrently. */
export interface InspectedConnection {
  readonly name: string;
  readonly config: ServerConfig;
  /** Current model snapshot (a fresh object after every change). */
  readonly model: ConnectionModel;
  readonly trace: TraceReader;
  /** Fired (coalesced per microtask) whenever the model changes. */
  readonly onDidChange: Event<ConnectionModel>;
  /** Connects (no-op when connected or connecting); resolves when the handshake settles, rejects never: failures land in the model. */
  connect(): Promise<void>;
  /** Closes streams and, for its own Streamable HTTP session, sends DELETE. */
  disconnect(): Promise<void>;
  /** Disconnects and connects again, with a new session. */
  reconnect(): Promise<void>;
  /** Reopens the GET stream with `Last-Event-ID` (session era, Streamable HTTP only). */
  resume(): Promise<void>;
  /**
   * Signs in to an OAuth-protected server: `open` shows the authorization URL (browser or terminal),
   * the browser returns to a loopback listener; then reconnects. Rejects with the reason when it fails.
   */
  signIn(open: (url: URL) => Promise<void>): Promise<void>;
  /** Forgets this server's tokens and client registration, and disconnects. */
  signOut(): Promise<void>;
  /** Runs a liveness probe now. */
  checkHealth(): Promise<HealthInfo>;
  /** Adds a line of the server's own log (a file the user pointed at) to the trace, for the rules. */
  recordServerLog(line: string, file: string, lineNumber: number): void;
  /** Findings currently held for this connection. */
  findings(): readonly Finding[];
  /**
   * Resolves once everything observed so far is recorded, judged by the rules and in the model
   * (the recorder's deferred work and the rules' batches run now). Read findings after it when a
   * test or a report asserts that nothing was found.
   */
  settled(): Promise<void>;
  /** Every finding that held at some time: the current ones, and those that cleared (with `clearedAt`), for the traffic view. */
  findingHistory(): readonly Finding[];
  dispose(): Promise<void>;
}
