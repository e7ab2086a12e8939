// Turns one observed conversation (the redacted trace events of a connection or a tapped client)
// into OpenTelemetry as the MCP semantic conventions describe it: a CLIENT span per request or
// notification the client sends, a SERVER span per request or notification the server initiates,
// `mcp.client.operation.duration` and `mcp.client.session.duration`, and every finding as an event
// on the span of its evidence plus a count in `mcp.inspector.findings`.
// Only trace events are read, and they are redacted when recorded: nothing else reaches the exporter.

import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Counter,
  type Histogram,
  type Meter,
  type Span,
  type SpanContext,
  type Tracer,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { ATTR_ERROR_TYPE, ATTR_NETWORK_TRANSPORT, ATTR_SERVER_ADDRESS, ATTR_SERVER_PORT } from '@opentelemetry/semantic-conventions';
import {
  ATTR_GEN_AI_PROMPT_NAME,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_JSONRPC_REQUEST_ID,
  ATTR_MCP_METHOD_NAME,
  ATTR_MCP_PROTOCOL_VERSION,
  ATTR_MCP_SESSION_ID,
  ATTR_RPC_RESPONSE_STATUS_CODE,
  METRIC_MCP_CLIENT_OPERATION_DURATION,
  METRIC_MCP_CLIENT_SESSION_DURATION,
} from '@opentelemetry/semantic-conventions/incubating';
import type { Finding, ServerRef } from '../model';
import { isSessionLost } from '../protocol/answers';
import { answerText, BoundedMap } from '../protocol/exchanges';
import type { TraceEvent } from '../trace/events';

/** The inspector's own metric and attributes (not part of the MCP conventions). */
export const METRIC_FINDINGS = 'mcp.inspector.findings';
export const ATTR_FINDING_RULE = 'mcp.inspector.rule';
export const ATTR_FINDING_SEVERITY = 'mcp.inspector.severity';
export const ATTR_FINDING_SERVER = 'mcp.inspector.server';
/** Name of the span event a finding becomes. */
export const FINDING_EVENT = 'mcp.inspector.finding';

/** Bucket boundaries the conventions advise for both MCP duration histograms (seconds). */
const DURATION_BUCKETS = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60, 120, 300];
/** Answered spans stay open this long, so a finding reported about them still lands on them. */
const SETTLE_MS = 2000;
/** Requests without an answer are closed as timed out after this long. */
const UNANSWERED_MS = 120_000;
const MAX_OPEN = 5000;

export interface McpInstruments {
  tracer: Tracer;
  operationDuration: Histogram;
  sessionDuration: Histogram;
  findings: Counter;
}

export function createInstruments(tracer: Tracer, meter: Meter): McpInstruments {
  return {
    tracer,
    operationDuration: meter.createHistogram(METRIC_MCP_CLIENT_OPERATION_DURATION, {
      unit: 's',
      description: 'Duration of MCP requests as seen by the client.',
      advice: { explicitBucketBoundaries: DURATION_BUCKETS },
    }),
    sessionDuration: meter.createHistogram(METRIC_MCP_CLIENT_SESSION_DURATION, {
      unit: 's',
      description: 'Duration of MCP sessions as seen by the client.',
      advice: { explicitBucketBoundaries: DURATION_BUCKETS },
    }),
    findings: meter.createCounter(METRIC_FINDINGS, { description: 'Findings of MCP Session Inspector, by rule, severity and server.' }),
  };
}

/** What a trace event's seq leads to: the span while it is open, its context once it has ended (so an ended span is not kept). */
interface SpanRef {
  span?: Span;
  context: SpanContext;
}

interface OpenSpan {
  span: Span;
  ref: SpanRef;
  method: string;
  startMs: number;
  /** When the answer came (ms); the span is ended at that time once it has settled. */
  answeredMs?: number;
  client: boolean;
  exchange?: number;
  attributes: Attributes;
}

interface SessionState {
  id: string;
  startMs: number;
}

const propagator = new W3CTraceContextPropagator();
const metaGetter = {
  keys: (carrier: Record<string, unknown>) => Object.keys(carrier),
  get: (carrier: Record<string, unknown>, key: string) => (typeof carrier[key] === 'string' ? (carrier[key] as string) : undefined),
};

