// The traffic timeline: one webview panel per server, fed from the server's trace. The initial
// rows go in chunks, live rows and row updates in batches (at most ten posts a second), findings
// and the status line when the model changes. Messages from the webview are validated; the
// webview only ever sees redacted trace events.

import * as vscode from 'vscode';
import type { InspectedConnection } from '../../core/connection/types';
import { parseWebviewMessage, type ExtensionToWebview, type RowUpdate, type TimelineRow } from '../../../media/webview/timeline/messages';
import { Commands } from '../commands/ids';
import type { EngineView } from '../servers/engineHost';
import { describeServer } from '../common/format';
import { Disposable, toDisposable } from '../common/lifecycle';
import { webviewHtml, webviewRoots } from '../common/webviewHtml';
import { RowBuilder, timelineFindings } from './rows';

const VIEW_TYPE = 'mcpSessions.timeline';

/** What a timeline shows: a server's own connection, or the clients a tap of it carried. */
export type TimelineSource = Pick<InspectedConnection, 'name' | 'trace' | 'onDidChange' | 'model' | 'findingHistory'>;
const FLUSH_MS = 100;
const SNAPSHOT_CHUNK = 5000;
const MAX_ROWS = 100_000;

class TimelinePanel extends Disposable {
  private builder = new RowBuilder();
  private pendingRows: TimelineRow[] = [];
  private pendingUpdates: RowUpdate[] = [];
  private flushTimer?: NodeJS.Timeout;
  private modelTimer?: NodeJS.Timeout;
  private ready = false;
  private revealSeq?: number;

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly connection: TimelineSource,
    private readonly extensionUri: vscode.Uri,
    onDispose: () => void,
  ) {
    super();
    this._register(
      toDisposable(() => {
        clearTimeout(this.flushTimer);
        clearTimeout(this.modelTimer);
      }),
    );
    panel.webview.options = { enableScripts: true, localResourceRoots: webviewRoots(extensionUri) };
    panel.webview.html = webviewHtml(panel.webview, extensionUri, 'timeline', 'timeline.css', {
      title: `Traffic: ${connection.name}`,
      data: { server: connection.name },
    });
    this._register(panel.webview.onDidReceiveMessage((raw: unknown) => void this.onMessage(raw)));
    this._register(
      connection.trace.onDidAppend((event) => {
        if (!this.ready) return;
        const { row, updates } = this.builder.add(event);
        this.pendingRows.push(row);
        this.pendingUpdates.push(...updates);
        this.flushTimer ??= setTimeout(() => this.flush(), FLUSH_MS);
      }),
    );
    this._register(
      connection.onDidChange(() => {
        this.modelTimer ??= setTimeout(() => {
          this.modelTimer = undefined;
          this.sendModel();
        }, FLUSH_MS);
      }),
    );
    this._register(
      panel.onDidDispose(() => {
        this.dispose();
        onDispose();
      }),
    );
  }

  reveal(seq?: number): void {
    this.panel.reveal(undefined, false);
    if (seq === undefined) return;
    if (this.ready) this.post({ type: 'reveal', seq });
    else this.revealSeq = seq;
  }

  private post(message: ExtensionToWebview): void {
    void this.panel.webview.postMessage(message);
  }

  private async onMessage(raw: unknown): Promise<void> {
    const message = parseWebviewMessage(raw);
    if (!message) return;
    switch (message.type) {
      case 'ready':
        this.sendAll();
        return;
      case 'requestDetails': {
        const index = this.connection.trace.indexOf(message.seq);
        const event = index === undefined ? undefined : this.connection.trace.events()[index];
        this.post({ type: 'details', seq: message.seq, ...(event ? { json: JSON.stringify(event, null, 2) } : {}) });
        return;
      }
      case 'openRule':
        await vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.joinPath(this.extensionUri, 'docs', 'rules', `${message.rule}.md`));
        return;
      case 'openJsonl':
        await vscode.commands.executeCommand(Commands.openTraceDocument, this.connection.name);
        return;
      case 'rendered':
        this.rendered = message;
        return;
    }
  }

  /** What the webview last said it shows (for the extension-host tests). */
  rendered?: { rows: number; visible: number; paused: boolean; buffered: number; selectedSeq?: number };

  /** A fresh start: every held event as rows, in chunks, then findings, status and any pending reveal. */
  private sendAll(): void {
    this.ready = true;
    this.builder = new RowBuilder();
    this.pendingRows = [];
    this.pendingUpdates = [];
    this.post({ type: 'reset', server: this.connection.name, maxRows: MAX_ROWS });
    const events = this.connection.trace.events();
    let chunk: TimelineRow[] = [];
    /** Rows of the chunk being built (updated in place); updates to rows already posted follow at the end. */
    let unsent = new Map<number, TimelineRow>();
    const updates = new Map<number, RowUpdate>();
    for (const event of events) {
      const { row, updates: completed } = this.builder.add(event);
      for (const update of completed) {
        const earlier = unsent.get(update.seq);
        if (earlier) Object.assign(earlier, update);
        else updates.set(update.seq, update);
      }
      chunk.push(row);
      unsent.set(row.seq, row);
      if (chunk.length >= SNAPSHOT_CHUNK) {
        this.post({ type: 'snapshot', rows: chunk, done: false });
        chunk = [];
        unsent = new Map();
      }
    }
    this.post({ type: 'snapshot', rows: chunk, done: true });
    if (updates.size) this.post({ type: 'append', rows: [], updates: [...updates.values()] });
    this.sendModel();
    if (this.revealSeq !== undefined) {
      this.post({ type: 'reveal', seq: this.revealSeq });
      this.revealSeq = undefined;
    }
  }

  private sendModel(): void {
    const model = this.connection.model;
    // Findings that cleared (the client recovered) stay in the traffic view, marked as cleared.
    this.post({ type: 'findings', findings: timelineFindings(this.connection.findingHistory()) });
    this.post({
      type: 'status',
      status: {
        server: this.connection.name,
        summary: describeServer(model),
        ...(model.session.id ? { sessionId: model.session.id } : {}),
        total: this.connection.trace.total,
      },
    });
  }

  private flush(): void {
    this.flushTimer = undefined;
    if (!this.pendingRows.length && !this.pendingUpdates.length) return;
    this.post({ type: 'append', rows: this.pendingRows, updates: this.pendingUpdates });
    this.pendingRows = [];
    this.pendingUpdates = [];
  }
}

