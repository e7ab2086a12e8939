// The one builder of live models (docs/architecture.md): the inspector's own connections and the
// clients seen through a tap both get their ConnectionModel from here. Trace events are its input
// (`apply`); what a trace does not carry (the SDK client's view of the handshake, a probe's
// verdict, a session the connection must stamp on its next event at once) comes in through the
// named inputs below. What an answer means is decided in src/core/protocol.
//
// The two sources differ in what they know first-hand. The inspector's connection knows its
// handshake from its SDK client and probes its health; a tapped client's model has only its
// traffic, so there the handshake comes from its messages and health from every answer.

import { classifyAnswer, type RequestInfo } from '../protocol/exchanges';
import { Emitter } from '../util/emitter';
import type { LifecycleTraceEvent, TraceEvent } from '../trace/events';
import { endedSession, issuedSession, noSession } from './sessions';
import { StreamTable } from './streams';
import { TrafficHandshake } from './trafficHandshake';
import type {
  AuthInfo,
  ConnectionModel,
  Finding,
  HandshakeInfo,
  HealthInfo,
  ServerRef,
  SessionEndReason,
  SessionInfo,
  StreamInfo,
  TransportInfo,
} from './types';

/** connection: the inspector's own; client: a real client seen through a tap. */
export type ModelSource = 'connection' | 'client';

export interface ModelStart {
  server: ServerRef;
  transport: TransportInfo;
  session: SessionInfo;
}

/** What the SDK client knows once the handshake completed. */
export type HandshakeOutcome = Pick<ConnectionModel, 'era' | 'protocolVersion'> &
  Required<Pick<HandshakeInfo, 'method'>> &
  Omit<HandshakeInfo, 'state' | 'method' | 'startedAt'>;

type ModelFields = Omit<ConnectionModel, 'streams'>;

function fresh(start: ModelStart, findings: Finding[] = []): ModelFields {
  return {
    server: start.server,
    era: 'unknown',
    transport: { ...start.transport },
    handshake: { state: 'idle' },
    session: { ...start.session },
    health: { state: 'unknown' },
    findings,
  };
}

export class ModelBuilder {
  private fields: ModelFields;
  private readonly streamTable: StreamTable;
  private readonly traffic?: TrafficHandshake;
  /** The last copy handed out; undefined once the model changed since. */
  private cached?: ConnectionModel;
  private readonly changed = new Emitter<ConnectionModel>('connection');
  private changePending = false;
  /** Fired (coalesced per microtask) with a snapshot whenever the model changed. */
  readonly onDidChange = this.changed.event;

  constructor(
    readonly source: ModelSource,
    private readonly start: ModelStart,
  ) {
    this.fields = fresh(start);
    this.streamTable = new StreamTable(source);
    if (source === 'client') this.traffic = new TrafficHandshake();
  }

  /** The model as it stands, for reading only (`snapshot` for a copy to hand out). */
  get state(): Readonly<ModelFields> {
    return this.fields;
  }

  get streams(): readonly StreamInfo[] {
    return this.streamTable.all;
  }

  /** A tapped client's name and version from its `initialize`. */
  get clientInfo(): { name: string; version?: string } | undefined {
    return this.traffic?.clientInfo;
  }

  /** A copy of the model, made once per change (a busy connection changes it with every exchange, and nobody may be looking). */
  snapshot(findings?: readonly Finding[]): ConnectionModel {
    if (findings) return this.copy([...findings]);
    this.cached ??= this.copy([...this.fields.findings]);
    return this.cached;
  }

  // ---- trace events -----------------------------------------------------------------------

  /** Takes one trace event (for a tapped client's HTTP response, with the request it answers); false when it changed nothing. */
  apply(event: TraceEvent, request?: RequestInfo): boolean {
    switch (event.kind) {
      case 'message-out':
      case 'message-in':
        if (!this.traffic) return false;
        this.traffic.apply(event, this.fields);
        break;
      case 'http-request':
        if (this.source !== 'client' || this.fields.transport.kind !== 'unknown' || event.method !== 'POST') return false;
        this.fields.transport = { ...this.fields.transport, kind: 'streamable-http' };
        break;
      case 'http-response':
        if (this.source !== 'client') return false;
        this.clientAnswer(event, request);
        break;
      case 'sse-event': {
        // A keep-alive comment, or an event of a stream no longer shown, changes nothing.
        let changed =
          event.retry === undefined
            ? !event.comment && this.streamTable.event(event.stream, event.t, event.id)
            : this.streamTable.retry(event.stream, event.retry);
        if (event.event === 'endpoint' && this.source === 'client') {
          this.fields.transport = { ...this.fields.transport, kind: 'sse' };
          changed = true;
        }
        if (!changed) return false;
        break;
      }
      case 'lifecycle':
        if (!this.lifecycle(event)) return false;
        break;
      default:
        return false;
    }
    this.touch();
    return true;
  }