/** The `_meta` of a message's params, when it has one. */
function metaOf(message: unknown): Record<string, unknown> | undefined {
  const meta = (message as { params?: { _meta?: unknown } } | undefined)?.params?._meta;
  return meta && typeof meta === 'object' ? (meta as Record<string, unknown>) : undefined;
}

/** `traceparent` in `params._meta` makes the span a child of the caller's span. */
function parentOf(message: unknown): Context {
  const meta = metaOf(message);
  return meta && typeof meta.traceparent === 'string' ? propagator.extract(ROOT_CONTEXT, meta, metaGetter) : ROOT_CONTEXT;
}

/** The low-cardinality target of a span name: the tool or prompt name. */
function targetOf(method: string, message: unknown): { name?: string; attributes: Attributes } {
  const name = (message as { params?: { name?: unknown } } | undefined)?.params?.name;
  if (typeof name !== 'string' || !name) return { attributes: {} };
  if (method === 'tools/call') return { name, attributes: { [ATTR_GEN_AI_TOOL_NAME]: name, 'gen_ai.operation.name': 'execute_tool' } };
  if (method === 'prompts/get') return { name, attributes: { [ATTR_GEN_AI_PROMPT_NAME]: name } };
  return { attributes: {} };
}

/** `server.address`/`server.port` of an HTTP server (never its credentials or path). */
function serverAttributes(server: ServerRef): Attributes {
  if (server.transport === 'stdio') return { [ATTR_NETWORK_TRANSPORT]: 'pipe' };
  const attributes: Attributes = { [ATTR_NETWORK_TRANSPORT]: 'tcp' };
  try {
    const url = new URL(server.url ?? '');
    attributes[ATTR_SERVER_ADDRESS] = url.hostname.replace(/^\[|\]$/g, '');
    attributes[ATTR_SERVER_PORT] = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  } catch {
    // no URL: no address
  }
  return attributes;
}

const ms = (t: string) => Date.parse(t);

/** One observed server's conversations (every client of a tap, or the inspector's own connection). */
export class McpSpanRecorder {
  private readonly open = new Map<string, OpenSpan>();
  /** Trace event seq → the span it belongs to, for findings' evidence. */
  private readonly spanBySeq = new BoundedMap<number, SpanRef>();
  private readonly spansByExchange = new BoundedMap<number, OpenSpan[]>();
  private readonly sessions = new Map<string, SessionState>();
  private readonly protocolVersions = new Map<string, string>();
  private readonly countedFindings = new BoundedMap<string, true>(10_000);
  private readonly base: Attributes;

  constructor(
    private readonly server: ServerRef,
    private readonly instruments: McpInstruments,
  ) {
    this.base = serverAttributes(server);
  }

  /** Reads one trace event (in order). */
  onEvent(event: TraceEvent): void {
    const client = event.client ?? 'inspector';
    if (event.kind === 'message-out' || event.kind === 'message-in') {
      const fromClient = event.kind === 'message-out';
      if (event.method !== undefined) this.startOperation(event, client, fromClient);
      else if (event.id !== undefined) this.answer(event, client, !fromClient);
    } else if (event.kind === 'http-response' && (event.status >= 400 || event.status === 0)) {
      // A tapped client learns its session is gone from the answer itself (the engine says so in a lifecycle event).
      const session = this.sessions.get(client);
      if (session && event.session === session.id && isSessionLost(event, { sessionId: session.id })) this.endSession(client, ms(event.t), 'unknown-to-server');
      for (const open of this.spansByExchange.get(event.exchange) ?? []) {
        if (open.answeredMs !== undefined) continue;
        this.spanBySeq.set(event.seq, open.ref);
        // The answer's own words ("Session not found") describe the failure, as a JSON-RPC error message would.
        const said = event.status ? answerText(event).replace(/\s+/g, ' ').trim().slice(0, 200) : '';
        this.fail(
          open,
          event.status ? String(event.status) : event.error && /timeout|timed out/i.test(event.error) ? 'timeout' : '_OTHER',
          event.status ? said || `HTTP ${event.status}` : event.error,
        );
        open.answeredMs = ms(event.t);
      }
    } else if (event.kind === 'lifecycle') {
      if (event.name === 'handshake-complete' && typeof event.detail?.protocolVersion === 'string')
        this.protocolVersions.set(client, event.detail.protocolVersion);
      else if (event.name === 'session-issued' && event.session) {
        this.endSession(client, ms(event.t));
        this.sessions.set(client, { id: event.session, startMs: ms(event.t) });
      } else if (event.name === 'session-ended' || event.name === 'disconnect') {
        const reason = event.detail?.reason;
        this.endSession(client, ms(event.t), typeof reason === 'string' && !/^(deleted|closed|disconnect)/.test(reason) ? reason : undefined);
      }
    }
  }

