import * as assert from 'node:assert/strict';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { MeterProvider, MetricReader, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import type { Finding } from '../../../src/core/model';
import { createInstruments, McpSpanRecorder } from '../../../src/core/otel/mcpSpans';
import type { NewTraceEvent, TraceEvent } from '../../../src/core/trace/events';

class ManualReader extends MetricReader {
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

function setup(transport: 'http' | 'stdio' = 'http') {
  const spans = new InMemorySpanExporter();
  const tracerProvider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: spans })] });
  const reader = new ManualReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  const recorder = new McpSpanRecorder(
    transport === 'http'
      ? { name: 'weather', transport: 'http', url: 'https://user:pw@mcp.example.com/mcp?token=x' }
      : { name: 'local', transport: 'stdio', command: 'node' },
    createInstruments(tracerProvider.getTracer('test'), meterProvider.getMeter('test')),
  );
  let seq = 0;
  const at = (ms: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, 0, ms)).toISOString();
  const push = (event: NewTraceEvent) => {
    const numbered = { ...event, seq: ++seq } as TraceEvent;
    recorder.onEvent(numbered);
    return numbered;
  };
  const metrics = async (): Promise<ResourceMetrics> => (await reader.collect()).resourceMetrics;
  return { spans, recorder, push, at, metrics };
}

const base = { server: 'weather', client: 'inspector' } as const;

