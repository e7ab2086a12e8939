// mcp-remote's output (the stdio↔HTTP bridge Claude Desktop users run; its stderr is what they
// paste): entries `[pid] text`, some followed by unprefixed lines (a JSON message, a stack trace,
// the error's `data: { status … }`). It logs the messages it relays (`[Local→Remote] method`,
// `[Remote→Local] id`) and the HTTP failures of its SDK transport, but no session id until it
// re-establishes one and no times: the reader rebuilds the exchanges it can, with a stand-in name
// for the session the bridge held, so the same rules run as on a HAR.

import type { NewTraceEvent } from '../trace/events';
import { redactText, redactUrl } from '../trace/redact';
import { rpcMessages, setMessageFields, traceMessage } from '../protocol/rpcMessages';
import { isoTime } from '../util/clock';
import type { LoggedEvent } from './vscodeLog';

const ENTRY = /^\[(\d+)\] (.*)$/;
const POST_FAILED = /^Error from remote server: \w*Error: Error POSTing to endpoint(?: \(HTTP (\d{3})\))?: (.*)$/;
const GET_FAILED = /^Error from remote server: \w*Error: Failed to open SSE stream: (.*)$/;
const STREAM_DROPPED = /^Error from remote server: Error: SSE stream disconnected: (.*)$/;
const FETCH_FAILED = /^Error from remote server: TypeError: fetch failed/;
const RE_ESTABLISHED = /^Re-established session (\S+)/;

/** True when the text looks like mcp-remote's output (judged from its first lines). */
export function looksLikeMcpRemoteLog(head: string): boolean {
  const first = head.split('\n').find((line) => line.trim());
  return (
    first !== undefined &&
    ENTRY.test(first.trimEnd()) &&
    /\] (Connecting to remote server: |Using transport strategy: |\[Local→Remote\] |Using callback port|Using automatically selected callback port)/.test(head)
  );
}

/** Reads mcp-remote's output entry by entry (an entry is its `[pid]` line and the unprefixed lines after it). */
export class McpRemoteLogReader {
  private readonly out: LoggedEvent[] = [];
  private entry?: { text: string; more: string[]; line: number };
  private exchange = 0;
  private url = '(url not in the log)';
  private session?: string;
  private started = 1;
  private workedOnSession = false;
  private stream?: { name: string; exchange: number };

  constructor(
    private readonly server: string,
    private clock: number,
    private readonly client = 'mcp-remote',
  ) {}

  line(text: string, number: number): LoggedEvent[] {
    const match = ENTRY.exec(text.trimEnd());
    if (match) {
      this.flush();
      this.entry = { text: match[2], more: [], line: number };
    } else if (this.entry && this.entry.more.length < 200) this.entry.more.push(text);
    return this.out.splice(0);
  }

  end(): LoggedEvent[] {
    this.flush();
    return this.out.splice(0);
  }

  /** The session the bridge held: the one it re-established, else a stand-in (it never logs the first). */
  private sessionName(): string {
    return this.session ?? `#${this.started} (mcp-remote logs no session id)`;
  }

  private emit(fields: Record<string, unknown>, line: number): void {
    this.clock++;
    this.out.push({ event: { t: isoTime(this.clock), server: this.server, client: this.client, ...fields } as unknown as NewTraceEvent, line });
  }

  /** An answer came back through the bridge: its session worked (once per session is enough to know). */
  answered(line: number): LoggedEvent[] {
    if (this.workedOnSession) return [];
    this.workedOnSession = true;
    return this.exchangeOf('POST', 200, line);
  }

  /** Emits one rebuilt exchange on the bridge's session (also for a failure its stdio client was told of). */
  exchangeOf(method: 'GET' | 'POST', status: number, line: number, extra: { body?: string; error?: string; rpc?: string } = {}): LoggedEvent[] {
    const exchange = ++this.exchange;
    const session = this.sessionName();
    const request: Record<string, unknown> = {
      kind: 'http-request',
      exchange,
      method,
      url: redactUrl(this.url),
      headers: { 'mcp-session-id': session },
      session,
    };
    if (extra.rpc) request.body = extra.rpc;
    this.emit(request, line);
    const response: Record<string, unknown> = {
      kind: 'http-response',
      exchange,
      status,
      headers: extra.body?.trim().startsWith('{') ? { 'content-type': 'application/json' } : {},
      durationMs: 0,
      session,
    };
    if (extra.body !== undefined) {
      response.body = redactText(extra.body);
      response.bodyBytes = Buffer.byteLength(extra.body);
    }
    if (extra.error) response.error = extra.error;
    if (method === 'GET' && status === 200) response.streaming = true;
    this.emit(response, line);
    return this.out.splice(0);
  }

  private flush(): void {
    const entry = this.entry;
    this.entry = undefined;
    if (!entry) return;
    const { text, more, line } = entry;
    const detail = more.join('\n');
    const status = Number(/\bstatus: (\d{3})\b/.exec(detail)?.[1] ?? 0);
    let match: RegExpExecArray | null;
    if ((match = /^(?:\[\d+\] )?Connecting to remote server: (\S+)/.exec(text))) this.url = match[1];
    else if (/^\[Local→Remote\] \S/.test(text)) {
      // Only a message logged whole is one: a bare method name has no id to pair answers with.
      const json = more.length && more[0].trim() === '{' ? `{${more.slice(1).join('\n')}` : undefined;
      for (const found of json ? rpcMessages(json) : []) {
        const event: Record<string, unknown> = { kind: 'message-out', message: traceMessage(found, json as string) };
        setMessageFields(event, found.message);
        this.emit(event, line);
      }
    } else if (/^\[Remote→Local\] /.test(text)) {
      // An answer relayed (only its id is logged).
      this.out.push(...this.answered(line));
    } else if ((match = POST_FAILED.exec(text))) {
      const body = match[2];
      this.out.push(...this.exchangeOf('POST', Number(match[1] ?? 0) || status, line, { body }));
    } else if ((match = GET_FAILED.exec(text))) {
      this.out.push(...this.exchangeOf('GET', status, line, { body: match[1] }));
    } else if ((match = STREAM_DROPPED.exec(text))) {
      const open = this.stream;
      this.stream = undefined;
      this.emit(
        {
          kind: 'lifecycle',
          name: 'stream-close',
          stream: open?.name ?? 'get',
          streamKind: 'get',
          detail: { ...(open ? { exchange: open.exchange } : {}), byClient: false, reason: `mcp-remote: ${match[1]}` },
        },
        line,
      );
    } else if (FETCH_FAILED.test(text)) {
      const cause = /\[cause\]: \w*Error: (.*)/.exec(detail)?.[1] ?? 'fetch failed';
      this.out.push(
        ...this.exchangeOf(/_startOrAuthSse/.test(detail) ? 'GET' : 'POST', 0, line, {
          error: `mcp-remote: ${cause.includes('ECONNREFUSED') ? 'connection refused' : cause}`,
        }),
      );
    } else if (/^Remote session expired, re-initializing/.test(text)) {
      this.emit({ kind: 'lifecycle', name: 'connect-start', detail: { reason: 'mcp-remote re-initializes' } }, line);
      this.session = undefined;
      this.started++;
      this.workedOnSession = false;
    } else if ((match = RE_ESTABLISHED.exec(text))) {
      this.session = match[1];
      this.emit({ kind: 'lifecycle', name: 'session-issued', session: match[1], detail: { id: match[1] } }, line);
    }
  }
}