  /** A tapped client's answer: its health, a session the server lost, a GET stream it does not offer. */
  private clientAnswer(event: Extract<TraceEvent, { kind: 'http-response' }>, request: RequestInfo | undefined): void {
    const t = event.t;
    if (event.status === 0) {
      this.fields.health = { state: 'down', reason: event.error ?? 'no answer', lastCheckAt: t };
      return;
    }
    const answer = classifyAnswer(request, event);
    if (answer === 'ok') {
      if (request?.sessionId && request.sessionId === this.fields.session.id) this.fields.session = { ...this.fields.session, lastConfirmedAt: t };
      this.fields.health = { state: 'healthy', lastCheckAt: t, rttMs: Math.round(event.durationMs) };
    } else if (answer === 'unknown-session' && request?.sessionId) {
      this.fields.session = endedSession(this.fields.session, request.sessionId, 'unknown-to-server', t);
      this.fields.health = { state: 'degraded', reason: `the server does not know session ${request.sessionId}`, lastCheckAt: t };
    } else if (answer !== 'get-unsupported' && answer !== 'delete-unsupported' && answer !== 'discover-refused' && event.status >= 400) {
      this.fields.health = { state: 'degraded', reason: `${request?.method ?? 'request'} answered ${event.status}`, lastCheckAt: t };
    }
    if (answer === 'get-unsupported') this.streamTable.getUnsupported(t);
  }

  /** Returns false when the event changed nothing. */
  private lifecycle(event: LifecycleTraceEvent): boolean {
    const detail = event.detail ?? {};
    const client = this.source === 'client';
    switch (event.name) {
      case 'stream-open':
        if (!event.stream || !event.streamKind) return false;
        this.streamTable.opened(event.stream, event.streamKind, event.t);
        return true;
      case 'stream-close': {
        if (!this.streamTable.find(event.stream ?? '')) return false;
        const reason = typeof detail.reason === 'string' ? detail.reason : undefined;
        const dropped = this.streamTable.closed(
          event.stream ?? '',
          { byClient: detail.byClient === true, ...(reason ? { reason } : {}) },
          event.t,
          this.fields.transport.kind,
        );
        if (dropped && this.fields.health.state === 'healthy')
          this.fields.health = { state: 'degraded', reason: `${dropped.kind} stream dropped`, lastCheckAt: event.t };
        return true;
      }
      case 'process-start':
        if (client) {
          this.fields.transport = { ...this.fields.transport, kind: 'stdio', ...(event.pid ? { pid: event.pid } : {}) };
          this.fields.health = { state: 'healthy', lastCheckAt: event.t };
        } else if (event.pid) this.fields.transport.pid = event.pid;
        return true;
      case 'process-exit':
        return this.processExited(event, detail);
      // The inspector's connection learns of its sessions and handshake first-hand (the events are its own record of them).
      case 'session-issued':
        if (!client || typeof detail.id !== 'string') return false;
        this.fields.session = issuedSession(this.fields.session, detail.id, event.t);
        return true;
      case 'session-ended': {
        const id = typeof detail.id === 'string' ? detail.id : this.fields.session.id;
        if (!client || !id) return false;
        this.fields.session = endedSession(this.fields.session, id, detail.reason === 'deleted' ? 'deleted' : 'closed', event.t);
        // A session lost later leaves the handshake as it was (it did succeed): the loss shows in session.ended and health.
        if (detail.reason === 'deleted') this.fields.handshake = { ...this.fields.handshake, state: 'closed', reason: 'the client ended its session (DELETE)' };
        return true;
      }
      case 'handshake-failed':
        if (!client) return false;
        this.fields.handshake = { ...this.fields.handshake, state: 'failed', reason: typeof detail.reason === 'string' ? detail.reason : 'handshake failed' };
        return true;
      default:
        return false;
    }
  }

  private processExited(event: LifecycleTraceEvent, detail: Record<string, unknown>): boolean {
    const t = event.t;
    if (this.source === 'client') {
      this.fields.handshake = {
        ...this.fields.handshake,
        state: 'closed',
        reason: `the server process exited (${String(detail.signal ?? detail.code ?? '?')})`,
      };
      this.fields.health = { state: 'down', reason: 'the server process exited', lastCheckAt: t };
      this.streamTable.closeAll();
      return true;
    }
    // An earlier process of this connection (before a reconnect) is no news.
    if (!event.pid || event.pid !== this.fields.transport.pid) return false;
    const reason = `server process ${event.pid} exited (${detail.signal ? `signal ${String(detail.signal)}` : `code ${String(detail.code)}`})`;
    this.fields.health = { state: 'down', reason, lastCheckAt: t };
    if (this.fields.handshake.state === 'ready') this.fields.handshake = { ...this.fields.handshake, state: 'closed', reason };
    return true;
  }

  // ---- the inspector's connection: what it knows first-hand -----------------------------------

