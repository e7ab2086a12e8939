// "Run Session Check" in VS Code: runs the doctor against a server, shows the report in a webview
// (one panel per server, reused; "Run Again" inside it) and puts failed and warning checks in the
// Problems panel as findings of that server.

import * as vscode from 'vscode';
import type { InspectedConnection } from '../../core/connection/types';
import type { SessionCheckReport } from '../../core/check/types';
import { parseReportMessage, type ExtensionToReport } from '../../../media/webview/check/messages';
import type { FindingDiagnostics } from '../problems/findingDiagnostics';
import type { Logger } from '../common/log';
import { Disposable, toDisposable } from '../common/lifecycle';
import { readSettings } from '../common/settings';
import { webviewHtml, webviewRoots } from '../common/webviewHtml';

export class CheckPanels extends Disposable {
  private readonly panels = new Map<string, { panel: vscode.WebviewPanel; report?: SessionCheckReport; ready: boolean }>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly diagnostics: FindingDiagnostics,
    private readonly all: () => readonly InspectedConnection[],
    private readonly log: Logger,
  ) {
    super();
    this._register(toDisposable(() => [...this.panels.values()].forEach((entry) => entry.panel.dispose())));
  }

  /** Runs the check and shows its report; resolves with it (undefined when the server is not HTTP). */
  async run(connection: InspectedConnection): Promise<SessionCheckReport | undefined> {
    const url = connection.config.url;
    if (!url) {
      void vscode.window.showInformationMessage(`The session check probes HTTP servers; "${connection.name}" runs over stdio.`);
      return undefined;
    }
    const entry = this.panelFor(connection);
    entry.report = undefined;
    this.post(entry, { type: 'running', server: connection.name });
    const { runSessionCheck } = require('../../core/check') as typeof import('../../core/check');
    const { sessionCheckFindings } = require('../../core/check/findings') as typeof import('../../core/check/findings');
    // Read on every run, so "Run Again" follows a changed setting.
    const allowMutating = readSettings().sessionCheckAllowMutating;
    const report = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Checking "${connection.name}"${allowMutating ? ' (may call a streaming tool)' : ''}…` },
      () => runSessionCheck(url, { headers: connection.config.headers, secrets: connection.config.inputValues, timeoutMs: 10_000, allowMutating }),
    );
    entry.report = report;
    this.post(entry, { type: 'report', server: connection.name, report });
    this.diagnostics.setCheckFindings(connection, sessionCheckFindings(report, connection.name), this.all());
    const failed = report.checks.filter((check) => check.status === 'fail').length;
    this.log.info(
      `session check of ${connection.name}${allowMutating ? ' (allow mutating)' : ''}: ${failed} failed, ${report.checks.filter((check) => check.status === 'warn').length} warnings`,
    );
    return report;
  }

  /** Open reports (for the UI tests). */
  states(): Array<{ server: string; checks?: number; visible: boolean }> {
    return [...this.panels].map(([server, entry]) => ({
      server,
      visible: entry.panel.visible,
      ...(entry.report ? { checks: entry.report.checks.length } : {}),
    }));
  }

  private panelFor(connection: InspectedConnection) {
    const existing = this.panels.get(connection.name);
    if (existing) {
      existing.panel.reveal(undefined, true);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(
      'mcpSessions.sessionCheck',
      `Session Check: ${connection.name}`,
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: true },
      { enableScripts: true, localResourceRoots: webviewRoots(this.extensionUri) },
    );
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'mcp-sessions.svg');
    panel.webview.html = webviewHtml(panel.webview, this.extensionUri, 'check', 'report.css', { title: `Session Check: ${connection.name}` });
    const entry: { panel: vscode.WebviewPanel; report?: SessionCheckReport; ready: boolean } = { panel, ready: false };
    this.panels.set(connection.name, entry);
    const listener = panel.webview.onDidReceiveMessage((raw: unknown) => {
      const message = parseReportMessage(raw);
      if (!message) return;
      if (message.type === 'ready') {
        entry.ready = true;
        this.post(entry, entry.report ? { type: 'report', server: connection.name, report: entry.report } : { type: 'running', server: connection.name });
      } else if (message.type === 'rerun') {
        void this.run(connection);
      } else {
        void vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.joinPath(this.extensionUri, 'docs', 'rules', `${message.rule}.md`));
      }
    });
    panel.onDidDispose(() => {
      listener.dispose();
      this.panels.delete(connection.name);
    });
    return entry;
  }

  private post(entry: { panel: vscode.WebviewPanel; ready: boolean }, message: ExtensionToReport): void {
    if (entry.ready) void entry.panel.webview.postMessage(message);
  }
}
