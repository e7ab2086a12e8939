// How each kind of node of the Servers view looks: label, description, icon, tooltip, context
// value (for menus) and the command a click runs.

import * as vscode from 'vscode';
import { describeAuth } from '../../core/auth/describe';
import type { ConnectionModel, Finding, StreamInfo } from '../../core/model';
import type { TappedClient } from '../../core/tap/tapHub';
import { Commands } from '../commands/ids';
import { age, describeServer, eraLabel, modelMarkdown, shortId, transportLabel } from '../common/format';
import type { TapView } from './treeNodes';

function healthIcon(model: ConnectionModel): vscode.ThemeIcon {
  const state = model.handshake.state;
  if (state === 'connecting' || state === 'negotiating') return new vscode.ThemeIcon('loading~spin');
  if (state === 'failed' && model.auth?.state === 'needs-sign-in') return new vscode.ThemeIcon('lock', new vscode.ThemeColor('list.warningForeground'));
  if (state === 'failed') return new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
  if (state !== 'ready') return new vscode.ThemeIcon('circle-outline', new vscode.ThemeColor('disabledForeground'));
  if (model.health.state === 'down') return new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
  if (model.health.state === 'degraded') return new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
  if (model.findings.some((finding) => finding.severity === 'error'))
    return new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('list.warningForeground'));
  return new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('charts.green'));
}

function severityIcon(finding: Finding): vscode.ThemeIcon {
  if (finding.severity === 'error') return new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
  if (finding.severity === 'warning') return new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
  return new vscode.ThemeIcon('info');
}

/** `.signin` while a server waits for a sign-in, `.signedin` once it has one (for menus). */
function authContext(model: ConnectionModel): string {
  if (!model.auth) return '';
  return model.auth.state === 'signed-in' ? '.signedin' : '.signin';
}

/** Connected, or on the way there (a blocked reason is shown only otherwise). */
export function isConnectedOrConnecting(model: ConnectionModel): boolean {
  return model.handshake.state === 'ready' || model.handshake.state === 'connecting' || model.handshake.state === 'negotiating';
}

/** Streams worth showing: every stream except closed per-request response streams. */
export function visibleStreams(model: ConnectionModel): StreamInfo[] {
  return model.streams.filter((stream) => stream.kind !== 'post-response' || stream.state === 'open');
}