  /** A new connection attempt: a fresh model that keeps the findings and the earlier session ids. */
  connecting(t: string): void {
    const { findings, session, auth, protocolVersion } = this.fields;
    // The sign-in state and the last negotiated version stay on show until the new handshake says otherwise.
    this.fields = { ...fresh(this.start, findings), ...(protocolVersion ? { protocolVersion } : {}), ...(auth ? { auth } : {}) };
    if (session.previous) this.fields.session = { ...this.fields.session, previous: session.previous };
    this.fields.handshake = { state: 'connecting', startedAt: t };
    this.streamTable.clear();
    this.touch();
  }

  /** The transport is chosen and the handshake is under way. */
  negotiating(transport: TransportInfo): void {
    this.fields.transport = transport;
    this.fields.handshake.state = 'negotiating';
    this.touch();
  }

  handshakeReady(outcome: HandshakeOutcome, t: string): void {
    const { era, protocolVersion, ...handshake } = outcome;
    this.fields.era = era;
    this.fields.protocolVersion = protocolVersion;
    this.fields.handshake = { ...this.fields.handshake, state: 'ready', ...handshake, protocolVersion, completedAt: t };
    this.fields.health = { state: 'healthy', lastCheckAt: t };
    this.touch();
  }

  handshakeFailed(reason: string, health: HealthInfo, auth?: AuthInfo): void {
    this.fields.handshake = { ...this.fields.handshake, state: 'failed', reason };
    this.fields.health = health;
    if (auth) this.fields.auth = auth;
    this.touch();
  }

  /** The server went away without our asking (the SDK closed the transport). */
  transportClosed(t: string): void {
    if (this.fields.handshake.state === 'ready') this.fields.handshake = { ...this.fields.handshake, state: 'closed', reason: 'the transport closed' };
    if (this.fields.health.state !== 'down') this.fields.health = { state: 'down', reason: 'the transport closed', lastCheckAt: t };
    this.touch();
  }

  networkError(reason: string, t: string): void {
    if (this.fields.handshake.state !== 'ready') return;
    this.fields.health = { state: 'degraded', reason, lastCheckAt: t };
    this.touch();
  }

  health(health: HealthInfo): void {
    this.fields.health = health;
    this.touch();
  }

  transportEndpoint(endpoint: string): void {
    this.fields.transport.endpoint = endpoint;
    this.touch();
  }

  sessionIssued(id: string, t: string): void {
    this.fields.session = issuedSession(this.fields.session, id, t);
    this.touch();
  }

  /** No session id after the handshake, and why. */
  sessionless(reason: NonNullable<SessionInfo['noneReason']>): void {
    this.fields.session = noSession(this.fields.session, reason);
    this.touch();
  }

  sessionConfirmed(t: string): void {
    this.fields.session.lastConfirmedAt = t;
    this.touch();
  }

  sessionEnded(reason: SessionEndReason, t: string): void {
    const id = this.fields.session.id;
    if (!id) return;
    this.fields.session = endedSession(this.fields.session, id, reason, t);
    this.touch();
  }

  getUnsupported(t: string): void {
    this.streamTable.getUnsupported(t);
    this.touch();
  }

  resuming(stream: StreamInfo): void {
    this.streamTable.resuming(stream);
    this.touch();
  }

  resumeFailed(stream: StreamInfo, reason: string): void {
    stream.state = 'closed';
    stream.reason = `resume failed: ${reason}`;
    this.touch();
  }

  /** The inspector closed the connection. */
  disconnected(): void {
    this.fields.handshake = { ...this.fields.handshake, state: 'closed', reason: 'disconnected by the inspector' };
    this.streamTable.closeAll();
    this.fields.health = { state: 'unknown' };
    if (!this.fields.session.ended) this.fields.session.noneReason = 'not-connected';
    this.touch();
  }

  auth(update: (auth: AuthInfo | undefined) => AuthInfo): void {
    this.fields.auth = update(this.fields.auth);
    this.touch();
  }

  findings(findings: readonly Finding[]): void {
    this.fields.findings = [...findings];
    this.touch();
  }

  dispose(): void {
    this.changed.dispose();
  }

  private touch(): void {
    this.cached = undefined;
    if (this.changePending) return;
    this.changePending = true;
    queueMicrotask(() => {
      this.changePending = false;
      // The model as it stands: bringing in an owner's deferred work here would put it back on
      // the exchange's path (that work fires its own change when it runs).
      if (this.changed.listenerCount > 0) this.changed.fire(this.snapshot());
    });
  }

  private copy(findings: Finding[]): ConnectionModel {
    const model = this.fields;
    return {
      server: { ...model.server },
      era: model.era,
      ...(model.protocolVersion !== undefined ? { protocolVersion: model.protocolVersion } : {}),
      transport: { ...model.transport },
      handshake: { ...model.handshake },
      session: { ...model.session, ...(model.session.previous ? { previous: [...model.session.previous] } : {}) },
      streams: this.streamTable.copy(),
      health: { ...model.health },
      findings,
      ...(model.auth ? { auth: { ...model.auth, ...(model.auth.scopes ? { scopes: [...model.auth.scopes] } : {}) } } : {}),
    };
  }
}
