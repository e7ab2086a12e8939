// VS Code's MCP output log (the "MCP: <server>" channel; on desktop `mcpServer.*.log`) read as what
// it is: the client's own account of an HTTP conversation. Lines are
// `YYYY-MM-DD HH:MM:SS.mmm [level] text`. At trace level `Fetching <url> with options: {…}` and
// `Fetched <url>: {status, headers}` give every exchange with its session id; at info level only
// the failures show (`Connection state: Error 400 status sending message to <url>: <body>; …`).
// The reader rebuilds trace events from them (requests, answers, messages, stream drops, new
// sessions) so the same rules run as on a HAR, each event pointing back at its line.

import type { NewTraceEvent } from '../trace/events';
import { addLowerCasedHeader, redactText, redactUrl } from '../trace/redact';
import { parseRpcBody, rpcMessages, setMessageFields, traceMessage } from '../protocol/rpcMessages';
import { isoTime } from '../util/clock';
import { leadingTime } from './logLines';

/** A rebuilt event and the line it comes from. */
export interface LoggedEvent {
  event: NewTraceEvent;
  line: number;
}

const LINE = /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}) \[(trace|debug|info|warning|error)\] (.*)$/;
const FETCHING = /^Fetching (\S+) with options: (\{.*\})$/;
const FETCHED = /^Fetched (\S+): (\{.*\})$/;
const MESSAGE = /^\[(editor -> server|server -> editor)\] (.*)$/;
const SEND_FAILED = /^Connection state: Error (\d{3}) status sending message to (\S+): (.*?)(?:; will retry with new session ID)?$/;
const GET_FAILED = /^(\d{3}) status connecting to (\S+) for async notifications; they will be disabled: (.*)$/;
const GET_UNREACHABLE = /^Error connecting to (\S+) for async notifications, will retry/;
const STREAM_ERROR = /^Error reading from async stream, we will reconnect: (.*)$/;
const STARTING = /^Starting server (.+)$/;
const DISCOVERED = /^Discovered \d+ (tools|prompts|resources)/;

/** True when the text looks like VS Code's MCP output log (judged from its first lines). */
export function looksLikeVsCodeMcpLog(head: string): boolean {
  const lines = head.split('\n', 40).filter((line) => line.trim());
  // A stack trace or a wrapped message may follow a line: the first line and the markers decide.
  if (!lines.length || !LINE.test(lines[0].trimEnd())) return false;
  return lines.some(
    (line) => LINE.test(line.trimEnd()) && / \[\w+\] (Starting server |Connection state: |Fetching |\[editor -> server\] |\[server -> editor\] )/.test(line),
  );
}

interface PendingRequest {
  exchange: number;
  method: string;
  url: string;
  session?: string;
  /** The id of a JSON-RPC request in the body (not of a notification or a response). */
  requestId?: string | number;
}

interface HeldAnswer {
  url: string;
  status: number;
  headers: Record<string, string>;
  atMs: number;
  line: number;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function lowerHeaders(raw: unknown): Record<string, string> {
  const headers: Record<string, string> = {};
  if (typeof raw !== 'object' || raw === null) return headers;
  for (const [name, value] of Object.entries(raw as Record<string, unknown>)) addLowerCasedHeader(headers, name.toLowerCase(), value);
  return headers;
}

/**
 * Reads the log line by line. At info level the session ids are not logged: each session the
 * client started (`Starting server …`) gets a stand-in name, so one lost session still counts once.
 */
export class VsCodeMcpLogReader {
  private readonly out: LoggedEvent[] = [];
  private exchange = 0;
  private pending: PendingRequest[] = [];
  private held?: HeldAnswer;
  /** True once a `Fetching` line was seen: the log is at trace level and names every exchange. */
  private traced = false;
  private session?: string;
  /** Sessions started, for the stand-in names at info level. */
  private started = 0;
  private url = '';
  private streamOpen?: { stream: string; exchange: number };
  private workedOnSession = false;
  private clock = 0;