  private common(client: string, session: string | undefined): Attributes {
    const version = this.protocolVersions.get(client);
    return { ...this.base, ...(version ? { [ATTR_MCP_PROTOCOL_VERSION]: version } : {}), ...(session ? { [ATTR_MCP_SESSION_ID]: session } : {}) };
  }

  private startOperation(event: TraceEvent & { kind: 'message-out' | 'message-in' }, client: string, fromClient: boolean): void {
    const method = event.method as string;
    const target = targetOf(method, event.message);
    const attributes: Attributes = { ...this.common(client, event.session), [ATTR_MCP_METHOD_NAME]: method, ...target.attributes };
    if (event.id !== undefined) attributes[ATTR_JSONRPC_REQUEST_ID] = String(event.id);
    const span = this.instruments.tracer.startSpan(
      target.name ? `${method} ${target.name}` : method,
      { kind: fromClient ? SpanKind.CLIENT : SpanKind.SERVER, startTime: new Date(event.t), attributes },
      parentOf(event.message),
    );
    const ref: SpanRef = { span, context: span.spanContext() };
    this.spanBySeq.set(event.seq, ref);
    const open: OpenSpan = { span, ref, method, startMs: ms(event.t), client: fromClient, exchange: event.exchange, attributes };
    if (event.id === undefined) {
      // A notification has no answer: its span covers the moment it was sent.
      open.answeredMs = open.startMs;
      this.open.set(`n${event.seq}`, open);
      return;
    }
    const key = `${client}\u0000${fromClient ? 'c' : 's'}\u0000${String(event.id)}`;
    const previous = this.open.get(key);
    if (previous && previous.answeredMs === undefined) this.close(key, previous, ms(event.t));
    this.open.set(key, open);
    if (event.exchange !== undefined) {
      const list = this.spansByExchange.get(event.exchange) ?? [];
      list.push(open);
      this.spansByExchange.set(event.exchange, list);
    }
    if (this.open.size > MAX_OPEN) this.evictOldest(ms(event.t));
  }

  private answer(event: TraceEvent & { kind: 'message-out' | 'message-in' }, client: string, clientRequest: boolean): void {
    const key = `${client}\u0000${clientRequest ? 'c' : 's'}\u0000${String(event.id)}`;
    const open = this.open.get(key);
    if (!open || open.answeredMs !== undefined) return;
    this.spanBySeq.set(event.seq, open.ref);
    const message = event.message as { error?: { code?: unknown; message?: unknown }; result?: { isError?: unknown } } | undefined;
    if (event.errorCode !== undefined || message?.error) {
      const code = String(event.errorCode ?? message?.error?.code ?? '_OTHER');
      open.span.setAttribute(ATTR_RPC_RESPONSE_STATUS_CODE, code);
      this.fail(open, code, typeof message?.error?.message === 'string' ? message.error.message : undefined);
    } else if (message?.result?.isError === true) {
      this.fail(open, 'tool_error');
    }
    open.answeredMs = ms(event.t);
  }

  private fail(open: OpenSpan, errorType: string, description?: string): void {
    open.attributes[ATTR_ERROR_TYPE] = errorType;
    open.span.setAttribute(ATTR_ERROR_TYPE, errorType);
    open.span.setStatus({ code: SpanStatusCode.ERROR, ...(description ? { message: description } : {}) });
  }

  private close(key: string, open: OpenSpan, endMs: number): void {
    this.open.delete(key);
    open.span.end(new Date(endMs));
    open.ref.span = undefined;
    if (open.exchange !== undefined) this.spansByExchange.delete(open.exchange);
    if (open.client && !key.startsWith('n')) {
      const { [ATTR_MCP_SESSION_ID]: _session, [ATTR_JSONRPC_REQUEST_ID]: _id, ...metricAttributes } = open.attributes;
      this.instruments.operationDuration.record(Math.max(0, endMs - open.startMs) / 1000, metricAttributes);
    }
  }

