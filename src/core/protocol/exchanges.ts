// Shared, bounded helpers that read a trace: pairing HTTP responses with their requests (method,
// path, session, JSON-RPC method and id, batch), and the verdict of each answer in that context
// (answers.ts decides what an answer means).

import type { Evidence } from '../model';
import type { HttpRequestEvent, HttpResponseEvent, TraceEvent } from '../trace/events';
import { classify, readAnswer, type AnswerContext, type Verdict, type VerdictKind } from './answers';
import { ignoredSessionIdOf, sessionIdOf } from './eras';
import { messageId, messageMethod } from './rpcMessages';
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
  /** The body was a JSON-RPC batch (rpcMethod/rpcId are then those of its first message). */
  batch?: boolean;
  /** An Mcp-Session-Id sent on stateless-era traffic: no session, the server ignores it. */
  ignoredSessionId?: string;
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

/** A batch's first message's method and id, marked as a batch. */
function rpcOfBatch(items: unknown[]): { method?: string; id?: string | number; batch: true } {
  return { ...rpcOfValue(items[0]), batch: true };
}

function rpcOf(body: string | undefined): { method?: string; id?: string | number; batch?: true } {
  if (!body) return {};
  // Most bodies are one plain JSON-RPC object: read its two members without building it.
  const scanned = scanRpc(body);
  if (scanned) return scanned;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    const method = /"method"\s*:\s*"([^"]+)"/.exec(body.slice(0, 4096))?.[1];
    return method ? { method } : {};
  }
  return Array.isArray(parsed) ? rpcOfBatch(parsed) : rpcOfValue(parsed);
}

/** The JSON-RPC method a request body names (the first of a batch), for labelling a request before it is parsed in full. */
export function rpcMethodOf(body: string | undefined): string | undefined {
  return rpcOf(body).method;
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
  // Without a query there is nothing to find: most requests are spared a URL parse.
  if (typeof url === 'string' && !url.includes('?')) return undefined;
  let parsed: URL;
  try {
    parsed = typeof url === 'string' ? new URL(url, base) : url;
  } catch {
    return undefined;
  }
  return parsed.searchParams.get('session_id') ?? parsed.searchParams.get('sessionId') ?? undefined;
}

/**
 * The session a request belongs to: the header, or the legacy `session_id`/`sessionId` query. A
 * stateless-era request (2026-07-28 `MCP-Protocol-Version`) belongs to none, whatever it carries.
 */
export function sessionOfRequest(event: HttpRequestEvent): string | undefined {
  return sessionIdOf(event.headers['mcp-session-id'] || undefined, legacySessionOf(event.url), event.headers['mcp-protocol-version'] || undefined);
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
  const rpc: { method?: string; id?: string | number; batch?: true } | undefined =
    parsedBody !== undefined ? (Array.isArray(parsedBody) ? rpcOfBatch(parsedBody) : rpcOfValue(parsedBody)) : event.body ? rpcOf(event.body) : undefined;
  const ignoredSessionId = ignoredSessionIdOf(event.headers['mcp-session-id'] || undefined, event.headers['mcp-protocol-version'] || undefined);
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
  return {
    seq: event.seq,
    t: event.t,
    method: event.method,
    path,
    sessionId,
    rpcMethod,
    rpcId: rpc?.id,
    protocolVersionHeader,
    client: event.client || undefined,
    batch: rpc?.batch,
    ignoredSessionId,
  };
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

/** The error text of an answer: the JSON-RPC error message, else the body (read once per event). */
export function answerText(response: HttpResponseEvent): string {
  let text = answerTexts.get(response);
  if (text === undefined) answerTexts.set(response, (text = readAnswer(response.body).text));
  return text;
}

/** The request as the answer classifier reads it. */
export function answerContextOf(request: RequestInfo | undefined): AnswerContext {
  if (!request) return {};
  return {
    method: request.method,
    rpcMethod: request.rpcMethod,
    sessionId: request.sessionId,
    protocolVersion: request.protocolVersionHeader,
    batch: request.batch,
  };
}

const verdicts = new WeakMap<HttpResponseEvent, { request: RequestInfo | undefined; verdict: Verdict | undefined }>();

/** What the answer means in the context of its request (answers.ts); undefined for a success or an unexplained error. Read once per event. */
export function answerVerdict(request: RequestInfo | undefined, response: HttpResponseEvent): Verdict | undefined {
  const known = verdicts.get(response);
  if (known && known.request === request) return known.verdict;
  const verdict = response.status === 0 ? undefined : classify(response, answerContextOf(request));
  verdicts.set(response, { request, verdict });
  return verdict;
}

/** An answer's verdict kind, 'ok' for a 2xx the classifier has nothing to say about, 'other-error' for an unexplained failure. */
export type AnswerKind = 'ok' | VerdictKind | 'other-error';

/** The kind of an answer's verdict (see answerVerdict). */
export function classifyAnswer(request: RequestInfo | undefined, response: HttpResponseEvent): AnswerKind {
  const verdict = answerVerdict(request, response);
  if (verdict) return verdict.kind;
  return response.status >= 200 && response.status < 300 ? 'ok' : 'other-error';
}

/** A request in a few words, e.g. "POST /mcp (tools/call #7)". */
export function describeRequest(request: RequestInfo): string {
  return `${request.method} ${request.path}${request.rpcMethod ? ` (${request.rpcMethod}${request.rpcId !== undefined ? ` #${request.rpcId}` : ''})` : ''}`;
}

/** A one-line evidence entry for an exchange, e.g. "POST /mcp (tools/call #7) → 404 Session not found". */
export function exchangeEvidence(request: RequestInfo | undefined, response: HttpResponseEvent): Evidence {
  const what = request ? describeRequest(request) : `exchange ${response.exchange}`;
  const text = answerText(response).replace(/\s+/g, ' ').slice(0, 120);
  return { summary: `${what} → ${response.status}${text ? ` ${text}` : ''}`, seq: response.seq, t: response.t };
}

/** The evidence line that says what an answer is: the shape matched and who answers that way. */
export function verdictEvidence(verdict: Verdict, response: HttpResponseEvent): Evidence {
  return { summary: `${verdict.shape}: ${verdict.source}`, seq: response.seq, t: response.t };
}

/** The evidence of an answer: the exchange, then (when the classifier knows it) its shape and who answers that way. */
export function answerEvidence(request: RequestInfo | undefined, response: HttpResponseEvent, verdict: Verdict | undefined): Evidence[] {
  return [exchangeEvidence(request, response), ...(verdict ? [verdictEvidence(verdict, response)] : [])];
}

/** Milliseconds between two ISO times. */
export function msBetween(from: string, to: string): number {
  return Date.parse(to) - Date.parse(from);
}

/** The traffic of one client (our own connection, or one tapped client). */
export function clientOf(event: TraceEvent): string {
  return event.client ?? 'inspector';
}
