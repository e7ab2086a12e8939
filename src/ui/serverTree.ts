// The Servers view: one node per configured server (name; short session id or why there is none ·
// state; health-coloured icon; Markdown tooltip with era and transport) with Session, Handshake,
// Streams, Transport and Problems children. Refreshes are coalesced (at most ~10 a second) and
// touch only changed servers.

import * as vscode from 'vscode';
import type { ServerConfig } from '../core/config/types';
import type { InspectedConnection } from '../core/connection/types';
import type { ConnectionModel, Finding, StreamInfo } from '../core/model';
import type { TappedClient } from '../core/tap/tapHub';
import { Commands } from './commandIds';
import { describeAuth } from '../core/auth/describe';
import { age, describeServer, eraLabel, modelMarkdown, shortId, transportLabel } from './format';

export type ServerNode = { kind: 'server'; name: string };
/** Detail nodes describe the server's own connection, or (with `client`) one tapped client of it. */
type DetailNode = { name: string; client?: string } & (
  | { kind: 'session' }
  | { kind: 'handshake' }
  | { kind: 'streams' }
  | { kind: 'stream'; stream: StreamInfo }
  | { kind: 'transport' }
  | { kind: 'auth' }
  | { kind: 'problems' }
  | { kind: 'problem'; finding: Finding }
  | { kind: 'traffic' }
  | { kind: 'info'; label: string; description?: string; tooltip?: string }
  | { kind: 'taps' }
  | { kind: 'tapClient' }
);
export type TreeNode = ServerNode | DetailNode;

/** What the tree reads of the taps (see ui/tap/tapManager.ts). */
export interface TapView {
  tapFor(server: string): { kind: 'http' | 'stdio'; url?: string; traceFile?: string } | undefined;
  clientsOf(server: string): TappedClient[];
}

const REFRESH_INTERVAL_MS = 100;

function healthIcon(model: ConnectionModel): vscode.ThemeIcon {
  const state = model.handshake.state;
  if (state === 'connecting' || state === 'negotiating') return new vscode.ThemeIcon('loading~spin');
  if (state === 'failed' && model.auth?.state === 'needs-sign-in') return new vscode.ThemeIcon('lock', new vscode.ThemeColor('list.warningForeground'));
  if (state === 'failed') return new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
  if (state !== 'ready') return new vscode.ThemeIcon('circle-outline', new vscode.ThemeColor('disabledForeground'));
  if (model.health.state === 'down') return new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
  if (model.health.state === 'degraded') return new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
  if (model.findings.some((finding) => finding.severity === 'error')) return new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('list.warningForeground'));
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

/** Context key: at least one server is configured. */
export const HAS_SERVERS_CONTEXT = 'mcpSessions.hasServers';

