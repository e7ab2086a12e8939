// Whether and where the inspector exports OpenTelemetry: from `--otlp URL` / `--metrics-port`
// (or the extension's settings) and the standard OTEL_EXPORTER_OTLP_* variables. Pure: it loads
// nothing of OpenTelemetry, so callers decide cheaply whether to import the exporter at all.

export interface OtelSettings {
  /** OTLP/HTTP base endpoint (`http://collector:4318`); signal paths `/v1/traces`, `/v1/metrics` are added. */
  endpoint?: string;
  /** Traces endpoint from OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, used as given. */
  tracesEndpoint?: string;
  /** Metrics endpoint from OTEL_EXPORTER_OTLP_METRICS_ENDPOINT, used as given. */
  metricsEndpoint?: string;
  /** Serve the metrics for Prometheus to scrape on this port (0: any free port). */
  metricsPort?: number;
  /** Interface of the Prometheus endpoint (default 127.0.0.1). */
  metricsHost?: string;
}

/** Problems with what the user gave, in words for one line. */
export class OtelSettingsError extends Error {}

function checkedUrl(value: string, what: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new OtelSettingsError(`${what} takes an http(s) URL such as http://127.0.0.1:4318, not '${value}'`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new OtelSettingsError(`${what} takes an http(s) URL, not '${value}'`);
  return value.replace(/\/+$/, '');
}

/** Reads the flags' values and the environment; undefined when nothing asks for export. */
export function otelSettings(
  flags: { otlp?: string; metricsPort?: string; metricsHost?: string },
  env: NodeJS.ProcessEnv = process.env,
): OtelSettings | undefined {
  const settings: OtelSettings = {};
  const endpoint = flags.otlp ?? env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (endpoint) settings.endpoint = checkedUrl(endpoint, flags.otlp ? '--otlp' : 'OTEL_EXPORTER_OTLP_ENDPOINT');
  if (!flags.otlp && env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT)
    settings.tracesEndpoint = checkedUrl(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  if (!flags.otlp && env.OTEL_EXPORTER_OTLP_METRICS_ENDPOINT)
    settings.metricsEndpoint = checkedUrl(env.OTEL_EXPORTER_OTLP_METRICS_ENDPOINT, 'OTEL_EXPORTER_OTLP_METRICS_ENDPOINT');
  if (flags.metricsPort !== undefined) {
    const port = Number(flags.metricsPort);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new OtelSettingsError(`--metrics-port takes a port number (0–65535), not '${flags.metricsPort}'`);
    settings.metricsPort = port;
    if (flags.metricsHost) settings.metricsHost = flags.metricsHost;
  }
  return settings.endpoint || settings.tracesEndpoint || settings.metricsEndpoint || settings.metricsPort !== undefined ? settings : undefined;
}

/** The traces URL the OTLP/HTTP exporter posts to, if traces are exported. */
export function tracesUrl(settings: OtelSettings): string | undefined {
  return settings.tracesEndpoint ?? (settings.endpoint ? `${settings.endpoint}/v1/traces` : undefined);
}

/** The metrics URL the OTLP/HTTP exporter posts to, if metrics are pushed. */
export function metricsUrl(settings: OtelSettings): string | undefined {
  return settings.metricsEndpoint ?? (settings.endpoint ? `${settings.endpoint}/v1/metrics` : undefined);
}
