// Claude Desktop's per-server log (`mcp-server-<name>.log`): lines
// `2025-06-27T07:58:07.774Z [info] [name] Message from client: {json}` and `Message from server:`,
// plus its own account of the transport (`Server transport closed unexpectedly…`). A stdio view:
// messages, no HTTP, except what mcp-remote relays: an HTTP failure it turns into a JSON-RPC
// error ("mcp-remote: Error POSTing to endpoint: <body>") is rebuilt as that exchange. Lines of
// mcp-remote (`[pid] …`) in the log are read as mcp-remote's.

import type { NewTraceEvent } from '../trace/events';
import { rpcMessages, setMessageFields, traceMessage } from '../protocol/rpcMessages';
import { isoTime } from '../util/clock';
import { relayedPostFailure } from '../protocol/relayedAnswers';
import { McpRemoteLogReader } from './mcpRemoteLog';
import type { LoggedEvent } from './vscodeLog';

const LINE = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z) \[(\w+)\] \[([^\]]+)\] (.*)$/;
const MESSAGE = /^Message from (client|server): (.*)$/;

/** True when the text looks like Claude Desktop's MCP server log. */
export function looksLikeClaudeDesktopLog(head: string): boolean {
  return head
    .split('\n', 20)
    .some((line) => LINE.test(line.trimEnd()) && / \[[^\]]+\] (Message from (client|server): |Initializing server|Server started and connected)/.test(line));
}

export class ClaudeDesktopLogReader {
  private readonly bridge: McpRemoteLogReader;

  constructor(
    private readonly server: string,
    private clock: number,
  ) {
    // The HTTP side belongs to the bridge, a client of its own (Claude Desktop speaks stdio to it).
    this.bridge = new McpRemoteLogReader(server, clock);
  }

  line(text: string, number: number): LoggedEvent[] {
    const match = LINE.exec(text.trimEnd());
    if (!match) return this.bridge.line(text, number);
    const at = Date.parse(match[1]);
    if (!Number.isNaN(at)) this.clock = at;
    const rest = match[4];
    const out: LoggedEvent[] = [];
    const emit = (fields: Record<string, unknown>) =>
      out.push({ event: { t: isoTime(this.clock), server: this.server, client: 'claude-desktop', ...fields } as unknown as NewTraceEvent, line: number });
    const message = MESSAGE.exec(rest);
    if (message) {
      for (const found of rpcMessages(message[2])) {
        const event: Record<string, unknown> = { kind: message[1] === 'client' ? 'message-out' : 'message-in', message: traceMessage(found, message[2]) };
        setMessageFields(event, found.message);
        emit(event);
        // mcp-remote relays an HTTP failure to its stdio client as an error naming the body.
        const relayed =
          message[1] === 'server' ? relayedPostFailure(String((found.message.error as { message?: unknown } | undefined)?.message ?? '')) : undefined;
        if (relayed) out.push(...this.bridge.exchangeOf('POST', relayed.status, number, { body: relayed.body }));
        else if (message[1] === 'server' && found.message.id !== undefined && 'result' in found.message) out.push(...this.bridge.answered(number));
        const result = found.message.result as { protocolVersion?: unknown } | undefined;
        if (message[1] === 'server' && typeof result?.protocolVersion === 'string')
          emit({ kind: 'lifecycle', name: 'handshake-complete', detail: { protocolVersion: result.protocolVersion } });
      }
      return out;
    }
    if (/^Server transport closed unexpectedly/.test(rest)) emit({ kind: 'lifecycle', name: 'process-exit', detail: { reason: rest.slice(0, 200) } });
    else if (/^Initializing server/.test(rest)) emit({ kind: 'lifecycle', name: 'connect-start', detail: { reason: 'Claude Desktop starts the server' } });
    else if (/^\[\d+\] /.test(rest)) return [...out, ...this.bridge.line(rest, number)];
    return out;
  }

  end(): LoggedEvent[] {
    return this.bridge.end();
  }
}
