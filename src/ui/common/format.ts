// Short, human wording of the model for tree labels, the status bar and tooltips.

import { authState, describeAuth } from '../../core/auth/describe';
import type { ConnectionModel } from '../../core/model';

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

const ENDED: Record<string, string> = {
  deleted: 'session deleted',
  expired: 'session expired',
  'unknown-to-server': 'session lost',
  restart: 'session lost',
  closed: 'session closed',
};

/** The session part of a server's row: its short id, or in a word why there is none. */
export function sessionLabel(model: ConnectionModel): string | undefined {
  const { session } = model;
  if (session.id) return shortId(session.id);
  if (session.ended) return ENDED[session.ended.reason] ?? 'session ended';
  if (session.noneReason === 'stdio') return 'stdio';
  if (session.noneReason === 'stateless-server' || session.noneReason === 'stateless-era') return 'stateless';
  return undefined;
}

/**
 * A server's row leads with what users came for: `3f2a…c9d1 · ready`, or why there is no session
 * (`stateless · ready`, `stdio · ready`, `down`). Era, transport and versions are in the tooltip
 * and the row's children.
 */
export function describeServer(model: ConnectionModel): string {
  const connected = model.handshake.state === 'ready' || model.handshake.state === 'closed';
  const session = connected ? sessionLabel(model) : undefined;
  return session ? `${session} · ${stateLabel(model)}` : stateLabel(model);
}

/** "session era" or "stateless era" (2026-07-28), for the Handshake node beside the protocol version. */
export function eraLabel(model: ConnectionModel): string | undefined {
  if (model.era === 'unknown') return undefined;
  return model.era === 'stateless' ? 'stateless era' : 'session era';
}

/** The full model as Markdown, for tooltips. */
export function modelMarkdown(model: ConnectionModel): string {
  const rows: Array<[string, string]> = [
    ['Handshake', `${model.handshake.state}${model.handshake.reason ? ` — ${model.handshake.reason}` : ''}`],
    ['Era', `${model.era}${model.protocolVersion ? ` (protocol ${model.protocolVersion})` : ''}`],
    [
      'Transport',
      `${transportLabel(model)}${model.transport.chosenBy !== 'configured' ? ` (${model.transport.chosenBy}${model.transport.reason ? `: ${model.transport.reason}` : ''})` : ''}`,
    ],
    ['Session', model.session.id ? `\`${model.session.id}\`` : `none${model.session.noneReason ? ` (${model.session.noneReason.replace(/-/g, ' ')})` : ''}`],
    ...(model.auth ? [['Sign-in', describeAuth(model.auth)] as [string, string]] : []),
    [
      'Health',
      `${model.health.state}${model.health.rttMs !== undefined ? ` (${model.health.rttMs} ms)` : ''}${model.health.reason ? ` — ${model.health.reason}` : ''}`,
    ],
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
