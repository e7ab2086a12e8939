// Shared, bounded helpers the rules use to read a trace: pairing HTTP responses with their
// requests, and classifying server answers by status + body text (the wire facts in docs/rules).

import type { Evidence } from '../model';
import type { HttpRequestEvent, HttpResponseEvent, TraceEvent } from '../trace/events';
import { messageId, messageMethod } from '../trace/rpcMessages';
import { scanRpc } from './rpcScan';

/** Entries a bounded map keeps before it forgets the oldest. */
export const MAX_TRACKED = 5000;

/** A Map that forgets its oldest entries past `limit` (a quarter at a time, so eviction is cheap). */
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(private readonly limit = MAX_TRACKED) {
    super();
  }

  override set(key: K, value: V): this {
    super.set(key, value);
    if (this.size > this.limit) {
      let drop = Math.max(1, this.size - Math.floor(this.limit * 0.75));
      for (const oldest of this.keys()) {
        if (drop-- <= 0) break;
        this.delete(oldest);
      }
    }
    return this;
  }
}

export interface RequestInfo {
  seq: number;
  t: string;
  method: string;
  path: string;
  sessionId?: string;
  /** JSON-RPC method in a POST body. */
  rpcMethod?: string;
  rpcId?: string | number;
  protocolVersionHeader?: string;
  client?: string;
}

/** The JSON-RPC method and id of a body already parsed as JSON (a batch or other non-object has none). */
function rpcOfValue(value: unknown): { method?: string; id?: string | number } {
  const rpc: { method?: string; id?: string | number } = {};
  if (typeof value !== 'object' || value === null) return rpc;
  const method = messageMethod(value);
  if (method !== undefined) rpc.method = method;
  const id = messageId(value);
  if (id !== undefined) rpc.id = id;
  return rpc;
}

function rpcOf(body: string | undefined): { method?: string; id?: string | number } {
  if (!body) return {};
  // Most bodies are one plain JSON-RPC object: read its two members without building it.
  const scanned = scanRpc(body);
  if (scanned) return scanned;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    const method = /"method"\s*:\s*"([^"]+)"/.exec(body)?.[1];
    return method ? { method } : {};
  }
  return rpcOfValue(parsed);
}

/** Path and query of an absolute URL (string slicing: this runs for every request). */
function pathOf(url: string): string {
  const scheme = url.indexOf('://');
  if (scheme === -1) return url;
  const slash = url.indexOf('/', scheme + 3);
  if (slash === -1) return '/';
  const hash = url.indexOf('#', slash);
  return hash === -1 ? url.slice(slash) : url.slice(slash, hash);
}

/**
 * The legacy HTTP+SSE session id in a URL's query (`session_id`, else `sessionId`), resolved
 * against `base` when relative; undefined when there is none or the URL does not parse.
 */
export function legacySessionOf(url: string | URL, base?: string | URL): string | undefined {
  let parsed: URL;
  try {
    parsed = typeof url === 'string' ? new URL(url, base) : url;
  } catch {
    return undefined;
  }
  return parsed.searchParams.get('session_id') ?? parsed.searchParams.get('sessionId') ?? undefined;
}

/** The session id a request carried: the header, or the legacy `session_id`/`sessionId` query. */
export function sessionOfRequest(event: HttpRequestEvent): string | undefined {
  return event.headers['mcp-session-id'] || legacySessionOf(event.url);
}

/** Parsed once per request event, however many rules read it (each rule keeps its own Exchanges). */
const requestInfos = new WeakMap<HttpRequestEvent, RequestInfo>();

/** What rules read of a request: method, path, session id, JSON-RPC method and id. */
export function requestInfoOf(event: HttpRequestEvent): RequestInfo {
  let info = requestInfos.get(event);
  if (info) return info;
  info = parseRequestInfo(event);
  requestInfos.set(event, info);
  return info;
}

/**
 * The strings of the request read last. Remembered requests are kept for thousands of exchanges,
 * long enough to reach the old generation, and mostly repeat the previous request's path, session
 * id and methods: an equal string is shared rather than kept once per request.
 */
interface LastRequestStrings {
  url: string;
  path: string;
  sessionId?: string;
  rpcMethod?: string;
  protocolVersionHeader?: string;
}

/** `value`, or `kept` when they are equal (the copy already kept). */
function shared(kept: string | undefined, value: string | undefined): string | undefined {
  return value === kept ? kept : value;
}

/**
 * `requestInfoOf` without the per-event cache (for a caller that reads each request once).
 * `parsedBody`, when given, is what `JSON.parse(event.body)` returns (known to the caller).
 */
function parseRequestInfo(event: HttpRequestEvent, parsedBody?: unknown, last?: LastRequestStrings): RequestInfo {
  // Only POST bodies carry JSON-RPC.
  const rpc = parsedBody !== undefined ? rpcOfValue(parsedBody) : event.body ? rpcOf(event.body) : undefined;
  let path: string;
  let sessionId = sessionOfRequest(event);
  let rpcMethod = rpc?.method || undefined;
  let protocolVersionHeader = event.headers['mcp-protocol-version'] || undefined;
  if (!last) path = pathOf(event.url);
  else {
    if (event.url !== last.url) {
      last.url = event.url;
      last.path = pathOf(event.url);
    }
    path = last.path;
    sessionId = last.sessionId = shared(last.sessionId, sessionId);
    rpcMethod = last.rpcMethod = shared(last.rpcMethod, rpcMethod);
    protocolVersionHeader = last.protocolVersionHeader = shared(last.protocolVersionHeader, protocolVersionHeader);
  }
  // One literal with every member, none added later: a compact record (thousands are kept).
  return { seq: event.seq, t: event.t, method: event.method, path, sessionId, rpcMethod, rpcId: rpc?.id, protocolVersionHeader, client: event.client || undefined };
}

