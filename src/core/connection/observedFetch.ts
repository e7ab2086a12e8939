// An observing `fetch` for the SDK's HTTP transports: records each request and response, and
// reads SSE bodies as they pass through (every chunk forwarded untouched, in order, at once) to
// record raw events, ids, retry fields and keep-alive comments, plus when each stream closes.

import { StringDecoder } from 'node:string_decoder';
import { createParser } from 'eventsource-parser';
import { rpcMethodOf } from '../protocol/exchanges';
import type { StreamKind } from '../trace/events';
import { isoNow } from '../util/clock';
import { isLoopbackHost } from '../util/net';
import type { Recorder } from './recorder';
import { requestSignal } from './requestSignal';
import { observeResponseBody, type BodyConsumer, type ResponseBodyObserver } from './responseBodyObserver';

/**
 * What the connection must know at once, on the exchange's path (the session a response issues or
 * loses, a refused handshake). Streams are not reported here: their trace events carry them.
 */
export interface ExchangeObserver {
  onResponse(response: {
    method: string;
    status: number;
    sessionId?: string;
    exchange: number;
    rpcMethod?: string;
    bodyText?: string;
    contentType?: string;
  }): void;
  onNetworkError(method: string, error: string): void;
}

/** Describes a fetch failure in one line (refused, DNS, TLS, reset, aborted). */
export function describeFetchError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  const code = cause?.code ?? (error as { code?: string })?.code;
  if ((error as { name?: string })?.name === 'AbortError') return 'aborted';
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host not found (DNS)';
    case 'ECONNRESET':
      return 'connection reset';
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return 'connection timed out';
    default:
      if (code && /CERT|SSL|TLS|ERR_TLS/.test(code)) return `TLS error (${code})`;
      return cause?.message ?? (error instanceof Error ? error.message : String(error));
  }
}

/** Remembers the last answer: a connection sends nearly every request to the same URL. */
let lastUrl = '';
let lastUrlIsLoopbackHttp = false;

function isLoopbackHttp(url: string): boolean {
  if (url === lastUrl) return lastUrlIsLoopbackHttp;
  let loopback = false;
  try {
    loopback = url.startsWith('http://') && isLoopbackHost(new URL(url).hostname);
  } catch {
    // not a URL: fetch will say so
  }
  lastUrl = url;
  lastUrlIsLoopbackHttp = loopback;
  return loopback;
}

function headersOf(init: RequestInit | undefined): HeadersInit {
  return init?.headers ?? {};
}

/**
 * Wraps `fetch` so every exchange is recorded. `legacy` marks the legacy HTTP+SSE transport,
 * whose GET is the `legacy-sse` stream.
 */
