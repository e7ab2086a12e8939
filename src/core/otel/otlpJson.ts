// Reads OTLP JSON trace exports — the Collector's file exporter (one `{"resourceSpans":[…]}` a
// line) or a download from a tracing backend (one document, possibly pretty-printed) — into the
// few facts the fleet rules need about each MCP span: which instance answered, for which session,
// when, and whether it said it did not know the session. Plain JSON: no OpenTelemetry SDK loaded.

import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { saysSessionLost } from '../protocol/answers';

/** One MCP span, as the fleet rules see it. */
export interface McpSpanFact {
  /** `host.name`, else `service.instance.id`, else `service.name`: what the user calls the replica. */
  instance: string;
  /** One run of the instance's process (`service.instance.id` and `process.pid`): a restart changes it. */
  incarnation: string;
  service: string;
  kind: 'server' | 'client' | 'other';
  method: string;
  sessionId?: string;
  startMs: number;
  endMs: number;
  traceId: string;
  spanId: string;
  failed: boolean;
  /** The answer said the session is unknown ("Session not found" and the like). */
  unknownSession: boolean;
  /** 1-based line of the file the span was on. */
  line: number;
}

export interface OtlpReadProblem {
  line: number;
  message: string;
}

type AnyValue = { stringValue?: string; intValue?: number | string; doubleValue?: number; boolValue?: boolean };
type KeyValue = { key?: string; value?: AnyValue };

function valueOf(value: AnyValue | undefined): string | number | boolean | undefined {
  if (!value) return undefined;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.boolValue !== undefined) return value.boolValue;
  return undefined;
}

function attributesOf(list: unknown): Map<string, string | number | boolean> {
  const map = new Map<string, string | number | boolean>();
  if (!Array.isArray(list)) return map;
  for (const item of list as KeyValue[]) {
    const value = valueOf(item?.value);
    if (typeof item?.key === 'string' && value !== undefined) map.set(item.key, value);
  }
  return map;
}

/** Ids are hex in OTLP JSON; some backends write protobuf's base64 instead. */
function hexId(id: unknown, bytes: number): string {
  if (typeof id !== 'string') return '';
  if (/^[0-9a-f]+$/i.test(id) && id.length === bytes * 2) return id.toLowerCase();
  const decoded = Buffer.from(id, 'base64');
  return decoded.length === bytes ? decoded.toString('hex') : id;
}

function nanosToMs(value: unknown): number {
  if (typeof value === 'number') return value / 1e6;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(BigInt(value) / 1000n) / 1000;
  return Number.NaN;
}

function kindOf(kind: unknown): McpSpanFact['kind'] {
  if (kind === 2 || kind === 'SPAN_KIND_SERVER') return 'server';
  if (kind === 3 || kind === 'SPAN_KIND_CLIENT') return 'client';
  return 'other';
}

const text = (value: unknown) => (value === undefined ? '' : String(value));

/** The MCP spans of one OTLP JSON document (`{"resourceSpans":[…]}`). */
export function mcpSpansOf(document: unknown, line: number, onSpan: (fact: McpSpanFact) => void): number {
  const resourceSpans = (document as { resourceSpans?: unknown })?.resourceSpans;
  if (!Array.isArray(resourceSpans)) return 0;
  let count = 0;
  for (const resourceSpan of resourceSpans as Array<Record<string, unknown>>) {
    const resource = attributesOf((resourceSpan?.resource as { attributes?: unknown } | undefined)?.attributes);
    const service = text(resource.get('service.name')) || 'unknown_service';
    const instanceId = text(resource.get('service.instance.id'));
    const instance = text(resource.get('host.name')) || instanceId || service;
    const incarnation = `${instanceId}|${text(resource.get('process.pid'))}`;
    const scopes = (resourceSpan?.scopeSpans ?? resourceSpan?.instrumentationLibrarySpans) as Array<{ spans?: unknown }> | undefined;
    for (const scope of Array.isArray(scopes) ? scopes : []) {
      for (const span of Array.isArray(scope?.spans) ? (scope.spans as Array<Record<string, unknown>>) : []) {
        const attributes = attributesOf(span?.attributes);
        const method = attributes.get('mcp.method.name');
        if (typeof method !== 'string') continue;
        const status = span.status as { code?: unknown; message?: unknown } | undefined;
        const errorType = text(attributes.get('error.type'));
        const failed = Boolean(errorType) || status?.code === 2 || status?.code === 'STATUS_CODE_ERROR';
        const sessionId = text(attributes.get('mcp.session.id')) || undefined;
        const said = [
          text(status?.message),
          text(attributes.get('exception.message')),
          ...(Array.isArray(span.events)
            ? (span.events as Array<{ attributes?: unknown }>).map((event) => text(attributesOf(event?.attributes).get('exception.message')))
            : []),
        ].join(' ');
        const code = text(attributes.get('rpc.response.status_code'));
        onSpan({
          instance,
          incarnation,
          service,
          kind: kindOf(span.kind),
          method,
          ...(sessionId ? { sessionId } : {}),
          startMs: nanosToMs(span.startTimeUnixNano),
          endMs: nanosToMs(span.endTimeUnixNano),
          traceId: hexId(span.traceId, 16),
          spanId: hexId(span.spanId, 8),
          failed,
          unknownSession: failed && saysSessionLost(said, code ? Number(code) : undefined, Boolean(sessionId)),
          line,
        });
        count++;
      }
    }
  }
  return count;
}

/** Whether a file's first bytes look like an OTLP JSON trace export. */
export function looksLikeOtlpTraces(head: string): boolean {
  return /^\s*\{/.test(head) && /"resourceSpans"\s*:/.test(head);
}

/** Largest single (non line-delimited) document read whole. */
const MAX_DOCUMENT_BYTES = 512 * 1024 * 1024;

/**
 * Reads every MCP span of a file: one document per line (streamed), or one document spread over
 * many lines (read whole, bounded).
 */
export async function readOtlpTraceFile(
  path: string,
  onSpan: (fact: McpSpanFact) => void,
  onProblem: (problem: OtlpReadProblem) => void,
): Promise<{ documents: number; spans: number }> {
  let documents = 0;
  let spans = 0;
  let number = 0;
  let multiLine = false;
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const raw of lines) {
    number++;
    const line = number === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (!line.trim()) continue;
    let document: unknown;
    try {
      document = JSON.parse(line);
    } catch {
      if (documents === 0) {
        multiLine = true;
        break;
      }
      onProblem({ line: number, message: 'not a JSON document' });
      continue;
    }
    documents++;
    spans += mcpSpansOf(document, number, onSpan);
  }
  lines.close();
  if (!multiLine) return { documents, spans };
  if ((await stat(path)).size > MAX_DOCUMENT_BYTES)
    throw new Error(
      `${path}: a single OTLP JSON document over ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB; export one document a line (the Collector's file exporter does)`,
    );
  let document: unknown;
  try {
    document = JSON.parse((await readFile(path, 'utf8')).replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new Error(`${path} is not OTLP JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { documents: 1, spans: mcpSpansOf(document, 1, onSpan) };
}
