// The Servers view and the status-bar indicator, kept in step with the engine, the taps and the
// connection policy; selecting a server in the view focuses it in the status bar.

import * as vscode from 'vscode';
import { SERVERS_VIEW } from '../commands/ids';
import { Disposable } from '../common/lifecycle';
import type { TapManager } from '../tap/tapManager';
import type { EngineView } from './engineHost';
import type { ServerRegistry } from './serverRegistry';
import { ServerTreeProvider, type TreeNode } from './serverTree';
import { SessionStatusBar } from './statusBar';

export class ServersView extends Disposable {
  readonly tree: ServerTreeProvider;
  readonly treeView: vscode.TreeView<TreeNode>;
  readonly statusBar: SessionStatusBar;

  constructor(engine: EngineView, registry: ServerRegistry, taps: TapManager) {
    super();
    const connections = () => engine.connections();
    this.tree = this._register(new ServerTreeProvider(connections, (config) => registry.blockedReason(config), taps));
    this.treeView = this._register(vscode.window.createTreeView<TreeNode>(SERVERS_VIEW, { treeDataProvider: this.tree, showCollapseAll: true }));
    this.statusBar = this._register(new SessionStatusBar(connections));
    this._register(
      engine.onDidChangeServers(() => {
        this.tree.serversChanged();
        this.statusBar.update();
      }),
    );
    this._register(
      engine.onDidChangeModel((connection) => {
        this.tree.serverChanged(connection.name);
        this.statusBar.update();
      }),
    );
    this._register(taps.onDidChange((server) => this.tree.serverChanged(server)));
    this._register(registry.onDidChangePolicy(() => this.tree.serversChanged()));
    this._register(
      this.treeView.onDidChangeSelection((event) => {
        const node = event.selection[0];
        if (node) this.statusBar.focus(node.name);
      }),
    );
  }
}
