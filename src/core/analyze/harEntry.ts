// Turns one HAR 1.2 entry (browser devtools, Playwright's recordHar) into the trace events the
// rules read: request, response, SSE events parsed from the body, and the JSON-RPC messages
// inside. Secrets are redacted here, before any event exists. Non-MCP entries are skipped.

import { createParser } from 'eventsource-parser';
import type { NewTraceEvent, StreamKind } from '../trace/events';
import { detached } from '../connection/recorder';
import { sessionIdOf } from '../protocol/eras';
import { hasEndpointEvent, looksLikeJsonRpc, parseRpcBody, rpcMessages, setMessageFields, traceMessage, type FoundMessage } from '../protocol/rpcMessages';
import type { KnownSecrets } from '../trace/knownSecrets';
import { addLowerCasedHeader, NO_SECRETS, redactText, redactUrl } from '../trace/redact';
import { isoTime, parseIsoTime } from '../util/clock';

/** Bodies and SSE data are cut at this size, as live traces are. */
const BODY_LIMIT = 64 * 1024;

interface HarHeader {
  name: string;
  value: string;
}

export interface HarEntry {
  startedDateTime?: string;
  time?: number;
  request?: { method?: string; url?: string; headers?: HarHeader[]; postData?: { mimeType?: string; text?: string } };
  response?: {
    status?: number;
    statusText?: string;
    headers?: HarHeader[];
    content?: { mimeType?: string; text?: string; encoding?: string };
    _error?: string;
  };
  timings?: Record<string, number | undefined>;
}

/**
 * A trace event without seq, plus when it happened (ms), for ordering, and for a request whose body
 * was read as JSON here, the value `JSON.parse(body)` gave (the rules' bookkeeping reuses it).
 */
export type TimedEvent = NewTraceEvent & { atMs: number; parsedBody?: unknown };

/**
 * Lower-cased header names, remembered by position: entries mostly repeat the previous entry's
 * headers in the same order, and a name reused (rather than lower-cased anew) is one the header
 * map's key lookups already know.
 */
class HeaderNames {
  private readonly names: string[] = [];
  private readonly lowered: string[] = [];

  lower(position: number, name: string): string {
    if (this.names[position] === name) return this.lowered[position];
    const lower = name.toLowerCase();
    this.names[position] = name;
    this.lowered[position] = lower;
    return lower;
  }
}

const requestNames = new HeaderNames();
const responseNames = new HeaderNames();

/** The headers with lower-cased names, redacted; a request's credentials are learned into `learn` first. */
function headerMap(headers: HarHeader[] | undefined, names: HeaderNames, secrets: readonly string[], learn?: KnownSecrets): Record<string, string> {
  const map: Record<string, string> = {};
  let position = 0;
  if (learn)
    for (const header of headers ?? []) if (typeof header?.name === 'string' && typeof header.value === 'string') learn.learnHeader(header.name, header.value);
  for (const header of headers ?? []) {
    if (typeof header?.name === 'string' && typeof header.value === 'string' && !header.name.startsWith(':'))
      addLowerCasedHeader(map, names.lower(position++, header.name), header.value, secrets);
  }
  return map;
}

/** Sets an HTTP event's body, bodyBytes and bodyTruncated from the text. */
function setBody(event: Record<string, unknown>, text: string, secrets: readonly string[]): void {
  const cut = text.length > BODY_LIMIT ? detached(text.slice(0, BODY_LIMIT)) : text;
  event.body = redactText(cut, secrets);
  event.bodyBytes = Buffer.byteLength(text);
  if (cut.length < text.length) event.bodyTruncated = true;
}

/** Time before the response headers: the sum of the waiting phases that were measured (named reads, in this order: this runs per entry). */
function waitedMs(timings: Record<string, number | undefined>): number {
  let sum = 0;
  sum += Math.max(0, timings.blocked ?? 0);
  sum += Math.max(0, timings.dns ?? 0);
  sum += Math.max(0, timings.connect ?? 0);
  sum += Math.max(0, timings.send ?? 0);
  sum += Math.max(0, timings.wait ?? 0);
  return sum;
}

