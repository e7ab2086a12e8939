// The live model of one tapped client (a real client seen through the tap), built only from its
// traffic: era, transport, handshake, session, streams and health, in the same ConnectionModel
// shape as the inspector's own connections so the tree, the status bar and the JSON reuse it.

import type { ConnectionModel, Finding, ServerRef, StreamInfo, TransportKind } from '../model';
import { classifyAnswer, type RequestInfo } from '../protocol/exchanges';
import type { TraceEvent } from '../trace/events';

/** Closed streams kept for display (open ones are always kept). */
const CLOSED_STREAMS_KEPT = 10;
const PREVIOUS_SESSIONS_KEPT = 5;

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

export class ClientModelBuilder {
  private readonly streams = new Map<string, StreamInfo>();
  private model: Omit<ConnectionModel, 'streams' | 'findings'>;
  /** The client's own name and version from `initialize` (e.g. "Visual Studio Code"). */
  clientInfo?: { name: string; version?: string };
  private initializeId?: string | number;
  private discoverId?: string | number;

  constructor(server: ServerRef, transport: TransportKind | 'unknown') {
    this.model = {
      server,
      era: 'unknown',
      transport: { kind: transport, chosenBy: 'configured', ...(server.url ? { url: server.url } : {}), ...(server.command ? { command: server.command } : {}) },
      handshake: { state: 'idle' },
      session: { stateful: false, ...(transport === 'stdio' ? { noneReason: 'stdio' as const } : {}) },
      health: { state: 'unknown' },
    };
  }

  /** Takes one event of this client's traffic; for an HTTP response, the request it answers (the hub keeps those). */
  apply(event: TraceEvent, request?: RequestInfo): void {
    switch (event.kind) {
      case 'message-out':
        this.onMessageOut(event.method, event.id, event.message, event.t);
        return;
      case 'message-in':
        this.onMessageIn(event.id, event.method, event.message, event.t);
        return;
      case 'http-request':
        if (this.model.transport.kind === 'unknown' && event.method === 'POST') this.setTransport('streamable-http');
        return;
      case 'http-response': {
        if (event.status === 0) {
          this.model.health = { state: 'down', reason: event.error ?? 'no answer', lastCheckAt: event.t };
          return;
        }
        const answer = classifyAnswer(request, event);
        if (answer === 'ok') {
          if (request?.sessionId && request.sessionId === this.model.session.id) this.model.session = { ...this.model.session, lastConfirmedAt: event.t };
          this.model.health = { state: 'healthy', lastCheckAt: event.t, rttMs: Math.round(event.durationMs) };
        } else if (answer === 'unknown-session' && request?.sessionId) {
          this.endSession(request.sessionId, 'unknown-to-server', event.t);
          this.model.health = { state: 'degraded', reason: `the server does not know session ${request.sessionId}`, lastCheckAt: event.t };
        } else if (answer !== 'get-unsupported' && answer !== 'delete-unsupported' && answer !== 'discover-refused' && event.status >= 400) {
          this.model.health = { state: 'degraded', reason: `${request?.method ?? 'request'} answered ${event.status}`, lastCheckAt: event.t };
        }
        if (answer === 'get-unsupported') this.streamUnsupported(event.t);
        return;
      }
      case 'sse-event': {
        const stream = this.streams.get(event.stream);
        if (stream && !event.comment && event.retry === undefined) {
          stream.events++;
          stream.lastEventAt = event.t;
          if (event.id !== undefined) stream.lastEventId = event.id;
        }
        if (event.retry !== undefined && stream) stream.retry = event.retry;
        if (event.event === 'endpoint') this.setTransport('sse');
        return;
      }
      case 'lifecycle':
        this.onLifecycle(event);
        return;
      default:
        return;
    }
  }

  private setTransport(kind: TransportKind): void {
    this.model.transport = { ...this.model.transport, kind };
  }

  private onMessageOut(method: string | undefined, id: string | number | undefined, message: unknown, t: string): void {
    if (method === 'initialize') {
      this.initializeId = id;
      const params = record(record(message)?.params);
      const info = record(params?.clientInfo);
      if (typeof info?.name === 'string') this.clientInfo = { name: info.name, ...(typeof info.version === 'string' ? { version: info.version } : {}) };
      this.model.era = 'session';
      this.model.handshake = { state: 'negotiating', method: 'initialize', startedAt: t };
    } else if (method === 'server/discover') {
      this.discoverId = id;
      if (this.model.handshake.state === 'idle') this.model.handshake = { state: 'negotiating', method: 'server/discover', startedAt: t };
    } else if (method === 'notifications/initialized' && this.model.handshake.method === 'initialize') {
      this.model.handshake = { ...this.model.handshake, state: 'ready', completedAt: this.model.handshake.completedAt ?? t };
    }
  }

