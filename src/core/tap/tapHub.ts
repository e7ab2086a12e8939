// Everything one tap knows: the redacted trace of every client it carried, one live model per
// client, and the rules (docs/rules) running over all of it (one runner, so rules that
// compare clients — two clients on one session — see them all). The HTTP tap, the stdio tap
// and the extension's follower of a stdio tap's trace file all feed a hub.

import type { ConnectionModel, Finding, ServerRef, TransportKind } from '../model';
import { Exchanges, classifyAnswer, legacySessionOf, requestInfoOf } from '../protocol/exchanges';
import { DEFAULT_RULE_TIMEOUTS, RuleRunner } from '../rules/runner';
import type { RuleContext } from '../rules/types';
import type { NewTraceEvent, TraceEvent } from '../trace/events';
import { TraceStore } from '../trace/store';
import { isoNow } from '../util/clock';
import { Emitter } from '../util/emitter';
import type { ModelBuilder } from '../model/builder';
import { clientModelBuilder } from './clientModel';

export interface TapHubOptions {
  server: ServerRef;
  /** Transport of the tapped server, when known up front (stdio). */
  transport?: TransportKind;
  /** Trace events kept in memory (default 10000). */
  traceCapacity?: number;
  /** Most bytes of trace kept in memory, by estimate (default 64 MiB). */
  traceBytes?: number;
  /** Append every event to this JSONL file as well. */
  spillFile?: string;
  timeouts?: Partial<RuleContext['timeouts']>;
  /** How often time-based rules are evaluated, ms (default 1000; 0: never, e.g. in tests that tick by hand). */
  tickMs?: number;
}

/** One real client seen through the tap. */
export interface TappedClient {
  /** Stable label, also the `client` of its trace events. */
  label: string;
  /** How it was told apart (user agent, origin, process). */
  description: string;
  /** Name and version the client gave in `initialize`. */
  clientInfo?: { name: string; version?: string };
  firstSeen: string;
  lastSeen: string;
  model: ConnectionModel;
}

/** Clients kept; the least recently seen is forgotten past this (a tap can run for days). */
const MAX_CLIENTS = 50;

interface ClientEntry {
  label: string;
  description: string;
  builder: ModelBuilder;
  firstSeen: string;
  lastSeen: string;
}

type Unnumbered = NewTraceEvent;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** An event as a tap builds it: the hub's caller stamps time, server and client. */
export type TapEventInput = DistributiveOmit<NewTraceEvent, 't' | 'server' | 'client'>;

export class TapHub {
  readonly trace: TraceStore;
  private readonly runner: RuleRunner;
  private readonly clientsByLabel = new Map<string, ClientEntry>();
  private readonly pending: TraceEvent[] = [];
  private flushScheduled = false;
  private readonly changed = new Emitter<void>('tap hub');
  private changeScheduled = false;
  private readonly ticker?: NodeJS.Timeout;
  /** Requests of every client by exchange: for the lifecycle facts derived from answers and for the client models. */
  private readonly exchanges = new Exchanges();
  private readonly pendingInitialize = new Map<string, string | number>();
  private disposed = false;

  /** Fired (coalesced) when a client, a model or the findings change. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly options: TapHubOptions) {
    this.trace = new TraceStore({ capacity: options.traceCapacity ?? 10_000, maxBytes: options.traceBytes, spillFile: options.spillFile });
    this.runner = new RuleRunner({ mode: 'live', server: options.server.name, timeouts: { ...DEFAULT_RULE_TIMEOUTS, ...options.timeouts } });
    this.runner.onDidChange(() => this.scheduleChange());
    const tickMs = options.tickMs ?? 1000;
    if (tickMs > 0) {
      this.ticker = setInterval(() => this.runner.tick(Date.now()), tickMs);
      this.ticker.unref();
    }
  }

  get server(): ServerRef {
    return this.options.server;
  }

  /** Declares a client (before its first event, so its description is known). */
  addClient(label: string, description: string, t = isoNow()): void {
    if (this.clientsByLabel.has(label)) return;
    if (this.clientsByLabel.size >= MAX_CLIENTS) {
      const oldest = [...this.clientsByLabel.values()].sort((a, b) => a.lastSeen.localeCompare(b.lastSeen))[0];
      if (oldest) this.clientsByLabel.delete(oldest.label);
    }
    this.clientsByLabel.set(label, {
      label,
      description,
      builder: clientModelBuilder(this.options.server, this.options.transport ?? 'unknown'),
      firstSeen: t,
      lastSeen: t,
    });
    this.scheduleChange();
  }

  /**
   * Records a new observation of the tap (already redacted), plus the lifecycle facts it implies
   * (handshake started and completed, session issued and ended), so rules and models read a tapped
   * client's trace exactly as they read the inspector's own.
   */
  record(event: Unnumbered): void {
    if (this.disposed) return;
    const numbered = this.trace.append(event);
    this.ingest(numbered);
    // The numbered event is the one the rules see too: its request is parsed once (memoised per event).
    for (const derived of this.derive(numbered)) this.ingest(this.trace.append(derived));
  }

  /** Takes an event recorded elsewhere (a stdio tap's trace file): no facts are derived again. */
  replay(event: Unnumbered | TraceEvent): void {
    if (this.disposed) return;
    const { seq: _seq, ...rest } = event as TraceEvent;
    const client = rest.client ?? 'client';
    if (!this.clientsByLabel.has(client)) this.addClient(client, client.startsWith('stdio') ? 'the client that started the tapped command' : client, rest.t);
    this.ingest(this.trace.append(rest as Unnumbered));
  }

