import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createConnection, defaultEngineOptions } from '../../../src/core/connection';
import { OtelExport } from '../../../src/core/otel/export';
import { tapHubSource } from '../../../src/core/otel/sources';
import { HttpTap } from '../../../src/core/tap/httpTap';
import { runCli } from '../../fixtures/support/cli';
import { attribute, startOtlpReceiver, type OtlpReceiver, type OtlpSpan } from '../../fixtures/support/otlpReceiver';
import { openSession, post, rpc, sessionHeaders } from '../../fixtures/support/rawClient';
import { freePort, waitFor } from '../../fixtures/support/servers';
import { startSessionServer, type SessionServer } from '../../fixtures/support/sessionServer';

const CLI = resolve('dist/cli.js');
const EVERYTHING = resolve('node_modules/@modelcontextprotocol/server-everything/dist/index.js');
const PROMETHEUS = '/usr/bin/prometheus';
const SPAN_KIND_INTERNAL = 1;
const SPAN_KIND_CLIENT = 3;
const TRACEPARENT = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7' };

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the CLI's JSON, read loosely
type JsonLine = Record<string, any>;

interface TapProcess {
  child: ChildProcess;
  url: string;
  lines(): JsonLine[];
  stderr(): string;
  stop(): Promise<number | null>;
}

