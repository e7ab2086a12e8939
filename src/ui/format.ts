// Short, human wording of the model for tree labels, the status bar and tooltips.

import { authState, describeAuth } from '../core/auth/describe';
import type { ConnectionModel } from '../core/model';

/** `3f2a…c9d1` for long ids, the id itself when short. */
export function shortId(id: string): string {
  return id.length > 12 ? `${id.slice(0, 4)}…${id.slice(-4)}` : id;
}

/** "5 s", "3 min", "2 h" since an ISO time. */
export function age(iso: string | undefined, now = Date.now()): string {
  if (!iso) return '';
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 3600)} h`;
}

const TRANSPORT: Record<string, string> = { 'streamable-http': 'Streamable HTTP', sse: 'legacy SSE', stdio: 'stdio', unknown: 'http' };

export function transportLabel(model: ConnectionModel): string {
  return TRANSPORT[model.transport.kind] ?? model.transport.kind;
}

/** The state word users care about: ready/health, or the handshake state while not ready. */
export function stateLabel(model: ConnectionModel): string {
  const { handshake, health } = model;
  if (handshake.state === 'ready') return health.state === 'unknown' ? 'ready' : health.state;
  if (handshake.state === 'idle') return 'not connected';
  // A protected server waiting for a sign-in is not down.
  if ((handshake.state === 'failed' || handshake.state === 'closed') && model.auth && model.auth.state !== 'signed-in') return authState(model.auth);
  return handshake.state;
}

/** era · transport · short session · health */
export function describeServer(model: ConnectionModel): string {
  const parts: string[] = [];
  if (model.handshake.state === 'ready' || model.handshake.state === 'closed') {
    if (model.era !== 'unknown') parts.push(model.era === 'stateless' ? '2026-07-28' : 'session era');
    parts.push(transportLabel(model));
    if (model.session.id) parts.push(shortId(model.session.id));
  }
  parts.push(stateLabel(model));
  return parts.join(' · ');
}

/** The full model as Markdown, for tooltips. */
export function modelMarkdown(model: ConnectionModel): string {
  const rows: Array<[string, string]> = [
    ['Handshake', `${model.handshake.state}${model.handshake.reason ? ` — ${model.handshake.reason}` : ''}`],
    ['Era', `${model.era}${model.protocolVersion ? ` (protocol ${model.protocolVersion})` : ''}`],
    ['Transport', `${transportLabel(model)}${model.transport.chosenBy !== 'configured' ? ` (${model.transport.chosenBy}${model.transport.reason ? `: ${model.transport.reason}` : ''})` : ''}`],
    ['Session', model.session.id ? `\`${model.session.id}\`` : `none${model.session.noneReason ? ` (${model.session.noneReason.replace(/-/g, ' ')})` : ''}`],
    ...(model.auth ? [['Sign-in', describeAuth(model.auth)] as [string, string]] : []),
    ['Health', `${model.health.state}${model.health.rttMs !== undefined ? ` (${model.health.rttMs} ms)` : ''}${model.health.reason ? ` — ${model.health.reason}` : ''}`],
  ];
  if (model.handshake.serverInfo) rows.splice(2, 0, ['Server', `${model.handshake.serverInfo.name} ${model.handshake.serverInfo.version}`]);
  for (const stream of model.streams.filter((s) => s.kind !== 'post-response')) {
    rows.push([`Stream (${stream.kind})`, `${stream.state}, ${stream.events} events${stream.lastEventId ? `, last id \`${stream.lastEventId}\`` : ''}`]);
  }
  const errors = model.findings.filter((finding) => finding.severity === 'error').length;
  if (model.findings.length) rows.push(['Problems', `${model.findings.length}${errors ? ` (${errors} errors)` : ''}`]);
  const escape = (text: string) => text.replace(/\|/g, '\\|');
  return [`**${escape(model.server.name)}**`, '', '| | |', '|---|---|', ...rows.map(([key, value]) => `| ${key} | ${escape(value)} |`)].join('\n');
}
