// Keeps the Problems panel in step with the servers: a server's findings are republished at most
// every 100 ms (a chatty server changes its model hundreds of times a second, and each
// publication is a round-trip to the workbench); findings about tapped clients follow their tap.

import * as vscode from 'vscode';
import type { EngineView } from '../servers/engineHost';
import { Disposable, toDisposable } from '../common/lifecycle';
import type { TapManager } from '../tap/tapManager';
import { TRACE_SCHEME } from '../traffic/traceDocument';
import type { FindingDiagnostics } from './findingDiagnostics';

const PUBLISH_INTERVAL_MS = 100;

export class ProblemsPublisher extends Disposable {
  private readonly due = new Set<string>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly diagnostics: FindingDiagnostics,
    private readonly engine: EngineView,
    taps: TapManager,
  ) {
    super();
    this._register(toDisposable(() => clearTimeout(this.timer)));
    this._register(engine.onDidChangeModel((connection) => this.schedule(connection.name)));
    this._register(
      taps.onDidChange((server) => {
        const connection = engine.connection(server);
        if (connection) diagnostics.setTapFindings(connection, taps.tapFor(server)?.hub.findings() ?? [], engine.connections());
      }),
    );
    // Any file: analysed traces and logs carry findings too (the provider answers only for its own diagnostics).
    this._register(
      vscode.languages.registerCodeActionsProvider([{ scheme: 'file' }, { scheme: TRACE_SCHEME }], diagnostics, {
        providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
      }),
    );
  }

  private schedule(server: string): void {
    this.due.add(server);
    this.timer ??= setTimeout(() => this.publish(), PUBLISH_INTERVAL_MS);
  }

  private publish(): void {
    this.timer = undefined;
    const all = this.engine.connections();
    for (const name of this.due) {
      const connection = this.engine.connection(name);
      if (connection) this.diagnostics.update(connection, all);
    }
    this.due.clear();
  }
}