  /** Ends answered spans that have settled and unanswered ones that waited too long. */
  sweep(nowMs = Date.now()): void {
    for (const [key, open] of this.open) {
      if (open.answeredMs !== undefined && nowMs - open.answeredMs >= SETTLE_MS) this.close(key, open, open.answeredMs);
      else if (open.answeredMs === undefined && nowMs - open.startMs >= UNANSWERED_MS) {
        this.fail(open, 'timeout', 'no answer');
        this.close(key, open, Math.min(nowMs, open.startMs + UNANSWERED_MS));
      }
    }
  }

  /** Ends every answered span now (before a flush). */
  settle(): void {
    for (const [key, open] of this.open) if (open.answeredMs !== undefined) this.close(key, open, open.answeredMs);
  }

  /** Bounds the open spans: the oldest is ended as it stands. */
  private evictOldest(nowMs: number): void {
    const [oldest] = this.open;
    if (!oldest) return;
    const [key, open] = oldest;
    if (open.answeredMs === undefined) this.fail(open, '_OTHER', 'no answer before the span limit');
    this.close(key, open, open.answeredMs ?? nowMs);
  }

  private endSession(client: string, endMs: number, errorType?: string): void {
    const session = this.sessions.get(client);
    if (!session) return;
    this.sessions.delete(client);
    const version = this.protocolVersions.get(client);
    this.instruments.sessionDuration.record(Math.max(0, endMs - session.startMs) / 1000, {
      ...this.base,
      ...(version ? { [ATTR_MCP_PROTOCOL_VERSION]: version } : {}),
      ...(errorType ? { [ATTR_ERROR_TYPE]: errorType } : {}),
    });
  }

  /** Takes the current findings: each new one is counted and put on the span of its evidence. */
  onFindings(findings: readonly Finding[]): void {
    for (const finding of findings) {
      if (this.countedFindings.has(finding.key)) continue;
      this.countedFindings.set(finding.key, true);
      this.instruments.findings.add(1, {
        [ATTR_FINDING_RULE]: finding.rule,
        [ATTR_FINDING_SEVERITY]: finding.severity,
        [ATTR_FINDING_SERVER]: this.server.name,
      });
      const attributes: Attributes = {
        [ATTR_FINDING_RULE]: finding.rule,
        [ATTR_FINDING_SEVERITY]: finding.severity,
        'mcp.inspector.message': finding.message,
        ...(finding.fix ? { 'mcp.inspector.fix': finding.fix } : {}),
        ...(finding.sessionId ? { [ATTR_MCP_SESSION_ID]: finding.sessionId } : {}),
        ...(finding.client ? { 'mcp.inspector.client': finding.client } : {}),
      };
      const at = new Date(finding.at);
      const refs = new Set<SpanRef>();
      for (const evidence of finding.evidence) {
        const ref = evidence.seq !== undefined ? this.spanBySeq.get(evidence.seq) : undefined;
        if (ref) refs.add(ref);
      }
      let placed = false;
      for (const ref of refs) {
        if (ref.span?.isRecording()) {
          ref.span.addEvent(FINDING_EVENT, attributes, at);
          placed = true;
        }
      }
      if (placed) continue;
      // The evidence's span has already ended (or there is none): a short span of its own, a child of it.
      const [first] = refs;
      const parent = first ? trace.setSpanContext(ROOT_CONTEXT, first.context) : ROOT_CONTEXT;
      const span = this.instruments.tracer.startSpan(
        `${FINDING_EVENT} ${finding.rule}`,
        { kind: SpanKind.INTERNAL, startTime: at, attributes: { ...this.base } },
        parent,
      );
      span.addEvent(FINDING_EVENT, attributes, at);
      span.end(at);
    }
  }

  /** Ends every span and session (the conversation is over). */
  finish(nowMs = Date.now()): void {
    for (const [key, open] of this.open) this.close(key, open, open.answeredMs ?? nowMs);
    for (const client of [...this.sessions.keys()]) this.endSession(client, nowMs);
  }
}
