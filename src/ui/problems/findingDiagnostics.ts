// Findings in the Problems panel: on the server's key in `.vscode/mcp.json` when it came from a
// file, otherwise on the server's trace document; `code` links to the rule's docs. Quick fixes:
// reconnect, copy the session id, show the evidence, open the rule docs.

import * as vscode from 'vscode';
import type { InspectedConnection } from '../../core/connection/types';
import type { Finding } from '../../core/model';
import { Commands } from '../commands/ids';
import { Disposable, toDisposable } from '../common/lifecycle';
import { traceUri } from '../traffic/traceDocument';

const SEVERITY = { error: vscode.DiagnosticSeverity.Error, warning: vscode.DiagnosticSeverity.Warning, info: vscode.DiagnosticSeverity.Information } as const;

/** What tells one state of a file from the next without reading it. */
export interface FileVersion {
  size: number;
  mtime: number;
}

interface Anchor {
  uri: vscode.Uri;
  range: vscode.Range;
}

export class FindingDiagnostics extends Disposable implements vscode.CodeActionProvider {
  private readonly collection = this._register(vscode.languages.createDiagnosticCollection('mcp-sessions'));
  private readonly findingsByDiagnostic = new WeakMap<vscode.Diagnostic, { server: string; finding: Finding; offline?: true; tapped?: true }>();
  private readonly published = new Map<string, vscode.Uri>();
  /** What each file's diagnostics last said: a chatty server changes its model all the time, and an unchanged set is not sent to the workbench again. */
  private readonly publishedText = new Map<string, string>();
  /** Findings of the last session check per server (shown beside the live ones until the next check). */
  private readonly checkFindings = new Map<string, readonly Finding[]>();
  /** Findings about real clients seen through a tap of the server. */
  private readonly tapFindings = new Map<string, readonly Finding[]>();
  /**
   * Analysed files, watched so their findings go when the file changes (lines move) or is deleted,
   * with the size and modification time each had when it was read.
   */
  private readonly analysed = new Map<string, { watcher: vscode.Disposable; version: FileVersion }>();

  constructor(private readonly extensionUri: vscode.Uri) {
    super();
    this._register(toDisposable(() => [...this.analysed.values()].forEach(({ watcher }) => watcher.dispose())));
  }

  private anchorOf(connection: InspectedConnection): Anchor {
    const { source } = connection.config;
    if (source.file && source.range) {
      const { start, end } = source.range;
      return { uri: vscode.Uri.file(source.file), range: new vscode.Range(start.line, start.character, end.line, end.character) };
    }
    return { uri: traceUri(connection.name), range: new vscode.Range(0, 0, 0, 0) };
  }

  /** Mirrors one server's findings (called on every model change; cheap when nothing changed). */
  update(connection: InspectedConnection, all: readonly InspectedConnection[]): void {
    const anchor = this.anchorOf(connection);
    const previous = this.published.get(connection.name);
    this.published.set(connection.name, anchor.uri);
    const uris = new Set([anchor.uri.toString(), previous?.toString()].filter(Boolean) as string[]);
    for (const key of uris) {
      const uri = vscode.Uri.parse(key);
      const diagnostics: vscode.Diagnostic[] = [];
      for (const other of all) {
        if (this.published.get(other.name)?.toString() !== key) continue;
        for (const finding of this.findingsOf(other)) diagnostics.push(this.diagnostic(other, finding, this.anchorOf(other).range));
      }
      this.publish(uri, diagnostics);
    }
  }

  private publish(uri: vscode.Uri, diagnostics: vscode.Diagnostic[]): void {
    const key = uri.toString();
    const text = diagnostics.map(describeDiagnostic).join('\n');
    if (this.publishedText.get(key) === text) return;
    this.publishedText.set(key, text);
    this.collection.set(uri, diagnostics);
  }

  /** Drops a removed server's diagnostics. */
  remove(name: string, all: readonly InspectedConnection[]): void {
    const uri = this.published.get(name);
    this.published.delete(name);
    if (!uri) return;
    const remaining = all.filter((other) => this.published.get(other.name)?.toString() === uri.toString());
    this.checkFindings.delete(name);
    this.tapFindings.delete(name);
    this.publish(
      uri,
      remaining.flatMap((other) => this.findingsOf(other).map((finding) => this.diagnostic(other, finding, this.anchorOf(other).range))),
    );
  }