/** `tap URL --json` plus extra flags, once it listens. */
async function startTap(target: string, extra: string[], env: NodeJS.ProcessEnv = process.env): Promise<TapProcess> {
  const child = spawn(process.execPath, [CLI, 'tap', target, '--json', ...extra], { stdio: ['ignore', 'pipe', 'pipe'], env });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', done));
  const lines = () =>
    stdout
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as JsonLine);
  await waitFor(() => lines().some((line) => line.type === 'listening') || child.exitCode !== null, 15_000, 'the tap to listen');
  if (child.exitCode !== null) throw new Error(`tap exited: ${stderr}`);
  return {
    child,
    url: lines().find((line) => line.type === 'listening')?.url as string,
    lines,
    stderr: () => stderr,
    stop: async () => {
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** A session, a tool call carrying a caller's traceparent, then a server restart and a call on the lost session. */
async function sessionLostBehindTap(server: SessionServer, tap: TapProcess): Promise<string> {
  const { sessionId } = await openSession(tap.url, { 'user-agent': 'otel-test/1.0' });
  assert.ok(sessionId);
  const headers = { ...sessionHeaders(sessionId), 'user-agent': 'otel-test/1.0' };
  const call = await post(
    tap.url,
    rpc('tools/call', { name: 'echo', arguments: { text: 'hi' }, _meta: { traceparent: `00-${TRACEPARENT.traceId}-${TRACEPARENT.spanId}-01` } }, 'call-1'),
    headers,
  );
  assert.equal(call.status, 200);
  await server.restart();
  assert.equal((await post(tap.url, rpc('tools/list', {}, 'list-after-restart'), headers)).status, 404);
  await waitFor(() => tap.lines().some((line) => line.type === 'finding' && line.finding.rule === 'unknown-session'), 10_000, 'the unknown-session finding');
  return sessionId;
}

const attr = (span: OtlpSpan, key: string) => attribute(span.attributes, key);

describe('OpenTelemetry export', function () {
  this.timeout(90_000);
  let receiver: OtlpReceiver;
  let server: SessionServer;

  beforeEach(async () => {
    receiver = await startOtlpReceiver();
    server = await startSessionServer({ unknownSession: 'not-found-404' });
  });
  afterEach(async () => {
    await server.stop();
    await receiver.close();
  });

  it('tap --otlp: a CLIENT span per MCP request with the conventions’ names and attributes; the finding is an event on the failed span; traceparent in _meta is the parent', async () => {
    const tap = await startTap(server.url, ['--otlp', receiver.url]);
    let sessionId: string;
    try {
      sessionId = await sessionLostBehindTap(server, tap);
    } finally {
      assert.equal(await tap.stop(), 1);
    }
    await waitFor(() => receiver.spans().some((span) => span.name === 'tools/list'), 10_000, 'the spans to arrive');
    const spans = receiver.spans();
    const port = Number(new URL(server.url).port);

    const initialize = spans.find((span) => span.name === 'initialize');
    assert.ok(initialize, spans.map((span) => span.name).join(', '));
    assert.equal(initialize.kind, SPAN_KIND_CLIENT);
    assert.equal(attr(initialize, 'mcp.method.name'), 'initialize');
    assert.equal(typeof attr(initialize, 'jsonrpc.request.id'), 'string');
    assert.equal(attr(initialize, 'network.transport'), 'tcp');
    assert.equal(attr(initialize, 'server.address'), '127.0.0.1');
    assert.equal(attr(initialize, 'server.port'), port);

    const notification = spans.find((span) => span.name === 'notifications/initialized');
    assert.ok(notification, 'the notification is a span of its own');
    assert.equal(attr(notification, 'jsonrpc.request.id'), undefined, 'notifications carry no request id');
    assert.equal(attr(notification, 'mcp.session.id'), sessionId);

    const call = spans.find((span) => span.name === 'tools/call echo');
    assert.ok(call, 'span name is {mcp.method.name} {target}');
    assert.equal(attr(call, 'mcp.method.name'), 'tools/call');
    assert.equal(attr(call, 'gen_ai.tool.name'), 'echo');
    assert.equal(attr(call, 'jsonrpc.request.id'), 'call-1');
    assert.equal(attr(call, 'mcp.session.id'), sessionId);
    assert.equal(attr(call, 'mcp.protocol.version'), '2025-11-25');
    assert.equal(call.traceId, TRACEPARENT.traceId, 'the caller’s trace');
    assert.equal(call.parentSpanId, TRACEPARENT.spanId, 'the caller’s span is the parent');
    assert.equal(attr(call, 'error.type'), undefined);
    assert.ok(BigInt(call.endTimeUnixNano) >= BigInt(call.startTimeUnixNano));

    const lost = spans.find((span) => span.name === 'tools/list');
    assert.ok(lost);
    assert.equal(attr(lost, 'jsonrpc.request.id'), 'list-after-restart');
    assert.equal(attr(lost, 'error.type'), '404');
    assert.equal(lost.status.code, 2, 'status ERROR');
    assert.equal(lost.status.message, 'Session not found', 'described in the answer’s own words');
    const event = lost.events.find((candidate) => candidate.name === 'mcp.inspector.finding');
    assert.ok(event, `the finding is an event on the span of its evidence: ${JSON.stringify(spans.filter((span) => span.kind === SPAN_KIND_INTERNAL))}`);
    assert.equal(attribute(event.attributes, 'mcp.inspector.rule'), 'unknown-session');
    assert.equal(attribute(event.attributes, 'mcp.inspector.severity'), 'error');
    assert.match(String(attribute(event.attributes, 'mcp.inspector.message')), /session/i);

    // Metrics went out too: operation durations and the findings counter.
    const metricsText = JSON.stringify(receiver.metrics);
    assert.match(metricsText, /"mcp\.client\.operation\.duration"/);
    assert.match(metricsText, /"mcp\.inspector\.findings"/);
    assert.match(metricsText, /"mcp\.client\.session\.duration"/);
    assert.match(metricsText, /"error\.type","value":\{"stringValue":"unknown-to-server"\}/, 'the lost session’s duration says how it ended');
  });

  it('tap --metrics-port, scraped by a real Prometheus: the findings counter after a server restart behind the tap', async () => {
    const metricsPort = await freePort();
    const tap = await startTap(server.url, ['--metrics-port', String(metricsPort)]);
    const dir = mkdtempSync(join(tmpdir(), 'mcp-prometheus-'));
    let prometheus: ChildProcess | undefined;
    try {
      await waitFor(() => tap.lines().some((line) => line.type === 'otel'), 5000, 'the otel line');
      assert.equal(tap.lines().find((line) => line.type === 'otel')?.metrics, `http://127.0.0.1:${metricsPort}/metrics`);
      const promPort = await freePort();
      mkdirSync(join(dir, 'data'));
      writeFileSync(
        join(dir, 'prometheus.yml'),
        [
          'global:',
          '  scrape_interval: 1s',
          'scrape_configs:',
          '  - job_name: mcp-tap',
          '    static_configs:',
          `      - targets: ['127.0.0.1:${metricsPort}']`,
          '',
        ].join('\n'),
      );
      let promOutput = '';
      prometheus = spawn(
        PROMETHEUS,
        [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${promPort}`],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      prometheus.stderr?.on('data', (chunk: Buffer) => (promOutput += chunk.toString()));
      prometheus.stdout?.on('data', (chunk: Buffer) => (promOutput += chunk.toString()));

      await sessionLostBehindTap(server, tap);

      const query = async (expression: string) => {
        const answer = await fetch(`http://127.0.0.1:${promPort}/api/v1/query?query=${encodeURIComponent(expression)}`).catch(() => undefined);
        if (!answer?.ok) return [];
        return ((await answer.json()) as { data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> } }).data.result;
      };
      let found: Array<{ metric: Record<string, string>; value: [number, string] }> = [];
      await waitFor(
        async () => {
          if (prometheus?.exitCode !== null) throw new Error(`prometheus exited: ${promOutput}`);
          found = await query('mcp_inspector_findings_total{mcp_inspector_rule="unknown-session"}');
          return found.length > 0;
        },
        45_000,
        'Prometheus to scrape the findings counter',
      );
      assert.equal(found[0].metric.mcp_inspector_severity, 'error');
      assert.equal(found[0].metric.mcp_inspector_server, '127.0.0.1:' + new URL(server.url).port);
      assert.ok(Number(found[0].value[1]) >= 1);
      const operations = await query('mcp_client_operation_duration_count');
      assert.ok(
        operations.some((series) => series.metric.mcp_method_name === 'tools/call'),
        JSON.stringify(operations),
      );
    } finally {
      prometheus?.kill('SIGTERM');
      await tap.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a collector that is down: the traffic through the tap is unchanged and the tap still stops promptly', async () => {
    const down = await freePort();
    const tap = await startTap(server.url, ['--otlp', `http://127.0.0.1:${down}`]);
    try {
      const { sessionId } = await openSession(tap.url);
      assert.ok(sessionId);
      for (let i = 0; i < 20; i++)
        assert.equal((await post(tap.url, rpc('tools/call', { name: 'echo', arguments: { text: `n${i}` } }), sessionHeaders(sessionId))).status, 200);
    } finally {
      const started = Date.now();
      assert.equal(await tap.stop(), 0);
      assert.ok(Date.now() - started < 15_000, 'shutdown is bounded even though nothing could be sent');
    }
    const failures = tap
      .stderr()
      .trim()
      .split('\n')
      .filter((line) => /OpenTelemetry export failed/.test(line));
    assert.ok(failures.length >= 1, `the user is told, on stderr: ${tap.stderr()}`);
    assert.ok(failures.length <= 2, 'once, not once per batch');
    assert.match(failures[0], /ECONNREFUSED/);
    assert.ok(!/"stack"|\n\s+at /.test(failures[0]), `one readable line: ${failures[0]}`);
  });

  it('watch --otlp: the inspector’s own connection as spans, and the stdio tap (from OTEL_EXPORTER_OTLP_ENDPOINT) as pipe spans', async () => {
    const watched = await runCli(['watch', server.url, '--otlp', receiver.url, '--ping-interval', '1s'], 4000, 'SIGINT');
    assert.equal(watched.code, 0, watched.stderr);
    assert.match(watched.stdout, /exporting OpenTelemetry: OTLP to http:\/\/127\.0\.0\.1:\d+/);
    await waitFor(() => receiver.spans().some((span) => span.name === 'ping'), 10_000, 'the ping spans');
    const ping = receiver.spans().find((span) => span.name === 'ping') as OtlpSpan;
    assert.equal(ping.kind, SPAN_KIND_CLIENT);
    assert.equal(attr(ping, 'network.transport'), 'tcp');
    assert.ok(attr(ping, 'mcp.session.id'));

    const before = receiver.spans().length;
    const connection = createConnection(
      {
        name: 'everything (tapped)',
        type: 'stdio',
        command: process.execPath,
        args: [CLI, 'tap', '--', process.execPath, EVERYTHING, 'stdio'],
        env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, PATH: process.env.PATH ?? '' },
        source: { kind: 'cli' },
      },
      { ...defaultEngineOptions, pingIntervalMs: 0, requestTimeoutMs: 15_000 },
    );
    try {
      await connection.connect();
      assert.equal(connection.model.handshake.state, 'ready', connection.model.handshake.reason);
      await connection.checkHealth();
    } finally {
      await connection.dispose();
    }
    await waitFor(
      () =>
        receiver
          .spans()
          .slice(before)
          .some((span) => span.name === 'initialize'),
      15_000,
      'the stdio tap’s spans',
    );
    const initialize = receiver
      .spans()
      .slice(before)
      .find((span) => span.name === 'initialize') as OtlpSpan;
    assert.equal(attr(initialize, 'network.transport'), 'pipe');
    assert.equal(attr(initialize, 'server.address'), undefined);
  });

  it('usage mistakes are one line and exit 2, and a mistake found after the metrics endpoint started still ends the process', async () => {
    const runs: Array<[string[], RegExp]> = [
      [['tap', server.url, '--otlp', 'collector:4318'], /--otlp takes an http\(s\) URL/],
      [['watch', server.url, '--metrics-port', '99999'], /--metrics-port takes a port number/],
      [['tap', server.url, '--metrics-port', '0', '--metrics-host', '0.0.0.0'], /--allow-remote/],
      [['watch', 'no-such-server', '--config', 'no-such-mcp.json', '--metrics-port', '0'], /cannot read no-such-mcp\.json/],
    ];
    for (const [args, message] of runs) {
      const run = await runCli(args, 20_000);
      assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
      assert.equal(run.stderr.trim().split('\n').length, 1, args.join(' '));
      assert.match(run.stderr, message);
    }
  });

  it('the tap stays transparent while exporting: the server receives exactly what the client sent, no trace context added', async () => {
    const received: Array<{ headers: Record<string, unknown>; body: unknown }> = [];
    const recording = await startSessionServer({
      filter: (request, _response, body) => {
        received.push({ headers: { ...request.headers }, body });
        return false;
      },
    });
    const exporter = await OtelExport.start({ endpoint: receiver.url, spanDelayMs: 100 });
    const tap = await HttpTap.start({ target: recording.url, tickMs: 0 });
    const observation = exporter.observe(tapHubSource(tap.hub));
    try {
      const { sessionId } = await openSession(tap.url);
      assert.ok(sessionId);
      const sent = rpc(
        'tools/call',
        { name: 'echo', arguments: { text: 'hi' }, _meta: { traceparent: `00-${TRACEPARENT.traceId}-${TRACEPARENT.spanId}-01` } },
        'untouched',
      );
      assert.equal((await post(tap.url, sent, sessionHeaders(sessionId))).status, 200);
      const plain = rpc('tools/list', {}, 'no-meta');
      assert.equal((await post(tap.url, plain, sessionHeaders(sessionId))).status, 200);
      assert.deepEqual(received.find((request) => (request.body as { id?: unknown })?.id === 'untouched')?.body, sent);
      assert.deepEqual(received.find((request) => (request.body as { id?: unknown })?.id === 'no-meta')?.body, plain, 'no _meta added');
      for (const request of received)
        for (const header of ['traceparent', 'tracestate', 'baggage']) assert.equal(request.headers[header], undefined, `no ${header} header added`);
      await exporter.flush();
      await waitFor(() => receiver.spans().some((span) => span.name === 'tools/call echo'), 10_000, 'the span of the call');
    } finally {
      observation.dispose();
      await tap.close();
      await exporter.shutdown();
      await recording.stop();
    }
  });
});