export class ServerTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  private readonly nodes = new Map<string, ServerNode>();
  private readonly dirty = new Set<string>();
  private structureDirty = false;
  private timer?: NodeJS.Timeout;
  /** Refreshes actually fired (for the UI-under-load benchmark). */
  refreshCount = 0;

  readonly onDidChangeTreeData = this.changed.event;

  /**
   * @param blockedReason why a server is not connected by itself (workspace not trusted, needs
   * approval), shown next to its state while it is not connected.
   */
  constructor(
    private readonly connections: () => readonly InspectedConnection[],
    private readonly blockedReason: (config: ServerConfig) => string | undefined = () => undefined,
    private readonly taps?: TapView,
  ) {}

  /** The node of a server, stable across refreshes (for reveal()). */
  nodeFor(name: string): ServerNode {
    let node = this.nodes.get(name);
    if (!node) {
      node = { kind: 'server', name };
      this.nodes.set(name, node);
    }
    return node;
  }

  /** A server's model changed: refresh its node soon. */
  serverChanged(name: string): void {
    this.dirty.add(name);
    this.schedule();
  }

  /** Servers were added or removed: refresh the whole tree soon. */
  serversChanged(): void {
    this.structureDirty = true;
    this.schedule();
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.refreshCount++;
      if (this.structureDirty) {
        this.structureDirty = false;
        this.dirty.clear();
        const names = new Set(this.connections().map((connection) => connection.name));
        for (const name of this.nodes.keys()) if (!names.has(name)) this.nodes.delete(name);
        // Palette entries that need a server are hidden while there is none (package.json `when`).
        void vscode.commands.executeCommand('setContext', HAS_SERVERS_CONTEXT, names.size > 0);
        this.changed.fire(undefined);
        return;
      }
      for (const name of this.dirty) this.changed.fire(this.nodeFor(name));
      this.dirty.clear();
    }, REFRESH_INTERVAL_MS);
  }

  private model(name: string, client?: string): ConnectionModel | undefined {
    if (client !== undefined) return this.taps?.clientsOf(name).find((candidate) => candidate.label === client)?.model;
    return this.connections().find((connection) => connection.name === name)?.model;
  }

  getChildren(element?: TreeNode): TreeNode[] {
    if (!element) return this.connections().map((connection) => this.nodeFor(connection.name));
    const client = element.kind === 'server' ? undefined : element.client;
    const model = this.model(element.name, client);
    if (!model) return [];
    const name = element.name;
    const scope = client === undefined ? { name } : { name, client };
    switch (element.kind) {
      case 'server': {
        const children: TreeNode[] = [{ kind: 'session', name }, { kind: 'handshake', name }, ...(model.auth ? [{ kind: 'auth', name } as TreeNode] : []), { kind: 'streams', name }, { kind: 'transport', name }];
        if (model.findings.length) children.push({ kind: 'problems', name });
        if (this.taps?.tapFor(name)) children.push({ kind: 'taps', name });
        children.push({ kind: 'traffic', name });
        return children;
      }
      case 'taps':
        return (this.taps?.clientsOf(name) ?? []).map((tapped) => ({ kind: 'tapClient', name, client: tapped.label }));
      case 'tapClient': {
        const children: TreeNode[] = [{ kind: 'session', ...scope }, { kind: 'handshake', ...scope }, { kind: 'streams', ...scope }];
        if (model.findings.length) children.push({ kind: 'problems', ...scope });
        return children;
      }
      case 'streams':
        return model.streams.filter((stream) => stream.kind !== 'post-response' || stream.state === 'open').map((stream) => ({ kind: 'stream', ...scope, stream }));
      case 'problems':
        return model.findings.map((finding) => ({ kind: 'problem', ...scope, finding }));
      case 'handshake': {
        const info: TreeNode[] = [];
        const add = (label: string, description?: string) => description && info.push({ kind: 'info', ...scope, label, description });
        add('State', `${model.handshake.state}${model.handshake.reason ? ` — ${model.handshake.reason}` : ''}`);
        add('Via', model.handshake.method);
        add('Protocol', model.protocolVersion);
        add('Server', model.handshake.serverInfo && `${model.handshake.serverInfo.name} ${model.handshake.serverInfo.version}`);
        add('Capabilities', model.handshake.capabilities && Object.keys(model.handshake.capabilities).join(', '));
        return info;
      }
      default:
        return [];
    }
  }

  getParent(element: TreeNode): TreeNode | undefined {
    return element.kind === 'server' ? undefined : this.nodeFor(element.name);
  }

  getTreeItem(element: TreeNode): vscode.TreeItem {
    const client = element.kind === 'server' ? undefined : element.client;
    const model = this.model(element.name, client);
    if (!model) return new vscode.TreeItem(element.kind === 'tapClient' ? element.client ?? element.name : element.name);
    // Ids are unique per server and, for a tapped client's details, per client.
    const scopeId = `${element.name}${client !== undefined ? `\u0000${client}` : ''}`;
    switch (element.kind) {
      case 'server': {
        const item = new vscode.TreeItem(model.server.name, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `server:${model.server.name}`;
        const connected = model.handshake.state === 'ready' || model.handshake.state === 'connecting' || model.handshake.state === 'negotiating';
        const config = connected ? undefined : this.connections().find((connection) => connection.name === element.name)?.config;
        const blocked = config && this.blockedReason(config);
        // Idle and blocked: the reason is the state ("workspace not trusted"); otherwise it follows the state.
        item.description = blocked ? (model.handshake.state === 'idle' ? blocked : `${describeServer(model)} · ${blocked}`) : describeServer(model);
        item.iconPath = healthIcon(model);
        item.tooltip = new vscode.MarkdownString(`${modelMarkdown(model)}${blocked ? `\n\nNot connected: ${blocked}.` : ''}`);
        item.contextValue = `server.${connected ? 'connected' : 'disconnected'}.${model.server.transport}${model.session.id ? '.session' : ''}${authContext(model)}`;
        item.accessibilityInformation = { label: `${model.server.name}, ${item.description}` };
        return item;
      }
      case 'auth': {
        const auth = model.auth;
        const item = new vscode.TreeItem('Sign-in');
        item.id = `auth:${scopeId}`;
        item.iconPath = new vscode.ThemeIcon(auth?.state === 'signed-in' ? 'verified' : 'lock');
        item.description = auth ? describeAuth(auth) : '';
        item.tooltip = auth?.authorizationServer ? `Authorization server: ${auth.authorizationServer}` : auth?.resourceMetadataUrl ? `Resource metadata: ${auth.resourceMetadataUrl}` : undefined;
        item.contextValue = `auth${authContext(model)}`;
        if (auth?.state !== 'signed-in') item.command = { command: Commands.signIn, title: 'Sign In', arguments: [{ kind: 'server', name: element.name }] };
        return item;
      }
      case 'session': {
        const session = model.session;
        const item = new vscode.TreeItem('Session');
        item.id = `session:${scopeId}`;
        item.iconPath = new vscode.ThemeIcon('key');
        if (session.id) {
          item.description = `${session.id} · ${age(session.issuedAt)} old`;
          item.contextValue = 'session';
          item.tooltip = new vscode.MarkdownString(`Session \`${session.id}\`\n\nIssued ${session.issuedAt ?? '?'}; last confirmed ${session.lastConfirmedAt ?? '?'}`);
        } else if (session.ended) {
          item.description = `ended (${session.ended.reason.replace(/-/g, ' ')}) · was ${shortId(session.ended.id)}`;
        } else {
          item.description = `none${session.noneReason ? ` (${session.noneReason.replace(/-/g, ' ')})` : ''}`;
        }
        return item;
      }
      case 'handshake': {
        const item = new vscode.TreeItem('Handshake', vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `handshake:${scopeId}`;
        item.iconPath = new vscode.ThemeIcon('debug-start');
        item.description = [model.handshake.state, model.protocolVersion, eraLabel(model)].filter(Boolean).join(' · ');
        return item;
      }
      case 'streams': {
        const visible = model.streams.filter((stream) => stream.kind !== 'post-response' || stream.state === 'open');
        const item = new vscode.TreeItem('Streams', visible.length ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
        item.id = `streams:${scopeId}`;
        item.iconPath = new vscode.ThemeIcon('radio-tower');
        item.description = visible.length ? visible.map((stream) => `${stream.kind} ${stream.state}`).join(', ') : 'none';
        return item;
      }
      case 'stream': {
        const stream = element.stream;
        const item = new vscode.TreeItem(stream.kind);
        item.iconPath = new vscode.ThemeIcon(stream.state === 'open' ? 'circle-filled' : stream.state === 'unsupported' ? 'circle-slash' : 'circle-outline');
        item.description = [
          stream.state,
          `${stream.events} events`,
          stream.lastEventId ? `last id ${shortId(stream.lastEventId)}` : '',
          stream.lastEventAt ? `${age(stream.lastEventAt)} ago` : '',
          stream.reconnects ? `${stream.reconnects} reconnects` : '',
        ].filter(Boolean).join(' · ');
        item.tooltip = stream.reason;
        return item;
      }
      case 'transport': {
        const item = new vscode.TreeItem('Transport');
        item.id = `transport:${scopeId}`;
        item.iconPath = new vscode.ThemeIcon('plug');
        const target = model.transport.url ?? [model.transport.command, ...(model.transport.args ?? [])].filter(Boolean).join(' ');
        item.description = `${transportLabel(model)} · ${target}${model.transport.chosenBy !== 'configured' ? ` (${model.transport.chosenBy})` : ''}`;
        item.tooltip = model.transport.reason;
        return item;
      }
      case 'problems': {
        const item = new vscode.TreeItem('Problems', vscode.TreeItemCollapsibleState.Expanded);
        item.id = `problems:${scopeId}`;
        item.iconPath = new vscode.ThemeIcon('warning');
        item.description = String(model.findings.length);
        return item;
      }
      case 'problem': {
        const item = new vscode.TreeItem(element.finding.rule);
        item.iconPath = severityIcon(element.finding);
        item.description = element.finding.message;
        item.tooltip = new vscode.MarkdownString(`**${element.finding.rule}** (${element.finding.severity})\n\n${element.finding.message}${element.finding.fix ? `\n\n*Fix:* ${element.finding.fix}` : ''}`);
        if (client === undefined) item.command = { command: Commands.showTraffic, title: 'Show Evidence', arguments: [element.name, element.finding.evidence[0]?.seq] };
        return item;
      }
      case 'traffic': {
        const item = new vscode.TreeItem('Traffic');
        item.iconPath = new vscode.ThemeIcon('pulse');
        item.description = 'show every exchange';
        item.command = { command: Commands.showTraffic, title: 'Show Traffic', arguments: [element.name] };
        return item;
      }
      case 'info': {
        const item = new vscode.TreeItem(element.label);
        item.description = element.description;
        return item;
      }
      case 'taps': {
        const tap = this.taps?.tapFor(element.name);
        const clients = this.taps?.clientsOf(element.name) ?? [];
        // Expanded from the start: VS Code keeps an item's first collapsible state, and clients come later.
        const item = new vscode.TreeItem('Tapped clients', vscode.TreeItemCollapsibleState.Expanded);
        item.id = `taps:${element.name}`;
        item.iconPath = new vscode.ThemeIcon('eye');
        const where = tap?.kind === 'http' ? tap.url : 'stdio tap';
        item.description = `${clients.length} client${clients.length === 1 ? '' : 's'} · ${where ?? ''}`;
        item.tooltip = new vscode.MarkdownString(
          tap?.kind === 'http'
            ? `Clients that connect to \`${tap.url}\` instead of the server are inspected here.`
            : `Clients that start the \`(tapped)\` entry run the server through the tap; its trace is \`${tap?.traceFile ?? ''}\`.`,
        );
        item.contextValue = 'taps';
        item.command = { command: Commands.showTapTraffic, title: 'Show Tapped Traffic', arguments: [element.name] };
        return item;
      }
      case 'tapClient': {
        const tapped = this.taps?.clientsOf(element.name).find((candidate) => candidate.label === element.client);
        const item = new vscode.TreeItem(element.client ?? '', vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `tapClient:${scopeId}`;
        // The name the client gave in initialize, unless its label already says it.
        const named = tapped?.clientInfo && tapped.clientInfo.name !== element.client ? `${tapped.clientInfo.name} · ` : '';
        item.description = `${named}${describeServer(model)}`;
        item.iconPath = healthIcon(model);
        item.tooltip = new vscode.MarkdownString(`**Tapped client ${element.client ?? ''}**${tapped ? ` — ${tapped.description}` : ''}\n\n${modelMarkdown(model)}`);
        item.contextValue = model.session.id ? 'tapClient.session' : 'tapClient';
        item.accessibilityInformation = { label: `tapped client ${element.client ?? ''}, ${describeServer(model)}` };
        return item;
      }
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.changed.dispose();
  }
}
