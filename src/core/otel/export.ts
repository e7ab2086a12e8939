// The OpenTelemetry side of the inspector: an SDK tracer and meter provider with the official
// OTLP/HTTP exporters (bounded batches) and, when asked, a Prometheus endpoint, fed by the
// observed servers. Loaded only through `import()` when export is enabled, so the extension's
// activation and every CLI run without `--otlp` never load any of it.
// An unreachable collector costs nothing on the observed path: events are queued (bounded) and
// turned into spans after the bytes moved on; the exporters drop what they cannot send.

import { diag, DiagLogLevel } from '@opentelemetry/api';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader, type IMetricReader } from '@opentelemetry/sdk-metrics';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import type { Finding, ServerRef } from '../model';
import type { TraceEvent } from '../trace/events';
import type { Disposable, Event } from '../util/emitter';
import { createInstruments, McpSpanRecorder, type McpInstruments } from './mcpSpans';
import { metricsUrl, tracesUrl, type OtelSettings } from './settings';

/** What the exporter observes: a connection, or a tap hub. */
export interface ObservedSource {
  server: ServerRef;
  /** Fired for every recorded (redacted) trace event, in order. */
  onDidAppend: Event<TraceEvent>;
  /** Fired when findings may have changed. */
  onDidChangeFindings: Event<unknown>;
  findings(): readonly Finding[];
}

export interface OtelExportOptions extends OtelSettings {
  serviceVersion?: string;
  /** How often buffered spans are sent (ms; default 2000) and metrics pushed (default 10000). */
  spanDelayMs?: number;
  metricIntervalMs?: number;
  /**
   * Told when an export fails (the first time, then at most once a minute). Installs the process-wide
   * OpenTelemetry diagnostic logger, so only a process of our own (the CLI) passes it — never the extension host.
   */
  onExportError?: (message: string) => void;
}

const EXPORT_ERROR_INTERVAL_MS = 60_000;

/** The SDK reports an error as its JSON (stack and all): the message is what a user can act on. */
function plainError(text: string): string {
  try {
    const parsed = JSON.parse(text) as { message?: unknown };
    return typeof parsed?.message === 'string' ? parsed.message : text;
  } catch {
    return text;
  }
}

/** Routes the SDK's own error reports (failed exports) to `report`, rate-limited. */
function reportExportErrors(report: (message: string) => void): void {
  let last = Number.NEGATIVE_INFINITY;
  const error = (message: string, ...args: unknown[]) => {
    const now = Date.now();
    if (now - last < EXPORT_ERROR_INTERVAL_MS) return;
    last = now;
    const detail = args
      .map((arg) => (arg instanceof Error ? arg.message : typeof arg === 'string' ? arg : ''))
      .filter(Boolean)
      .join(' ');
    report(`${plainError(message)}${detail ? ` ${detail}` : ''}`.replace(/\s+/g, ' ').slice(0, 300));
  };
  const ignore = () => undefined;
  diag.setLogger({ error, warn: ignore, info: ignore, debug: ignore, verbose: ignore }, { logLevel: DiagLogLevel.ERROR, suppressOverrideMessage: true });
}

/** Events waiting to become spans, per source; past this they are dropped (and counted). */
const MAX_QUEUED = 10_000;
const SWEEP_MS = 500;

export class OtelExport {
  private readonly tracerProvider: TracerProvider;
  private readonly meterProvider: MeterProvider;
  private readonly instruments: McpInstruments;
  private readonly prometheus?: PrometheusExporter;
  private readonly recorders = new Set<McpSpanRecorder>();
  private readonly sweeper: NodeJS.Timeout;
  /** Events dropped because the queue was full (the observed traffic never waits for us). */
  dropped = 0;