export function createObservedFetch(
  recorder: Recorder,
  observer: ExchangeObserver,
  options: { legacy: () => boolean; onBodyText?: (text: string) => void },
): typeof fetch {
  return async (input, init) => {
    const request = input instanceof Request ? input : undefined;
    const url = request ? request.url : String(input);
    const method = (init?.method ?? request?.method ?? 'GET').toUpperCase();
    const body = typeof init?.body === 'string' ? init.body : init?.body instanceof URLSearchParams ? init.body.toString() : undefined;
    if (body !== undefined) options.onBodyText?.(body);
    // What the POST body says it is, for stream classification and the log.
    const rpcMethod = typeof body === 'string' ? rpcMethodOf(body) : undefined;
    const exchange = recorder.newExchange();
    // The SDK passes its own Headers object: read as is (no copy); anything else is merged like fetch does.
    let requestHeaders: Headers;
    if (!request && init?.headers instanceof Headers) requestHeaders = init.headers;
    else {
      requestHeaders = new Headers(request?.headers ?? undefined);
      new Headers(headersOf(init)).forEach((value, key) => requestHeaders.set(key, value));
    }
    recorder.recordLater(() => {
      // Credentials the request carries (an OAuth token the SDK added) are redacted from then on.
      recorder.known.learnFromHeaders(requestHeaders);
      const bounded = body === undefined ? undefined : recorder.text(body);
      return {
        kind: 'http-request',
        exchange,
        method,
        url: recorder.url(url),
        headers: recorder.headers(requestHeaders),
        ...(bounded ? { body: bounded.text, bodyBytes: bounded.bytes, ...(bounded.truncated ? { bodyTruncated: true } : {}) } : {}),
      };
    });
    const { signal, release } = requestSignal(init?.signal);
    const own = signal === (init?.signal ?? undefined) ? init : { ...init, signal };
    // Loopback plain HTTP only: elsewhere a runtime's proxy and certificate settings may live
    // in its own dispatcher, which an explicit one would bypass.
    const { init: sent, observer: bodyObserver } = isLoopbackHttp(url) ? (observeResponseBody(own) ?? { init: own }) : { init: own };
    const started = performance.now();
    let response: Response;
    try {
      response = await fetch(input, sent);
    } catch (error) {
      release();
      const reason = recorder.message(describeFetchError(error));
      const durationMs = performance.now() - started;
      recorder.recordLater(() => ({ kind: 'http-response', exchange, status: 0, headers: {}, durationMs, error: reason }));
      if (reason !== 'aborted') observer.onNetworkError(method, reason);
      throw error;
    }
    const durationMs = performance.now() - started;
    const contentType = response.headers.get('content-type') ?? '';
    const streaming = contentType.includes('text/event-stream') && response.body !== null;
    const sessionId = response.headers.get('mcp-session-id') ?? undefined;
    // A plain body is read once, here, and handed to the SDK as a fresh response with the same
    // bytes (cheaper than clone(), which tees the stream and reads it twice); SSE bodies are
    // observed as they pass.
    let text = '';
    let answer = response;
    if (!streaming && response.body) {
      if (response.status >= 200 && response.status <= 599) {
        const read = await readOnce(response);
        text = read.text;
        answer = read.response;
      } else
        text = await response
          .clone()
          .text()
          .catch(() => '');
    }
    // Before the response is recorded (later) or handed on: a credential in it is known by then.
    if (text) options.onBodyText?.(text);
    if (!streaming) release();
    recorder.recordLater(() => {
      const captured = text ? recorder.text(text) : undefined;
      return {
        kind: 'http-response',
        exchange,
        status: response.status,
        statusText: response.statusText,
        headers: recorder.headers(response.headers),
        durationMs,
        ...(streaming ? { streaming: true } : {}),
        ...(captured ? { body: captured.text, bodyBytes: captured.bytes, ...(captured.truncated ? { bodyTruncated: true } : {}) } : {}),
      };
    });
    observer.onResponse({
      method,
      status: response.status,
      sessionId,
      exchange,
      rpcMethod,
      ...(text ? { bodyText: text.slice(0, 1000) } : {}),
      ...(contentType ? { contentType } : {}),
    });
    const tapped = streaming && bodyObserver?.hooked && !response.headers.has('content-encoding');
    if (!tapped) bodyObserver?.ignore();
    if (!streaming) return answer;
    const kind: StreamKind = method === 'GET' ? (options.legacy() ? 'legacy-sse' : 'get') : rpcMethod === 'subscriptions/listen' ? 'listen' : 'post-response';
    const observation = streamObservation(kind, exchange, recorder, release);
    if (!tapped) return observeStream(response, observation);
    (bodyObserver as ResponseBodyObserver).attach(observation);
    return response;
  };
}

/** Statuses whose responses must have a null body (the Response constructor enforces it). */
const NULL_BODY_STATUS = new Set([101, 103, 204, 205, 304]);

/**
 * Reads a non-streaming body once and rebuilds the response around the same bytes. When reading
 * fails, the text is empty and the SDK gets a body that fails the same way.
 */