  /** Replaces the session-check findings of a server. */
  setCheckFindings(connection: InspectedConnection, findings: readonly Finding[], all: readonly InspectedConnection[]): void {
    this.checkFindings.set(connection.name, findings);
    this.update(connection, all);
  }

  /** Replaces the findings about a server's tapped clients. */
  setTapFindings(connection: InspectedConnection, findings: readonly Finding[], all: readonly InspectedConnection[]): void {
    if (!findings.length && !this.tapFindings.get(connection.name)?.length) return;
    this.tapFindings.set(connection.name, findings);
    this.update(connection, all);
  }

  private findingsOf(connection: InspectedConnection): readonly Finding[] {
    const checked = this.checkFindings.get(connection.name) ?? [];
    const tapped = this.tapFindings.get(connection.name) ?? [];
    return checked.length || tapped.length ? [...connection.model.findings, ...checked, ...tapped] : connection.model.findings;
  }

  private diagnostic(connection: InspectedConnection, finding: Finding, range: vscode.Range): vscode.Diagnostic {
    const tapped = this.tapFindings.get(connection.name)?.includes(finding) ?? false;
    const who = tapped ? `${connection.name} (tapped client ${finding.client ?? '?'})` : connection.name;
    const diagnostic = new vscode.Diagnostic(range, `${who}: ${finding.message}${finding.fix ? ` ${finding.fix}` : ''}`, SEVERITY[finding.severity]);
    diagnostic.source = 'MCP Sessions';
    diagnostic.code = { value: finding.rule, target: vscode.Uri.joinPath(this.extensionUri, 'docs', 'rules', `${finding.rule}.md`) };
    // A tapped client's evidence lives in the tap's trace, not in the inspector's own trace document.
    diagnostic.relatedInformation = finding.evidence.slice(0, 5).map((evidence) => {
      const line = !tapped && evidence.seq !== undefined ? (connection.trace.indexOf(evidence.seq) ?? 0) : 0;
      return new vscode.DiagnosticRelatedInformation(
        new vscode.Location(tapped ? this.anchorOf(connection).uri : traceUri(connection.name), new vscode.Position(tapped ? range.start.line : line, 0)),
        evidence.summary,
      );
    });
    this.findingsByDiagnostic.set(diagnostic, { server: connection.name, finding, ...(tapped ? { tapped: true as const } : {}) });
    return diagnostic;
  }

  provideCodeActions(_document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    const offered = new Set<string>();
    for (const diagnostic of context.diagnostics) {
      const entry = this.findingsByDiagnostic.get(diagnostic);
      if (!entry) continue;
      // Several findings on one server share one Reconnect / Copy action; docs and evidence stay per finding.
      const action = (title: string, command: string, args: unknown[], preferred = false) => {
        if (offered.has(title)) return;
        offered.add(title);
        const codeAction = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
        codeAction.diagnostics = [diagnostic];
        codeAction.command = { title, command, arguments: args };
        codeAction.isPreferred = preferred;
        actions.push(codeAction);
      };
      if (entry.tapped) {
        if (entry.finding.sessionId) action(`Copy session id ${entry.finding.sessionId}`, Commands.copySessionId, [entry.server, entry.finding.sessionId]);
      } else if (!entry.offline) {
        action(`Reconnect "${entry.server}"`, Commands.reconnect, [entry.server], true);
        if (entry.finding.sessionId) action(`Copy session id ${entry.finding.sessionId}`, Commands.copySessionId, [entry.server, entry.finding.sessionId]);
        action(`Show evidence of ${entry.finding.rule} in the traffic view`, Commands.showTraffic, [entry.server, entry.finding.evidence[0]?.seq]);
      }
      action(`Open docs for ${entry.finding.rule}`, 'markdown.showPreview', [
        vscode.Uri.joinPath(this.extensionUri, 'docs', 'rules', `${entry.finding.rule}.md`),
      ]);
    }
    return actions;
  }