  constructor(
    private readonly server: string,
    private readonly client = 'vscode',
  ) {}

  /** Reads one line (1-based number); returns the events it completes. */
  line(text: string, number: number): LoggedEvent[] {
    const match = LINE.exec(text.trimEnd());
    if (!match) return [];
    this.clock = leadingTime(match[1]) ?? this.clock + 1;
    const body = match[3];
    if (this.held) this.resolveHeld(body);
    this.read(body, number);
    return this.out.splice(0);
  }

  /** Ends the log: an answer still held is emitted as it is. */
  end(): LoggedEvent[] {
    if (this.held) this.resolveHeld('');
    return this.out.splice(0);
  }

  private read(body: string, number: number): void {
    let match: RegExpExecArray | null;
    if ((match = FETCHING.exec(body))) return this.fetching(match[1], match[2], number);
    if ((match = FETCHED.exec(body))) {
      const info = parseJson(match[2]) as { status?: unknown; headers?: unknown } | undefined;
      if (typeof info?.status !== 'number') return;
      this.held = { url: match[1], status: info.status, headers: lowerHeaders(info.headers), atMs: this.clock, line: number };
      return;
    }
    if ((match = MESSAGE.exec(body))) return this.message(match[1] === 'editor -> server' ? 'message-out' : 'message-in', match[2], number);
    if ((match = SEND_FAILED.exec(body))) return this.failed('POST', Number(match[1]), match[2], match[3], number);
    if ((match = GET_FAILED.exec(body))) return this.failed('GET', Number(match[1]), match[2], match[3], number);
    if ((match = GET_UNREACHABLE.exec(body))) return this.unreachable(match[1], number);
    if ((match = STREAM_ERROR.exec(body))) return this.streamDropped(match[1], number);
    if ((match = STARTING.exec(body)) && !/^from /.test(match[1])) {
      this.started++;
      this.session = undefined;
      this.workedOnSession = false;
      this.pending = [];
      // VS Code starts the server over: a new connection, which legitimately moves to a new session.
      this.emit({ kind: 'lifecycle', name: 'connect-start', detail: { reason: 'VS Code started the server' } }, number);
      return;
    }
    if (DISCOVERED.test(body) && !this.traced && !this.workedOnSession) this.infoLevelSuccess(number);
  }

  private base(): Record<string, unknown> {
    return { t: isoTime(this.clock), server: this.server, client: this.client, ...(this.session ? { session: this.session } : {}) };
  }

  private emit(fields: Record<string, unknown>, line: number, atMs = this.clock): void {
    const event = { ...this.base(), t: isoTime(atMs), ...fields } as unknown as NewTraceEvent;
    this.out.push({ event, line });
  }

  /** The session a request at info level carried: the stand-in of the session the client started. */
  private standInSession(): string {
    return `#${Math.max(1, this.started)} (its id is only in a trace-level log)`;
  }

  private fetching(url: string, optionsText: string, number: number): void {
    this.traced = true;
    this.url = url;
    const options = parseJson(optionsText) as { method?: unknown; headers?: unknown; body?: unknown } | undefined;
    const method = typeof options?.method === 'string' ? options.method.toUpperCase() : 'GET';
    const headers = lowerHeaders(options?.headers);
    const bodyText = typeof options?.body === 'string' ? options.body : undefined;
    const exchange = ++this.exchange;
    const session = headers['mcp-session-id'];
    const request: Record<string, unknown> = { kind: 'http-request', exchange, method, url: redactUrl(url), headers };
    if (session) request.session = session;
    if (bodyText !== undefined) {
      request.body = redactText(bodyText);
      request.bodyBytes = Buffer.byteLength(bodyText);
    }
    const parsed = parseRpcBody(bodyText);
    const first = parsed?.messages[0]?.message;
    const requestId = first && typeof first.method === 'string' && (typeof first.id === 'string' || typeof first.id === 'number') ? first.id : undefined;
    this.pending.push({ exchange, method, url, session, requestId });
    this.emit(request, number);
  }

