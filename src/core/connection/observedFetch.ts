// An observing `fetch` for the SDK's HTTP transports: records each request and response, and
// reads SSE bodies as they pass through (every chunk forwarded untouched, in order, at once) to
// record raw events, ids, retry fields and keep-alive comments, plus when each stream closes.

import { rpcMethodOf } from '../protocol/exchanges';
import type { StreamKind } from '../trace/events';
import { isoNow } from '../util/clock';
import { isLoopbackHost } from '../util/net';
import { describeFetchError } from './fetchError';
import type { Bounded, Recorder } from './recorder';
import { requestSignal } from './requestSignal';
import { observeResponseBody, withSignal, type ResponseBodyObserver } from './responseBodyObserver';
import { observeStream, StreamObservation } from './sseObservation';

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

/** Where the tap and the failure report have always found it. */
export { describeFetchError };

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
    const sending: ObservedRequest = { recorder, t: isoNow(), session: recorder.session, exchange, method, url, headers: requestHeaders, body };
    recorder.laterWith(recordRequest, sending);
    const outer = init?.signal;
    const held = requestSignal(outer);
    const signal = held.signal;
    // Loopback plain HTTP only: elsewhere a runtime's proxy and certificate settings may live
    // in its own dispatcher, which an explicit one would bypass.
    const observed = isLoopbackHttp(url) ? observeResponseBody(init, signal) : undefined;
    const sent = observed ? observed.init : signal === (outer ?? undefined) ? init : withSignal(init, signal);
    const bodyObserver = observed?.observer;
    const started = performance.now();
    let response: Response;
    try {
      response = await fetch(input, sent);
    } catch (error) {
      held.release();
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
    if (!streaming) held.release();
    const answered: ObservedResponse = { recorder, t: isoNow(), session: recorder.session, exchange, response, durationMs, streaming, text };
    recorder.laterWith(recordResponse, answered);
    const seen: Parameters<ExchangeObserver['onResponse']>[0] = { method, status: response.status, sessionId, exchange, rpcMethod };
    if (text) seen.bodyText = text.slice(0, 1000);
    if (contentType) seen.contentType = contentType;
    observer.onResponse(seen);
    const tapped = streaming && bodyObserver?.hooked && !response.headers.has('content-encoding');
    if (!tapped) bodyObserver?.ignore();
    if (!streaming) return answer;
    const kind: StreamKind = method === 'GET' ? (options.legacy() ? 'legacy-sse' : 'get') : rpcMethod === 'subscriptions/listen' ? 'listen' : 'post-response';
    const observation = new StreamObservation(kind, exchange, recorder, held);
    if (!tapped) return observeStream(response, observation);
    (bodyObserver as ResponseBodyObserver).attach(observation);
    return response;
  };
}

/** A request as observed, recorded after the I/O callback that sent it. */
interface ObservedRequest {
  recorder: Recorder;
  t: string;
  session: string | undefined;
  exchange: number;
  method: string;
  url: string;
  headers: Headers;
  body: string | undefined;
}

function recordRequest(request: ObservedRequest): void {
  const recorder = request.recorder;
  // Credentials the request carries (an OAuth token the SDK added) are redacted from then on.
  recorder.known.learnFromHeaders(request.headers);
  const event = recorder.eventHead(request.t, request.session, 'http-request');
  event.exchange = request.exchange;
  event.method = request.method;
  event.url = recorder.url(request.url);
  event.headers = recorder.headers(request.headers);
  if (request.body !== undefined) addBody(event, recorder.text(request.body));
  recorder.appendBuilt(event);
}

/** A response as observed (its headers and plain body), recorded after the I/O callback that brought it. */
interface ObservedResponse {
  recorder: Recorder;
  t: string;
  session: string | undefined;
  exchange: number;
  response: Response;
  durationMs: number;
  streaming: boolean;
  text: string;
}

function recordResponse(answered: ObservedResponse): void {
  const { recorder, response } = answered;
  const event = recorder.eventHead(answered.t, answered.session, 'http-response');
  event.exchange = answered.exchange;
  event.status = response.status;
  event.statusText = response.statusText;
  event.headers = recorder.headers(response.headers);
  event.durationMs = answered.durationMs;
  if (answered.streaming) event.streaming = true;
  if (answered.text) addBody(event, recorder.text(answered.text));
  recorder.appendBuilt(event);
}

/** A body's fields, as the trace keeps them. */
function addBody(event: Record<string, unknown>, bounded: Bounded): void {
  event.body = bounded.text;
  event.bodyBytes = bounded.bytes;
  if (bounded.truncated) event.bodyTruncated = true;
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