  /**
   * Findings of an analysed trace or log file, each on the line (and column) of its evidence in
   * that file; replaces what an earlier analysis of the same file published. `version` is the
   * file's stat taken before it was read: a change event that finds the file still so is the late
   * echo of an earlier write and keeps the findings.
   */
  publishFile(uri: vscode.Uri, version: FileVersion, findings: readonly Finding[], unreadable: ReadonlyArray<{ line: number; message: string }> = []): void {
    const diagnostics = findings.map((finding) => {
      const located = finding.evidence.find((evidence) => evidence.file && evidence.line !== undefined);
      const line = Math.max(0, (located?.line ?? 1) - 1);
      const column = Math.max(0, (located?.column ?? 1) - 1);
      const where = located?.entryIndex !== undefined ? `HAR entry ${located.entryIndex}: ` : '';
      const cleared = finding.clearedAt ? ` (Later in the file it stopped holding, at ${finding.clearedAt}.)` : '';
      const diagnostic = new vscode.Diagnostic(
        new vscode.Range(line, column, line, column + 1),
        `${where}${finding.message}${finding.fix ? ` ${finding.fix}` : ''}${cleared}`,
        SEVERITY[finding.severity],
      );
      diagnostic.source = 'MCP Sessions';
      diagnostic.code = { value: finding.rule, target: vscode.Uri.joinPath(this.extensionUri, 'docs', 'rules', `${finding.rule}.md`) };
      diagnostic.relatedInformation = finding.evidence
        .filter((evidence) => evidence.line !== undefined)
        .slice(0, 5)
        .map(
          (evidence) =>
            new vscode.DiagnosticRelatedInformation(
              new vscode.Location(uri, new vscode.Position(Math.max(0, (evidence.line ?? 1) - 1), Math.max(0, (evidence.column ?? 1) - 1))),
              evidence.summary,
            ),
        );
      this.findingsByDiagnostic.set(diagnostic, { server: finding.server, finding, offline: true });
      return diagnostic;
    });
    for (const problem of unreadable) {
      const diagnostic = new vscode.Diagnostic(
        new vscode.Range(problem.line - 1, 0, problem.line - 1, 1),
        `Skipped: ${problem.message}`,
        vscode.DiagnosticSeverity.Information,
      );
      diagnostic.source = 'MCP Sessions';
      diagnostics.push(diagnostic);
    }
    this.publish(uri, diagnostics);
    this.watchAnalysed(uri, version);
  }

  private watchAnalysed(uri: vscode.Uri, version: FileVersion): void {
    const key = uri.toString();
    const entry = this.analysed.get(key);
    if (entry) {
      entry.version = version;
      return;
    }
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.joinPath(uri, '..'), uri.path.split('/').pop() ?? ''));
    // A stat still in flight when its watcher was forgotten must not take a newer analysis with it.
    const forget = () => {
      if (this.analysed.get(key)?.watcher !== watcher) return;
      this.collection.delete(uri);
      this.publishedText.delete(key);
      watcher.dispose();
      this.analysed.delete(key);
    };
    const forgetIfChanged = async () => {
      const now = await vscode.workspace.fs.stat(uri).then(
        (stat) => stat,
        () => undefined,
      );
      const then = this.analysed.get(key)?.version;
      if (!now || !then || now.size !== then.size || now.mtime !== then.mtime) forget();
    };
    watcher.onDidChange(() => void forgetIfChanged());
    watcher.onDidDelete(forget);
    this.analysed.set(key, { watcher, version });
  }
}

/** Everything the workbench shows of a diagnostic, as text to compare. */
function describeDiagnostic(diagnostic: vscode.Diagnostic): string {
  const { start, end } = diagnostic.range;
  const code = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
  const related = (diagnostic.relatedInformation ?? []).map(
    ({ location, message }) => `${location.uri.toString()}:${location.range.start.line}:${location.range.start.character} ${message}`,
  );
  return JSON.stringify([diagnostic.severity, start.line, start.character, end.line, end.character, code, diagnostic.message, related]);
}