  /** Chooses the request a `Fetched` answers: the one whose response follows it, else the oldest that fits. */
  private takeRequest(held: HeldAnswer, next: string, failedMethod?: string): PendingRequest | undefined {
    const candidates = this.pending.filter((request) => request.url === held.url && (!failedMethod || request.method === failedMethod));
    let chosen: PendingRequest | undefined;
    const message = MESSAGE.exec(next);
    if (message && message[1] === 'server -> editor') {
      const answered = parseJson(message[2]) as { id?: unknown; method?: unknown } | undefined;
      if (answered && answered.method === undefined) chosen = candidates.find((request) => request.requestId === answered.id);
    }
    if (!chosen && held.status === 202) chosen = candidates.find((request) => request.method === 'POST' && request.requestId === undefined);
    if (!chosen && (held.headers['content-type'] ?? '').includes('text/event-stream') && held.headers['content-length'] === undefined)
      chosen = candidates.find((request) => request.method === 'GET');
    chosen ??= candidates.find((request) => request.method !== 'GET') ?? candidates[0];
    if (chosen) this.pending = this.pending.filter((request) => request !== chosen);
    return chosen;
  }

  /** A `Fetched` line waits one line: the next names the message it carried, or the failure's body. */
  private resolveHeld(next: string): void {
    const held = this.held as HeldAnswer;
    let failure: RegExpExecArray | null = null;
    if (held.status >= 400) {
      failure = SEND_FAILED.exec(next) ?? GET_FAILED.exec(next);
      // The failure line may come a few lines later (VS Code logs the other requests in flight first).
      if (!failure && next && !FETCHED.test(next) && !FETCHING.test(next)) return;
    }
    this.held = undefined;
    const failedMethod = failure ? (SEND_FAILED.test(next) ? 'POST' : 'GET') : undefined;
    const request = this.takeRequest(held, next, failedMethod);
    if (!request) return;
    this.respond(request, held.status, held.headers, failure ? failure[3] : undefined, held.line, held.atMs);
    // The failure line was used as the body: it is not read again as an exchange of its own.
    if (failure) this.consumedFailure = true;
  }

  /** Set when the line being read completed a held answer (and so is not an exchange of its own). */
  private consumedFailure = false;

  private respond(request: PendingRequest, status: number, headers: Record<string, string>, bodyText: string | undefined, line: number, atMs: number): void {
    const streaming = status >= 200 && status < 300 && (headers['content-type'] ?? '').includes('text/event-stream');
    const response: Record<string, unknown> = { kind: 'http-response', exchange: request.exchange, status, headers, durationMs: 0 };
    if (request.session) response.session = request.session;
    if (bodyText !== undefined) {
      response.body = redactText(bodyText);
      response.bodyBytes = Buffer.byteLength(bodyText);
    }
    if (streaming) response.streaming = true;
    this.emit(response, line, atMs);
    const issued = headers['mcp-session-id'];
    if (status >= 200 && status < 300) {
      if (issued && !request.session) {
        this.session = issued;
        this.emit({ kind: 'lifecycle', name: 'session-issued', session: issued, detail: { id: issued } }, line, atMs);
      }
      if (request.session) this.workedOnSession = true;
    }
    if (streaming && request.method === 'GET') {
      this.streamOpen = { stream: `get#${request.exchange}`, exchange: request.exchange };
      this.emit(
        { kind: 'lifecycle', name: 'stream-open', stream: this.streamOpen.stream, streamKind: 'get', detail: { exchange: request.exchange } },
        line,
        atMs,
      );
    }
    if (bodyText) for (const found of rpcMessages(bodyText)) this.messageEvent('message-in', found.message, bodyText, line, request.exchange);
  }