/**
 * Remembers requests by exchange so responses can be read in context. One instance is shared by
 * every rule of a runner: each rule calls `observe` with the same event, and only the first call
 * does the work.
 */
export class Exchanges {
  private readonly requests = new BoundedMap<number, RequestInfo>();
  private readonly lastStrings: LastRequestStrings = { url: '', path: '' };
  private lastEvent?: TraceEvent;
  private lastAnswer?: RequestInfo;

  /**
   * Records requests; returns the request a response answers (or undefined for other events).
   * `parsedBody`: for a request whose body the caller already parsed, what `JSON.parse(body)` gave.
   */
  observe(event: TraceEvent, parsedBody?: unknown): RequestInfo | undefined {
    if (event === this.lastEvent) return this.lastAnswer;
    this.lastEvent = event;
    this.lastAnswer = undefined;
    // Each request reaches a runner once: parsed here without the shared cache (a WeakMap entry
    // per request is costly for millions of events); the tap's own lookups still use the cache.
    if (event.kind === 'http-request') this.requests.set(event.exchange, requestInfos.get(event) ?? parseRequestInfo(event, parsedBody, this.lastStrings));
    else if (event.kind === 'http-response') this.lastAnswer = this.requests.get(event.exchange);
    return this.lastAnswer;
  }

  /** The request of an exchange already observed. */
  get(exchange: number): RequestInfo | undefined {
    return this.requests.get(exchange);
  }
}

const answerTexts = new WeakMap<HttpResponseEvent, string>();

/** The error text of an answer: the JSON-RPC error message, else the body (parsed once per event). */
export function answerText(response: HttpResponseEvent): string {
  const known = answerTexts.get(response);
  if (known !== undefined) return known;
  const body = response.body ?? '';
  let text = body.slice(0, 300);
  try {
    const parsed = JSON.parse(body) as { error?: { message?: unknown } };
    if (typeof parsed.error?.message === 'string') text = parsed.error.message;
  } catch {
    // not JSON
  }
  answerTexts.set(response, text);
  return text;
}

export type AnswerKind =
  | 'ok'
  | 'unknown-session'
  | 'missing-session'
  | 'not-initialized'
  | 'already-initialized'
  | 'unsupported-version'
  | 'origin-rejected'
  | 'stream-conflict'
  | 'get-unsupported'
  | 'resume-failed'
  | 'discover-refused'
  | 'other-error';

const UNKNOWN_SESSION = /session not found|could not find session|unknown (or expired )?session|session has been terminated|no active transport found|transport not found for session/i;
const NO_VALID_SESSION = /no valid session id/i;
const MISSING_SESSION = /mcp-session-id header is required|missing session id|session_id is required/i;

/** Classifies an HTTP answer by status and body text (never by one alone). */
export function classifyAnswer(request: RequestInfo | undefined, response: HttpResponseEvent): AnswerKind {
  const status = response.status;
  if (status >= 200 && status < 300) return 'ok';
  const text = answerText(response);
  const carriedSession = Boolean(request?.sessionId);
  // The v2 client's era probe answered 4xx by a session-era server: normal negotiation.
  if (request?.rpcMethod === 'server/discover' && status >= 400 && status < 500) return 'discover-refused';
  if (UNKNOWN_SESSION.test(text) && (status === 404 || status === 400)) return 'unknown-session';
  if (NO_VALID_SESSION.test(text) && status === 400) return carriedSession ? 'unknown-session' : 'missing-session';
  if (MISSING_SESSION.test(text)) return 'missing-session';
  if (/server not initialized/i.test(text)) return carriedSession ? 'not-initialized' : 'missing-session';
  if (/already initialized/i.test(text)) return 'already-initialized';
  if (/unsupported protocol version/i.test(text)) return 'unsupported-version';
  if ((status === 403 || status === 421) && /invalid (origin|host)/i.test(text)) return 'origin-rejected';
  if (status === 409 && /only one sse stream/i.test(text)) return 'stream-conflict';
  if (status === 405 && request?.method === 'GET') return 'get-unsupported';
  if (/invalid event id|error replaying events/i.test(text)) return 'resume-failed';
  return 'other-error';
}

/** A one-line evidence entry for an exchange, e.g. "POST /mcp (tools/call #7) → 404 Session not found". */
export function exchangeEvidence(request: RequestInfo | undefined, response: HttpResponseEvent): Evidence {
  const what = request ? `${request.method} ${request.path}${request.rpcMethod ? ` (${request.rpcMethod}${request.rpcId !== undefined ? ` #${request.rpcId}` : ''})` : ''}` : `exchange ${response.exchange}`;
  const text = answerText(response).replace(/\s+/g, ' ').slice(0, 120);
  return { summary: `${what} → ${response.status}${text ? ` ${text}` : ''}`, seq: response.seq, t: response.t };
}

/** Milliseconds between two ISO times. */
export function msBetween(from: string, to: string): number {
  return Date.parse(to) - Date.parse(from);
}

/** The traffic of one client (our own connection, or one tapped client). */
export function clientOf(event: TraceEvent): string {
  return event.client ?? 'inspector';
}