async function readOnce(response: Response): Promise<{ text: string; response: Response }> {
  const init: ResponseInit = { status: response.status, statusText: response.statusText, headers: response.headers };
  let bytes: ArrayBuffer;
  try {
    bytes = await response.arrayBuffer();
  } catch (error) {
    const failing = new ReadableStream<Uint8Array>({ start: (controller) => controller.error(error) });
    return { text: '', response: new Response(NULL_BODY_STATUS.has(response.status) ? null : failing, init) };
  }
  const text = bytes.byteLength ? new TextDecoder().decode(bytes) : '';
  return { text, response: new Response(NULL_BODY_STATUS.has(response.status) ? null : bytes, init) };
}

/**
 * Records one SSE stream: its opening, each event, retry field and comment, and how it ended.
 * Parsing waits until after the I/O callback that brought the bytes (the SDK parses them too,
 * and should not wait for us); each event keeps the time its bytes arrived.
 */
function streamObservation(kind: StreamKind, exchange: number, recorder: Recorder, ended: () => void): BodyConsumer & { cancelledByClient(): void } {
  const stream = recorder.newStreamId(kind);
  // StringDecoder, not TextDecoder: one per stream, and a TextDecoder costs an ICU converter each.
  const decoder = new StringDecoder('utf8');
  // When the bytes being parsed arrived, and the session then: their events carry these.
  let arrivedAt = '';
  let session: string | undefined;
  const record = (event: Parameters<Recorder['record']>[0]) => recorder.record(event, arrivedAt, session);
  let closed = false;
  const close = (byClient: boolean, reason?: string) => {
    if (closed) return;
    closed = true;
    ended();
    record({ kind: 'lifecycle', name: 'stream-close', stream, streamKind: kind, detail: { exchange, byClient, ...(reason ? { reason } : {}) } });
  };
  const parser = createParser({
    onEvent: (event) => {
      const data = recorder.text(event.data);
      record({
        kind: 'sse-event',
        exchange,
        stream,
        streamKind: kind,
        ...(event.event ? { event: event.event } : {}),
        ...(event.id !== undefined ? { id: event.id } : {}),
        data: data.text,
        dataBytes: data.bytes,
        ...(data.truncated ? { dataTruncated: true } : {}),
      });
    },
    onRetry: (retry) => record({ kind: 'sse-event', exchange, stream, streamKind: kind, retry }),
    onComment: (comment) => record({ kind: 'sse-event', exchange, stream, streamKind: kind, comment: recorder.text(comment).text.slice(0, 200) }),
  });
  const whenObserved = (work: () => void) => {
    const at = isoNow();
    const current = recorder.session;
    recorder.later(() => {
      arrivedAt = at;
      session = current;
      work();
    });
  };
  whenObserved(() => {
    record({ kind: 'lifecycle', name: 'stream-open', stream, streamKind: kind, detail: { exchange } });
  });
  return {
    data: (chunk) => whenObserved(() => parser.feed(decoder.write(chunk as Buffer))),
    end: (error) =>
      whenObserved(() => {
        if (error === undefined) {
          parser.feed(decoder.end());
          close(false, 'ended by the server');
          return;
        }
        const reason = recorder.message(describeFetchError(error));
        close(reason === 'aborted', reason === 'aborted' ? undefined : reason);
      }),
    cancelledByClient: () => whenObserved(() => close(true)),
  };
}

/** Re-wraps an SSE response so its bytes are parsed on their way to the SDK (where no tap works). */
function observeStream(response: Response, observation: ReturnType<typeof streamObservation>): Response {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          observation.end();
          controller.close();
          return;
        }
        controller.enqueue(value);
        observation.data(value);
      } catch (error) {
        observation.end(error);
        controller.error(error);
      }
    },
    cancel(reason) {
      observation.cancelledByClient();
      return reader.cancel(reason);
    },
  });
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}
