// Human-readable CLI output: the connection model as a short report, and one-line renderings of
// trace events and model changes for `watch`. Colour only when writing to a terminal.

import { describeAuth } from '../core/auth/describe';
import type { AuthInfo, ConnectionModel, Finding } from '../core/model';
import type { TraceEvent } from '../core/trace/events';

export interface Style {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  green(text: string): string;
  cyan(text: string): string;
}

/** ANSI styling when `enabled`, plain text otherwise (pipes, files, NO_COLOR). */
export function createStyle(enabled: boolean): Style {
  const wrap = (open: number, close: number) => (text: string) => (enabled ? `\u001b[${open}m${text}\u001b[${close}m` : text);
  return { bold: wrap(1, 22), dim: wrap(2, 22), red: wrap(31, 39), yellow: wrap(33, 39), green: wrap(32, 39), cyan: wrap(36, 39) };
}

/** Colour is on for a TTY unless NO_COLOR is set or --no-color was given. */
export function colorWanted(stream: NodeJS.WritableStream, noColorFlag: boolean): boolean {
  return !noColorFlag && !process.env.NO_COLOR && Boolean((stream as NodeJS.WriteStream).isTTY);
}

function healthText(model: ConnectionModel, style: Style): string {
  const state = model.health.state;
  const text = model.health.rttMs !== undefined ? `${state} (${Math.round(model.health.rttMs)} ms)` : state;
  return state === 'healthy' ? style.green(text) : state === 'degraded' ? style.yellow(text) : style.red(text);
}

function severityText(finding: Finding, style: Style): string {
  const label = finding.severity.padEnd(7);
  return finding.severity === 'error' ? style.red(label) : finding.severity === 'warning' ? style.yellow(label) : style.cyan(label);
}

/** The sign-in line: needs sign-in (and how), signed in (scopes, expiry), or why it failed. */
function authText(auth: AuthInfo, style: Style): string {
  const text = describeAuth(auth);
  if (auth.state === 'signed-in') return style.green(text);
  if (auth.state === 'refused') return style.red(text);
  return `${style.yellow(text)}${style.dim(' — run again with --sign-in')}`;
}

/** The multi-line status report printed by `status`. */
export function formatModel(model: ConnectionModel, style: Style): string {
  const lines: string[] = [];
  const row = (label: string, value: string) => lines.push(`  ${style.dim(label.padEnd(11))} ${value}`);
  const target = model.server.url ?? model.server.command ?? '';
  lines.push(`${style.bold(model.server.name)} ${style.dim(target)}`);
  const { handshake, session, transport } = model;
  const handshakeText =
    handshake.state === 'ready'
      ? style.green('ready')
      : handshake.state === 'failed'
        ? style.red(`failed: ${handshake.reason ?? 'unknown reason'}`)
        : handshake.state;
  row('handshake', `${handshakeText}${handshake.method ? style.dim(` via ${handshake.method}`) : ''}`);
  row('era', `${model.era}${model.protocolVersion ? ` · protocol ${model.protocolVersion}` : ''}`);
  if (handshake.serverInfo) row('server', `${handshake.serverInfo.name} ${handshake.serverInfo.version}`);
  const chosen = transport.chosenBy === 'configured' ? '' : ` (${transport.chosenBy}${transport.reason ? `: ${transport.reason}` : ''})`;
  row('transport', `${transport.kind}${chosen}${transport.pid ? ` · pid ${transport.pid}` : ''}`);
  if (transport.endpoint) row('endpoint', transport.endpoint);
  const sessionText = session.id ? style.bold(session.id) : style.dim(`none${session.noneReason ? ` (${session.noneReason.replace(/-/g, ' ')})` : ''}`);
  row('session', sessionText);
  for (const stream of model.streams) {
    const details = [
      stream.state,
      `${stream.events} events`,
      stream.lastEventId ? `last id ${stream.lastEventId}` : '',
      stream.reconnects ? `${stream.reconnects} reconnects` : '',
      stream.reason ?? '',
    ].filter(Boolean);
    row('stream', `${stream.kind}: ${details.join(' · ')}`);
  }
  if (model.auth) row('auth', authText(model.auth, style));
  row('health', `${healthText(model, style)}${model.health.reason ? style.dim(` — ${model.health.reason}`) : ''}`);
  if (model.findings.length) {
    lines.push('', style.bold('findings'));
    for (const finding of model.findings) lines.push(...formatFinding(finding, style));
  }
  return lines.join('\n');
}

/** A finding as a few lines: severity, rule, message, fix. */
export function formatFinding(finding: Finding, style: Style): string[] {
  const lines = [
    `  ${severityText(finding, style)} ${style.bold(finding.rule)}  ${finding.message}${finding.clearedAt ? style.dim(` (held from ${finding.at} until ${finding.clearedAt})`) : ''}`,
  ];
  if (finding.fix) lines.push(`          ${style.dim('fix:')} ${finding.fix}`);
  return lines;
}

function clip(text: string, max = 160): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** One line per trace event, for `watch`. */
export function formatEvent(event: TraceEvent, style: Style): string {
  const time = style.dim(event.t.slice(11, 23));
  switch (event.kind) {
    case 'http-request':
      return `${time} ${style.cyan('→')} ${event.method} ${event.url}${event.headers['mcp-session-id'] ? style.dim(` [${event.headers['mcp-session-id']}]`) : ''}`;
    case 'http-response': {
      const status =
        event.status === 0
          ? style.red(`failed: ${event.error ?? 'no response'}`)
          : event.status >= 400
            ? style.red(String(event.status))
            : style.green(String(event.status));
      return `${time} ${style.cyan('←')} ${status} ${style.dim(`${Math.round(event.durationMs)} ms`)}${event.streaming ? style.dim(' (stream)') : ''}${event.body && event.status >= 400 ? ` ${clip(event.body, 100)}` : ''}`;
    }
    case 'sse-event':
      return event.comment !== undefined
        ? `${time} ${style.dim(`  ${event.stream} : ${clip(event.comment, 60)}`)}`
        : `${time}   ${event.stream} ${event.event ?? 'message'}${event.id ? style.dim(` id=${event.id}`) : ''} ${style.dim(clip(event.data ?? '', 100))}`;
    case 'message-out':
    case 'message-in': {
      const arrow = event.kind === 'message-out' ? '⇢' : '⇠';
      const what = event.method ?? (event.errorCode !== undefined ? `error ${event.errorCode}` : 'result');
      return `${time} ${arrow} ${what}${event.id !== undefined ? style.dim(` #${event.id}`) : ''}`;
    }
    case 'stderr':
      return `${time} ${style.dim('stderr')} ${clip(event.line)}`;
    case 'lifecycle':
      return `${time} ${style.yellow('•')} ${event.name}${event.detail ? style.dim(` ${clip(JSON.stringify(event.detail), 120)}`) : ''}`;
  }
}