interface EntryBase {
  server: string;
  client: string;
  exchange: number;
  session?: string;
}

/** The fields every event of an entry starts with, in the trace's key order (one literal, no spreads: this runs per event). */
function eventStart(kind: string, base: EntryBase, t: string, atMs: number): Record<string, unknown> {
  return base.session
    ? { kind, server: base.server, client: base.client, exchange: base.exchange, session: base.session, t, atMs }
    : { kind, server: base.server, client: base.client, exchange: base.exchange, t, atMs };
}

function messageEvent(
  kind: 'message-out' | 'message-in',
  found: FoundMessage,
  source: string,
  base: EntryBase,
  t: string,
  atMs: number,
  secrets: readonly string[],
  stream?: string,
): TimedEvent {
  const event = eventStart(kind, base, t, atMs);
  if (stream) event.stream = stream;
  event.message = traceMessage(found, source, secrets);
  setMessageFields(event, found.message);
  return event as TimedEvent;
}

/** True for traffic an MCP client produced: JSON-RPC bodies, MCP headers, SSE, MCP preflights. */
export function isMcpEntry(entry: HarEntry, request: Record<string, string>, response: Record<string, string>): boolean {
  if (looksLikeJsonRpc(entry.request?.postData?.text)) return true;
  if (request['mcp-session-id'] || request['mcp-protocol-version'] || response['mcp-session-id']) return true;
  if ((response['content-type'] ?? entry.response?.content?.mimeType ?? '').includes('text/event-stream')) return true;
  return entry.request?.method === 'OPTIONS' && /mcp-|last-event-id/i.test(request['access-control-request-headers'] ?? '');
}

function contentText(entry: HarEntry): string | undefined {
  const content = entry.response?.content;
  if (typeof content?.text !== 'string') return undefined;
  return content.encoding === 'base64' ? Buffer.from(content.text, 'base64').toString('utf8') : content.text;
}

/**
 * The events of one entry, in time order, or undefined when it is not MCP traffic. `exchange` is
 * the entry index, so evidence names the entry. Credentials the requests carry (Authorization, a
 * token in the URL) are learned into `known`, so an answer that echoes one is redacted too.
 */