  private messageEvent(kind: 'message-out' | 'message-in', message: Record<string, unknown>, source: string, line: number, exchange?: number): void {
    const event: Record<string, unknown> = { kind, message: traceMessage({ message, size: source.length }, source) };
    if (exchange !== undefined) event.exchange = exchange;
    setMessageFields(event, message);
    this.emit(event, line);
  }

  private message(kind: 'message-out' | 'message-in', text: string, number: number): void {
    for (const found of rpcMessages(text)) {
      this.messageEvent(kind, found.message, text, number);
      if (kind === 'message-in' && (found.message.result as { protocolVersion?: unknown } | undefined)?.protocolVersion !== undefined) {
        this.emit(
          {
            kind: 'lifecycle',
            name: 'handshake-complete',
            detail: { protocolVersion: (found.message.result as { protocolVersion: unknown }).protocolVersion },
          },
          number,
        );
      }
    }
  }

  /** A failure line: at trace level it completed a `Fetched` (already used); at info level it is the exchange. */
  private failed(method: string, status: number, url: string, bodyText: string, number: number): void {
    if (this.consumedFailure) {
      this.consumedFailure = false;
      return;
    }
    if (this.traced) {
      // A failure whose `Fetched` line was not logged: the oldest request of that kind.
      const request = this.pending.find((candidate) => candidate.url === url && candidate.method === method);
      if (request) {
        this.pending = this.pending.filter((candidate) => candidate !== request);
        this.respond(request, status, {}, bodyText, number, this.clock);
      }
      return;
    }
    this.url = url;
    const session = this.standInSession();
    const exchange = ++this.exchange;
    this.emit({ kind: 'http-request', exchange, method, url: redactUrl(url), headers: { 'mcp-session-id': session }, session }, number);
    this.respond({ exchange, method, url, session }, status, { 'content-type': 'application/json' }, bodyText, number, this.clock);
  }

  /** `Error connecting … for async notifications, will retry`: the GET got no answer at all. */
  private unreachable(url: string, number: number): void {
    const error = 'VS Code could not connect: refused or reset (its log gives no detail)';
    if (this.traced) {
      const request = [...this.pending].reverse().find((candidate) => candidate.url === url && candidate.method === 'GET');
      if (!request) return;
      this.pending = this.pending.filter((candidate) => candidate !== request);
      this.emit(
        {
          kind: 'http-response',
          exchange: request.exchange,
          status: 0,
          headers: {},
          durationMs: 0,
          error,
          ...(request.session ? { session: request.session } : {}),
        },
        number,
      );
      return;
    }
    const session = this.standInSession();
    const exchange = ++this.exchange;
    this.emit(
      { kind: 'http-request', exchange, method: 'GET', url: redactUrl(url), headers: { 'mcp-session-id': session, accept: 'text/event-stream' }, session },
      number,
    );
    this.emit({ kind: 'http-response', exchange, status: 0, headers: {}, durationMs: 0, error, session }, number);
  }

  private streamDropped(reason: string, number: number): void {
    const open = this.streamOpen;
    this.streamOpen = undefined;
    this.emit(
      {
        kind: 'lifecycle',
        name: 'stream-close',
        stream: open?.stream ?? 'get',
        streamKind: 'get',
        detail: { ...(open ? { exchange: open.exchange } : {}), byClient: false, reason: `VS Code: ${reason.trim()}` },
      },
      number,
    );
  }

  /** Info level: `Discovered N tools` means a request on the session the client started worked. */
  private infoLevelSuccess(number: number): void {
    this.workedOnSession = true;
    const session = this.standInSession();
    const exchange = ++this.exchange;
    // Only the status and the session are known: no body is made up.
    this.emit({ kind: 'http-request', exchange, method: 'POST', url: redactUrl(this.url || 'mcp'), headers: { 'mcp-session-id': session }, session }, number);
    this.emit({ kind: 'http-response', exchange, status: 200, headers: {}, durationMs: 0, session }, number);
  }
}
