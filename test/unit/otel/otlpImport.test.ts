import * as assert from 'node:assert/strict';
import { FleetAnalysis } from '../../../src/core/otel/fleetRules';
import { mcpSpansOf, type McpSpanFact } from '../../../src/core/otel/otlpJson';
import { otelSettings, tracesUrl } from '../../../src/core/otel/settings';

const attr = (key: string, value: string | number) => ({ key, value: typeof value === 'number' ? { intValue: String(value) } : { stringValue: value } });

function document(host: string, instanceId: string, spans: Array<{ method: string; session?: string; ms: number; error?: string; id?: string }>) {
  return {
    resourceSpans: [
      {
        resource: { attributes: [attr('service.name', 'weather'), attr('host.name', host), attr('service.instance.id', instanceId)] },
        scopeSpans: [
          {
            spans: spans.map((span, index) => ({
              traceId: Buffer.alloc(16, index + 1).toString('base64'),
              spanId: span.id ?? `${index}`.padStart(16, 'a'),
              name: span.method,
              kind: 'SPAN_KIND_SERVER',
              startTimeUnixNano: `${BigInt(span.ms) * 1_000_000n}`,
              endTimeUnixNano: `${BigInt(span.ms + 5) * 1_000_000n}`,
              attributes: [
                attr('mcp.method.name', span.method),
                ...(span.session ? [attr('mcp.session.id', span.session)] : []),
                ...(span.error ? [attr('error.type', '404')] : []),
              ],
              status: span.error ? { code: 'STATUS_CODE_ERROR', message: span.error } : {},
            })),
          },
        ],
      },
    ],
  };
}

function facts(...documents: unknown[]): McpSpanFact[] {
  const all: McpSpanFact[] = [];
  documents.forEach((doc, index) => mcpSpansOf(doc, index + 1, (fact) => all.push(fact)));
  return all;
}

describe('OpenTelemetry: OTLP JSON import and the fleet rules', () => {
  it('reads spans whatever the id encoding and kind spelling, and skips non-MCP spans', () => {
    const read = facts(document('a', 'i-a', [{ method: 'initialize', session: 'S', ms: 1000 }]), {
      resourceSpans: [{ resource: {}, scopeSpans: [{ spans: [{ name: 'GET /', attributes: [] }] }] }],
    });
    assert.equal(read.length, 1);
    assert.equal(read[0].traceId, '01'.repeat(16));
    assert.equal(read[0].kind, 'server');
    assert.equal(read[0].instance, 'a');
    assert.equal(read[0].startMs, 1000);
  });

  it('no false alarm: one instance, sessions served throughout', () => {
    const fleet = new FleetAnalysis();
    for (const fact of facts(
      document('a', 'i-a', [
        { method: 'initialize', session: 'S', ms: 0 },
        { method: 'tools/list', session: 'S', ms: 10 },
      ]),
    ))
      fleet.add(fact);
    assert.deepEqual(fleet.findings('f'), []);
  });

  it('affinity across instances, a restart, and a recurring idle time are told apart', () => {
    const fleet = new FleetAnalysis();
    const spans = facts(
      document('a', 'i-a1', [
        { method: 'initialize', session: 'AFF', ms: 0 },
        { method: 'initialize', session: 'RST', ms: 0 },
        { method: 'initialize', session: 'I1', ms: 0 },
        { method: 'initialize', session: 'I2', ms: 100 },
      ]),
      document('b', 'i-b', [{ method: 'tools/list', session: 'AFF', ms: 50, error: 'Session not found' }]),
      document('a', 'i-a2', [{ method: 'tools/list', session: 'RST', ms: 200_000, error: 'Session not found' }]),
      document('a', 'i-a1', [
        { method: 'tools/list', session: 'I1', ms: 30_010, error: 'Session not found' },
        { method: 'tools/list', session: 'I2', ms: 30_110, error: 'Session not found' },
      ]),
    );
    for (const fact of spans) fleet.add(fact);
    const findings = fleet.findings('fleet.jsonl');
    const byRule = new Map(findings.map((finding) => [finding.rule, finding]));
    assert.deepEqual([...byRule.keys()].sort(), ['session-affinity', 'stream-idle-timeout', 'unknown-session']);
    assert.match(
      byRule.get('session-affinity')?.message ?? '',
      /1 session of weather was created on one instance and then answered "Session not found" by another \(instances: a, b; sessions: AFF\)/,
    );
    assert.equal(byRule.get('session-affinity')?.sessionId, 'AFF');
    assert.match(byRule.get('unknown-session')?.message ?? '', /^Instance restarted: a /);
    assert.match(byRule.get('stream-idle-timeout')?.message ?? '', /about 30 s idle/);
    assert.deepEqual(
      byRule.get('session-affinity')?.evidence.map((evidence) => [evidence.instance, evidence.line]),
      [
        ['a', 1],
        ['b', 2],
      ],
    );
  });

  it('client spans (the inspector’s own export) show a recurring idle expiry, and never an affinity problem', () => {
    const fleet = new FleetAnalysis();
    const client = (doc: ReturnType<typeof document>) => {
      for (const resource of doc.resourceSpans) for (const scope of resource.scopeSpans) for (const span of scope.spans) span.kind = 'SPAN_KIND_CLIENT';
      return doc;
    };
    for (const fact of facts(
      client(
        document('laptop', 'i-1', [
          { method: 'initialize', session: 'C1', ms: 0 },
          { method: 'tools/call', session: 'C1', ms: 60_000, error: 'Session not found' },
          { method: 'initialize', session: 'C2', ms: 70_000 },
          { method: 'tools/call', session: 'C2', ms: 131_000, error: 'Session not found' },
        ]),
      ),
    ))
      fleet.add(fact);
    assert.deepEqual(
      fleet.findings('f').map((finding) => finding.rule),
      ['stream-idle-timeout'],
    );
  });

  it('settings: --otlp wins over the environment, bad values are one clear line, nothing asked means no export', () => {
    assert.equal(otelSettings({}, {}), undefined);
    assert.equal(tracesUrl(otelSettings({ otlp: 'http://c:4318/' }, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://other:4318' }) ?? {}), 'http://c:4318/v1/traces');
    assert.equal(tracesUrl(otelSettings({}, { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://t:4318/custom' }) ?? {}), 'http://t:4318/custom');
    assert.throws(() => otelSettings({ otlp: 'collector:4318' }, {}), /--otlp takes an http\(s\) URL/);
    assert.throws(() => otelSettings({ metricsPort: '99999' }, {}), /--metrics-port takes a port number/);
    assert.deepEqual(otelSettings({ metricsPort: '0' }, {}), { metricsPort: 0 });
  });
});
