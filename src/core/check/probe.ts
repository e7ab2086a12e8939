// Raw HTTP probing for the session check. Checks need to send what a well-behaved SDK client
// never would (no session id, a made-up one, a bogus protocol version, a foreign Origin), so
// they speak HTTP directly; every answer is read bounded and with a deadline.

import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { redactText } from '../trace/redact';
import type { CheckLog } from './types';
import { classify, type AnswerContext, type Verdict } from '../protocol/answers';

/** Largest body a probe keeps. */
const MAX_BODY_BYTES = 256 * 1024;

export interface SseEventSeen extends EventSourceMessage {
  /** ms since the stream's response headers arrived. */
  atMs: number;
}

export interface ProbeResponse {
  status: number;
  statusText: string;
  headers: Headers;
  /** Body text (bounded); SSE bodies are the raw text read before the deadline. */
  text: string;
  /** JSON-RPC messages found in a JSON body or in SSE `data:` fields. */
  messages: Array<Record<string, unknown>>;
  events: SseEventSeen[];
  /** Keep-alive comments seen, with their arrival times. */
  comments: number[];
  /** The SSE `retry:` field, when the stream sent one (ms). */
  retryMs?: number;
  /** Network failure instead of an answer. */
  error?: string;
  /** An SSE body the server ended (or cut) before the session check stopped reading, and when. */
  endedByServer?: boolean;
  endedAfterMs?: number;
  /** When the request was sent and when its response headers arrived (epoch ms): event times are relative to the latter. */
  sentAt?: number;
  headersAt?: number;
}

export interface ProbeRequest {
  method: 'GET' | 'POST' | 'DELETE' | 'OPTIONS';
  url?: URL;
  body?: unknown;
  sessionId?: string;
  protocolVersion?: string;
  headers?: Record<string, string>;
  /** Leave out the configured headers' defaults (Accept, Content-Type). */
  bare?: boolean;
  /** For SSE answers: stop reading once a response with this id arrived. */
  untilResponseId?: string | number;
  /** How long to read an SSE body (default: the probe timeout). */
  readMs?: number;
  /** A short label for the log, e.g. the JSON-RPC method. */
  label?: string;
}

let nextId = 1;

/** A JSON-RPC request body with a fresh id. */
export function rpc(method: string, params?: Record<string, unknown>): { jsonrpc: '2.0'; id: number; method: string; params?: Record<string, unknown> } {
  return { jsonrpc: '2.0', id: nextId++, method, ...(params ? { params } : {}) };
}

export function notification(method: string): { jsonrpc: '2.0'; method: string } {
  return { jsonrpc: '2.0', method };
}

/** The `initialize` request the session check sends. */
export function initializeRequest(protocolVersion: string): ReturnType<typeof rpc> {
  return rpc('initialize', {
    protocolVersion,
    capabilities: {},
    clientInfo: { name: 'mcp-session-inspector-doctor', version: '0.1.0' },
  });
}

function shortId(id: string): string {
  return id.length > 12 ? `${id.slice(0, 4)}…${id.slice(-4)}` : id;
}

export class ProbeClient {
  constructor(
    readonly baseUrl: URL,
    private readonly configuredHeaders: Record<string, string>,
    private readonly timeoutMs: number,
    private readonly secrets: readonly string[],
  ) {}

  /** Sends one request and reads its answer (JSON, SSE up to a response or deadline, or text). */
  async send(request: ProbeRequest, log: CheckLog): Promise<ProbeResponse> {
    const readMs = request.readMs ?? this.timeoutMs;
    const stream = await this.open(request, log, readMs);
    if (!stream.response.error) {
      await stream.waitFor(
        (message) => request.untilResponseId !== undefined && message?.id === request.untilResponseId && ('result' in message || 'error' in message),
        readMs,
      );
      stream.close();
      await stream.ended;
      log.received.push(summarize(stream.response));
    }
    return stream.response;
  }

