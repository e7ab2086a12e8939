// The stdio tap: a pass-through in front of a stdio MCP server. It starts the real command, relays
// the client's stdin to it and its stdout and stderr back, byte for byte and at once, and records
// the JSON-RPC lines both ways plus stderr (redacted) into a TapHub — and, with a trace file, into
// JSONL the extension follows. Put it in front of the server's command in any client's config.

import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { bound } from '../connection/recorder';
import type { NewTraceEvent } from '../trace/events';
import { KnownSecrets } from '../trace/knownSecrets';
import { isSecretName, redactText } from '../trace/redact';
import { messageFields, rpcMessages, traceMessage } from '../protocol/rpcMessages';
import { isoNow } from '../util/clock';
import { TapHub, type TapEventInput, type TapHubOptions } from './tapHub';

export interface StdioTapOptions {
  command: string;
  args: readonly string[];
  /** Server name for the trace (default: the command's base name). */
  name?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Where the client's messages come from and the server's go (the tap process's own stdio in the CLI). */
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  /** Extra values to redact; secret-looking environment values are redacted anyway. */
  secrets?: readonly string[];
  traceFile?: string;
  timeouts?: TapHubOptions['timeouts'];
  tickMs?: number;
}

/** Longest line parsed as JSON-RPC; longer ones are relayed whole but recorded as a summary. */
const MAX_PARSED_LINE = 8 * 1024 * 1024;

/** Values of environment variables whose names look like credentials. */
export function secretsOfEnvironment(env: NodeJS.ProcessEnv): string[] {
  return Object.entries(env)
    .filter(([name, value]) => value !== undefined && value.length >= 6 && isSecretName(name))
    .map(([, value]) => value as string);
}

/** Splits a byte stream into lines without holding more than the parse limit of any one line. */
class LineSplitter {
  private partial: Buffer[] = [];
  private partialBytes = 0;
  private overflow = 0;

  constructor(private readonly onLine: (line: string, bytes: number, cut: boolean) => void) {}

  push(chunk: Buffer): void {
    let start = 0;
    for (let newline = chunk.indexOf(10, start); newline !== -1; newline = chunk.indexOf(10, start)) {
      this.take(chunk.subarray(start, newline));
      this.emit();
      start = newline + 1;
    }
    if (start < chunk.length) this.take(chunk.subarray(start));
  }

  end(): void {
    if (this.partialBytes || this.overflow) this.emit();
  }

  private take(piece: Buffer): void {
    if (this.partialBytes + piece.length <= MAX_PARSED_LINE) {
      this.partial.push(Buffer.from(piece));
      this.partialBytes += piece.length;
    } else this.overflow += piece.length;
  }

  private emit(): void {
    const text = Buffer.concat(this.partial).toString('utf8').replace(/\r$/, '');
    const bytes = this.partialBytes + this.overflow;
    const cut = this.overflow > 0;
    this.partial = [];
    this.partialBytes = 0;
    this.overflow = 0;
    if (text.trim() || cut) this.onLine(text, bytes, cut);
  }
}

export class StdioTap {
  readonly hub: TapHub;
  /** Resolves with the server's exit code (128 + signal number style codes for signals, 1 when it could not start). */
  readonly exited: Promise<number>;
  private readonly child: ChildProcess;
  private readonly secrets: readonly string[];
  private readonly client: string;

  constructor(private readonly options: StdioTapOptions) {
    const env = options.env ?? process.env;
    // A process environment is mostly paths and settings: only credential-named values are secrets here.
    this.secrets = new KnownSecrets([...(options.secrets ?? []), ...secretsOfEnvironment(env)]).values;
    const name = options.name ?? options.command.split(/[\\/]/).pop() ?? options.command;
    this.hub = new TapHub({
      server: { name, transport: 'stdio', command: options.command },
      transport: 'stdio',
      spillFile: options.traceFile,
      timeouts: options.timeouts,
      tickMs: options.tickMs,
    });
    this.child = spawn(options.command, [...options.args], { env, cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    this.client = `stdio pid ${this.child.pid ?? '?'}`;
    this.hub.addClient(this.client, 'the client that started the tapped command');
    this.exited = new Promise<number>((resolve) => {
      this.child.once('error', (error: NodeJS.ErrnoException) => {
        const reason = error.code === 'ENOENT' ? `command not found: ${options.command}` : error.message;
        options.stderr.write(`mcp-session-inspector tap: cannot start the server: ${redactText(reason, this.secrets)}\n`);
        this.record({ kind: 'lifecycle', name: 'error', detail: { message: redactText(reason, this.secrets) } });
        resolve(1);
      });
      this.child.once('close', (code, signal) => {
        this.record({ kind: 'lifecycle', name: 'process-exit', pid: this.child.pid, detail: { code, signal } });
        resolve(code ?? (signal ? 128 + (signal === 'SIGKILL' ? 9 : signal === 'SIGINT' ? 2 : 15) : 1));
      });
    });
    if (this.child.pid)
      this.record({
        kind: 'lifecycle',
        name: 'process-start',
        pid: this.child.pid,
        detail: { command: redactText([options.command, ...options.args].join(' '), this.secrets) },
      });
    this.relay();
  }

  private record(event: TapEventInput): void {
    this.hub.record({ t: isoNow(), server: this.hub.server.name, client: this.client, ...event } as NewTraceEvent);
  }

  private relay(): void {
    const { stdin, stdout, stderr } = this.options;
    const child = this.child;
    const fromClient = new LineSplitter((line, bytes, cut) => this.recordLine('message-out', line, bytes, cut));
    const fromServer = new LineSplitter((line, bytes, cut) => this.recordLine('message-in', line, bytes, cut));
    const serverErrors = new LineSplitter((line) =>
      this.record({ kind: 'stderr', line: redactText(line.slice(0, 4096), this.secrets), source: 'stderr', pid: child.pid }),
    );
    const onInput = (chunk: Buffer) => {
      if (child.stdin?.writable) child.stdin.write(chunk);
      fromClient.push(chunk);
    };
    stdin.on('data', onInput);
    stdin.once('end', () => {
      fromClient.end();
      child.stdin?.end();
    });
    child.stdin?.on('error', () => undefined);
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout.write(chunk);
      fromServer.push(chunk);
    });
    child.stdout?.once('end', () => fromServer.end());
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr.write(chunk);
      serverErrors.push(chunk);
    });
    child.stderr?.once('end', () => serverErrors.end());
    void this.exited.then(() => stdin.off('data', onInput));
  }

  private recordLine(kind: 'message-in' | 'message-out', line: string, bytes: number, cut: boolean): void {
    const found = cut ? [] : rpcMessages(line);
    if (!found.length) {
      // Anything but JSON-RPC on the server's stdout breaks the client's parser: worth seeing.
      if (kind === 'message-in')
        this.record({ kind: 'stderr', line: redactText(bound(line, 4096, []).text, this.secrets), source: 'stdout-garbage', pid: this.child.pid });
      else if (cut) this.record({ kind, message: { truncated: `${bytes} bytes` } });
      return;
    }
    for (const message of found) this.record({ kind, message: traceMessage(message, line, this.secrets), ...messageFields(message.message) });
  }

  /** Asks the server to stop (SIGTERM, then SIGKILL after `graceMs`). */
  async stop(graceMs = 3000): Promise<number> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
      timer.unref();
    }
    const code = await this.exited;
    await this.hub.dispose();
    return code;
  }

  /** Forwards a signal the tap process received to the server. */
  signal(signal: NodeJS.Signals): void {
    if (this.child.exitCode === null) this.child.kill(signal);
  }
}