describe('OpenTelemetry: MCP spans from trace events', () => {
  it('one CLIENT span per request, named {method} {target}, with the conventions’ attributes and the caller’s traceparent as parent', async () => {
    const { spans, recorder, push, at, metrics } = setup();
    push({ kind: 'message-out', t: at(0), ...base, method: 'initialize', id: 0, message: { jsonrpc: '2.0', id: 0, method: 'initialize', params: {} } });
    push({ kind: 'message-in', t: at(20), ...base, id: 0, message: { jsonrpc: '2.0', id: 0, result: { protocolVersion: '2025-06-18' } } });
    push({ kind: 'lifecycle', t: at(21), ...base, name: 'handshake-complete', detail: { protocolVersion: '2025-06-18' } });
    push({ kind: 'lifecycle', t: at(21), ...base, name: 'session-issued', session: 'S1' });
    push({
      kind: 'message-out',
      t: at(30),
      ...base,
      session: 'S1',
      method: 'notifications/initialized',
      message: { jsonrpc: '2.0', method: 'notifications/initialized' },
    });
    push({
      kind: 'message-out',
      t: at(40),
      ...base,
      session: 'S1',
      method: 'tools/call',
      id: 7,
      message: {
        jsonrpc: '2.0',
        id: 7,
        method: 'tools/call',
        params: { name: 'forecast', _meta: { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' } },
      },
    });
    push({
      kind: 'message-in',
      t: at(90),
      ...base,
      session: 'S1',
      id: 7,
      errorCode: -32602,
      message: { jsonrpc: '2.0', id: 7, error: { code: -32602, message: 'bad city' } },
    });
    push({
      kind: 'message-out',
      t: at(100),
      ...base,
      session: 'S1',
      method: 'tools/call',
      id: 8,
      message: { jsonrpc: '2.0', id: 8, method: 'tools/call', params: { name: 'forecast' } },
    });
    push({ kind: 'message-in', t: at(120), ...base, session: 'S1', id: 8, message: { jsonrpc: '2.0', id: 8, result: { isError: true, content: [] } } });
    push({ kind: 'lifecycle', t: at(5000), ...base, name: 'session-ended', detail: { reason: 'deleted' } });
    recorder.settle();

    const finished = spans.getFinishedSpans();
    assert.deepEqual(
      finished.map((span) => span.name),
      ['initialize', 'notifications/initialized', 'tools/call forecast', 'tools/call forecast'],
    );
    const [initialize, notification, failed, toolError] = finished;
    assert.equal(initialize.kind, SpanKind.CLIENT);
    assert.deepEqual(
      { ...initialize.attributes },
      { 'network.transport': 'tcp', 'server.address': 'mcp.example.com', 'server.port': 443, 'mcp.method.name': 'initialize', 'jsonrpc.request.id': '0' },
    );
    assert.equal(initialize.duration[1], 20_000_000, 'from request to answer');
    assert.equal(notification.attributes['mcp.session.id'], 'S1');
    assert.equal(notification.attributes['mcp.protocol.version'], '2025-06-18');
    assert.equal(notification.attributes['jsonrpc.request.id'], undefined);
    assert.equal(failed.spanContext().traceId, '4bf92f3577b34da6a3ce929d0e0e4736');
    assert.equal(failed.parentSpanContext?.spanId, '00f067aa0ba902b7');
    assert.equal(failed.attributes['gen_ai.tool.name'], 'forecast');
    assert.equal(failed.attributes['error.type'], '-32602');
    assert.equal(failed.attributes['rpc.response.status_code'], '-32602');
    assert.deepEqual(failed.status, { code: SpanStatusCode.ERROR, message: 'bad city' });
    assert.equal(toolError.attributes['error.type'], 'tool_error');
    assert.ok(!JSON.stringify(finished.map((span) => span.attributes)).includes('pw'), 'no credentials from the URL');

    const exported = await metrics();
    const names = exported.scopeMetrics.flatMap((scope) => scope.metrics.map((metric) => metric.descriptor.name));
    assert.ok(names.includes('mcp.client.operation.duration'));
    assert.ok(names.includes('mcp.client.session.duration'));
    const sessions = exported.scopeMetrics.flatMap((scope) => scope.metrics).find((metric) => metric.descriptor.name === 'mcp.client.session.duration');
    assert.equal((sessions?.dataPoints[0].value as { sum: number }).sum, (5000 - 21) / 1000);
    assert.equal(sessions?.descriptor.unit, 's');
  });

  it('a finding is an event on the span of its evidence, counted once by rule, severity and server; a late one gets a span of its own', async () => {
    const { spans, recorder, push, at, metrics } = setup();
    const request = push({
      kind: 'message-out',
      t: at(0),
      ...base,
      session: 'S1',
      method: 'tools/list',
      id: 3,
      exchange: 4,
      message: { jsonrpc: '2.0', id: 3, method: 'tools/list' },
    });
    const response = push({ kind: 'http-response', t: at(10), ...base, session: 'S1', exchange: 4, status: 404, headers: {}, durationMs: 10 });
    const finding: Finding = {
      rule: 'unknown-session',
      severity: 'error',
      message: 'Session S1 is gone',
      server: 'weather',
      sessionId: 'S1',
      evidence: [{ summary: 'POST /mcp → 404', seq: response.seq }],
      at: at(10),
      key: 'unknown-session:S1',
    };
    recorder.onFindings([finding]);
    recorder.onFindings([finding]);
    recorder.settle();
    const [span] = spans.getFinishedSpans();
    assert.equal(span.attributes['error.type'], '404');
    assert.equal(span.events.length, 1);
    assert.equal(span.events[0].name, 'mcp.inspector.finding');
    assert.equal(span.events[0].attributes?.['mcp.inspector.rule'], 'unknown-session');

    recorder.onFindings([{ ...finding, key: 'late', rule: 'orphaned-request', severity: 'warning', evidence: [{ summary: 'request', seq: request.seq }] }]);
    const late = spans.getFinishedSpans()[1];
    assert.equal(late.name, 'mcp.inspector.finding orphaned-request');
    assert.equal(late.parentSpanContext?.spanId, span.spanContext().spanId);

    const counter = (await metrics()).scopeMetrics.flatMap((scope) => scope.metrics).find((metric) => metric.descriptor.name === 'mcp.inspector.findings');
    assert.deepEqual(
      counter?.dataPoints.map((point) => [point.attributes, point.value]),
      [
        [{ 'mcp.inspector.rule': 'unknown-session', 'mcp.inspector.severity': 'error', 'mcp.inspector.server': 'weather' }, 1],
        [{ 'mcp.inspector.rule': 'orphaned-request', 'mcp.inspector.severity': 'warning', 'mcp.inspector.server': 'weather' }, 1],
      ],
    );
  });

  it('stdio is a pipe with no address; server-initiated requests are SERVER spans', () => {
    const { spans, recorder, push, at } = setup('stdio');
    push({
      kind: 'message-in',
      t: at(0),
      server: 'local',
      method: 'sampling/createMessage',
      id: 'srv-1',
      message: { jsonrpc: '2.0', id: 'srv-1', method: 'sampling/createMessage' },
    });
    push({ kind: 'message-out', t: at(50), server: 'local', id: 'srv-1', message: { jsonrpc: '2.0', id: 'srv-1', result: {} } });
    recorder.settle();
    const [span] = spans.getFinishedSpans();
    assert.equal(span.kind, SpanKind.SERVER);
    assert.deepEqual({ ...span.attributes }, { 'network.transport': 'pipe', 'mcp.method.name': 'sampling/createMessage', 'jsonrpc.request.id': 'srv-1' });
  });

  it('a request never answered ends as a timeout, not never', () => {
    const { spans, recorder, push, at } = setup();
    push({ kind: 'message-out', t: at(0), ...base, method: 'tools/list', id: 1, message: { jsonrpc: '2.0', id: 1, method: 'tools/list' } });
    recorder.sweep(Date.parse(at(0)) + 60_000);
    assert.equal(spans.getFinishedSpans().length, 0, 'still waiting');
    recorder.sweep(Date.parse(at(0)) + 10 * 60_000);
    assert.equal(spans.getFinishedSpans()[0].attributes['error.type'], 'timeout');
  });
});