  /**
   * Starts a request and returns as soon as response headers arrive; the body keeps being read
   * into `response` until it ends, `close()` is called, or `maxMs` passes.
   */
  async open(request: ProbeRequest, log: CheckLog, maxMs = this.timeoutMs): Promise<OpenProbe> {
    const url = request.url ?? this.baseUrl;
    const headers: Record<string, string> = { ...this.configuredHeaders };
    if (!request.bare) {
      if (request.method === 'POST') {
        headers['content-type'] = 'application/json';
        headers.accept = 'application/json, text/event-stream';
      } else if (request.method === 'GET') headers.accept = 'text/event-stream';
    }
    if (request.sessionId) headers['mcp-session-id'] = request.sessionId;
    if (request.protocolVersion) headers['mcp-protocol-version'] = request.protocolVersion;
    Object.assign(headers, request.headers);
    const what =
      request.label ??
      (request.body && typeof request.body === 'object' && 'method' in request.body ? String((request.body as { method: unknown }).method) : '');
    const extras = [
      request.sessionId ? `session ${shortId(request.sessionId)}` : '',
      request.headers?.origin ? `Origin ${request.headers.origin}` : '',
      request.protocolVersion ? `MCP-Protocol-Version ${request.protocolVersion}` : '',
      request.headers?.['last-event-id'] ? `Last-Event-ID ${request.headers['last-event-id']}` : '',
    ].filter(Boolean);
    log.sent.push(
      redactText(`${request.method} ${url.pathname}${url.search}${what ? ` ${what}` : ''}${extras.length ? ` (${extras.join(', ')})` : ''}`, this.secrets),
    );

    const controller = new AbortController();
    const deadline = setTimeout(() => controller.abort(), maxMs);
    const sentAt = Date.now();
    try {
      const response = await fetch(url, {
        method: request.method,
        headers,
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: controller.signal,
        redirect: 'manual',
      });
      return new OpenProbe(response, controller, deadline, undefined, sentAt);
    } catch (error) {
      clearTimeout(deadline);
      const message = controller.signal.aborted ? `no answer within ${maxMs} ms` : describeNetworkError(error);
      log.received.push(message);
      return OpenProbe.failed(message);
    }
  }
}

/** A response whose body is still being read: SSE events and JSON-RPC messages arrive in `response`. */
export class OpenProbe {
  readonly response: ProbeResponse;
  /** Settles when the body has been read to its end, closed or cut by the deadline. */
  readonly ended: Promise<void>;
  private readonly waiters = new Set<() => void>();
  /** Resolves when the session check stops reading (close() or the deadline), so a pending read never outlives it. */
  private stop!: () => void;
  private readonly stopped = new Promise<void>((resolve) => (this.stop = resolve));

  static failed(error: string): OpenProbe {
    return new OpenProbe(undefined, new AbortController(), undefined, error);
  }

  constructor(
    http: Response | undefined,
    private readonly controller: AbortController,
    private readonly deadline: NodeJS.Timeout | undefined,
    error?: string,
    sentAt?: number,
  ) {
    controller.signal.addEventListener('abort', () => this.stop(), { once: true });
    this.response = {
      status: http?.status ?? 0,
      statusText: http?.statusText ?? '',
      headers: http?.headers ?? new Headers(),
      text: '',
      messages: [],
      events: [],
      comments: [],
      ...(error ? { error } : {}),
      ...(http ? { sentAt: sentAt ?? Date.now(), headersAt: Date.now() } : {}),
    };
    this.ended = http ? this.read(http) : Promise.resolve();
  }

