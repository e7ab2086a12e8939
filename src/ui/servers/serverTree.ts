// The Servers view: one node per configured server (name; short session id or why there is none ·
// state; health-coloured icon; Markdown tooltip with era and transport) with Session, Handshake,
// Streams, Transport and Problems children. Refreshes are coalesced (at most ~10 a second) and
// touch only changed servers.

import * as vscode from 'vscode';
import type { ServerConfig } from '../../core/config/types';
import type { InspectedConnection } from '../../core/connection/types';
import type { ConnectionModel } from '../../core/model';
import { Disposable, toDisposable } from '../common/lifecycle';
import * as items from './treeItems';
import type { DetailNode, ServerNode, TapView, TreeNode } from './treeNodes';

export type { ServerNode, TapView, TreeNode } from './treeNodes';

const REFRESH_INTERVAL_MS = 100;

/** Context key: at least one server is configured. */
export const HAS_SERVERS_CONTEXT = 'mcpSessions.hasServers';

export class ServerTreeProvider extends Disposable implements vscode.TreeDataProvider<TreeNode> {
  private readonly changed = this._register(new vscode.EventEmitter<TreeNode | undefined>());
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
  ) {
    super();
    this._register(toDisposable(() => clearTimeout(this.timer)));
  }

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
        const children: TreeNode[] = [
          { kind: 'session', name },
          { kind: 'handshake', name },
          ...(model.auth ? [{ kind: 'auth', name } as TreeNode] : []),
          { kind: 'streams', name },
          { kind: 'transport', name },
        ];
        if (model.findings.length) children.push({ kind: 'problems', name });
        if (this.taps?.tapFor(name)) children.push({ kind: 'taps', name });
        children.push({ kind: 'traffic', name });
        return children;
      }
      case 'taps':
        return (this.taps?.clientsOf(name) ?? []).map((tapped) => ({ kind: 'tapClient', name, client: tapped.label }));
      case 'tapClient': {
        const children: TreeNode[] = [
          { kind: 'session', ...scope },
          { kind: 'handshake', ...scope },
          { kind: 'streams', ...scope },
        ];
        if (model.findings.length) children.push({ kind: 'problems', ...scope });
        return children;
      }
      case 'streams':
        return items.visibleStreams(model).map((stream) => ({ kind: 'stream', ...scope, stream }));
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
    if (element.kind === 'server') {
      const model = this.model(element.name);
      return model ? this.serverItem(element.name, model) : new vscode.TreeItem(element.name);
    }
    const model = this.model(element.name, element.client);
    if (!model) return new vscode.TreeItem(element.kind === 'tapClient' ? (element.client ?? element.name) : element.name);
    return this.detailItem(element, model);
  }

  private serverItem(name: string, model: ConnectionModel): vscode.TreeItem {
    const config = items.isConnectedOrConnecting(model) ? undefined : this.connections().find((connection) => connection.name === name)?.config;
    return items.serverItem(model, config && this.blockedReason(config));
  }

  private detailItem(element: DetailNode, model: ConnectionModel): vscode.TreeItem {
    const { name, client } = element;
    // Ids are unique per server and, for a tapped client's details, per client.
    const scopeId = `${name}${client !== undefined ? `\u0000${client}` : ''}`;
    switch (element.kind) {
      case 'auth':
        return items.authItem(model, scopeId, name);
      case 'session':
        return items.sessionItem(model, scopeId);
      case 'handshake':
        return items.handshakeItem(model, scopeId);
      case 'streams':
        return items.streamsItem(model, scopeId);
      case 'stream':
        return items.streamItem(element.stream);
      case 'transport':
        return items.transportItem(model, scopeId);
      case 'problems':
        return items.problemsItem(model, scopeId);
      case 'problem':
        return items.problemItem(element.finding, name, client);
      case 'traffic':
        return items.trafficItem(name);
      case 'info':
        return items.infoItem(element.label, element.description);
      case 'taps':
        return items.tapsItem(name, this.taps);
      case 'tapClient':
        return items.tapClientItem(
          model,
          scopeId,
          client,
          this.taps?.clientsOf(name).find((candidate) => candidate.label === client),
        );
    }
  }
}
