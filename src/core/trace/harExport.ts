// HAR 1.2 export of a trace: one entry per HTTP exchange, SSE bodies rebuilt from the events
// read on the stream, so a trace opens in browser devtools / HAR viewers and reads back through
// `analyze`. Events are already redacted, so the HAR holds no secret the trace did not.

import type { HttpRequestEvent, HttpResponseEvent, SseTraceEvent, TraceEvent } from './events';

interface HarHeader {
  name: string;
  value: string;
}

export interface HarLog {
  log: {
    version: '1.2';
    creator: { name: string; version: string };
    entries: HarEntryOut[];
  };
}

interface HarEntryOut {
  startedDateTime: string;
  time: number;
  request: {
    method: string;
    url: string;
    httpVersion: string;
    headers: HarHeader[];
    queryString: HarHeader[];
    cookies: [];
    headersSize: -1;
    bodySize: number;
    postData?: { mimeType: string; text: string };
  };
  response: {
    status: number;
    statusText: string;
    httpVersion: string;
    headers: HarHeader[];
    cookies: [];
    content: { size: number; mimeType: string; text?: string };
    redirectURL: '';
    headersSize: -1;
    bodySize: number;
    _error?: string;
  };
  cache: Record<string, never>;
  timings: { send: number; wait: number; receive: number };
  _server: string;
  _exchange: number;
}

function headerList(headers: Record<string, string>): HarHeader[] {
  return Object.entries(headers).map(([name, value]) => ({ name, value }));
}

function queryOf(url: string): HarHeader[] {
  try {
    return [...new URL(url).searchParams].map(([name, value]) => ({ name, value }));
  } catch {
    return [];
  }
}

/** The SSE wire text of the events read from one stream. */
function sseText(events: readonly SseTraceEvent[]): string {
  return events
    .map((event) => {
      if (event.comment !== undefined) return `: ${event.comment}\n`;
      const lines: string[] = [];
      if (event.event) lines.push(`event: ${event.event}`);
      if (event.id !== undefined) lines.push(`id: ${event.id}`);
      if (event.retry !== undefined) lines.push(`retry: ${event.retry}`);
      if (event.data !== undefined) for (const line of event.data.split('\n')) lines.push(`data: ${line}`);
      return `${lines.join('\n')}\n\n`;
    })
    .join('');
}

/** Builds a HAR from trace events (HTTP traffic only: stdio traces have no entries). */
export function traceToHar(events: readonly TraceEvent[], creatorVersion: string): HarLog {
  const requests = new Map<string, HttpRequestEvent>();
  const responses = new Map<string, HttpResponseEvent>();
  const streams = new Map<string, SseTraceEvent[]>();
  const lastSeen = new Map<string, number>();
  const order: string[] = [];
  for (const event of events) {
    if (event.kind !== 'http-request' && event.kind !== 'http-response' && event.kind !== 'sse-event') continue;
    const key = `${event.server} ${event.client ?? ''} ${event.exchange}`;
    lastSeen.set(key, Date.parse(event.t));
    if (event.kind === 'http-request') {
      requests.set(key, event);
      order.push(key);
    } else if (event.kind === 'http-response') responses.set(key, event);
    else {
      const stream = streams.get(key);
      if (stream) stream.push(event);
      else streams.set(key, [event]);
    }
  }
  const entries = order.map((key): HarEntryOut => {
    const request = requests.get(key) as HttpRequestEvent;
    const response = responses.get(key);
    const started = Date.parse(request.t);
    const headersAt = response ? Date.parse(response.t) : started;
    const ended = Math.max(headersAt, lastSeen.get(key) ?? headersAt);
    const contentType = response?.headers['content-type'] ?? '';
    const sse = streams.get(key);
    const text = sse ? sseText(sse) : response?.body;
    return {
      startedDateTime: request.t,
      time: ended - started,
      request: {
        method: request.method,
        url: request.url,
        httpVersion: 'HTTP/1.1',
        headers: headerList(request.headers),
        queryString: queryOf(request.url),
        cookies: [],
        headersSize: -1,
        bodySize: request.bodyBytes ?? (request.body ? Buffer.byteLength(request.body) : 0),
        ...(request.body !== undefined ? { postData: { mimeType: request.headers['content-type'] ?? 'application/json', text: request.body } } : {}),
      },
      response: {
        status: response?.status ?? 0,
        statusText: response?.statusText ?? '',
        httpVersion: 'HTTP/1.1',
        headers: headerList(response?.headers ?? {}),
        cookies: [],
        content: {
          size: text ? Buffer.byteLength(text) : 0,
          mimeType: contentType || (sse ? 'text/event-stream' : 'application/octet-stream'),
          ...(text !== undefined ? { text } : {}),
        },
        redirectURL: '',
        headersSize: -1,
        bodySize: response?.bodyBytes ?? -1,
        ...(response?.error ? { _error: response.error } : !response ? { _error: 'no response recorded' } : {}),
      },
      cache: {},
      timings: { send: 0, wait: headersAt - started, receive: ended - headersAt },
      _server: request.server,
      _exchange: request.exchange,
    };
  });
  return { log: { version: '1.2', creator: { name: 'mcp-session-inspector', version: creatorVersion }, entries } };
}