/** @param blocked why a server that is not connected does not connect by itself. */
export function serverItem(model: ConnectionModel, blocked: string | undefined): vscode.TreeItem {
  const item = new vscode.TreeItem(model.server.name, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `server:${model.server.name}`;
  // Idle and blocked: the reason is the state ("workspace not trusted"); otherwise it follows the state.
  item.description = blocked ? (model.handshake.state === 'idle' ? blocked : `${describeServer(model)} · ${blocked}`) : describeServer(model);
  item.iconPath = healthIcon(model);
  item.tooltip = new vscode.MarkdownString(`${modelMarkdown(model)}${blocked ? `\n\nNot connected: ${blocked}.` : ''}`);
  item.contextValue = `server.${isConnectedOrConnecting(model) ? 'connected' : 'disconnected'}.${model.server.transport}${model.session.id ? '.session' : ''}${authContext(model)}`;
  item.accessibilityInformation = { label: `${model.server.name}, ${item.description}` };
  return item;
}

export function authItem(model: ConnectionModel, scopeId: string, server: string): vscode.TreeItem {
  const auth = model.auth;
  const item = new vscode.TreeItem('Sign-in');
  item.id = `auth:${scopeId}`;
  item.iconPath = new vscode.ThemeIcon(auth?.state === 'signed-in' ? 'verified' : 'lock');
  item.description = auth ? describeAuth(auth) : '';
  item.tooltip = auth?.authorizationServer
    ? `Authorization server: ${auth.authorizationServer}`
    : auth?.resourceMetadataUrl
      ? `Resource metadata: ${auth.resourceMetadataUrl}`
      : undefined;
  item.contextValue = `auth${authContext(model)}`;
  if (auth?.state !== 'signed-in') item.command = { command: Commands.signIn, title: 'Sign In', arguments: [{ kind: 'server', name: server }] };
  return item;
}

export function sessionItem(model: ConnectionModel, scopeId: string): vscode.TreeItem {
  const session = model.session;
  const item = new vscode.TreeItem('Session');
  item.id = `session:${scopeId}`;
  item.iconPath = new vscode.ThemeIcon('key');
  if (session.id) {
    item.description = `${session.id} · ${age(session.issuedAt)} old`;
    item.contextValue = 'session';
    item.tooltip = new vscode.MarkdownString(
      `Session \`${session.id}\`\n\nIssued ${session.issuedAt ?? '?'}; last confirmed ${session.lastConfirmedAt ?? '?'}`,
    );
  } else if (session.ended) {
    item.description = `ended (${session.ended.reason.replace(/-/g, ' ')}) · was ${shortId(session.ended.id)}`;
  } else {
    item.description = `none${session.noneReason ? ` (${session.noneReason.replace(/-/g, ' ')})` : ''}`;
  }
  return item;
}

export function handshakeItem(model: ConnectionModel, scopeId: string): vscode.TreeItem {
  const item = new vscode.TreeItem('Handshake', vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `handshake:${scopeId}`;
  item.iconPath = new vscode.ThemeIcon('debug-start');
  item.description = [model.handshake.state, model.protocolVersion, eraLabel(model)].filter(Boolean).join(' · ');
  return item;
}

export function streamsItem(model: ConnectionModel, scopeId: string): vscode.TreeItem {
  const visible = visibleStreams(model);
  const item = new vscode.TreeItem('Streams', visible.length ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
  item.id = `streams:${scopeId}`;
  item.iconPath = new vscode.ThemeIcon('radio-tower');
  item.description = visible.length ? visible.map((stream) => `${stream.kind} ${stream.state}`).join(', ') : 'none';
  return item;
}

export function streamItem(stream: StreamInfo): vscode.TreeItem {
  const item = new vscode.TreeItem(stream.kind);
  item.iconPath = new vscode.ThemeIcon(stream.state === 'open' ? 'circle-filled' : stream.state === 'unsupported' ? 'circle-slash' : 'circle-outline');
  item.description = [
    stream.state,
    `${stream.events} events`,
    stream.lastEventId ? `last id ${shortId(stream.lastEventId)}` : '',
    stream.lastEventAt ? `${age(stream.lastEventAt)} ago` : '',
    stream.reconnects ? `${stream.reconnects} reconnects` : '',
  ]
    .filter(Boolean)
    .join(' · ');
  item.tooltip = stream.reason;
  return item;
}

export function transportItem(model: ConnectionModel, scopeId: string): vscode.TreeItem {
  const item = new vscode.TreeItem('Transport');
  item.id = `transport:${scopeId}`;
  item.iconPath = new vscode.ThemeIcon('plug');
  const target = model.transport.url ?? [model.transport.command, ...(model.transport.args ?? [])].filter(Boolean).join(' ');
  item.description = `${transportLabel(model)} · ${target}${model.transport.chosenBy !== 'configured' ? ` (${model.transport.chosenBy})` : ''}`;
  item.tooltip = model.transport.reason;
  return item;
}

export function problemsItem(model: ConnectionModel, scopeId: string): vscode.TreeItem {
  const item = new vscode.TreeItem('Problems', vscode.TreeItemCollapsibleState.Expanded);
  item.id = `problems:${scopeId}`;
  item.iconPath = new vscode.ThemeIcon('warning');
  item.description = String(model.findings.length);
  return item;
}

/** A finding of the server itself links to its evidence in the traffic view; a tapped client's does not. */
export function problemItem(finding: Finding, server: string, client: string | undefined): vscode.TreeItem {
  const item = new vscode.TreeItem(finding.rule);
  item.iconPath = severityIcon(finding);
  item.description = finding.message;
  item.tooltip = new vscode.MarkdownString(`**${finding.rule}** (${finding.severity})\n\n${finding.message}${finding.fix ? `\n\n*Fix:* ${finding.fix}` : ''}`);
  if (client === undefined) item.command = { command: Commands.showTraffic, title: 'Show Evidence', arguments: [server, finding.evidence[0]?.seq] };
  return item;
}

export function trafficItem(server: string): vscode.TreeItem {
  const item = new vscode.TreeItem('Traffic');
  item.iconPath = new vscode.ThemeIcon('pulse');
  item.description = 'show every exchange';
  item.command = { command: Commands.showTraffic, title: 'Show Traffic', arguments: [server] };
  return item;
}

export function infoItem(label: string, description: string | undefined): vscode.TreeItem {
  const item = new vscode.TreeItem(label);
  item.description = description;
  return item;
}

export function tapsItem(server: string, taps: TapView | undefined): vscode.TreeItem {
  const tap = taps?.tapFor(server);
  const clients = taps?.clientsOf(server) ?? [];
  // Expanded from the start: VS Code keeps an item's first collapsible state, and clients come later.
  const item = new vscode.TreeItem('Tapped clients', vscode.TreeItemCollapsibleState.Expanded);
  item.id = `taps:${server}`;
  item.iconPath = new vscode.ThemeIcon('eye');
  const where = tap?.kind === 'http' ? tap.url : 'stdio tap';
  item.description = `${clients.length} client${clients.length === 1 ? '' : 's'} · ${where ?? ''}`;
  item.tooltip = new vscode.MarkdownString(
    tap?.kind === 'http'
      ? `Clients that connect to \`${tap.url}\` instead of the server are inspected here.`
      : `Clients that start the \`(tapped)\` entry run the server through the tap; its trace is \`${tap?.traceFile ?? ''}\`.`,
  );
  item.contextValue = 'taps';
  item.command = { command: Commands.showTapTraffic, title: 'Show Tapped Traffic', arguments: [server] };
  return item;
}

export function tapClientItem(model: ConnectionModel, scopeId: string, client: string | undefined, tapped: TappedClient | undefined): vscode.TreeItem {
  const item = new vscode.TreeItem(client ?? '', vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `tapClient:${scopeId}`;
  // The name the client gave in initialize, unless its label already says it.
  const named = tapped?.clientInfo && tapped.clientInfo.name !== client ? `${tapped.clientInfo.name} · ` : '';
  item.description = `${named}${describeServer(model)}`;
  item.iconPath = healthIcon(model);
  item.tooltip = new vscode.MarkdownString(`**Tapped client ${client ?? ''}**${tapped ? ` — ${tapped.description}` : ''}\n\n${modelMarkdown(model)}`);
  item.contextValue = model.session.id ? 'tapClient.session' : 'tapClient';
  item.accessibilityInformation = { label: `tapped client ${client ?? ''}, ${describeServer(model)}` };
  return item;
}