  private constructor(options: OtelExportOptions) {
    const resource = resourceFromAttributes({
      [ATTR_SERVICE_NAME]: 'mcp-session-inspector',
      ...(options.serviceVersion ? { [ATTR_SERVICE_VERSION]: options.serviceVersion } : {}),
    });
    const traces = tracesUrl(options);
    this.tracerProvider = new TracerProvider({
      resource,
      spanProcessors: traces
        ? [
            new BatchSpanProcessor({
              exporter: new OTLPTraceExporter({ url: traces, timeoutMillis: 5000, concurrencyLimit: 2 }),
              maxQueueSize: 2048,
              maxExportBatchSize: 512,
              scheduledDelayMillis: options.spanDelayMs ?? 2000,
              exportTimeoutMillis: 5000,
            }),
          ]
        : [],
    });
    const readers: IMetricReader[] = [];
    const pushed = metricsUrl(options);
    if (pushed)
      readers.push(
        new PeriodicExportingMetricReader({
          exporter: new OTLPMetricExporter({ url: pushed, timeoutMillis: 5000, concurrencyLimit: 2 }),
          exportIntervalMillis: options.metricIntervalMs ?? 10_000,
          exportTimeoutMillis: 5000,
        }),
      );
    if (options.metricsPort !== undefined) {
      this.prometheus = new PrometheusExporter({ host: options.metricsHost ?? '127.0.0.1', port: options.metricsPort, preventServerStart: true });
      readers.push(this.prometheus);
    }
    this.meterProvider = new MeterProvider({ resource, readers });
    this.instruments = createInstruments(
      this.tracerProvider.getTracer('mcp-session-inspector', options.serviceVersion),
      this.meterProvider.getMeter('mcp-session-inspector', options.serviceVersion),
    );
    this.sweeper = setInterval(() => {
      for (const recorder of this.recorders) recorder.sweep();
    }, SWEEP_MS);
    this.sweeper.unref();
  }

  /** Starts the providers (and the Prometheus endpoint, whose port is known once this resolves). */
  static async start(options: OtelExportOptions): Promise<OtelExport> {
    if (options.onExportError) reportExportErrors(options.onExportError);
    const exporter = new OtelExport(options);
    if (exporter.prometheus) {
      try {
        await exporter.prometheus.startServer();
      } catch (error) {
        await exporter.shutdown();
        throw new Error(
          `cannot serve metrics on ${options.metricsHost ?? '127.0.0.1'}:${options.metricsPort}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
    return exporter;
  }

  /**
   * The Prometheus scrape URL, when one is served. With `--metrics-port 0` only the listening
   * server knows the port, and the exporter exposes no accessor for it: its server is read.
   */
  get metricsEndpoint(): string | undefined {
    const server = (this.prometheus as unknown as { _server?: import('node:http').Server })?._server;
    const address = server?.address();
    return address && typeof address === 'object'
      ? `http://${address.address.includes(':') ? `[${address.address}]` : address.address}:${address.port}/metrics`
      : undefined;
  }

  /** Exports what a source observes from now on; dispose ends its open spans and sessions. */
  observe(source: ObservedSource): Disposable {
    const recorder = new McpSpanRecorder(source.server, this.instruments);
    this.recorders.add(recorder);
    let queue: TraceEvent[] = [];
    let scheduled = false;
    let findingsChanged = false;
    const drain = () => {
      scheduled = false;
      const events = queue;
      queue = [];
      for (const event of events) recorder.onEvent(event);
      if (findingsChanged) {
        findingsChanged = false;
        recorder.onFindings(source.findings());
      }
    };
    const schedule = () => {
      if (scheduled) return;
      scheduled = true;
      setImmediate(drain);
    };
    const appended = source.onDidAppend((event) => {
      if (queue.length >= MAX_QUEUED) {
        this.dropped++;
        return;
      }
      queue.push(event);
      schedule();
    });
    const changed = source.onDidChangeFindings(() => {
      findingsChanged = true;
      schedule();
    });
    return {
      dispose: () => {
        appended.dispose();
        changed.dispose();
        drain();
        recorder.onFindings(source.findings());
        recorder.finish();
        this.recorders.delete(recorder);
      },
    };
  }

  /** Sends what is buffered now (tests, and before exit). */
  async flush(): Promise<void> {
    for (const recorder of this.recorders) recorder.settle();
    await Promise.allSettled([this.tracerProvider.forceFlush({ timeoutMillis: 5000 }), this.meterProvider.forceFlush({ timeoutMillis: 5000 })]);
  }

  /** Flushes (bounded in time) and stops; never throws, the collector may be gone. */
  async shutdown(): Promise<void> {
    clearInterval(this.sweeper);
    for (const recorder of this.recorders) recorder.finish();
    this.recorders.clear();
    await Promise.allSettled([this.tracerProvider.shutdown(), this.meterProvider.shutdown()]);
  }
}