  private onMessageIn(id: string | number | undefined, method: string | undefined, message: unknown, t: string): void {
    if (method !== undefined || id === undefined) return;
    const body = record(message);
    const result = record(body?.result);
    const error = record(body?.error);
    if (id === this.initializeId && this.model.handshake.method === 'initialize') {
      if (error) {
        this.model.handshake = { ...this.model.handshake, state: 'failed', reason: typeof error.message === 'string' ? error.message : 'initialize failed' };
        return;
      }
      const serverInfo = record(result?.serverInfo);
      if (typeof result?.protocolVersion === 'string') this.model.protocolVersion = result.protocolVersion;
      this.model.handshake = {
        ...this.model.handshake,
        completedAt: t,
        ...(typeof result?.protocolVersion === 'string' ? { protocolVersion: result.protocolVersion } : {}),
        ...(serverInfo && typeof serverInfo.name === 'string' ? { serverInfo: { name: serverInfo.name, version: String(serverInfo.version ?? '') } } : {}),
        ...(record(result?.capabilities) ? { capabilities: record(result?.capabilities) } : {}),
      };
    } else if (id === this.discoverId && result && this.model.handshake.method === 'server/discover') {
      this.model.era = 'stateless';
      this.model.session = { stateful: false, noneReason: 'stateless-era' };
      this.model.handshake = { ...this.model.handshake, state: 'ready', completedAt: t };
    }
  }

  private onLifecycle(event: Extract<TraceEvent, { kind: 'lifecycle' }>): void {
    const detail = event.detail ?? {};
    switch (event.name) {
      case 'session-issued': {
        const id = typeof detail.id === 'string' ? detail.id : undefined;
        if (!id || id === this.model.session.id) return;
        const previous = [this.model.session.id ?? this.model.session.ended?.id, ...(this.model.session.previous ?? [])].filter((value): value is string => Boolean(value));
        this.model.session = { id, stateful: true, issuedAt: event.t, lastConfirmedAt: event.t, ...(previous.length ? { previous: previous.slice(0, PREVIOUS_SESSIONS_KEPT) } : {}) };
        return;
      }
      case 'session-ended':
        if (this.model.session.id) this.endSession(this.model.session.id, detail.reason === 'deleted' ? 'deleted' : 'closed', event.t);
        return;
      case 'stream-open':
        if (!event.stream || !event.streamKind) return;
        this.streams.set(event.stream, { id: event.stream, kind: event.streamKind, state: 'open', openedAt: event.t, events: 0, reconnects: 0 });
        this.trimStreams();
        return;
      case 'stream-close': {
        const stream = event.stream ? this.streams.get(event.stream) : undefined;
        if (!stream) return;
        stream.state = 'closed';
        stream.closedAt = event.t;
        stream.reason = detail.byClient === true ? 'closed by the client' : typeof detail.reason === 'string' ? detail.reason : 'ended by the server';
        return;
      }
      case 'process-start':
        this.model.transport = { ...this.model.transport, kind: 'stdio', ...(event.pid ? { pid: event.pid } : {}) };
        this.model.health = { state: 'healthy', lastCheckAt: event.t };
        return;
      case 'process-exit':
        this.model.handshake = { ...this.model.handshake, state: 'closed', reason: `the server process exited (${String(detail.signal ?? detail.code ?? '?')})` };
        this.model.health = { state: 'down', reason: 'the server process exited', lastCheckAt: event.t };
        for (const stream of this.streams.values()) if (stream.state === 'open') stream.state = 'closed';
        return;
      case 'handshake-failed':
        this.model.handshake = { ...this.model.handshake, state: 'failed', reason: typeof detail.reason === 'string' ? detail.reason : 'handshake failed' };
        return;
      default:
        return;
    }
  }

  private endSession(id: string, reason: 'unknown-to-server' | 'deleted' | 'closed', t: string): void {
    if (this.model.session.id !== id) return;
    const { previous } = this.model.session;
    this.model.session = { stateful: true, ended: { at: t, reason, id }, ...(previous ? { previous } : {}) };
    // A session lost later leaves the handshake as it was (it did succeed): the loss shows in session.ended and health.
    if (reason === 'deleted') this.model.handshake = { ...this.model.handshake, state: 'closed', reason: 'the client ended its session (DELETE)' };
  }

  private streamUnsupported(t: string): void {
    const id = 'get (405)';
    this.streams.set(id, { id, kind: 'get', state: 'unsupported', openedAt: t, events: 0, reconnects: 0, reason: 'GET answered 405: no server-initiated messages outside requests' });
  }

  private trimStreams(): void {
    const closed = [...this.streams.values()].filter((stream) => stream.state !== 'open');
    for (const stream of closed.slice(0, Math.max(0, closed.length - CLOSED_STREAMS_KEPT))) this.streams.delete(stream.id);
  }

  /** A fresh snapshot with the client's current findings. */
  snapshot(findings: readonly Finding[]): ConnectionModel {
    return { ...this.model, streams: [...this.streams.values()].map((stream) => ({ ...stream })), findings: [...findings] };
  }
}