/** Opens, reuses and closes the timeline panels (one per server); a removed server's panel closes. */
export class TimelinePanels extends Disposable {
  private readonly panels = new Map<string, TimelinePanel>();

  /** @param isTapTimeline whether a name is a tap's timeline (those outlive their server's connection). */
  constructor(
    private readonly extensionUri: vscode.Uri,
    engine: EngineView,
    isTapTimeline: (name: string) => boolean,
  ) {
    super();
    this._register(
      engine.onDidChangeServers(() => {
        for (const server of [...this.panels.keys()]) if (!engine.connection(server) && !isTapTimeline(server)) this.close(server);
      }),
    );
    this._register(toDisposable(() => [...this.panels.values()].forEach((panel) => panel.panel.dispose())));
  }

  show(connection: TimelineSource, revealSeq?: number): void {
    let panel = this.panels.get(connection.name);
    if (!panel) {
      const webviewPanel = vscode.window.createWebviewPanel(VIEW_TYPE, `Traffic: ${connection.name}`, vscode.ViewColumn.Active, {
        enableScripts: true,
        retainContextWhenHidden: false,
      });
      webviewPanel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'mcp-sessions.svg');
      panel = new TimelinePanel(webviewPanel, connection, this.extensionUri, () => this.panels.delete(connection.name));
      this.panels.set(connection.name, panel);
    }
    panel.reveal(revealSeq);
  }

  /** The open timelines and what each webview reports it shows (for tests). */
  states(): Array<{ server: string; visible: boolean; rendered?: TimelinePanel['rendered'] }> {
    return [...this.panels].map(([server, panel]) => ({ server, visible: panel.panel.visible, ...(panel.rendered ? { rendered: panel.rendered } : {}) }));
  }

  /** Closes a removed server's timeline. */
  close(server: string): void {
    this.panels.get(server)?.panel.dispose();
  }
}
