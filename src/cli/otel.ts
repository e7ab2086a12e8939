// `--otlp URL`, `--metrics-port N` (and OTEL_EXPORTER_OTLP_*) for `watch` and `tap`: starts the
// OpenTelemetry export only when asked, importing it then and not before.

import type { OtelExport } from '../core/otel/export';
import { OtelSettingsError, otelSettings } from '../core/otel/settings';
import { redactText } from '../core/trace/redact';
import { isLoopbackHost } from '../core/util/net';
import { flag, hasFlag, UsageError, type ParsedArgs } from './args';
import { VERSION } from './version';

/** Starts the export the flags and environment ask for; undefined when none. */
export async function startOtelExport(args: ParsedArgs, report: (line: string) => void, env: NodeJS.ProcessEnv = process.env): Promise<OtelExport | undefined> {
  let settings;
  try {
    settings = otelSettings({ otlp: flag(args, 'otlp'), metricsPort: flag(args, 'metrics-port'), metricsHost: flag(args, 'metrics-host') }, env);
  } catch (error) {
    if (error instanceof OtelSettingsError) throw new UsageError(error.message);
    throw error;
  }
  if (!settings) return undefined;
  if (settings.metricsHost && !isLoopbackHost(settings.metricsHost) && !hasFlag(args, 'allow-remote')) {
    throw new UsageError(
      `--metrics-host ${settings.metricsHost} would serve metrics off this machine; add --allow-remote if that is what you want (loopback only by default)`,
    );
  }
  const { OtelExport: Export } = await import('../core/otel/export');
  return Export.start({
    ...settings,
    serviceVersion: VERSION,
    onExportError: (message) => report(`OpenTelemetry export failed (the observed traffic is unaffected): ${redactText(message)}`),
  }).catch((error: unknown) => {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  });
}

/** One line saying where telemetry goes (no credentials: endpoints are printed without userinfo or query). */
export function describeOtelExport(exporter: OtelExport, args: ParsedArgs, env: NodeJS.ProcessEnv = process.env): string {
  const parts: string[] = [];
  const endpoint = flag(args, 'otlp') ?? env.OTEL_EXPORTER_OTLP_ENDPOINT ?? env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  if (endpoint) {
    try {
      const url = new URL(endpoint);
      parts.push(`OTLP to ${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`);
    } catch {
      parts.push('OTLP');
    }
  }
  if (exporter.metricsEndpoint) parts.push(`metrics at ${exporter.metricsEndpoint}`);
  return `exporting OpenTelemetry: ${parts.join(', ')}`;
}