export function harEntryEvents(entry: HarEntry, index: number, server: string, client: string, known?: KnownSecrets): TimedEvent[] | undefined {
  if (known && typeof entry.request?.url === 'string') known.learnFromUrl(entry.request.url, true);
  const secrets = known?.values ?? NO_SECRETS;
  const request = headerMap(entry.request?.headers, requestNames, secrets, known);
  const responseHeaders = headerMap(entry.response?.headers, responseNames, secrets);
  if (!isMcpEntry(entry, request, responseHeaders)) return undefined;
  const started = entry.startedDateTime;
  // (A HAR may hold anything there: what is not a string goes to Date.parse as before.)
  const startMs = typeof started === 'string' ? parseIsoTime(started) : Date.parse(started ?? '');
  if (Number.isNaN(startMs)) return undefined;
  const timings = entry.timings ?? {};
  const waited = waitedMs(timings);
  const endMs = startMs + Math.max(0, entry.time ?? waited);
  const headersMs = Math.min(startMs + waited, endMs);
  const method = (entry.request?.method ?? 'GET').toUpperCase();
  // A stateless-era (2026-07-28) request belongs to no session, whatever id it carries.
  const session = sessionIdOf(request['mcp-session-id'], undefined, request['mcp-protocol-version']) ?? responseHeaders['mcp-session-id'];
  // The entry's own start time is reused as written.
  const timeOf = (ms: number) => (ms === startMs && entry.startedDateTime ? entry.startedDateTime : isoTime(ms));
  const at = (ms: number) => ({ t: timeOf(ms), atMs: ms });
  const base: EntryBase = { server, client, exchange: index };
  if (session) base.session = session;
  const events: TimedEvent[] = [];
  const posted = entry.request?.postData?.text;
  const startT = timeOf(startMs);
  const requestEvent = eventStart('http-request', base, startT, startMs);
  requestEvent.method = method;
  requestEvent.url = redactUrl(entry.request?.url ?? '', secrets);
  requestEvent.headers = request;
  if (posted) setBody(requestEvent, posted, secrets);
  const sent = parseRpcBody(posted);
  // Only when the event's body is the text parsed (not cut, nothing redacted).
  if (sent && requestEvent.body === posted) requestEvent.parsedBody = sent.value;
  events.push(requestEvent as TimedEvent);
  if (sent) for (const found of sent.messages) events.push(messageEvent('message-out', found, posted as string, base, startT, startMs, secrets));
  const status = entry.response?.status ?? 0;
  const failed = status === 0 || status === -1;
  const text = contentText(entry);
  const streaming = !failed && (responseHeaders['content-type'] ?? entry.response?.content?.mimeType ?? '').includes('text/event-stream');
  const headersT = timeOf(headersMs);
  const responseEvent = eventStart('http-response', base, headersT, headersMs);
  responseEvent.status = failed ? 0 : status;
  if (entry.response?.statusText) responseEvent.statusText = entry.response.statusText;
  responseEvent.headers = responseHeaders;
  responseEvent.durationMs = Math.round(headersMs - startMs);
  if (streaming) responseEvent.streaming = true;
  if (failed)
    responseEvent.error = typeof entry.response?._error === 'string' ? redactText(entry.response._error, secrets) : 'request failed (no response in the HAR)';
  if (!streaming && text) setBody(responseEvent, text, secrets);
  events.push(responseEvent as TimedEvent);
  if (!streaming) {
    for (const found of rpcMessages(text)) events.push(messageEvent('message-in', found, text as string, base, headersT, headersMs, secrets));
    return events;
  }
  const streamKind: StreamKind = method === 'GET' ? (hasEndpointEvent(text) ? 'legacy-sse' : 'get') : 'post-response';
  const stream = `${streamKind}#${index}`;
  events.push({ kind: 'lifecycle', name: 'stream-open', ...base, ...at(headersMs), stream, streamKind, detail: { exchange: index } } as TimedEvent);
  // A HAR has no per-event times: spread the events over the time the stream was open.
  const parsed: Array<{ event?: string; id?: string; data: string }> = [];
  const parser = createParser({ onEvent: (event) => parsed.push(event) });
  if (text) parser.feed(`${text}\n\n`);
  parsed.forEach((event, position) => {
    const eventMs = headersMs + ((endMs - headersMs) * (position + 1)) / (parsed.length + 1);
    const data = event.data.length > BODY_LIMIT ? detached(event.data.slice(0, BODY_LIMIT)) : event.data;
    events.push({
      kind: 'sse-event',
      ...base,
      ...at(eventMs),
      stream,
      streamKind,
      ...(event.event ? { event: event.event } : {}),
      ...(event.id !== undefined ? { id: event.id } : {}),
      data: redactText(data, secrets),
      dataBytes: Buffer.byteLength(event.data),
      ...(data.length < event.data.length ? { dataTruncated: true } : {}),
    } as TimedEvent);
    const eventT = timeOf(eventMs);
    for (const found of rpcMessages(event.data)) events.push(messageEvent('message-in', found, event.data, base, eventT, eventMs, secrets, stream));
  });
  // Who ended the stream is not in a HAR; it is not reported as a drop.
  events.push({
    kind: 'lifecycle',
    name: 'stream-close',
    ...base,
    ...at(endMs),
    stream,
    streamKind,
    detail: { exchange: index, byClient: true, reason: 'end of the HAR entry' },
  } as TimedEvent);
  return events;
}