  /** Resolves when `predicate` holds for a new message (or any new event when it ignores its argument), the body ends, or after `ms`. */
  waitFor(predicate: (message: Record<string, unknown> | undefined, event: SseEventSeen | undefined) => boolean, ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      let settled = false;
      const finish = (value: boolean) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(value);
      };
      const check = () => {
        const event = this.response.events.at(-1);
        const message = this.response.messages.at(-1);
        if (predicate(message, event)) finish(true);
      };
      const timer = setTimeout(() => finish(false), ms);
      this.waiters.add(check);
      check();
      void this.ended.then(() => finish(predicate(this.response.messages.at(-1), this.response.events.at(-1))));
    });
  }

  /** Stops reading and closes the connection; `ended` settles right after, whatever the body does. */
  close(): void {
    this.controller.abort();
    this.stop();
  }

  private async read(http: Response): Promise<void> {
    const result = this.response;
    const isSse = (http.headers.get('content-type') ?? '').includes('text/event-stream');
    const headersAt = result.headersAt ?? Date.now();
    const parser = createParser({
      onEvent: (event) => {
        result.events.push({ ...event, atMs: Date.now() - headersAt });
        const message = parseJson(event.data);
        if (message) result.messages.push(message);
        for (const waiter of [...this.waiters]) waiter();
      },
      onComment: () => result.comments.push(Date.now() - headersAt),
      onRetry: (retry) => (result.retryMs = retry),
    });
    const decoder = new TextDecoder();
    let bytes = 0;
    // Node 20's fetch (undici): aborting a response whose body has just been received completely
    // can leave a pending read unsettled forever — the old hang after a POST answered by a short
    // SSE stream (tools/list, a tool call). So every read races the session check's own stop signal and
    // the reader is cancelled, not awaited, when the session check stops.
    const reader = http.body?.getReader();
    const stop = this.stopped.then(() => ({ done: true as const, value: undefined }));
    try {
      if (!reader) return;
      for (;;) {
        const { done, value: chunk } = await Promise.race([reader.read(), stop]);
        if (done) break;
        const text = decoder.decode(chunk, { stream: true });
        if (bytes < MAX_BODY_BYTES) result.text += text.slice(0, MAX_BODY_BYTES - bytes);
        bytes += chunk.byteLength;
        if (isSse) parser.feed(text);
      }
    } catch {
      // Closed by us or cut by the deadline: what was read is the answer.
    } finally {
      if (reader) void reader.cancel().catch(() => undefined);
      clearTimeout(this.deadline);
      if (isSse && !this.controller.signal.aborted) {
        result.endedByServer = true;
        result.endedAfterMs = Date.now() - headersAt;
      }
      if (!isSse) {
        const parsed = parseJson(result.text);
        if (Array.isArray(parsed)) result.messages.push(...(parsed as Array<Record<string, unknown>>));
        else if (parsed) result.messages.push(parsed);
      }
    }
  }
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The error message of a JSON-RPC error in the answer, if any. */
export function rpcErrorOf(response: ProbeResponse): { code?: number; message: string; data?: unknown } | undefined {
  for (const message of response.messages) {
    const error = message.error as { code?: number; message?: string; data?: unknown } | undefined;
    if (error && typeof error === 'object')
      return { code: error.code, message: String(error.message ?? ''), ...(error.data !== undefined ? { data: error.data } : {}) };
  }
  return undefined;
}

/** The JSON-RPC result for `id`, if the answer carried one. */
export function rpcResultOf(response: ProbeResponse, id: number | string): Record<string, unknown> | undefined {
  const message = response.messages.find((candidate) => candidate.id === id && 'result' in candidate);
  return message?.result as Record<string, unknown> | undefined;
}

/** What the answer means (the protocol's one classifier), given what the session check sent. */
export function verdictOf(response: ProbeResponse, context: AnswerContext): Verdict | undefined {
  if (response.error) return undefined;
  return classify({ status: response.status, headers: { 'content-type': response.headers.get('content-type') ?? undefined }, body: response.text }, context);
}

/** The answer's error text for messages: the JSON-RPC error message or the body, shortened at a word. */
export function detail(response: ProbeResponse, max = 100): string {
  const text = (rpcErrorOf(response)?.message ?? response.text).replace(/\s+/g, ' ').trim();
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  return `${cut.slice(0, cut.lastIndexOf(' ') > max / 2 ? cut.lastIndexOf(' ') : max)}…`;
}

/** One line for the check log: status, content type and the error text if any. */
function summarize(response: ProbeResponse): string {
  const type = response.headers.get('content-type')?.split(';')[0];
  const error = rpcErrorOf(response);
  const detail = error ? `${error.code ?? ''} ${error.message}`.trim() : response.status >= 400 ? response.text.slice(0, 120).replace(/\s+/g, ' ') : '';
  const session = response.headers.get('mcp-session-id');
  return [`${response.status} ${response.statusText}`.trim(), type ?? '', session ? `Mcp-Session-Id ${shortId(session)}` : '', detail]
    .filter(Boolean)
    .join(' · ');
}

/** A network error in words: refused, DNS, TLS, reset. */
export function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? (error as { code?: string }).code;
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused (is the server running on that port?)';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host name not found (DNS)';
    case 'ECONNRESET':
      return 'connection reset by the server';
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return 'the server stopped answering';
    default:
      if (code && /CERT|SSL|TLS/.test(code)) return `TLS error (${code})`;
      return cause?.message ?? (error instanceof Error ? error.message : String(error));
  }
}
