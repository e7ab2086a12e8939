// The server process of a stdio connection: its environment (the envFile's values are secrets),
// and what it shows besides JSON-RPC (stderr, non-JSON stdout lines, its start and exit), recorded.

import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseEnvFile } from '../config/envFile';
import type { ServerConfig } from '../config/types';
import type { KnownSecrets } from '../trace/knownSecrets';
import { watchNonJsonLines } from './nonJsonLines';
import { detached, type Recorder } from './recorder';

/** Non-JSON stdout lines recorded per process (a chatty server must not flood the trace). */
const MAX_GARBAGE_LINES = 50;

/** A transport that starts the configured command (nothing runs until the client connects). */
export function createStdioTransport(config: ServerConfig, secrets: KnownSecrets): StdioClientTransport {
  const env = { ...getDefaultEnvironment(), ...envFileValues(config, secrets), ...config.env };
  return new StdioClientTransport({
    command: config.command as string,
    args: config.args ?? [],
    env,
    ...(config.cwd ? { cwd: config.cwd } : {}),
    stderr: 'pipe',
  });
}

/**
 * The envFile's values when the config layer left it unread (a path with variables, or reading
 * turned off): they are secrets like the env, so they join the known set before the server starts.
 */
function envFileValues(config: ServerConfig, secrets: KnownSecrets): Record<string, string> {
  if (!config.envFile) return {};
  const { values } = parseEnvFile(readFileSync(config.envFile, 'utf8'));
  secrets.addEnv(values);
  return values;
}

/** Records each stderr line of the server (the stream exists before the process starts). */
export function captureStderr(transport: StdioClientTransport, recorder: Recorder): void {
  if (!transport.stderr) return;
  onLines(transport.stderr, recorder.maxBodyBytes, (line) => {
    recorder.record({ kind: 'stderr', line: recorder.text(line).text, source: 'stderr', ...(transport.pid ? { pid: transport.pid } : {}) });
  });
}

/**
 * Records the process's start as soon as it can be seen (after `client.connect` started it), then
 * its non-JSON stdout lines and its exit. `isCurrent` turns false once the connection moved on.
 */
export async function watchProcess(transport: StdioClientTransport, recorder: Recorder, command: string | undefined, isCurrent: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && transport.pid === null && isCurrent(); i++) await new Promise((done) => setTimeout(done, 25));
  const pid = transport.pid;
  if (pid === null || !isCurrent()) return;
  recorder.record({ kind: 'lifecycle', name: 'process-start', pid, detail: { command } });
  const child = (transport as unknown as { _process?: ChildProcess })._process;
  if (child) captureStdoutGarbage(child, pid, recorder);
  child?.once('exit', (code, signal) => recorder.record({ kind: 'lifecycle', name: 'process-exit', pid, detail: { code, signal } }));
}

/** The SDK silently skips stdout lines that are not JSON; they are recorded, since they break clients that do not. */
function captureStdoutGarbage(child: ChildProcess, pid: number, recorder: Recorder): void {
  if (!child.stdout) return;
  let reported = 0;
  watchNonJsonLines(child.stdout, recorder.maxBodyBytes, (line) => {
    if (reported >= MAX_GARBAGE_LINES) return;
    if (reported++ === 0) {
      recorder.record({
        kind: 'lifecycle',
        name: 'error',
        pid,
        detail: {
          message: `the server writes lines that are not JSON-RPC to stdout (stdout is the protocol channel; log to stderr instead): ${recorder.text(line).text.slice(0, 120)}`,
        },
      });
    }
    recorder.record({ kind: 'stderr', line: recorder.text(line).text, source: 'stdout-garbage', pid });
  });
}

/** Calls `onLine` for each line of a byte stream; an over-long line is cut at `maxBytes` and its rest dropped. */
function onLines(stream: { on(event: 'data', listener: (chunk: Buffer) => void): unknown }, maxBytes: number, onLine: (line: string) => void): void {
  let partial = '';
  let skipping = false;
  stream.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString('utf8')).split(/\r?\n/);
    partial = lines.pop() ?? '';
    if (skipping && lines.length) {
      lines.shift();
      skipping = false;
    }
    if (partial.length > maxBytes) {
      if (!skipping) lines.push(detached(partial.slice(0, maxBytes)));
      partial = '';
      skipping = true;
    }
    for (const line of lines) if (line.trim()) onLine(line);
  });
}
