// The status-bar session indicator: the focused server's name and short session id, coloured
// when it is degraded, down or has error findings; a click picks a server and an action.

import * as vscode from 'vscode';
import type { InspectedConnection } from '../../core/connection/types';
import type { ConnectionModel } from '../../core/model';
import { Commands } from '../commands/ids';
import { describeServer, modelMarkdown, shortId } from '../common/format';
import { Disposable, toDisposable } from '../common/lifecycle';

export class SessionStatusBar extends Disposable {
  private readonly item = this._register(vscode.window.createStatusBarItem('mcpSessions.session', vscode.StatusBarAlignment.Left, 50));
  private focused?: string;
  private timer?: NodeJS.Timeout;

  constructor(private readonly connections: () => readonly InspectedConnection[]) {
    super();
    this._register(toDisposable(() => clearTimeout(this.timer)));
    this.item.name = 'MCP Session';
    this.item.command = Commands.focusServer;
    this.render();
  }

  /** Makes this server the one the indicator shows. */
  focus(name: string): void {
    this.focused = name;
    this.render();
  }

  get focusedServer(): string | undefined {
    return this.current()?.name;
  }

  private current(): InspectedConnection | undefined {
    const all = this.connections();
    return (
      all.find((connection) => connection.name === this.focused) ??
      all.find((connection) => connection.model.findings.some((finding) => finding.severity === 'error')) ??
      all.find((connection) => connection.model.handshake.state === 'ready') ??
      all[0]
    );
  }

  /** Something changed: re-render soon, at most ~10 times a second whatever the traffic. */
  update(): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.render();
    }, 100);
  }

  private render(): void {
    const connection = this.current();
    if (!connection) {
      this.item.hide();
      return;
    }
    const model = connection.model;
    this.item.text = `${this.icon(model)} ${model.server.name}${model.session.id ? ` · ${shortId(model.session.id)}` : ''}`;
    this.item.tooltip = new vscode.MarkdownString(`${modelMarkdown(model)}\n\n*Click to pick a server and an action.*`);
    this.item.accessibilityInformation = { label: `MCP session: ${model.server.name}, ${describeServer(model)}` };
    const errors = model.findings.some((finding) => finding.severity === 'error');
    const down = model.handshake.state === 'failed' || (model.handshake.state === 'ready' && model.health.state === 'down');
    this.item.backgroundColor =
      down || errors
        ? new vscode.ThemeColor('statusBarItem.errorBackground')
        : model.health.state === 'degraded'
          ? new vscode.ThemeColor('statusBarItem.warningBackground')
          : undefined;
    this.item.show();
  }

  private icon(model: ConnectionModel): string {
    if (model.handshake.state === 'connecting' || model.handshake.state === 'negotiating') return '$(loading~spin)';
    if (model.handshake.state !== 'ready' || model.health.state === 'down') return '$(debug-disconnect)';
    if (model.health.state === 'degraded') return '$(warning)';
    return '$(plug)';
  }
}