  private derive(event: TraceEvent): Unnumbered[] {
    const client = event.client ?? 'client';
    const base = { t: event.t, server: event.server, client, ...(event.session ? { session: event.session } : {}) };
    const out: Unnumbered[] = [];
    if (event.kind === 'message-out' && event.method === 'initialize' && event.id !== undefined) {
      this.pendingInitialize.set(client, event.id);
      out.push(
        { kind: 'lifecycle', name: 'connect-start', ...base },
        { kind: 'lifecycle', name: 'handshake-start', ...base, detail: { method: 'initialize' } },
      );
    } else if (event.kind === 'message-in' && event.method === undefined && event.id !== undefined && this.pendingInitialize.get(client) === event.id) {
      this.pendingInitialize.delete(client);
      const message = event.message as { result?: { protocolVersion?: unknown; serverInfo?: unknown }; error?: { message?: unknown } };
      if (message?.result)
        out.push({
          kind: 'lifecycle',
          name: 'handshake-complete',
          ...base,
          detail: { era: 'session', protocolVersion: message.result.protocolVersion, serverInfo: message.result.serverInfo },
        });
      else
        out.push({
          kind: 'lifecycle',
          name: 'handshake-failed',
          ...base,
          detail: { reason: typeof message?.error?.message === 'string' ? message.error.message : 'initialize failed' },
        });
    } else if (event.kind === 'http-response') {
      const request = this.exchanges.get(event.exchange);
      const issued = event.headers['mcp-session-id'];
      const ok = classifyAnswer(request, event) === 'ok';
      if (ok && issued && request?.rpcMethod === 'initialize')
        out.push({ kind: 'lifecycle', name: 'session-issued', ...base, session: issued, detail: { id: issued } });
      if (ok && request?.method === 'DELETE' && request.sessionId)
        out.push({ kind: 'lifecycle', name: 'session-ended', ...base, detail: { reason: 'deleted', id: request.sessionId } });
    } else if (event.kind === 'sse-event' && event.event === 'endpoint') {
      const id = event.data ? legacySessionOf(event.data, 'http://endpoint.invalid') : undefined;
      if (id) out.push({ kind: 'lifecycle', name: 'session-issued', ...base, session: id, detail: { id } });
    }
    return out;
  }

  private ingest(event: TraceEvent): void {
    // Parsed once, into the shared per-event cache (requestInfoOf): the hub's bookkeeping and the
    // rule runner's both read the request from it.
    if (event.kind === 'http-request') {
      requestInfoOf(event);
      this.exchanges.observe(event);
    }
    this.pending.push(event);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    // Rules and models run after the bytes moved on: the tap's forwarding path stays short.
    setImmediate(() => this.flush());
  }

  /** Applies everything recorded so far (also called by tests and before a snapshot is read). */
  flush(): void {
    this.flushScheduled = false;
    if (!this.pending.length) return;
    const events = this.pending.splice(0);
    for (const event of events) {
      const label = event.client ?? 'client';
      let entry = this.clientsByLabel.get(label);
      if (!entry) {
        this.addClient(label, label, event.t);
        entry = this.clientsByLabel.get(label);
      }
      if (entry) {
        entry.lastSeen = event.t;
        entry.builder.apply(event, event.kind === 'http-response' ? this.exchanges.get(event.exchange) : undefined);
      }
      this.runner.push(event);
    }
    this.scheduleChange();
  }

  /** Resolves once every event recorded so far (and the I/O already received) is applied and judged. */
  async settled(): Promise<void> {
    for (let round = 0; round < 50; round++) {
      this.flush();
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (!this.pending.length) break;
    }
    this.flush();
    await Promise.resolve();
  }

  /** Every client seen, oldest first, each with its model and findings. */
  clients(): TappedClient[] {
    this.flush();
    const findings = this.runner.findings();
    return [...this.clientsByLabel.values()].map((entry) => ({
      label: entry.label,
      description: entry.description,
      ...(entry.builder.clientInfo ? { clientInfo: entry.builder.clientInfo } : {}),
      firstSeen: entry.firstSeen,
      lastSeen: entry.lastSeen,
      model: entry.builder.snapshot(
        findings.filter((finding) => (finding.client ?? 'inspector') === entry.label || (!finding.client && this.clientsByLabel.size === 1)),
      ),
    }));
  }

  /** Every finding of the tap, each naming its client. */
  findings(): Finding[] {
    this.flush();
    return this.runner.findings();
  }

  /** Every finding that held at some time, the cleared ones with `clearedAt` (what the tap's report and exports keep). */
  history(): Finding[] {
    this.flush();
    return this.runner.history();
  }

  /** Evaluates time-based rules now (tests; the ticker does it live). */
  tick(nowMs = Date.now()): void {
    this.flush();
    this.runner.tick(nowMs);
  }

  private scheduleChange(): void {
    if (this.changeScheduled || this.disposed) return;
    this.changeScheduled = true;
    setTimeout(() => {
      this.changeScheduled = false;
      if (!this.disposed) this.changed.fire();
    }, 50).unref();
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.flush();
    this.disposed = true;
    clearInterval(this.ticker);
    this.runner.dispose();
    this.changed.dispose();
    await this.trace.dispose();
  }
}
